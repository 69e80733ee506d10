"""write: output files -> the output folder, atomically, rewriting only what changed.

The new generation is written beside the output: into the previous generation
brought up to date (incremental/generations.py), or, when there is no sound one, into a
staging folder where unchanged files are hard-linked from the current output
(same inode, same mtime, no bytes written) and changed ones written fresh. Then
the two folders are swapped in one step with ``renameat2(RENAME_EXCHANGE)`` (else
two renames, which the next run repairs), so a reader or a crash sees either the
old site or the new one, never a mix.

A manifest of what the builder wrote is kept in the output (incremental/manifest.py). Only
those files are ever dropped; anything else found there (a ``CNAME``, say) is
carried over.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from builder.errors import WriteFailed
from builder.incremental import generations, manifest
from builder.incremental.manifest import MANIFEST, Manifest
from builder.model import OutputFile
from builder.write.folders import check_folders, read_manifest, refuse_output_dir
from builder.write.stage import StagedFiles, foreign_files, link_unchanged, stage_outputs
from builder.write.swap import finish_or_undo, repair, swap_in

__all__ = ["check_folders", "refuse_output_dir", "repair", "write_site"]


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
        link_unchanged(self.kept[self.linked :], self.out, self.stage)
        self.linked = len(self.kept)
        return self.stage


Derive = Callable[[Staged], Iterable[OutputFile]]


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


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
    finish_or_undo(out)
    old = read_manifest(out)
    # a derived step (Pagefind) reads the whole new site: it gets a fresh staging folder
    reuse = not rewrite and derive is None
    previous = generations.sound_previous(out) if reuse else None
    stage = out.with_name(f".{out.name}.staging-{os.getpid()}")
    target = previous[0] if previous else stage
    try:
        base = Manifest() if rewrite else old
        staged = stage_outputs(outputs, out, target, base, previous is not None)
        if before_swap is not None:
            before_swap()
        linked = 0
        if derive is not None:
            view = Staged(out, stage, staged.files, old.files, staged.kept, rewrite)
            more = stage_outputs(derive(view), out, stage, base, False)
            linked = view.linked
            staged = StagedFiles(
                {**staged.files, **more.files},
                {**staged.pages, **more.pages},
                staged.kept + more.kept,
                staged.written + more.written,
            )
        new = Manifest(staged.files, staged.pages, inputs, old.foreign)
        if not staged.written and new.files.keys() == old.files.keys():
            _update_manifest(out, new)
            return WriteStats(0, len(staged.kept), 0)
        foreign = foreign_files(out, old, new)
        new = Manifest(staged.files, staged.pages, inputs, tuple(foreign))
        if previous:
            generations.bring_up_to_date(previous, out, staged.kept + foreign, new)
        else:
            stage.mkdir(exist_ok=True)
            link_unchanged(staged.kept[linked:] + foreign, out, stage)
        _write_manifest(target, out, new)
        swap_in(target, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    removed = len(set(old.files) - set(new.files))
    return WriteStats(len(staged.written), len(staged.kept), removed)


def _update_manifest(out: Path, new: Manifest) -> None:
    """Same files, new fingerprints or inputs: replace the manifest alone, in one rename."""
    if not out.is_dir() or (manifest.read(out) or Manifest()) == new:
        return
    _write_manifest(out, out, new)


def _write_manifest(folder: Path, out: Path, new: Manifest) -> None:
    """The manifest of ``folder`` (the output or its new generation), whole or not at all:
    written beside the output (a leftover there is removed by the next run's repair, and
    is never published) and renamed into place. A manifest read by a later build is
    always one a build finished writing."""
    temporary = out.with_name(f".{out.name}.staging-{os.getpid()}.manifest")
    temporary.write_text(manifest.encode(new))
    os.replace(temporary, folder / MANIFEST)
