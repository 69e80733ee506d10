"""G14: a site builds to the same bytes in any process, hash seed and file order; a rebuild
of an unchanged site rewrites nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from harness import check, child_command, python_child_env, site_copy, write_corpus
from helpers import digest, snapshot

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
