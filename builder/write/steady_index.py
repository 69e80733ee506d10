"""Pagefind's bundle made the same bytes by every build of the same pages (G14, issue 27).

Pagefind (1.5) writes each filter's values in hash-map order, which changes from run to
run; the filter files are named by a hash of their bytes, the language's ``.pf_meta``
lists those names, and ``pagefind-entry.json`` names the meta file. So two clean builds
of one site differed in all three. Here each filter file gets its values in sorted
order, and every name that depends on bytes is made again from the new bytes.

Pagefind's files are gzip of ``pagefind_dcd`` and CBOR. The CBOR is decoded and
written again by the small codec below, and nothing is rewritten unless that codec
gives back the very bytes Pagefind wrote: a later Pagefind with another encoding is left
as it is (and the determinism test says so) rather than changed into something else.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAGIC = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


@dataclass(frozen=True)
class Pairs:
    """A CBOR map, its pairs in the order written."""

    items: tuple[tuple[Any, Any], ...]


@dataclass(frozen=True)
class Simple:
    """A CBOR simple value or float (major type 7), kept as its bytes."""

    data: bytes


def steady(bundle: Path) -> None:
    """Rewrite ``bundle``'s filter files, meta files and entry file in a fixed order."""
    entry_path = bundle / ENTRY
    try:
        entry_text = entry_path.read_text(encoding="utf-8")
        entry = json.loads(entry_text)
    except (OSError, ValueError):
        return
    if _json(entry) != entry_text:
        return  # not the compact JSON this writes: leave the bundle as Pagefind made it
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        name = _rewrite(path, _sort_filter)
        if name is not None:
            renamed[path.stem] = name
    for language in entry.get("languages", {}).values():
        meta = bundle / f"pagefind.{language['hash']}.pf_meta"
        name = _rewrite(meta, lambda value: _renamed(value, renamed), prefix="pagefind.")
        if name is not None:
            language["hash"] = name
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    entry_path.write_text(_json(entry), encoding="utf-8")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _rewrite(path: Path, change: Any, prefix: str = "") -> str | None:
    """Decode ``path``, apply ``change``, and write the result under a name made from its
    bytes (``en_1a2b3c4``, as long as the old); the new stem's hash part, or None when
    the file is not one this codec reads exactly (then it is left alone)."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    if not data.startswith(MAGIC):
        return None
    try:
        value, end = decode(data, len(MAGIC))
    except (ValueError, IndexError):
        return None
    if end != len(data) or MAGIC + encode(value) != data:
        return None
    body = MAGIC + encode(change(value))
    stem = path.name.removeprefix(prefix).rsplit(".", 1)[0]
    language, _, old = stem.rpartition("_")
    name = f"{language}_{hashlib.sha256(body).hexdigest()[: len(old)]}"
    target = path.with_name(f"{prefix}{name}{path.suffix}")
    path.unlink()
    target.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    return name


def _sort_filter(value: Any) -> Any:
    """``[name, [[value, [pages]], ...]]``: the values by name, their pages by number."""
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)):
        return value
    entries = [e for e in value[1] if isinstance(e, list) and e and isinstance(e[0], str)]
    if len(entries) != len(value[1]):
        return value
    ordered = [[e[0], *(sorted(x) if _ints(x) else x for x in e[1:])] for e in entries]
    return [value[0], sorted(ordered, key=lambda e: e[0])]


def _ints(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, int) for x in value)


def _renamed(value: Any, names: dict[str, str]) -> Any:
    """``value`` with every string naming a renamed file replaced by its new name, and a
    list of ``[filter, file]`` pairs put in filter order."""
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, Pairs):
        return Pairs(tuple((_renamed(k, names), _renamed(v, names)) for k, v in value.items))
    if not isinstance(value, list):
        return value
    found = [_renamed(item, names) for item in value]
    pairs = [i for i in value if isinstance(i, list) and len(i) == 2 and _names(i[1], names)]
    if found and len(pairs) == len(value):
        found.sort(key=lambda pair: str(pair[0]))
    return found


def _names(value: Any, names: dict[str, str]) -> bool:
    return isinstance(value, str) and value in names


def decode(data: bytes, at: int) -> tuple[Any, int]:
    """One CBOR item at ``at`` (definite lengths only, as Pagefind writes) and where it ends."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if major == 7:
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info, 0)
        return Simple(data[at - 1 : at + size]), at + size
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        arg, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise ValueError(f"indefinite or reserved CBOR length at byte {at - 1}")
    if major == 0:
        return arg, at
    if major == 1:
        return -1 - arg, at
    if major in (2, 3):
        chunk = data[at : at + arg]
        if len(chunk) != arg:
            raise ValueError("truncated CBOR string")
        return (chunk if major == 2 else chunk.decode("utf-8")), at + arg
    items = []
    for _ in range(arg * (2 if major == 5 else 1)):
        item, at = decode(data, at)
        items.append(item)
    if major == 4:
        return items, at
    if major == 5:
        return Pairs(tuple(zip(items[::2], items[1::2], strict=True))), at
    raise ValueError(f"CBOR tag at byte {at - 1}")


def encode(value: Any) -> bytes:
    """The shortest CBOR form of ``value`` (what Pagefind's encoder writes)."""
    if isinstance(value, Simple):
        return value.data
    if isinstance(value, bool) or value is None:
        raise ValueError("booleans and null are kept as Simple values")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    if isinstance(value, Pairs):
        body = b"".join(encode(k) + encode(v) for k, v in value.items)
        return _head(5, len(value.items)) + body
    raise ValueError(f"cannot encode {type(value).__name__} as CBOR")


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise ValueError("CBOR integer too large")
