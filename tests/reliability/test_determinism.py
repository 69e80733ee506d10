"""G14: a site builds to the same bytes in any process, hash seed and file order; a rebuild
of an unchanged site rewrites nothing."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest
from harness import check, child_command, python_child_env, site_copy, write_corpus
from helpers import digest, snapshot

from builder.write import MANIFEST, steady_index
from builder.write.search import executable

pytestmark = pytest.mark.reliability


def _copy_in_reverse_order(src: Path, dst: Path) -> None:
    """The same site, its files created in the opposite order (another directory order)."""
    for path in sorted(src.rglob("*"), reverse=True):
        target = dst / path.relative_to(src)
        if path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _build_child(site: Path, seed: str) -> None:
    env = {**python_child_env(), "PYTHONHASHSEED": seed}
    proc = subprocess.run(
        child_command("build", "--site", site, "-q"),
        env=env,
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr


def test_g14_builds_are_byte_identical_across_processes_hash_seeds_and_file_order(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_corpus(first, 120, topics=12)
    _copy_in_reverse_order(first, second)
    for site, seed in ((first, "1"), (second, "2")):
        _build_child(site, seed)
    assert snapshot(first / "public") == snapshot(second / "public")


def _search_site(site: Path) -> Path:
    write_corpus(site, 60, topics=12)
    with open(site / "site.yaml", "a") as handle:
        handle.write("search:\n  engine: pagefind\n")
    return site


@pytest.mark.skipif(executable()[0] is None, reason="Pagefind is not installed")
def test_g14_two_clean_builds_with_search_are_byte_identical(tmp_path: Path) -> None:
    """Issue 27, item 12: Pagefind writes a filter's values in hash-map order, so its filter
    files, the .pf_meta naming them and pagefind-entry.json differed between two clean
    builds; steady_index.py puts them in order. Every file, the manifest included."""
    first, second = _search_site(tmp_path / "first"), _search_site(tmp_path / "second")
    _build_child(first, "1")
    _build_child(second, "2")
    assert snapshot(first / "public") == snapshot(second / "public")
    found = {}
    for path in (first / "public" / "pagefind" / "filter").glob("*.pf_filter"):
        data = gzip.decompress(path.read_bytes())
        (name, values), _ = steady_index.decode(data, len(steady_index.MAGIC))
        found[name] = [value[0] for value in values]
    assert sorted(found) == ["topic", "year"] and len(found["topic"]) == 12
    assert all(values == sorted(values) for values in found.values()), found

    story = first / "content" / "story-00003.md"  # a warm build after an edit: the same too
    story.write_text(story.read_text().replace("Story 3", "Story three"))
    (second / "content" / "story-00003.md").write_text(story.read_text())
    for made in ("public", ".public.previous", ".digest-cache"):  # the second one clean
        shutil.rmtree(second / made, ignore_errors=True)
    _build_child(first, "3")
    _build_child(second, "4")
    assert snapshot(first / "public") == snapshot(second / "public")


def test_g14_a_rebuild_rewrites_nothing(built_basic: Path, tmp_path: Path) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    before = snapshot(site / "public")
    pages = [p for p in (site / "public").rglob("*") if p.is_file() and p.name != MANIFEST]
    inodes = {p: p.stat().st_ino for p in pages}
    run = digest("build", "--site", site)
    check(run, 0, None)
    assert "0 written" in run.out
    assert snapshot(site / "public") == before
    assert {p: p.stat().st_ino for p in inodes} == inodes
