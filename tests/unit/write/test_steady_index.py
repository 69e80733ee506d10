"""steady_index.py: Pagefind's filter, meta and entry files rewritten in a fixed order."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from builder.write.steady_index import MAGIC, Pairs, Simple, decode, encode, steady


@pytest.mark.parametrize(
    "value",
    [
        0,
        23,
        24,
        255,
        256,
        65_536,
        2**32,
        -1,
        -500,
        "",
        "é" * 30,
        b"\x00\x01",
        [],
        [1, [2, "x"]],
        Pairs(((1, "a"), ("b", [2]))),
        Simple(b"\xf5"),
        Simple(b"\xfb" + bytes(8)),
    ],
)
def test_what_is_encoded_decodes_to_the_same(value: object) -> None:
    data = encode(value)
    assert decode(data, 0) == (value, len(data))


def _write(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(MAGIC + encode(value)))


def _read(path: Path) -> object:
    return decode(gzip.decompress(path.read_bytes()), len(MAGIC))[0]


def _bundle(root: Path, filters: dict[str, list[object]]) -> Path:
    """A bundle as Pagefind lays it out: filter files, a .pf_meta naming them, the entry."""
    listed = []
    for n, (name, values) in enumerate(filters.items()):
        _write(root / "filter" / f"en_{n:07d}.pf_filter", [name, values])
        listed.append([name, f"en_{n:07d}"])
    _write(root / "pagefind.en_0123456789.pf_meta", ["1.5.2", [["en_aaaaaaa", 3]], listed, []])
    entry = {"version": "1.5.2", "languages": {"en": {"hash": "en_0123456789", "page_count": 1}}}
    (root / "pagefind-entry.json").write_text(json.dumps(entry, separators=(",", ":")))
    return root


def test_values_are_sorted_and_every_name_follows_the_new_bytes(tmp_path: Path) -> None:
    one = _bundle(tmp_path / "one", {"topic": [["b", [2, 1]], ["a", [0]]], "year": [["2024", [0]]]})
    two = _bundle(tmp_path / "two", {"year": [["2024", [0]]], "topic": [["a", [0]], ["b", [1, 2]]]})
    steady(one)
    steady(two)

    files = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two).as_posix() for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    entry = json.loads((one / "pagefind-entry.json").read_text())
    meta = _read(one / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    assert [name for name, _ in meta[2]] == ["topic", "year"]  # type: ignore[index]
    for name, stem in meta[2]:  # type: ignore[index]
        values = _read(one / "filter" / f"{stem}.pf_filter")
        assert values[0] == name  # type: ignore[index]
    topic = _read(one / "filter" / f"{meta[2][0][1]}.pf_filter")  # type: ignore[index]
    assert topic == ["topic", [["a", [0]], ["b", [1, 2]]]]


def test_a_file_this_codec_would_not_write_the_same_is_left_alone(tmp_path: Path) -> None:
    root = _bundle(tmp_path, {"topic": [["b", [1]], ["a", [0]]]})
    odd = root / "filter" / "en_0000000.pf_filter"
    long_form = MAGIC + b"\x82\x65topic\x82\x82\x61b\x81\x18\x01\x82\x61a\x81\x00"  # 1 as 0x18 01
    odd.write_bytes(gzip.compress(long_form))
    steady(root)
    assert odd.is_file() and gzip.decompress(odd.read_bytes()) == long_form
