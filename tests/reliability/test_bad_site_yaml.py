"""Catalogue group E (case 30): site.yaml. Exit 2, ``site.yaml:line``, nothing written at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from harness import check, site_copy
from helpers import digest, snapshot

pytestmark = pytest.mark.reliability

CASES = [
    ("invalid-yaml", "title: [unclosed\n", 2, "invalid YAML"),
    ("tab-indent", "topics:\n\tChina: {}\n", 2, "a tab in the indentation"),
    ("unknown-key-did-you-mean", "title: x\ntimezon: UTC\n", 2, "did you mean 'timezone'?"),
    (
        "unknown-nested-key",
        "topics:\n  China:\n    alias: [PRC]\n",
        3,
        "did you mean 'topics.China.aliases'?",
    ),
    ("wrong-type-per-page", "title: x\n\nper_page: many\n", 3, "per_page must be a whole number"),
    ("wrong-type-title-list", "title: [a, b]\n", 1, "title"),
    # a line break in the title once reached the email's Subject as a ValueError (issue 27,
    # item 11); the email test below runs the verb that raised it
    (
        "title-crlf",
        'base_url: https://x.org/\ntitle: "Morning\\r\\nBcc: a@b.org"\n',
        2,
        "found '\\r'",
    ),
    ("title-lf-block", "title: |\n  Two\n  lines\n", 1, "title must be one line of text"),
    ("title-line-separator", 'title: "A\\u2028B"\n', 1, "found '\\u2028'"),
    ("unknown-timezone", "timezone: Europe/Berln\n", 1, "unknown timezone 'Europe/Berln'"),
    ("bad-base-url", "base_url: example.org\n", 1, "base_url must be an absolute http(s) URL"),
    ("bad-raw-html-mode", "markdown:\n  raw_html: maybe\n", 2, "raw_html must be one of"),
    (
        "unknown-extension",
        "markdown:\n  extensions: [nosuchext]\n",
        2,
        "unknown Markdown extension",
    ),
    ("duplicate-key", "title: a\ntitle: b\n", 2, "duplicate key 'title' (first at line 1)"),
    ("zero-feed-entries", "feeds:\n  entries: 0\n", 2, "feeds.entries must be a whole number"),
    ("permalink-without-slug", "permalinks:\n  article: /{year}/\n", 2, "must use {slug}"),
    ("permalink-stray-brace", "permalinks:\n  article: /{year}/{slug}{/\n", 2, "stray '{'"),
    ("permalink-nul", 'permalinks:\n  article: "/\\0/{slug}/"\n', 2, "control characters"),
    ("empty-output-dir", "output_dir: ''\n", 1, "output_dir must not be empty"),
    ("markdown-timeout-zero", "markdown:\n  timeout: 0\n", 2, "markdown.timeout must be a number"),
]


@pytest.mark.parametrize(("name", "text", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_config_case(built_basic: Path, tmp_path: Path, name, text, line, words) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    (site / "site.yaml").write_text(text)
    before = snapshot(site)

    run = digest("build", "--site", site)

    check(run, 2, f"site.yaml:{line}", words)
    assert snapshot(site) == before


def test_30_invalid_utf8_in_site_yaml(built_basic: Path, tmp_path: Path) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    (site / "site.yaml").write_bytes(b"title: x\n\ndescription: caf\xe9\n")
    before = snapshot(site)
    run = digest("build", "--site", site)
    check(run, 2, "site.yaml:3", "not valid UTF-8: byte 0xe9")
    assert snapshot(site) == before


def test_30_missing_content_folder(built_basic: Path, tmp_path: Path) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    shutil.rmtree(site / "content")
    before = snapshot(site)
    run = digest("build", "--site", site)
    check(run, 2, None)  # a folder has no line: "content/: ...", naming digest init
    assert run.err.startswith("content/: folder not found in "), run.err
    assert "run 'digest init'" in run.err
    assert snapshot(site) == before


def test_30_missing_site_folder(tmp_path: Path) -> None:
    run = digest("build", "--site", tmp_path / "nowhere")
    check(run, 2, None)
    assert run.err == f"{tmp_path / 'nowhere'}: site folder not found\n"


def test_30_missing_templates_folder_uses_the_theme(built_basic: Path, tmp_path: Path) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    assert not (site / "templates").exists()
    check(digest("build", "--site", site), 0, None)


def test_30_a_title_with_a_line_break_stops_email_with_its_line(make_site) -> None:
    """``digest email`` put the title in the Subject header: once a ValueError (issue 27)."""
    site = make_site("email")
    yaml = (site / "site.yaml").read_text()
    (site / "site.yaml").write_text(
        yaml.replace("title: Morning Wire & Co", 'title: "M\\r\\nBcc: a@b"')
    )
    run = digest("email", "2024-03-04", "--site", site)
    check(run, 2, "site.yaml:1", "title must be one line of text")


def test_30_a_folded_title_is_one_line(built_basic: Path, tmp_path: Path) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    yaml = (site / "site.yaml").read_text()
    (site / "site.yaml").write_text(
        yaml.replace("title: Test Digest", "title: >\n  Test\n  Digest")
    )
    check(digest("build", "--site", site), 0, None)
    assert "<title>Test Digest</title>" in (site / "public" / "index.html").read_text()
