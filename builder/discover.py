"""discover: which files of a site are articles and static files. Nothing is parsed.

Under ``content/`` every ``*.md`` is an article except names starting with
``_`` or ``.`` (Hugo's ``_index.md``, editor lock files) and anything inside a
folder starting with ``.``. Symlinks that point outside the site are not
followed (as Hugo and Jekyll's safe mode do); each one is a warning.
"""

from __future__ import annotations

import os
from pathlib import Path

from builder.errors import Problem
from builder.model import Found
from builder.paths import resolved_inside


def content_files(site_dir: Path) -> tuple[list[Found], list[Problem]]:
    return _walk(site_dir, "content", _is_article)


def static_files(site_dir: Path) -> tuple[list[Found], list[Problem]]:
    return _walk(site_dir, "static", lambda name: not name.startswith("."))


def template_files(site_dir: Path) -> tuple[list[Found], list[Problem]]:
    """The site's own templates; used for the warnings about symlinks leaving the site."""
    return _walk(site_dir, "templates", lambda name: not name.startswith("."))


def _is_article(name: str) -> bool:
    return name.endswith(".md") and not name.startswith(("_", "."))


def _walk(site_dir: Path, folder: str, wanted: object) -> tuple[list[Found], list[Problem]]:
    root = site_dir / folder
    found: list[Found] = []
    problems: list[Problem] = []
    if not root.is_dir():
        return found, problems
    site_real = site_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for d in list(dirnames):
            if (here / d).is_symlink():
                dirnames.remove(d)
                problems.append(_symlink_warning(site_dir, here / d))
        for name in sorted(filenames):
            path = here / name
            if not wanted(name):  # type: ignore[operator]
                continue
            rel = path.relative_to(site_dir).as_posix()
            if path.is_symlink() and resolved_inside(path, site_real) is None:
                problems.append(_symlink_warning(site_dir, path))
                continue
            if path.is_file():
                found.append(Found(rel, path))
    found.sort(key=lambda f: f.src_path)
    return found, problems


def _symlink_warning(site_dir: Path, path: Path) -> Problem:
    rel = path.relative_to(site_dir).as_posix()
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return Problem(rel, 1, f"symlink ignored: {rel} -> {target}", "warning")


def file_stamps(site_dir: Path, folders: tuple[str, ...]) -> list[str] | None:
    """Every file under ``folders`` with its size, times and inode, as the file system
    describes it (one ``lstat`` each, nothing read); None when a symlink is found, whose
    target could change without any of these changing.

    Cheap enough to run before loading: a build whose stamps (and configuration and
    clock) equal the last build's has nothing to do (incremental.py). ``ctime`` and the
    inode change with every write or replacement, whatever an editor or ``touch`` does
    to ``mtime``; a copied site has new ones and simply builds once the normal way.
    """
    stamps: list[str] = []
    pending = [site_dir / folder for folder in folders]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            stamps.append(f"{folder.relative_to(site_dir).as_posix()}\0absent")
            continue
        for entry in entries:
            if entry.is_symlink():
                return None
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
                continue
            found = entry.stat(follow_symlinks=False)
            rel = os.path.relpath(entry.path, site_dir)
            stamps.append(
                f"{rel}\0{found.st_size}\0{found.st_mtime_ns}\0{found.st_ctime_ns}\0{found.st_ino}"
            )
    return sorted(stamps)
