"""builder.paths: the one containment rule, on a small folder tree made in the test."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from builder.paths import real_inside, resolved_inside

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """``public/`` with a page, a sibling ``public-old/`` and a secret beside both."""
    public = tmp_path / "public"
    (public / "a").mkdir(parents=True)
    (public / "a" / "index.html").write_text("page")
    (tmp_path / "public-old").mkdir()
    (tmp_path / "public-old" / "x.html").write_text("old")
    (tmp_path / "secret.txt").write_text("secret")
    return public.resolve()


def test_a_file_inside_is_its_real_path(root: Path) -> None:
    assert resolved_inside(root / "a" / "index.html", root) == root / "a" / "index.html"
    assert resolved_inside(root / "a", root) == root / "a"
    assert resolved_inside(root, root) == root


def test_dot_dot_that_leaves_is_outside_and_one_that_stays_is_inside(root: Path) -> None:
    assert resolved_inside(root / ".." / "secret.txt", root) is None
    assert resolved_inside(root / "a" / ".." / "a" / "index.html", root) == root / "a/index.html"


def test_a_sibling_sharing_the_name_as_prefix_is_outside(root: Path) -> None:
    """A string prefix check would take public-old/ for part of public/."""
    assert resolved_inside(root.parent / "public-old" / "x.html", root) is None


def test_a_symlink_is_judged_by_where_it_leads(root: Path) -> None:
    (root / "out").symlink_to(root.parent / "secret.txt")
    (root / "in").symlink_to(root / "a" / "index.html")
    (root / "folder").symlink_to(root.parent, target_is_directory=True)

    assert resolved_inside(root / "out", root) is None
    assert resolved_inside(root / "in", root) == root / "a" / "index.html"
    assert resolved_inside(root / "folder" / "secret.txt", root) is None


def test_missing_paths_and_loops_are_outside_unless_not_strict(root: Path) -> None:
    (root / "loop").symlink_to(root / "loop")
    (root / "dangling").symlink_to(root / "nowhere")

    assert resolved_inside(root / "missing.html", root) is None
    assert resolved_inside(root / "loop", root) is None
    assert resolved_inside(root / "dangling", root) is None
    # a file about to be written does not exist yet; where it would land still counts
    assert resolved_inside(root / "new" / "index.html", root, strict=False) == (
        root / "new" / "index.html"
    )
    assert resolved_inside(root / ".." / "new.html", root, strict=False) is None
    assert resolved_inside(root / "dangling", root, strict=False) == root / "nowhere"


def test_an_absolute_path_elsewhere_is_outside(root: Path) -> None:
    assert resolved_inside(root / "/etc/passwd", root) is None
    assert resolved_inside(Path(os.sep), root) is None


def test_every_containment_check_of_builder_goes_through_paths() -> None:
    """Issue 11: the rule is written once; discover, render, write and serve call it (the
    writer its string form, real_inside)."""
    found = subprocess.run(
        ["git", "grep", "-l", "-e", "resolved_inside", "-e", "real_inside", "builder/"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode == 128:
        pytest.skip("not a git checkout")
    users = set(found.stdout.split())
    assert {
        "builder/discover/__init__.py",
        "builder/render/environment.py",
        "builder/write/folders.py",
        "builder/preview/files.py",
    } <= users


def test_the_string_form_follows_symlinks_and_compares_by_component(tmp_path: Path) -> None:
    root = tmp_path / "public"
    (root / "a").mkdir(parents=True)
    (tmp_path / "public-old").mkdir()
    (root / "out").symlink_to(tmp_path)
    real = str(root.resolve())
    assert real_inside(str(root / "a" / "index.html"), real)
    assert real_inside(real, real)
    assert not real_inside(str(tmp_path / "public-old" / "x.html"), real)
    assert not real_inside(str(root / "out" / "escape.html"), real)
    assert not real_inside(str(root / ".." / "x.html"), real)
