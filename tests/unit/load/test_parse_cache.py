"""load/cache: the parse cache's key, the in-memory cache, and the file ``digest build`` keeps."""

from __future__ import annotations

from pathlib import Path

from helpers.articles import article, site_config

from builder.load import Loaded
from builder.load.cache import DiskCache, MemoryCache, cache_key, settings_fingerprint


def loaded(title: str) -> Loaded:
    """A real Article, pickled as a build pickles it."""
    return Loaded(article(title))


def test_the_key_changes_with_the_path_the_bytes_and_the_settings() -> None:
    fingerprint = settings_fingerprint(site_config())
    key = cache_key("content/a.md", b"x", fingerprint)
    assert key == cache_key("content/a.md", b"x", fingerprint)
    assert key != cache_key("content/b.md", b"x", fingerprint)  # slug and date come from it
    assert key != cache_key("content/a.md", b"y", fingerprint)
    assert key != cache_key("content/a.md", b"x", fingerprint + b"!")


def test_settings_that_shape_a_load_change_the_fingerprint_others_do_not() -> None:
    base = settings_fingerprint(site_config())
    assert settings_fingerprint(site_config("timezone: Europe/Paris\n")) != base
    assert settings_fingerprint(site_config("markdown:\n  raw_html: escape\n")) != base
    # {{ site.title }} in a body (a Liquid output tag) is rendered at load
    assert settings_fingerprint(site_config("title: Another title\n")) != base
    assert settings_fingerprint(site_config("per_page: 3\n")) == base
    assert settings_fingerprint(site_config('permalinks:\n  article: "/n/{slug}/"\n')) == base


def test_the_memory_cache_forgets_what_the_last_build_did_not_use() -> None:
    cache = MemoryCache()
    cache.put("a", loaded("A"))
    cache.put("b", loaded("B"))
    cache.end_build()
    assert cache.get("a") is not None  # only "a" is used by the next build
    cache.end_build()
    assert cache.get("a") is not None
    assert cache.get("b") is None


def test_the_disk_cache_keeps_entries_between_runs(tmp_path: Path) -> None:
    first = DiskCache(tmp_path)
    assert first.get("a") is None
    first.put("a", loaded("A"))
    first.end_build()
    first.close()
    second = DiskCache(tmp_path)
    found = second.get_many(["a", "missing"])
    assert list(found) == ["a"]
    assert found["a"].article is not None and found["a"].article.title == "A"
    second.close()
    assert DiskCache(tmp_path, clean=True).get("a") is None  # --clean ignores it


def test_a_damaged_cache_file_is_only_misses_never_an_error(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    cache.path.parent.mkdir(parents=True)
    cache.path.write_bytes(b"not a database")
    assert cache.get("a") is None
    cache.put("a", loaded("A"))
    cache.end_build()  # replaces the damaged file
    cache.close()
    assert DiskCache(tmp_path).get("a") is not None
