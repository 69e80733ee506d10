"""The persistent parse cache only ever saves time: a warm build equals a clean one, byte for byte.

Each test builds a fixture site (filling ``.digest-cache/``), changes something,
builds again with the warm cache, and compares the output with a clean build of
the same site in a fresh folder that has never had a cache.
"""

from __future__ import annotations

import pickle
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import digest, snapshot

from builder import pipeline
from builder.commands.build import build_with_cache
from builder.config import load_config
from builder.errors import Problem
from builder.index.publication import Selection
from builder.load import Loaded
from builder.load.cache import CACHE_DIR, CACHE_FILE, DiskCache, MemoryCache
from builder.load.pool import PARALLEL_THRESHOLD, load_many
from builder.model import SourceFile
from builder.pipeline import BuildStats
from builder.render.environment import default_theme_dir

CONTENT = Path("content")


@pytest.fixture
def site(make_site: Callable[[str], Path]) -> Path:
    built = make_site("digest")
    shutil.rmtree(built / CACHE_DIR, ignore_errors=True)  # the fixture folder may hold one
    run = digest("build", "--site", built)
    assert run.code == 0, run.err
    assert (built / CACHE_DIR / CACHE_FILE).is_file()
    return built


def build_stats(site: Path, *, clean: bool = False) -> BuildStats:
    """Build the way ``digest build`` does (its own function), and say what the build did."""
    return build_with_cache(load_config(site), Selection(now=datetime.now(UTC)), clean=clean).stats


def articles_in(site: Path) -> int:
    return len(list((site / "content").glob("*.md")))


def clean_build(site: Path, tmp_path: Path) -> dict[str, bytes]:
    """The same site built in a fresh folder, without any cache."""
    fresh = Path(tempfile.mkdtemp(dir=tmp_path)) / "site"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns(CACHE_DIR, "public"))
    run = digest("build", "--site", fresh)
    assert run.code == 0, run.err
    assert (fresh / CACHE_DIR).exists()
    return snapshot(fresh / "public")


def warm_equals_clean(site: Path, tmp_path: Path) -> None:
    run = digest("build", "--site", site)
    assert run.code == 0, run.err
    assert snapshot(site / "public") == clean_build(site, tmp_path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_no_change_loads_nothing_and_writes_nothing(site: Path, tmp_path: Path) -> None:
    stats = build_stats(site)

    # no source file changed: stopped before loading (test_quick_build.py), not even the
    # parse cache was read
    assert (stats.loaded, stats.cached) == (0, 0)
    assert stats.written == stats.removed == 0 and stats.unchanged > 0
    assert stats.planned == stats.rendered == 0
    assert snapshot(site / "public") == clean_build(site, tmp_path)


def test_the_summary_line_says_what_was_written(site: Path) -> None:
    run = digest("build", "--site", site)

    assert run.code == 0, run.err
    assert "(0 written, " in run.out and " 0 removed)" in run.out


def test_one_body_edit_loads_that_file_only(site: Path, tmp_path: Path) -> None:
    edit(site / "content/a1-trade-talks.md", "Body of Trade talks.", "Body, *edited*.")

    stats = build_stats(site)

    assert (stats.loaded, stats.cached) == (1, articles_in(site) - 1)
    assert snapshot(site / "public") == clean_build(site, tmp_path)
    page = site / "public/2024/01/02/a1-trade-talks/index.html"
    assert b"Body, <em>edited</em>." in page.read_bytes()
    assert 0 < stats.written < stats.planned  # the article's page and the pages listing it


def test_a_title_change_reaches_topic_pages_and_feeds(site: Path, tmp_path: Path) -> None:
    edit(site / "content/a1-trade-talks.md", "title: Trade talks", "title: Zebra summit")

    warm_equals_clean(site, tmp_path)
    assert "Zebra summit" in (site / "public/topics/trade/index.html").read_text()
    assert "Zebra summit" in (site / "public/topics/trade/feed.xml").read_text()


def test_a_topic_change(site: Path, tmp_path: Path) -> None:
    edit(site / "content/a1-trade-talks.md", "topics: [Trade, China]", "topics: [Energy]")

    warm_equals_clean(site, tmp_path)
    energy = snapshot(site / "public/topics/energy")
    assert any(b"Trade talks" in page for page in energy.values())
    assert not (site / "public/topics/trade").exists()


def test_a_deleted_article(site: Path, tmp_path: Path) -> None:
    (site / "content/a2-china-story-one.md").unlink()

    warm_equals_clean(site, tmp_path)
    assert not (site / "public/2024/01/02/a2-china-story-one").exists()


def test_a_template_edit(site: Path, tmp_path: Path) -> None:
    (site / "templates").mkdir()
    base = (default_theme_dir() / "base.html").read_text()
    (site / "templates/base.html").write_text(base)
    warm_equals_clean(site, tmp_path)

    (site / "templates/base.html").write_text(base.replace("</body>", "<!-- edited --></body>"))

    warm_equals_clean(site, tmp_path)
    assert b"<!-- edited -->" in (site / "public/index.html").read_bytes()


def test_a_site_yaml_edit(site: Path, tmp_path: Path) -> None:
    edit(site / "site.yaml", "timezone: Europe/Amsterdam", "timezone: Asia/Tokyo")

    stats = build_stats(site)

    assert snapshot(site / "public") == clean_build(site, tmp_path)
    assert stats.loaded == articles_in(site)  # dates are read in the timezone: all again


def test_a_new_permalink_pattern_moves_every_article_without_loading_any(
    site: Path, tmp_path: Path
) -> None:
    """The URL is computed after loading (builder.urls), so the parse cache stays valid."""
    with (site / "site.yaml").open("a") as handle:
        handle.write('permalinks:\n  article: "/news/{year}/{slug}/"\n')

    stats = build_stats(site)

    assert (stats.loaded, stats.cached) == (0, articles_in(site))
    assert snapshot(site / "public") == clean_build(site, tmp_path)
    assert (site / "public/news/2024/a1-trade-talks/index.html").is_file()
    assert not (site / "public/2024/01/02/a1-trade-talks").exists()
    assert "/news/2024/a1-trade-talks/" in (site / "public/topics/trade/index.html").read_text()


def test_a_corrupted_cache_file_is_rebuilt(site: Path, tmp_path: Path) -> None:
    cache = site / CACHE_DIR / CACHE_FILE
    cache.write_bytes(b"not a database\x00" * 100)
    # a change, or the build stops before loading and never opens the cache
    edit(site / "content/a1-trade-talks.md", "Body of Trade talks.", "Body, *edited*.")

    warm_equals_clean(site, tmp_path)
    assert DiskCache(site).get_many(_keys(site))  # a good cache again


def test_a_damaged_entry_is_not_used(site: Path, tmp_path: Path) -> None:
    with sqlite3.connect(site / CACHE_DIR / CACHE_FILE) as db:
        db.execute("UPDATE entries SET value = ?", (b"\x80\x05garbage",))
    db.close()

    warm_equals_clean(site, tmp_path)


def test_a_cache_from_another_version_is_discarded(site: Path, tmp_path: Path) -> None:
    """Even entries under the right keys are ignored once the file says another version wrote it."""
    lie = pickle.dumps(Loaded(None, (Problem("content/x.md", 1, "stale cache used"),)))
    with sqlite3.connect(site / CACHE_DIR / CACHE_FILE) as db:
        db.execute("UPDATE meta SET value = 'newsdigest-parse-cache 0 0.0.1 0'")
        db.execute("UPDATE entries SET value = ?", (lie,))
    db.close()

    warm_equals_clean(site, tmp_path)
    assert not DiskCache(site).get_many(["x"])


def test_clean_ignores_the_cache_and_rewrites_every_file(site: Path) -> None:
    stats = build_stats(site, clean=True)

    assert (stats.loaded, stats.cached) == (articles_in(site), 0)
    assert stats.unchanged == 0 and stats.written >= stats.rendered == stats.planned


def test_an_unwritable_cache_folder_only_costs_time(site: Path, tmp_path: Path) -> None:
    shutil.rmtree(site / CACHE_DIR)
    (site / CACHE_DIR).write_text("a file where the cache folder should be")

    warm_equals_clean(site, tmp_path)


def test_parallel_loading_gives_the_same_articles_in_the_same_order(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    count = PARALLEL_THRESHOLD + 40
    for n in range(count):
        body = f"## Part {n}\n\n" + "Words of the article. " * (n % 50 + 1)
        (tmp_path / "content" / f"story-{n:04d}.md").write_text(
            f"---\ntitle: Story {n}\ndate: 2024-02-{n % 28 + 1:02d}\n---\n\n{body}\n"
        )
    config = load_config(tmp_path)
    sources = [
        SourceFile(p.relative_to(tmp_path).as_posix(), p.read_bytes())
        for p in sorted((tmp_path / "content").glob("*.md"))
    ]

    one = load_many(sources, config, workers=1)
    two = load_many(sources, config, workers=2)

    assert [x.article.src_path for x in two if x.article] == [s.src_path for s in sources]
    assert one == two


def _keys(site: Path) -> list[str]:
    from builder.load.cache import cache_key, settings_fingerprint

    config = load_config(site)
    fingerprint = settings_fingerprint(config)
    return [
        cache_key(p.relative_to(site).as_posix(), p.read_bytes(), fingerprint)
        for p in sorted((site / CONTENT).rglob("*.md"))
    ]


def test_a_page_failing_mid_stream_leaves_the_previous_output_untouched(site: Path) -> None:
    """Pages are written to the staging folder as they render; a late failure discards it."""
    before = snapshot(site / "public")
    (site / "templates").mkdir()
    (site / "templates/topic.html").write_text("{{ no_such_value.attribute }}\n")
    (site / "content/a1-trade-talks.md").write_text(
        (site / "content/a1-trade-talks.md").read_text().replace("Body of", "Changed")
    )

    run = digest("build", "--site", site)

    assert run.code == 1
    assert "templates/topic.html:1:" in run.err
    assert snapshot(site / "public") == before
    assert not [p for p in site.iterdir() if "staging" in p.name]


SHORTCODE_POST = """---
title: Shortcodes in the digest
date: 2025-01-07 09:00
topics: [Energy]
---
{{< note >}}A *note*.{{< /note >}}

See [the missing story]({{< ref "later-story.md" >}}).
"""


def shortcode_site(site: Path) -> Path:
    (site / "content" / "sc.md").write_text(SHORTCODE_POST)
    folder = site / "templates" / "shortcodes"
    folder.mkdir(parents=True)
    (folder / "note.html").write_text('<div class="note">{{ inner | markdownify }}</div>\n')
    edit(site / "site.yaml", "title: Digest Fixture", "title: Digest Fixture\nshortcodes:\n"
         "  ref_not_found: warning")  # fmt: skip
    return site


SC_PAGE = "public/2025/01/07/sc/index.html"


def test_a_shortcode_template_edit_reaches_the_page(site: Path, tmp_path: Path) -> None:
    shortcode_site(site)
    warm_equals_clean(site, tmp_path)
    assert b'<div class="note"><p>A <em>note</em>.</p></div>' in (site / SC_PAGE).read_bytes()

    (site / "templates/shortcodes/note.html").write_text("<aside>{{ inner | markdownify }}</aside>")

    warm_equals_clean(site, tmp_path)
    assert b"<aside><p>A <em>note</em>.</p></aside>" in (site / SC_PAGE).read_bytes()


def test_adding_a_shortcode_template_that_overrides_a_built_in(site: Path, tmp_path: Path) -> None:
    shortcode_site(site)
    edit(site / "content/sc.md", "A *note*.{{< /note >}}", "A *note*.{{< /note >}}\n\n"
         "{{< youtube abc >}}")  # fmt: skip
    warm_equals_clean(site, tmp_path)
    assert b"youtube-nocookie.com/embed/abc" in (site / SC_PAGE).read_bytes()

    (site / "templates/shortcodes/youtube.html").write_text('<p class="v">{{ args[0] }}</p>\n')

    warm_equals_clean(site, tmp_path)
    page = (site / SC_PAGE).read_bytes()
    assert b'<p class="v">abc</p>' in page and b"youtube-nocookie" not in page


def test_a_template_a_shortcode_includes_is_part_of_the_key(site: Path, tmp_path: Path) -> None:
    shortcode_site(site)
    (site / "templates/shortcodes/note.html").write_text('{% include "note-box.html" %}\n')
    (site / "templates/note-box.html").write_text("<div>{{ inner | markdownify }}</div>\n")
    warm_equals_clean(site, tmp_path)

    (site / "templates/note-box.html").write_text("<section>{{ inner | markdownify }}</section>\n")

    warm_equals_clean(site, tmp_path)
    assert b"<section><p>A <em>note</em>.</p></section>" in (site / SC_PAGE).read_bytes()


def test_a_template_a_shortcode_includes_by_a_computed_name(site: Path, tmp_path: Path) -> None:
    shortcode_site(site)
    (site / "templates/shortcodes/note.html").write_text('{% include "note-" ~ "box.html" %}\n')
    (site / "templates/note-box.html").write_text("<div>{{ inner | markdownify }}</div>\n")
    warm_equals_clean(site, tmp_path)

    (site / "templates/note-box.html").write_text("<section>{{ inner | markdownify }}</section>\n")

    warm_equals_clean(site, tmp_path)
    assert b"<section><p>A <em>note</em>.</p></section>" in (site / SC_PAGE).read_bytes()


def test_adding_the_article_a_ref_points_to(site: Path, tmp_path: Path) -> None:
    shortcode_site(site)
    warm_equals_clean(site, tmp_path)
    assert b'<a href="/2025/01/07/sc/">the missing story</a>' in (site / SC_PAGE).read_bytes()

    (site / "content/later-story.md").write_text(
        "---\ntitle: The later story\ndate: 2025-01-08\ntopics: [Energy]\n---\nLater.\n"
    )

    stats = build_stats(site)
    assert snapshot(site / "public") == clean_build(site, tmp_path)
    assert stats.loaded == 1  # later-story.md alone: sc.md itself came from the cache
    assert (
        b'<a href="/2025/01/08/later-story/">the missing story</a>' in (site / SC_PAGE).read_bytes()
    )


def test_serve_s_memory_cache_in_the_build_stats(site: Path) -> None:
    """Two in-memory builds (as ``serve`` and ``check`` run them): the second parses nothing."""
    config, cache = load_config(site), MemoryCache()
    chosen = Selection(now=datetime.now(UTC))
    first = pipeline.build(config, chosen, write=False, cache=cache).stats
    cache.end_build()
    second = pipeline.build(config, chosen, write=False, cache=cache).stats

    assert (first.loaded, first.cached) == (articles_in(site), 0)
    assert (second.loaded, second.cached) == (0, articles_in(site))
    assert second.rendered == second.planned == first.planned > 0
    assert second.written == second.unchanged == second.removed == 0  # nothing was written
