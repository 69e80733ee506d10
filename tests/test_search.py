"""Site search without a browser (issue 16): what the index holds, when it is rebuilt,
how a missing binary and a Chinese site are reported (kill -9: reliability/test_g16_search.py)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import digest

from builder.incremental import manifest
from builder.write import search

BUNDLE = "pagefind"


def build(site: Path, out: Path) -> str:
    run = digest("build", "--site", site, "--out", out)
    assert run.code == 0, run.err
    return run.err


def stamp(out: Path) -> str:
    return json.loads((out / BUNDLE / "newsdigest-index.json").read_text())["articles"]


def index_inodes(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in (out / BUNDLE).rglob("*") if p.is_file()}


def test_only_article_bodies_are_marked_and_the_index_is_built(make_site, tmp_path) -> None:
    site, out = make_site("search"), tmp_path / "out"
    build(site, out)
    entry = json.loads((out / BUNDLE / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 4  # the articles, no other page
    article = (out / "2024/04/02/keeper/index.html").read_text()
    assert article.count("data-pagefind-body") == 1
    assert 'data-pagefind-filter="topic:Coast">Coast<' in article  # (pagefind_filter)
    assert 'data-pagefind-filter="author:Anna de Vries">Anna de Vries<' in article
    assert 'data-pagefind-filter="year:2024"' in article
    assert 'data-pagefind-meta="title"' in article
    home = (out / "index.html").read_text()
    assert "data-pagefind" not in home and 'role="search"' in home
    assert (out / "search/index.html").is_file()
    assert "search/" in (out / "sitemap.xml").read_text()


def test_no_search_key_no_index_no_box(make_site, tmp_path) -> None:
    site, out = make_site("email"), tmp_path / "out"
    build(site, out)
    assert not (out / BUNDLE).exists() and not (out / "search").exists()
    html = (out / "2024/03/04/harbour/index.html").read_text()
    assert "data-pagefind" not in html and 'role="search"' not in html


def test_reindexing_is_skipped_when_no_article_page_changed(make_site, tmp_path) -> None:
    site, out = make_site("search"), tmp_path / "out"
    build(site, out)
    before, key = index_inodes(out), stamp(out)
    config = site / "site.yaml"
    config.write_text(config.read_text() + "per_page: 1\n")  # topic and archive pages only
    build(site, out)
    assert (out / "topics/ports/page/2/index.html").is_file()  # the build did change pages
    assert index_inodes(out) == before and stamp(out) == key  # the same files, linked
    article = site / "content" / "ferry.md"
    article.write_text(article.read_text().replace("two extra crossings", "three crossings"))
    build(site, out)
    assert stamp(out) != key


def test_clean_rebuilds_the_index_and_old_index_files_are_dropped(make_site, tmp_path) -> None:
    site, out = make_site("search"), tmp_path / "out"
    build(site, out)
    (site / "content" / "ferry.md").unlink()
    build(site, out)
    entry = json.loads((out / BUNDLE / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 3
    recorded = manifest.read(out)
    assert recorded is not None
    on_disk = {p.relative_to(out).as_posix() for p in (out / BUNDLE).rglob("*") if p.is_file()}
    assert on_disk == {p for p in recorded.files if p.startswith(f"{BUNDLE}/")}
    before = index_inodes(out)
    assert digest("build", "--site", site, "--out", out, "--clean", "-q").code == 0
    assert index_inodes(out) != before  # written afresh, not linked from the old output


def test_the_site_language_goes_to_pagefind(make_site, tmp_path) -> None:
    site, out = make_site("search"), tmp_path / "out"
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "language: nl-NL\n")
    build(site, out)
    entry = json.loads((out / BUNDLE / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["nl"]


def test_a_chinese_site_says_whether_words_are_segmented(make_site, tmp_path) -> None:
    site, out = make_site("search"), tmp_path / "out"
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "language: zh\n")
    err = build(site, out)
    _binary, extended = search.executable()
    said = "site.yaml:6: warning: language 'zh': Pagefind's extended build is not installed"
    assert (said in err) is not extended
    if not extended:
        assert "pip install 'pagefind[extended]'" in err
    assert (out / BUNDLE / "pagefind.js").is_file()  # search still works


def test_a_missing_binary_is_a_site_yaml_error(make_site, tmp_path, monkeypatch) -> None:
    import builder.config.sections as sections

    monkeypatch.setattr(sections, "pagefind_available", lambda: False)
    site, out = make_site("search"), tmp_path / "out"
    run = digest("build", "--site", site, "--out", out)
    assert run.code == 2
    assert run.err.strip() == (
        "site.yaml:6: search.engine pagefind needs the Pagefind binary: "
        "python -m pip install 'newsdigest[search]'"
    )
    assert not out.exists()
    (site / "site.yaml").write_text((site / "site.yaml").read_text().replace("pagefind", "lunr"))
    run = digest("build", "--site", site, "--out", out)
    assert run.code == 2 and "search.engine must be one of pagefind, not 'lunr'" in run.err
