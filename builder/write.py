"""write: output files -> the output folder, atomically, rewriting only what changed.

The new generation is written beside the output: into the previous generation
brought up to date (generations.py), or, when there is no sound one, into a
staging folder where unchanged files are hard-linked from the current output
(same inode, same mtime, no bytes written) and changed ones written fresh. Then
the two folders are swapped in one step with ``renameat2(RENAME_EXCHANGE)`` (else
two renames, which the next run repairs), so a reader or a crash sees either the
old site or the new one, never a mix.

A manifest of what the builder wrote is kept in the output (manifest.py). Only
those files are ever dropped; anything else found there (a ``CNAME``, say) is
carried over.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from builder import generations, manifest, paths
from builder.config import SiteConfig
from builder.errors import ConfigError, OutputRefused, Problem, WriteFailed
from builder.manifest import MANIFEST, Manifest
from builder.model import OutputFile


class Staged:
    """A build whose pages are all staged, for outputs derived from them (the search index).

    Unchanged files are still only in ``out`` (linked into the stage just before the
    swap); :meth:`complete` links them now, for a step that must read the whole site.
    """

    def __init__(
        self,
        out: Path,
        stage: Path,
        digests: dict[str, str],
        old: dict[str, str],
        kept: list[str],
        rewrite: bool,
    ) -> None:
        self.out, self.stage, self.rewrite = out, stage, rewrite
        self.digests = digests
        """Output path -> hash of every file staged so far (the new manifest)."""
        self.old = old
        """The previous build's manifest."""
        self.kept = kept
        self.linked = 0
        """How many of ``kept`` are linked into the stage already."""

    def complete(self) -> Path:
        """The stage with every file of this build in it: a whole site to read."""
        self.stage.mkdir(exist_ok=True)
        _link_unchanged(self.kept[self.linked :], self.out, self.stage)
        self.linked = len(self.kept)
        return self.stage


Derive = Callable[[Staged], Iterable[OutputFile]]


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


def check_folders(config: SiteConfig) -> None:
    """A site without content/, or an output folder that must not be replaced: exit 2."""
    if not config.content_dir.is_dir():
        raise ConfigError([Problem("content/", 0, _NO_CONTENT.format(site=config.site_dir))])
    refused = refuse_output_dir(config)
    if refused:
        raise ConfigError([refused])


_NO_CONTENT = (
    "folder not found in {site}: a site keeps its stories there "
    "(to start a new site, run 'digest init')"
)


def refuse_output_dir(config: SiteConfig) -> Problem | None:
    """The output folder must not be, contain or sit inside what the user wrote."""
    out, site = config.output_dir, config.site_dir
    inputs = (config.content_dir, config.templates_dir, config.static_dir)
    if out == Path(out.anchor) or out == Path.home().resolve():
        reason = "is the root or home folder"
    elif site.is_relative_to(out):
        reason = "is the site folder or one of its parents"
    elif any(out.is_relative_to(p.resolve()) for p in inputs):
        reason = "is inside content/, templates/ or static/"
    else:
        return None
    return Problem("site.yaml", 1, f"output folder {out} {reason}; choose another output_dir")


def write_site(
    outputs: Iterable[OutputFile],
    out: Path,
    *,
    rewrite: bool = False,
    before_swap: Callable[[], None] | None = None,
    inputs: str = "",
    derive: Derive | None = None,
) -> WriteStats:
    """Stage, then swap; an OSError (ENOSPC, EACCES, EROFS...) becomes :class:`WriteFailed`.

    Whatever fails, the previous output is left as it was and only the previous
    generation may remain beside it. ``rewrite`` writes every file afresh;
    ``before_swap`` may raise (a page failed to render) to abandon the new generation;
    ``inputs`` (the digest of the build's inputs) is recorded in the manifest.
    ``derive`` returns more files made from the staged ones (the search index), staged
    with them before the swap.
    """
    try:
        return _write_site(outputs, out, rewrite, before_swap, inputs, derive)
    except OSError as exc:
        where = exc.filename or out
        reason = exc.strerror or str(exc)
        raise WriteFailed(
            f"cannot write the output ({reason}: {where}); "
            f"the previous output in {out} is unchanged"
        ) from exc


def current_manifest(out: Path) -> Manifest:
    """The manifest of the output as it is now (empty when there is none)."""
    return manifest.read(out) or Manifest()


def repair(out: Path) -> None:
    """What a killed build left beside the output is undone (every build does this first).

    Best effort: a file system that refuses (a name too long, no permission) is reported by
    the write itself, which repairs again inside its own error handling.
    """
    with contextlib.suppress(OSError):
        if out.parent.is_dir():
            _repair(out)


def _write_site(
    outputs: Iterable[OutputFile],
    out: Path,
    rewrite: bool,
    before_swap: Callable[[], None] | None,
    inputs: str,
    derive: Derive | None = None,
) -> WriteStats:
    """Write the new generation as the outputs come, then swap it in.

    ``outputs`` may be a generator: each file's bytes are hashed and, if they
    changed, written at once, so the whole site's HTML is never held in memory.
    The new generation is the previous one brought up to date when it is sound
    (O(changes), see generations.py), else a staging folder made from scratch with
    hard links to the unchanged files. When every file is unchanged and none was
    removed, the output already is the new site: only its manifest is updated.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    _repair(out)
    old = _read_manifest(out)
    # a derived step (Pagefind) reads the whole new site: it gets a fresh staging folder
    reuse = not rewrite and derive is None
    previous = generations.sound_previous(out) if reuse else None
    stage = out.with_name(f".{out.name}.staging-{os.getpid()}")
    target = previous[0] if previous else stage
    try:
        base = Manifest() if rewrite else old
        staged = _stage(outputs, out, target, base, previous is not None)
        if before_swap is not None:
            before_swap()
        linked = 0
        if derive is not None:
            view = Staged(out, stage, staged.files, old.files, staged.kept, rewrite)
            more = _stage(derive(view), out, stage, base, False)
            linked = view.linked
            staged = _Staged(
                {**staged.files, **more.files},
                {**staged.pages, **more.pages},
                staged.kept + more.kept,
                staged.written + more.written,
            )
        new = Manifest(staged.files, staged.pages, inputs, old.foreign)
        if not staged.written and new.files.keys() == old.files.keys():
            _update_manifest(out, new)
            return WriteStats(0, len(staged.kept), 0)
        foreign = _foreign_files(out, old, new)
        new = Manifest(staged.files, staged.pages, inputs, tuple(foreign))
        if previous:
            generations.bring_up_to_date(previous, out, staged.kept + foreign, new)
        else:
            stage.mkdir(exist_ok=True)
            _link_unchanged(staged.kept[linked:] + foreign, out, stage)
        (target / MANIFEST).write_text(manifest.encode(new))
        generations.swap_in(target, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    removed = len(set(old.files) - set(new.files))
    return WriteStats(len(staged.written), len(staged.kept), removed)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class _Staged:
    files: dict[str, str]
    pages: dict[str, str]
    kept: list[str]
    """Folder-relative paths of the files the output already has as they must be."""
    written: list[str]


def _stage(
    outputs: Iterable[OutputFile], out: Path, target: Path, old: Manifest, reuse: bool
) -> _Staged:
    """Write changed files into ``target`` as they come; what the new manifest holds.

    ``reuse``: ``target`` is the previous generation, whose manifest is removed before
    its first change (a build killed after that leaves it unsound: rebuilt next time).
    Plain ``os`` calls on strings: at 10,000 pages pathlib's overhead was a visible cost.
    """
    staged = _Staged({}, {}, [], [])
    made: set[str] = set()
    target_root, out_root = os.fspath(target), os.fspath(out)
    target_real = os.path.join(os.path.realpath(target.parent), target.name)
    for item in outputs:
        if item.fingerprint is not None:
            staged.pages[item.out_path] = item.fingerprint
        if item.kept:  # not rendered: the pipeline found its fingerprint and file unchanged
            staged.files[item.out_path] = old.files[item.out_path]
            staged.kept.append(_relative(item.out_path))
            continue
        rel = _contained(target_real, item.out_path)
        data = item.data if item.data is not None else item.copy_from.read_bytes()  # type: ignore[union-attr]
        digest = _digest(data)
        staged.files[item.out_path] = digest
        path = os.path.join(target_root, rel)
        if item.copy_from is not None and os.fspath(item.copy_from) == path:
            staged.written.append(rel)  # made in the stage by a derived step (Pagefind's bundle)
            continue
        if old.files.get(item.out_path) == digest and _same_size(
            os.path.join(out_root, rel), len(data)
        ):
            staged.kept.append(rel)
            continue
        if reuse and not staged.written:
            generations.unseal(target)
        generations.make_folder(target_root, os.path.dirname(path), made)
        generations.write_new(path, data)
        staged.written.append(rel)
    return staged


def _link_unchanged(kept: list[str], out: Path, stage: Path) -> None:
    """Hard links: same inode, same mtime, no bytes written (a copy where links fail)."""
    made: set[str] = set()
    stage_root, out_root = os.fspath(stage), os.fspath(out)
    for rel in kept:
        target = os.path.join(stage_root, rel)
        generations.make_folder(stage_root, os.path.dirname(target), made)
        generations.link_or_copy(os.path.join(out_root, rel), target)


def _contained(root: str, out_path: str) -> str:
    """The folder-relative path of an output, refused if it would land outside the output
    folder (checked again here); ``root`` is the resolved folder.

    Stricter than containment alone: a ``..`` or an absolute path is refused even where it
    would stay inside. On strings (paths.real_inside): at 10,000 files pathlib's resolve
    was a visible cost of every build.
    """
    rel = _relative(out_path)
    if not paths.real_inside(os.path.join(root, out_path), root):
        raise OutputRefused(f"refusing to write {out_path!r}: it would leave the output folder")
    return rel


def _relative(out_path: str) -> str:
    """The folder-relative path of an output kept as it is (nothing is written to it, so
    no symlink can be followed: the string checks alone)."""
    if ".." in out_path.split("/") or os.path.isabs(out_path):
        raise OutputRefused(f"refusing to write {out_path!r}: it would leave the output folder")
    return os.path.normpath(out_path)


def _same_size(path: str, size: int) -> bool:
    try:
        found = os.lstat(path)
    except OSError:
        return False
    return found.st_size == size and stat.S_ISREG(found.st_mode)


def _foreign_files(out: Path, old: Manifest, new: Manifest) -> list[str]:
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


def _update_manifest(out: Path, new: Manifest) -> None:
    """Same files, new fingerprints or inputs: replace the manifest alone, in one rename."""
    text = manifest.encode(new)
    if not out.is_dir() or (manifest.read(out) or Manifest()) == new:
        return
    temporary = out.with_name(f".{out.name}.staging-{os.getpid()}.manifest")
    temporary.write_text(text)
    os.replace(temporary, out / MANIFEST)


def _read_manifest(out: Path) -> Manifest:
    """The previous build's manifest; an existing non-empty folder without one is refused."""
    if not out.exists():
        return Manifest()
    if out.is_symlink() or not out.is_dir():
        raise OutputRefused(f"output {out} is not a folder; refusing to replace it")
    found = manifest.read(out)
    if found is None and any(out.iterdir()):
        raise OutputRefused(
            f"output folder {out} holds files newsdigest did not write; "
            "refusing to replace it (empty it or choose another output_dir)"
        )
    return found or Manifest()


def _repair(out: Path) -> None:
    """Finish or undo what a killed build left: a half-done swap, staging folders."""
    backup = out.with_name(f".{out.name}.old")
    if not out.exists() and backup.is_dir():
        backup.rename(out)
    for leftover in out.parent.glob(f".{out.name}.staging-*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
    shutil.rmtree(backup, ignore_errors=True)
