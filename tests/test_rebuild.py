"""Rebuilds that count work (issue 14, acceptance 1), as Hugo's rebuild_test.go does.

Each test builds tests/sites/rebuild (a copy), makes one edit, builds again into the
same output, and asserts which pages the warm build rendered (the exact set for a
body edit, a bound for the rest) and that its output is byte for byte what a clean
build of the edited site gives (manifest included).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import snapshot
from helpers.rebuild import ARTICLE, NOW, rebuild_site

from builder import pipeline
from builder.config import load_config
from builder.index.publication import Selection
from builder.render.environment import default_theme_dir


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return rebuild_site(tmp_path)


def build(site: Path, out: Path | None = None, now: datetime = NOW) -> pipeline.BuildStats:
    config = load_config(site, out)
    result = pipeline.build(config, Selection(now=now))
    assert result.stats is not None
    return result.stats


def warm_equals_clean(site: Path, tmp: Path, now: datetime = NOW) -> None:
    clean = tmp / f"clean-{len(list(tmp.glob('clean-*')))}"
    build(site, clean, now)
    assert snapshot(site / "public") == snapshot(clean)


def edit(site: Path, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text()
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new))


def test_a_build_with_nothing_changed_renders_and_writes_nothing(site: Path) -> None:
    first = build(site)
    assert first.rendered == first.planned > 0
    again = build(site)
    assert again.planned == 0  # stopped after the index: every input equals the last build's
    assert (again.rendered, again.written, again.removed) == (0, 0, 0)
    assert again.unchanged == first.written


def test_a_body_edit_renders_the_pages_that_hold_the_article(site: Path, tmp_path: Path) -> None:
    build(site)
    edit(site, ARTICLE, "third month", "fourth month")
    stats = build(site)
    assert stats.rendered_paths == {
        "2024/05/03/wages/index.html",  # the article
        "2024/05/03/strike/index.html",  # its neighbour in Labour, related to it
        "2024/05/02/budget/index.html",  # its neighbour in Economy
        "2024/05/01/tariffs/index.html",  # related (Economy)
        "index.html",  # home: the latest edition leads with it
        "topics/labour/index.html",
        "topics/labour/feed.xml",
        "topics/economy/index.html",
        "topics/economy/feed.xml",
        "topics/index.html",  # holds every topic with its stories
        "editions/2024-05-03/index.html",
        "editions/2024-05-03/email.html",  # the edition's email parts hold its summary
        "editions/2024-05-03/email.txt",
        "editions/index.html",  # holds every edition with its stories
        # not archive/index.html: the archive's navigation holds counts, not stories
        "archive/2024/05/index.html",  # the month's page that lists it; not page 2: no
        # template reads the whole month's stories (template_reads.py)
        "feed.xml",
    }
    assert 0 < stats.written < stats.rendered  # only pages whose bytes changed are written
    warm_equals_clean(site, tmp_path)


@pytest.mark.parametrize(
    ("what", "old", "new"),
    [
        ("title", "title: Wages climb", "title: Wages climb again"),
        ("topics", "topics: [Labour, Economy]", "topics: [Labour, Trade]"),
        ("date", "date: 2024-05-03T10:00:00Z", "date: 2024-05-02T10:00:00Z"),
    ],
)
def test_a_front_matter_edit_renders_a_part_of_the_site(
    site: Path, tmp_path: Path, what: str, old: str, new: str
) -> None:
    first = build(site)
    edit(site, ARTICLE, old, new)
    stats = build(site)
    assert "2024/05/03/strike/index.html" in stats.rendered_paths or what == "date"
    assert 0 < stats.rendered < first.planned, what  # not the pages unrelated to the story
    assert "404.html" not in stats.rendered_paths
    warm_equals_clean(site, tmp_path)


def test_a_new_article_renders_its_page_and_the_lists(site: Path, tmp_path: Path) -> None:
    first = build(site)
    (site / "content/2024/05/2024-05-04-fleet.md").write_text(
        "---\ntitle: Fleet grows\ndate: 2024-05-04T08:00:00Z\ntopics: [Shipping]\n---\nShips.\n"
    )
    stats = build(site)
    assert "2024/05/04/fleet/index.html" in stats.rendered_paths
    assert "editions/2024-05-04/index.html" in stats.rendered_paths
    assert "topics/agriculture/index.html" not in stats.rendered_paths
    assert stats.rendered < first.planned + 2
    warm_equals_clean(site, tmp_path)


def test_a_deleted_article_removes_its_page(site: Path, tmp_path: Path) -> None:
    first = build(site)
    (site / "content/2024/05/2024-05-01-ports.md").unlink()
    stats = build(site)
    assert stats.removed >= 1
    assert not (site / "public/2024/05/01/ports").exists()  # no empty folder is left either
    assert stats.rendered < first.planned
    warm_equals_clean(site, tmp_path)


def test_a_draft_flipped_to_published(site: Path, tmp_path: Path) -> None:
    first = build(site)
    edit(site, "content/2024/05/2024-05-04-draft.md", "draft: true", "draft: false")
    stats = build(site)
    assert "2024/05/04/draft/index.html" in stats.rendered_paths
    assert "topics/agriculture/index.html" not in stats.rendered_paths
    assert stats.rendered <= first.planned + 2
    warm_equals_clean(site, tmp_path)


def test_an_article_due_by_the_clock_is_published(site: Path, tmp_path: Path) -> None:
    first = build(site)
    later = datetime(2024, 5, 21, tzinfo=UTC)
    stats = build(site, now=later)
    assert "2024/05/20/scheduled/index.html" in stats.rendered_paths
    assert "topics/agriculture/index.html" not in stats.rendered_paths
    assert stats.rendered <= first.planned + 2
    warm_equals_clean(site, tmp_path, later)


def test_a_template_edit_renders_every_page(site: Path, tmp_path: Path) -> None:
    first = build(site)
    (site / "templates").mkdir()
    theme = (default_theme_dir() / "404.html").read_text()
    edited = theme.replace('<h1>{{ T("not_found") }}</h1>', "<h1>Not found</h1>")
    assert edited != theme
    (site / "templates/404.html").write_text(edited)
    stats = build(site)
    assert stats.rendered == first.planned  # every template is an input of every page
    assert stats.written == 1  # 404.html: the other pages' bytes are the same
    warm_equals_clean(site, tmp_path)


def test_a_site_yaml_edit_renders_every_page(site: Path, tmp_path: Path) -> None:
    first = build(site)
    edit(site, "site.yaml", "title: Rebuild Digest", "title: Rebuilt Digest")
    stats = build(site)
    assert stats.rendered == first.planned
    warm_equals_clean(site, tmp_path)


def test_a_static_file_change_renders_no_page(site: Path, tmp_path: Path) -> None:
    build(site)
    (site / "static/img/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" />\n')
    stats = build(site)
    assert (stats.rendered, stats.written) == (0, 1)
    assert (site / "public/img/logo.svg").read_text().endswith("/>\n")
    warm_equals_clean(site, tmp_path)


def test_a_page_deleted_from_the_output_is_rendered_again(site: Path) -> None:
    build(site)
    (site / "public/2024/05/02/budget/index.html").unlink()
    stats = build(site)
    assert stats.rendered_paths == {"2024/05/02/budget/index.html"}
    assert (site / "public/2024/05/02/budget/index.html").is_file()


def test_a_template_that_reads_the_whole_month_renders_its_other_pages(
    site: Path, tmp_path: Path
) -> None:
    """Every month page names the month's newest story: a retitled story renders them all."""
    (site / "templates").mkdir()
    theme = (default_theme_dir() / "archive.html").read_text()
    newest = "<h1>{{ month.name }}</h1><p>Latest: {{ month.articles[0].title }}</p>"
    (site / "templates/archive.html").write_text(theme.replace("<h1>{{ month.name }}</h1>", newest))
    build(site)
    edit(site, ARTICLE, "title: Wages climb", "title: Wages climb again")
    stats = build(site)
    assert "archive/2024/05/page/2/index.html" in stats.rendered_paths
    assert (
        "Latest: Wages climb again"
        in (site / "public/archive/2024/05/page/2/index.html").read_text()
    )
    warm_equals_clean(site, tmp_path)
