"""A build with nothing to do stops before loading (issue 14, "nothing to do costs
almost nothing"), and never when something did change.

``digest build`` (commands/build.py: ``build_with_cache``) compares the stamps of the
site's source files, its environment and its clock with what the manifest of the
output recorded. Each test builds a copy of tests/sites/rebuild, changes one thing,
and asserts whether the next build stopped early (its result has no ``site``: nothing
was loaded) and that the output is byte for byte a clean build's.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import snapshot
from helpers.rebuild import ARTICLE, NOW, rebuild_site

from builder.commands import options
from builder.commands.build import build_with_cache
from builder.config import load_config
from builder.errors import BuildFailed
from builder.index.publication import Selection
from builder.pipeline import BuildResult


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return rebuild_site(tmp_path)


def build(site: Path, now: datetime = NOW, out: Path | None = None, **kw: bool) -> BuildResult:
    return build_with_cache(load_config(site, out), Selection(now=now), **kw)


def warn_of_base_url(site: Path) -> None:
    """Without base_url every build warns (the default points at localhost)."""
    config = site / "site.yaml"
    config.write_text(config.read_text().replace("base_url: https://example.org/\n", ""))


def quick(result: BuildResult) -> bool:
    """The build stopped before loading: it has no site, only the recorded summary."""
    return result.site is None


def same_as_clean(site: Path, tmp: Path, now: datetime = NOW) -> None:
    clean = tmp / f"clean-{len(list(tmp.glob('clean-*')))}"
    build(site, now, clean, clean=True)
    assert snapshot(site / "public") == snapshot(clean)


def test_nothing_changed_stops_before_loading_and_says_what_the_full_build_said(
    site: Path,
) -> None:
    warn_of_base_url(site)
    first = build(site)
    again = build(site, NOW + timedelta(days=3))
    assert not quick(first) and quick(again)
    assert (again.stats.loaded, again.stats.cached, again.stats.rendered) == (0, 0, 0)
    assert again.stats.unchanged == first.stats.written
    assert again.warnings == first.warnings and first.warnings
    assert again.summary == first.summary
    out = Path("public")
    assert "next change 2024-05-20 06:00 +00:00: 'Scheduled story' publishes" in (
        options.summary(again, out, 1.0)
    )


@pytest.mark.parametrize(
    "change",
    [
        "body",
        "same bytes, new mtime",
        "new article",
        "deleted article",
        "template",
        "static file",
        "site.yaml",
        "output file deleted",
    ],
)
def test_any_change_to_the_sources_builds_and_equals_a_clean_build(
    site: Path, tmp_path: Path, change: str
) -> None:
    build(site)
    article = site / ARTICLE
    if change == "body":
        article.write_text(article.read_text().replace("third month", "fourth month"))
    elif change == "same bytes, new mtime":
        stamp = article.stat()
        os.utime(article, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    elif change == "new article":
        shutil.copy(article, article.with_name("2024-05-03-wages-again.md"))
        text = article.with_name("2024-05-03-wages-again.md").read_text()
        article.with_name("2024-05-03-wages-again.md").write_text(
            text.replace("title: Wages climb", "title: Wages climb again")
        )
    elif change == "deleted article":
        article.unlink()
    elif change == "template":
        (site / "templates").mkdir(exist_ok=True)
        (site / "templates" / "404.html").write_text("<!doctype html><title>Gone</title>\n")
    elif change == "static file":
        logo = site / "static/img/logo.svg"
        logo.write_text(logo.read_text().replace("</svg>", "<!-- v2 --></svg>"))
    elif change == "site.yaml":
        config = site / "site.yaml"
        config.write_text(config.read_text().replace("Rebuild Digest", "Rebuilt Digest"))
    elif change == "output file deleted":
        (site / "public/404.html").unlink()
    again = build(site)
    assert not quick(again)
    same_as_clean(site, tmp_path)
    assert quick(build(site))  # and the build after it stops early again


@pytest.mark.parametrize(
    ("first", "second", "why"),
    [
        (NOW, datetime(2024, 5, 20, 7, tzinfo=UTC), "the scheduled story publishes"),
        (
            datetime(2024, 5, 5, 9, tzinfo=UTC),
            datetime(2024, 5, 5, 11, tzinfo=UTC),
            "Wages climb leaves the news sitemap's 48 hours",
        ),
        (NOW, datetime(2024, 5, 6, 9, tzinfo=UTC), "an earlier clock: a story is news again"),
    ],
)
def test_a_clock_past_a_scheduled_moment_builds_again(
    site: Path, tmp_path: Path, first: datetime, second: datetime, why: str
) -> None:
    build(site, first)
    again = build(site, second)
    assert not quick(again), why
    same_as_clean(site, tmp_path, second)


def test_a_story_that_expires_between_two_builds_is_left_out_by_the_second(
    site: Path, tmp_path: Path
) -> None:
    article = site / ARTICLE
    text = article.read_text().replace(
        "title: Wages climb", "title: Wages climb\nexpires: 2024-05-12"
    )
    article.write_text(text)
    assert not quick(build(site))
    later = datetime(2024, 5, 12, 0, 0, 1, tzinfo=UTC)
    again = build(site, later)
    assert not quick(again) and again.summary.skipped_expired == 1
    same_as_clean(site, tmp_path, later)


def test_strict_with_recorded_warnings_fails_as_the_full_build_does(site: Path) -> None:
    warn_of_base_url(site)
    first = build(site)
    assert first.warnings
    with pytest.raises(BuildFailed) as failed:
        build(site, strict=True)
    assert failed.value.problems == first.warnings


def test_a_symlink_among_the_sources_is_never_trusted(site: Path) -> None:
    (site / "content/link.md").symlink_to(site / ARTICLE)
    build(site)
    assert not quick(build(site))


@pytest.mark.parametrize("damage", ["a bad date", "not JSON", "another output's manifest"])
def test_a_damaged_record_only_costs_a_full_build(site: Path, tmp_path: Path, damage: str) -> None:
    build(site)
    (record,) = (site / ".digest-cache").glob("sources-*.json")
    data = json.loads(record.read_text())
    if damage == "a bad date":
        data["steady"] = ["not a date", None]
        record.write_text(json.dumps(data))
    elif damage == "not JSON":
        record.write_text("{")
    else:  # the output is no longer the one the record was made with
        data["manifest"] = "0" * 32
        record.write_text(json.dumps(data))
    assert not quick(build(site))
    same_as_clean(site, tmp_path)


def test_a_record_of_one_output_folder_is_not_used_for_another(site: Path, tmp_path: Path) -> None:
    build(site)
    other = tmp_path / "elsewhere"
    assert not quick(build(site, out=other))
    assert quick(build(site, out=other)) and quick(build(site))
