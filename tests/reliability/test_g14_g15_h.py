"""G14 determinism, G15 collision safety, and the build half of case 48 (load)."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import digest, snapshot
from harness import check, child_command, front, python_child_env, site_copy, write_corpus

from builder.config import load_config
from builder.pipeline import build
from builder.publication import Selection
from builder.write import MANIFEST

pytestmark = pytest.mark.reliability


def _copy_in_reverse_order(src: Path, dst: Path) -> None:
    """The same site, its files created in the opposite order (another directory order)."""
    for path in sorted(src.rglob("*"), reverse=True):
        target = dst / path.relative_to(src)
        if path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def test_g14_builds_are_byte_identical_across_processes_hash_seeds_and_file_order(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_corpus(first, 120, topics=12)
    _copy_in_reverse_order(first, second)
    for site, seed in ((first, "1"), (second, "2")):
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


def test_g15_output_files_equal_planned_pages_no_silent_overwrite(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_corpus(site, 90, topics=9)
    config = load_config(site)
    result = build(config, Selection(False, False, datetime.now(UTC)))

    out_paths = [o.out_path for o in result.outputs]
    on_disk = sorted(
        p.relative_to(config.output_dir).as_posix()
        for p in config.output_dir.rglob("*")
        if p.is_file() and p.name != MANIFEST
    )
    assert len(out_paths) == len(set(out_paths)) == len(on_disk)
    assert sorted(out_paths) == on_disk
    articles = [p for p in on_disk if p.startswith("2024/") and p.endswith("/index.html")]
    assert len(articles) == 90
    topics = {p.split("/")[1] for p in on_disk if p.startswith("topics/") and p.count("/") >= 2}
    assert len(topics) == 9


def test_g15_every_collision_in_one_build_names_both_files(
    built_basic: Path, tmp_path: Path
) -> None:
    site = site_copy(built_basic, tmp_path / "site")
    before = snapshot(site / "public")
    pairs = {
        ("content/dup-a.md", "content/dup-b.md"): "slug: same\n",
        ("content/Story.md", "content/story.md"): "",
        ("content/strasse.md", "content/straße.md"): "",
        ("content/cafe\u0301.md", "content/caf\u00e9.md"): "",
    }
    for (a, b), extra in pairs.items():
        (site / a).write_text(front(title="A", extra=extra))
        (site / b).write_text(front(title="B", extra=extra))
    (site / "static" / "feed.xml").write_text("<feed/>")

    run = digest("build", "--site", site)

    check(run, 1, None)
    lines = [line for line in run.err.splitlines() if "is also the output of" in line]
    assert len(lines) == len(pairs) + 1
    for a, b in pairs:
        assert any(line.startswith(a) and b in line for line in lines) or any(
            line.startswith(b) and a in line for line in lines
        ), (a, b, lines)
    assert any(line.startswith("static/feed.xml:1:") for line in lines)
    assert snapshot(site / "public") == before


def test_48_a_thousand_articles_over_fifty_topics_build_completely(tmp_path: Path) -> None:
    """The build half of case 48 at CI size; benchmarks/bench_reliability.py runs 5,000."""
    site = tmp_path / "site"
    write_corpus(site, 1000, topics=50)

    run = digest("build", "--site", site, "-q")

    check(run, 0, None)
    out = site / "public"
    assert sum(1 for _ in out.glob("2024/*/*/story-*/index.html")) == 1000
    assert sum(1 for _ in out.glob("topics/topic-*/index.html")) == 50
    assert os.path.getsize(out / "sitemap.xml") > 0
