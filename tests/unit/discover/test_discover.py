"""discover: which files of a site are articles and static files (a temporary site folder)."""

from __future__ import annotations

import os
from pathlib import Path

from builder.discover import content_files, static_files, template_files


def make(site: Path, *paths: str) -> None:
    for path in paths:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text("x")


def test_articles_are_md_files_sorted_by_path_without_underscore_dot_or_hidden_folders(
    tmp_path: Path,
) -> None:
    make(
        tmp_path,
        "content/b.md",
        "content/a/z.md",
        "content/_index.md",
        "content/.#lock.md",
        "content/.hidden/x.md",
        "content/notes.txt",
    )
    found, problems = content_files(tmp_path)
    assert [f.src_path for f in found] == ["content/a/z.md", "content/b.md"]
    assert found[0].path == tmp_path / "content/a/z.md"
    assert problems == []


def test_static_files_are_everything_but_dot_files(tmp_path: Path) -> None:
    make(tmp_path, "static/img/logo.svg", "static/.DS_Store", "static/robots.txt")
    found, _ = static_files(tmp_path)
    assert [f.src_path for f in found] == ["static/img/logo.svg", "static/robots.txt"]


def test_a_symlink_leaving_the_site_is_skipped_with_a_warning(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make(site, "content/a.md", "templates/base.html")
    make(tmp_path, "outside.md")
    os.symlink(tmp_path / "outside.md", site / "content/leak.md")
    os.symlink(site / "content/a.md", site / "content/alias.md")  # inside: followed
    found, problems = content_files(site)
    assert [f.src_path for f in found] == ["content/a.md", "content/alias.md"]
    assert [(p.path, p.severity) for p in problems] == [("content/leak.md", "warning")]
    assert problems[0].message.startswith("symlink ignored: content/leak.md -> ")
    assert template_files(site)[1] == []


def test_a_site_without_the_folder_has_nothing(tmp_path: Path) -> None:
    assert content_files(tmp_path) == ([], [])
