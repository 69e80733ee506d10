"""``_data/`` -> ``site.data`` (builder/load/sitedata.py): Jekyll's names, formats and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.errors import LineError
from builder.load.sitedata import data_keys, parse_data, read_data


def test_every_format_and_nested_folders(tmp_path: Path) -> None:
    data = tmp_path / "_data"
    (data / "team").mkdir(parents=True)
    (data / "releases.yml").write_text("- version: 2.7\n  url: {gz: a}\n")
    (data / "team" / "people.json").write_text('[{"name": "Ana"}]')
    (data / "mirrors.csv").write_text("name,url\nEU,https://eu\n")
    (data / "sizes.tsv").write_text("a\tb\n1\t2\n")
    (data / "notes.txt").write_text("not data")

    found, digest, problems = read_data(tmp_path)

    assert problems == [] and len(digest) == 16
    assert found == {
        "releases": [{"version": 2.7, "url": {"gz": "a"}}],
        "team": {"people": [{"name": "Ana"}]},
        "mirrors": [{"name": "EU", "url": "https://eu"}],
        "sizes": [{"a": "1", "b": "2"}],
    }


def test_no_folder_no_data_and_an_empty_digest(tmp_path: Path) -> None:
    assert read_data(tmp_path) == ({}, b"", [])


def test_the_digest_follows_the_bytes(tmp_path: Path) -> None:
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data/a.yml").write_text("x: 1\n")
    first = read_data(tmp_path)[1]
    (tmp_path / "_data/a.yml").write_text("x: 2\n")
    assert read_data(tmp_path)[1] != first


def test_names_as_jekylls_sanitize_filename() -> None:
    assert data_keys("_data/categories.01/dairy.yaml") == ("categories01", "dairy")
    assert data_keys("_data/my team.json") == ("my_team",)


@pytest.mark.parametrize(
    ("name", "raw", "line"),
    [
        ("a.yml", b"a: 1\nb: [\n", 3),
        ("a.json", b'{\n  "a": 1,\n}\n', 3),
        ("a.yml", b"x: !!python/object/apply:os.system ['id']\n", 1),
    ],
)
def test_bad_data_is_an_error_at_its_line(name: str, raw: bytes, line: int) -> None:
    with pytest.raises(LineError) as caught:
        parse_data(f"_data/{name}", raw)
    assert caught.value.line == line


def test_bad_data_is_reported_as_path_line(tmp_path: Path) -> None:
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data/a.json").write_text("{\n  oops\n}\n")
    _, _, problems = read_data(tmp_path)
    assert str(problems[0]).startswith("_data/a.json:2: not valid JSON")


def test_two_files_of_one_name_warn_and_the_later_wins(tmp_path: Path) -> None:
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data/m.json").write_text('"json"')
    (tmp_path / "_data/m.yaml").write_text("yaml\n")
    found, _, problems = read_data(tmp_path)
    assert found == {"m": "yaml"}
    assert problems[0].severity == "warning" and problems[0].path == "_data/m.yaml"
