"""Writing a new generation: changed files written as they come, unchanged ones linked.

Plain ``os`` calls on strings throughout: at 10,000 pages pathlib's overhead was a
visible cost of every build.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from builder.incremental import generations
from builder.incremental.manifest import MANIFEST, Manifest
from builder.model import OutputFile
from builder.write.folders import contained, relative


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class StagedFiles:
    files: dict[str, str]
    pages: dict[str, str]
    kept: list[str]
    """Folder-relative paths of the files the output already has as they must be."""
    written: list[str]


def stage_outputs(
    outputs: Iterable[OutputFile], out: Path, target: Path, old: Manifest, reuse: bool
) -> StagedFiles:
    """Write changed files into ``target`` as they come; what the new manifest holds.

    ``reuse``: ``target`` is the previous generation, whose manifest is removed before
    its first change (a build killed after that leaves it unsound: rebuilt next time).
    Plain ``os`` calls on strings: at 10,000 pages pathlib's overhead was a visible cost.
    """
    staged = StagedFiles({}, {}, [], [])
    made: set[str] = set()
    target_root, out_root = os.fspath(target), os.fspath(out)
    target_real = os.path.join(os.path.realpath(target.parent), target.name)
    for item in outputs:
        if item.fingerprint is not None:
            staged.pages[item.out_path] = item.fingerprint
        if item.kept:  # not rendered: the pipeline found its fingerprint and file unchanged
            staged.files[item.out_path] = old.files[item.out_path]
            staged.kept.append(relative(item.out_path))
            continue
        rel = contained(target_real, item.out_path)
        data, mode = _content(item)
        digest = _digest(data)
        staged.files[item.out_path] = digest
        path = os.path.join(target_root, rel)
        if item.copy_from is not None and os.fspath(item.copy_from) == path:
            staged.written.append(rel)  # made in the stage by a derived step (Pagefind's bundle)
            continue
        if old.files.get(item.out_path) == digest and _same_file(
            os.path.join(out_root, rel), len(data), mode
        ):
            staged.kept.append(rel)
            continue
        if reuse and not staged.written:
            generations.unseal(target)
        generations.make_folder(target_root, os.path.dirname(path), made)
        generations.write_new(path, data, mode)
        staged.written.append(rel)
    return staged


def link_unchanged(kept: list[str], out: Path, stage: Path) -> None:
    """Hard links: same inode, same mtime, no bytes written (a copy where links fail)."""
    made: set[str] = set()
    stage_root, out_root = os.fspath(stage), os.fspath(out)
    for rel in kept:
        target = os.path.join(stage_root, rel)
        generations.make_folder(stage_root, os.path.dirname(target), made)
        generations.link_or_copy(os.path.join(out_root, rel), target)


def _content(item: OutputFile) -> tuple[bytes, int]:
    """The bytes to write and the widest mode they may have: a copied file's own permission
    bits (never more than read and write), so a 0640 static file is not published 0644."""
    if item.data is not None:
        return item.data, 0o666
    with open(item.copy_from, "rb") as handle:  # type: ignore[arg-type]
        mode = stat.S_IMODE(os.fstat(handle.fileno()).st_mode) & 0o666
        return handle.read(), mode


def _same_file(path: str, size: int, mode: int) -> bool:
    """The output's file can be kept: a regular file of that size granting nothing ``mode``
    does not (a source made narrower since is copied again)."""
    try:
        found = os.lstat(path)
    except OSError:
        return False
    narrow = not stat.S_IMODE(found.st_mode) & ~mode
    return found.st_size == size and stat.S_ISREG(found.st_mode) and narrow


def foreign_files(out: Path, old: Manifest, new: Manifest) -> list[str]:
    """Files in the output that newsdigest never wrote are the user's: they are carried over.

    ``os.scandir`` with paths joined as strings: ``os.walk`` and ``relpath`` cost a
    second at 15,000 files, and every build that writes walks the whole output."""
    found: list[str] = []
    if not out.is_dir():
        return found
    pending = [(os.fspath(out), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir():  # as os.walk: a symlink to a folder is neither followed
                    if not entry.is_symlink():  # nor carried over
                        pending.append((entry.path, rel + "/"))
                elif rel != MANIFEST and rel not in old.files and rel not in new.files:
                    found.append(rel)
    return sorted(found)
