"""End to end on tests/sites/basic: which files become which pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import digest, digest_process, snapshot

ARTICLES = {
    "2024/03/10/naive-late-evening/index.html",
    "2019/03/05/offset-date/index.html",
    "2019/03/06/late-offset/index.html",
    "2024/03/01/from-file-name/index.html",
    "2024/03/11/custom-slug/index.html",
    "2024/03/08/bom-crlf/index.html",
}


@pytest.fixture
def site(make_site) -> Path:
    return make_site("basic")


def html(site: Path, out_path: str) -> str:
    return (site / "public" / out_path).read_text(encoding="utf-8")


def article_pages(site: Path) -> set[str]:
    return {
        p.relative_to(site / "public").as_posix()
        for p in (site / "public").glob("[0-9]*/*/*/*/index.html")
    }


def test_every_published_article_gets_its_dated_url(site: Path) -> None:
    run = digest("build", "--site", site)
    assert run.code == 0, run.err
    assert article_pages(site) == ARTICLES
    assert "built 6 articles (1 draft, 1 future article skipped), 3 topics" in run.out


def test_dates_use_the_site_timezone(site: Path) -> None:
    digest("build", "--site", site)
    # 23:00 at -05:00 is 05:00 the next day in Berlin, the site's timezone.
    assert 'datetime="2019-03-05T23:00:00-05:00"' in html(site, "2019/03/06/late-offset/index.html")
    # a naive 23:30 is 23:30 in Berlin (+01:00), not in UTC or the machine's zone
    page = html(site, "2024/03/10/naive-late-evening/index.html")
    assert 'datetime="2024-03-10T23:30:00+01:00"' in page


def test_drafts_and_future_only_when_asked(site: Path) -> None:
    digest("build", "--site", site, "--drafts", "--future")
    pages = article_pages(site)
    assert "2024/03/09/unfinished/index.html" in pages
    assert "2999/01/01/scheduled/index.html" in pages


def test_only_markdown_articles_are_read(site: Path) -> None:
    digest("build", "--site", site)
    out = snapshot(site / "public")
    assert not any("index/" in p or "notes" in p for p in out)


def test_topics_collapse_case_variants_and_aliases(site: Path) -> None:
    digest("build", "--site", site)
    china = html(site, "topics/china/index.html")
    assert "A naive late-evening date" in china  # topics: [china]
    assert "An offset date" in china  # topics: PRC (an alias)
    assert "Stories about China." in china
    topics = sorted(p.name for p in (site / "public" / "topics").iterdir() if p.is_dir())
    assert topics == ["china", "semiconductors", "trade"]


def test_topic_pages_are_paginated(site: Path) -> None:
    digest("build", "--site", site)
    trade = site / "public" / "topics" / "trade"
    assert (trade / "index.html").is_file()
    assert (trade / "page" / "2" / "index.html").is_file()
    assert not (trade / "page" / "3").exists()
    assert 'href="/news/topics/trade/page/2/"' in html(site, "topics/trade/index.html")


def test_front_matter_values_reach_the_page(site: Path) -> None:
    digest("build", "--site", site)
    page = html(site, "2024/03/01/from-file-name/index.html")
    assert "<h1" in page and ">2024</h1>" in page  # a YAML number kept as the title text
    page = html(site, "2019/03/05/offset-date/index.html")
    assert "WASHINGTON" in page
    assert 'href="https://example.com/story"' in page
    assert "<table>" in page


def test_home_and_topic_index_and_static(site: Path) -> None:
    digest("build", "--site", site)
    home = html(site, "index.html")
    assert 'href="/news/2024/03/11/custom-slug/"' in home
    assert "China" in html(site, "topics/index.html")
    assert html(site, "404.html")
    assert (site / "public" / "img" / "site.css").read_text() == "body { color: black; }\n"


def test_building_twice_gives_identical_bytes_and_rewrites_nothing(site: Path) -> None:
    digest("build", "--site", site)
    first = snapshot(site / "public")
    inode = os.stat(site / "public" / "index.html").st_ino

    run = digest("build", "--site", site)

    assert snapshot(site / "public") == first
    assert "(0 written," in run.out
    assert os.stat(site / "public" / "index.html").st_ino == inode


def test_a_deleted_article_disappears_and_other_files_are_kept(site: Path) -> None:
    digest("build", "--site", site)
    (site / "public" / "CNAME").write_text("news.example.org\n")
    (site / "content" / "2024" / "03" / "iso-utc.md").unlink()

    run = digest("build", "--site", site)

    assert run.code == 0
    assert not (site / "public" / "2024" / "03" / "11").exists()
    assert "1 removed" in run.out or "removed" in run.out
    assert (site / "public" / "CNAME").read_text() == "news.example.org\n"


def test_no_staging_folder_outlives_a_build(site: Path) -> None:
    digest("build", "--site", site)
    digest("build", "--site", site)
    hidden = sorted(p.name for p in site.iterdir() if p.name.startswith("."))
    # the parse cache, and the previous generation (the first build seeds it), are the
    # dot-folders a build keeps: no staging folder
    assert hidden == [".digest-cache", ".public.previous"]


def test_an_interrupted_swap_is_repaired_by_the_next_run(site: Path) -> None:
    digest("build", "--site", site)
    (site / "public").rename(site / ".public.old")  # a build killed between its two renames
    (site / ".public.staging-999").mkdir()

    assert digest("build", "--site", site).code == 0
    assert article_pages(site) == ARTICLES
    assert not (site / ".public.old").exists()
    assert not (site / ".public.staging-999").exists()


def test_the_real_command_works_without_traceback(site: Path) -> None:
    run = digest_process("build", "--site", site)
    assert run.code == 0, run.err
    assert run.err == ""


def test_symlinks_leaving_the_site_are_not_read(site: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\ndate: 2024-01-01\n---\n\nTOP SECRET\n")
    (site / "content" / "leak.md").symlink_to(secret)
    (site / "content" / "leakdir").symlink_to(tmp_path, target_is_directory=True)

    run = digest("build", "--site", site)

    assert run.code == 0
    assert "content/leak.md:1: warning: symlink ignored" in run.err
    assert "content/leakdir:1: warning: symlink ignored" in run.err
    assert not any(b"TOP SECRET" in data for data in snapshot(site / "public").values())


def test_the_sample_site_has_the_wire_story_and_its_topic_pages(tmp_path: Path) -> None:
    from helpers import REPO

    run = digest("build", "--site", REPO, "--out", tmp_path / "public")
    assert run.code == 0, run.err
    page = tmp_path / "public/2023/05/23/china-asks-netherlands-for-chip-technology/index.html"
    text = page.read_text()
    assert "Qin Gang" in text and "BEIJING" in text and "Wopke Hoekstra" in text
    topics = sorted(p.name for p in (tmp_path / "public" / "topics").iterdir() if p.is_dir())
    assert topics == [
        "china",
        "diplomacy",
        "export-controls",
        "netherlands",
        "semiconductors",
        "ukraine-war",
    ]
