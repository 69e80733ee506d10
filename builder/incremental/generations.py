"""The previous generation: the output before the last swap, kept as ``.<out>.previous``.

A build writes its new generation into this folder rather than into a staging
folder made from scratch (at 10,000 articles that was 14,000 folders of hard links
each build): the files this build changed are written there, and the ones the last
build changed are linked from the current output, so the work is in proportion
to the change. Then ``renameat2(RENAME_EXCHANGE)`` swaps the two folders in one
step: the output is only ever the old complete site or the new one, and the old
one becomes the previous generation for the next build (DESIGN §2, §6: the only
folder that outlives a build). A first build, which has no previous generation,
makes one of hard links to its output (``seed_previous``), so that the build after
it is O(change) as well.

Sound means it has a readable manifest. Its manifest is removed before its first
change, so a build killed while updating it leaves it unsound, and the next build
makes a new generation the slow way (a staging folder) and deletes the unsound one.
Every file of the new site not written by this build must be the current output's
very inode in it (checked by ``lstat``, linked where not), so a file missing or
replaced in the previous generation is mended, never published.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from builder.incremental import manifest
from builder.incremental.manifest import MANIFEST, Manifest


def previous_of(out: Path) -> Path:
    return out.with_name(f".{out.name}.previous")


def sound_previous(out: Path) -> tuple[Path, Manifest] | None:
    """The previous generation and its manifest, if there is one that can be brought up to date."""
    folder = previous_of(out)
    if not out.is_dir() or folder.is_symlink() or not folder.is_dir():
        return None
    found = manifest.read(folder)
    return (folder, found) if found is not None else None


def unseal(folder: Path) -> None:
    """Before the first change: from now on the folder is unsound until its new manifest."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(folder / MANIFEST)


def write_new(path: str, data: bytes, mode: int = 0o666) -> None:
    """A new file, never written in place: the old name may be a hard link the output shares.

    What stands in the way in the previous generation (a folder where a file now goes)
    is removed: everything in it is newsdigest's or a link to the output's. ``mode``
    (narrowed by the umask, as ``open`` does) keeps a copied static file from gaining
    permissions its source lacks: a 0640 file stays 0640 (issue 27).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, mode)
    except (FileExistsError, IsADirectoryError):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
        fd = os.open(path, flags, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def make_folder(root: str, folder: str, made: set[str]) -> None:
    """``os.makedirs``, once a build per folder; a file in the way (see write_new) is removed."""
    if folder in made:
        return
    try:
        os.makedirs(folder, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        here = root
        for part in os.path.relpath(folder, root).split(os.sep):
            here = os.path.join(here, part)
            if os.path.lexists(here) and not os.path.isdir(here):
                os.unlink(here)
                break
        os.makedirs(folder, exist_ok=True)
    made.add(folder)


def bring_up_to_date(
    previous: tuple[Path, Manifest], out: Path, unchanged: list[str], new: Manifest
) -> None:
    """Make the previous generation the new site, but for the manifest (written last).

    ``unchanged``: the new site's files that the current output already has (and
    the user's files carried over); the others were written by this build.
    """
    folder, old = previous
    unseal(folder)
    root, out_root = os.fspath(folder), os.fspath(out)
    made: set[str] = set()
    for rel in unchanged:
        target, source = os.path.join(root, rel), os.path.join(out_root, rel)
        if _same_inode(target, source):
            continue
        if os.path.isdir(target) and not os.path.islink(target):
            shutil.rmtree(target)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        make_folder(root, os.path.dirname(target), made)
        link_or_copy(source, target)
    keep = set(new.files) | set(new.foreign)
    for rel in (set(old.files) | set(old.foreign)) - keep:
        _remove(folder, rel)


def link_or_copy(source: str, target: str) -> None:
    """A hard link: same inode, same mtime, no bytes written (a copy where links fail)."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _same_inode(a: str, b: str) -> bool:
    try:
        first, second = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    return (first.st_ino, first.st_dev) == (second.st_ino, second.st_dev)


def _remove(folder: Path, rel: str) -> None:
    """Delete one file and the folders it leaves empty (a clean build has none)."""
    path = folder / rel
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    parent = path.parent
    while parent != folder:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def seed_previous(out: Path) -> None:
    """After a first build: a previous generation of hard links to the new output.

    Without it the next build would have no previous generation to bring up to date
    and would stage the whole site again; made here, once, it costs a link a file
    (a few per cent of a first build) and every later build is O(change). Best effort,
    its manifest copied last: a failure or a kill leaves it unsound, which only costs
    the next build the slow way."""
    previous = previous_of(out)
    shutil.rmtree(previous, ignore_errors=True)  # a stale one: the output was deleted by hand
    root, seed = os.fspath(out), os.fspath(previous)
    try:
        for folder, _dirs, names in os.walk(root):
            here = os.path.join(seed, os.path.relpath(folder, root))
            os.makedirs(here, exist_ok=True)
            for name in names:
                if not (folder == root and name == MANIFEST):
                    link_or_copy(os.path.join(folder, name), os.path.join(here, name))
        temporary = out.with_name(f".{out.name}.staging-{os.getpid()}.manifest")
        shutil.copyfile(out / MANIFEST, temporary)  # renamed in whole: never half a manifest
        os.replace(temporary, previous / MANIFEST)
    except OSError:
        shutil.rmtree(previous, ignore_errors=True)
