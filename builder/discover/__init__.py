"""discover: which files of a site are articles, static files and data. Nothing is parsed.

Under ``content/`` every ``*.md`` (or ``.markdown``, as Jekyll names posts) is an article
except names starting with
``_`` or ``.`` (Hugo's ``_index.md``, editor lock files) and anything inside a
folder starting with ``.``. Symlinks that point outside the site are not
followed (as Hugo and Jekyll's safe mode do); each one is a warning. A file or
folder whose name is not UTF-8 is an error at ``path:1``, its name escaped
(``content/bad-\\xff.md``): every path newsdigest writes, URLs, the manifest and
the cache keys included, is UTF-8, and a name Python can only hold as lone
surrogates cannot become one. The top-level
folders themselves are held to the same rule, as an error (:func:`outside_folders`).
"""

from __future__ import annotations

import os
from pathlib import Path

from builder.config.sections import SITE_FOLDERS
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


DATA_SUFFIXES = (".yml", ".yaml", ".json", ".csv", ".tsv")
"""What Jekyll reads from ``_data/`` (load/sitedata.py)."""


def data_files(site_dir: Path) -> tuple[list[Found], list[Problem]]:
    """The files of ``_data/``, Liquid's ``site.data`` (Jekyll's folder)."""
    return _walk(site_dir, "_data", lambda name: name.lower().endswith(DATA_SUFFIXES))


ARTICLE_SUFFIXES = (".md", ".markdown", ".mkdown", ".mkdn", ".mkd")
"""Markdown files: ``.md`` and the other names Jekyll reads as Markdown (its ``markdown_ext``:
``jekyll new`` names posts ``.markdown``)."""


def _is_article(name: str) -> bool:
    return name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith(("_", "."))


def outside_folders(site_dir: Path, allowed: tuple[str, ...]) -> list[Problem]:
    """An error for each top-level folder (``static/``, ``content/``, ``templates/``,
    ``_data/``) that resolves outside the site and site.yaml's ``allow_outside`` does not
    name: ``ln -s /etc static`` must not publish /etc (issue 27). Before anything is read.

    A folder linking to another place inside the site is fine; a dangling link or a loop
    is refused too, as it leads nowhere inside."""
    site_real = site_dir.resolve()
    problems = []
    for name in SITE_FOLDERS:
        folder = site_dir / name
        if name in allowed or not folder.is_symlink():
            continue  # a real folder lies inside its site (site_dir is resolved)
        if resolved_inside(folder, site_real) is not None:
            continue
        target = os.readlink(folder)
        where = "outside the site" if folder.exists() else "which leads nowhere (or in a loop)"
        message = (
            f"a symlink to {target}, {where}: newsdigest reads no folder outside the site "
            f"(if {target} is meant, add 'allow_outside: [{name}]' to site.yaml)"
        )
        problems.append(Problem(name, 1, message))  # the link, as a symlink warning names it
    return problems


def _walk(site_dir: Path, folder: str, wanted: object) -> tuple[list[Found], list[Problem]]:
    """The wanted files under ``folder``. Symlinks inside it may not leave the site, or the
    folder's own target when site.yaml allows that folder outside (outside_folders)."""
    root = site_dir / folder
    found: list[Found] = []
    problems: list[Problem] = []
    if root.is_dir():
        site_real = site_dir.resolve()
        within = site_real if resolved_inside(root, site_real) else root.resolve()
        _walk_folder(root, folder, (site_dir, within), wanted, (found, problems))
    found.sort(key=lambda f: f.src_path)
    return found, problems


def _walk_folder(
    here: Path,
    rel: str,
    site: tuple[Path, Path],
    wanted: object,
    into: tuple[list[Found], list[Problem]],
) -> None:
    """One folder, then its subfolders in name order (as ``os.walk`` goes): folders starting
    with ``.`` are skipped, symlinked folders warned about and not followed.

    ``os.scandir`` entries answer "folder? symlink?" from the directory listing itself:
    at 10,000 files the two ``stat`` calls a file of pathlib's checks were a visible cost."""
    site_dir, site_real = site
    found, problems = into
    try:
        with os.scandir(here) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:  # an unreadable folder is passed over, as os.walk does
        return
    folders = [e for e in entries if _is_dir(e) and not e.name.startswith(".")]
    for entry in folders:
        if entry.is_symlink():
            problems.append(_symlink_warning(site_dir, here / entry.name))
        elif not _utf8_name(entry.name):
            problems.append(_name_error(f"{rel}/{entry.name}", "folder"))
    for entry in entries:
        if _is_dir(entry) or not wanted(entry.name):  # type: ignore[operator]
            continue
        if not _utf8_name(entry.name):
            problems.append(_name_error(f"{rel}/{entry.name}", "file"))
            continue
        path = here / entry.name
        if entry.is_symlink():
            if resolved_inside(path, site_real) is None:
                problems.append(_symlink_warning(site_dir, path))
                continue
            if not path.is_file():
                continue
        elif not entry.is_file():
            continue
        found.append(Found(f"{rel}/{entry.name}", path))
    for entry in folders:
        if not entry.is_symlink() and _utf8_name(entry.name):
            _walk_folder(here / entry.name, f"{rel}/{entry.name}", site, wanted, into)


def _utf8_name(name: str) -> bool:
    """False for a name that is not UTF-8 on disk (Python holds its bytes as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _name_error(rel: str, kind: str) -> Problem:
    """``content/bad-\\xff.md:1: …``: the name's bytes escaped, so the line itself is UTF-8."""
    shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
    return Problem(shown, 1, f"the {kind} name is not UTF-8: rename it (every output path is)")


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, or a symlink to one; a symlink loop (ELOOP) or a dangling one is not."""
    try:
        return entry.is_dir()
    except OSError:
        return False


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
    pending = [(os.path.join(site_dir, folder), folder) for folder in folders]
    while pending:
        folder, rel = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except FileNotFoundError:
            stamps.append(f"{rel}\0absent")
            continue
        except OSError:  # unreadable: what is in it is unknown, so is whether it changed
            return None
        for entry in entries:
            if entry.is_symlink() or not _utf8_name(entry.name):
                return None  # the full build reports the name (or follows the link)
            name = f"{rel}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, name))
                continue
            found = entry.stat(follow_symlinks=False)
            stamps.append(
                f"{name}\0{found.st_size}\0{found.st_mtime_ns}\0{found.st_ctime_ns}\0{found.st_ino}"
            )
    return sorted(stamps)
