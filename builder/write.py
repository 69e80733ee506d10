"""write: output files -> the output folder, atomically, rewriting only what changed.

A build is staged in a hidden sibling folder: unchanged files are hard-linked
from the current output (same inode, same mtime, no bytes written), changed
ones written fresh. Then the two folders are swapped in one step with
``renameat2(RENAME_EXCHANGE)`` (else two renames, which the next run repairs),
so a reader or a crash sees either the old site or the new one, never a mix.

A manifest of what the builder wrote is kept in the output. Only those files
are ever dropped; anything else found there (a ``CNAME``, say) is carried over.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from builder.config import SiteConfig
from builder.errors import OutputRefused, Problem, WriteFailed
from builder.model import OutputFile
from builder.paths import resolved_inside

MANIFEST = ".newsdigest-manifest.json"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


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
) -> WriteStats:
    """Stage, then swap; an OSError (ENOSPC, EACCES, EROFS...) becomes :class:`WriteFailed`.

    Whatever fails, the previous output is left as it was and the staging folder is removed.
    ``rewrite`` writes every file afresh; ``before_swap`` may raise (a page failed to
    render) to abandon the staging folder.
    """
    try:
        return _write_site(outputs, out, rewrite, before_swap)
    except OSError as exc:
        where = exc.filename or out
        reason = exc.strerror or str(exc)
        raise WriteFailed(
            f"cannot write the output ({reason}: {where}); "
            f"the previous output in {out} is unchanged"
        ) from exc


def _write_site(
    outputs: Iterable[OutputFile],
    out: Path,
    rewrite: bool,
    before_swap: Callable[[], None] | None,
) -> WriteStats:
    """Stage the outputs as they come, then swap them in.

    ``outputs`` may be a generator: each file's bytes are hashed and, if they
    changed, written to the staging folder at once, so the whole site's HTML is
    never held in memory. When every hash matches the manifest and no file was
    removed, the output already is the new site and nothing is staged or
    swapped (at 10,000 articles that saves re-creating 14,000 folders).
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    _repair(out)
    old = _read_manifest(out)
    stage = out.with_name(f".{out.name}.staging-{os.getpid()}")
    try:
        manifest, kept = _stage(outputs, out, stage, {} if rewrite else old)
        if before_swap is not None:
            before_swap()
        written = len(manifest) - len(kept)
        if written == 0 and manifest.keys() == old.keys():
            return WriteStats(0, len(kept), 0)
        stage.mkdir(exist_ok=True)
        _link_unchanged(kept, out, stage)
        _carry_foreign_files(out, stage, old, manifest)
        (stage / MANIFEST).write_text(json.dumps(manifest, sort_keys=True, indent=0))
        _swap(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    removed = len(set(old) - set(manifest))
    return WriteStats(written, len(kept), removed)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _stage(
    outputs: Iterable[OutputFile], out: Path, stage: Path, old: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """Write changed files into ``stage``; the manifest, and the files kept as they are.

    Plain ``os`` calls on strings: at 10,000 pages pathlib's overhead was a visible cost.
    """
    manifest: dict[str, str] = {}
    kept: list[str] = []
    made: set[str] = set()
    stage_root, out_root = os.fspath(stage), os.fspath(out)
    stage_real = stage.parent.resolve() / stage.name
    for item in outputs:
        rel = os.fspath(_contained(stage_real, item.out_path).relative_to(stage_real))
        data = item.data if item.data is not None else item.copy_from.read_bytes()  # type: ignore[union-attr]
        digest = _digest(data)
        manifest[item.out_path] = digest
        if old.get(item.out_path) == digest and _same_size(os.path.join(out_root, rel), len(data)):
            kept.append(rel)
            continue
        target = os.path.join(stage_root, rel)
        _make_folder(os.path.dirname(target), made)
        with open(target, "xb") as handle:
            handle.write(data)
    return manifest, kept


def _link_unchanged(kept: list[str], out: Path, stage: Path) -> None:
    """Hard links: same inode, same mtime, no bytes written (a copy where links fail)."""
    made: set[str] = set()
    stage_root, out_root = os.fspath(stage), os.fspath(out)
    for rel in kept:
        target = os.path.join(stage_root, rel)
        _make_folder(os.path.dirname(target), made)
        try:
            os.link(os.path.join(out_root, rel), target)
        except OSError:
            shutil.copyfile(os.path.join(out_root, rel), target)


def _make_folder(folder: str, made: set[str]) -> None:
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def _contained(root: Path, out_path: str) -> Path:
    """Refuse any output path that would land outside the output folder (checked again here).

    Stricter than containment alone: a ``..`` or an absolute path is refused even where it
    would stay inside.
    """
    relative = Path(out_path)
    if (
        ".." in relative.parts
        or relative.is_absolute()
        or resolved_inside(root / relative, root, strict=False) is None
    ):
        raise OutputRefused(f"refusing to write {out_path!r}: it would leave the output folder")
    return root / out_path


def _same_size(path: str, size: int) -> bool:
    try:
        found = os.lstat(path)
    except OSError:
        return False
    return found.st_size == size and stat.S_ISREG(found.st_mode)


def _carry_foreign_files(out: Path, stage: Path, old: dict[str, str], new: dict[str, str]) -> None:
    """Files in the output that newsdigest never wrote are the user's: keep them."""
    if not out.is_dir():
        return
    for dirpath, _dirnames, filenames in os.walk(out):
        for name in filenames:
            rel = (Path(dirpath) / name).relative_to(out).as_posix()
            if rel == MANIFEST or rel in old or rel in new:
                continue
            target = stage / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(Path(dirpath) / name, target, follow_symlinks=False)
            except OSError:
                shutil.copy2(Path(dirpath) / name, target, follow_symlinks=False)


def _read_manifest(out: Path) -> dict[str, str]:
    """The previous build's manifest; an existing non-empty folder without one is refused."""
    if not out.exists():
        return {}
    if out.is_symlink() or not out.is_dir():
        raise OutputRefused(f"output {out} is not a folder; refusing to replace it")
    try:
        data = json.loads((out / MANIFEST).read_text())
        return {str(k): str(v) for k, v in data.items()}
    except (OSError, ValueError, AttributeError):
        if any(out.iterdir()):
            raise OutputRefused(
                f"output folder {out} holds files newsdigest did not write; "
                "refusing to replace it (empty it or choose another output_dir)"
            ) from None
        return {}


def _repair(out: Path) -> None:
    """Finish or undo what a killed build left: a half-done swap, staging folders."""
    backup = out.with_name(f".{out.name}.old")
    if not out.exists() and backup.is_dir():
        backup.rename(out)
    for leftover in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.rmtree(backup, ignore_errors=True)


def _swap(stage: Path, out: Path) -> None:
    if not out.exists():
        stage.rename(out)
        return
    if _exchange(stage, out):
        return  # the old site now sits in the staging folder, removed by the caller
    backup = out.with_name(f".{out.name}.old")
    out.rename(backup)
    stage.rename(out)
    shutil.rmtree(backup, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both names swap in one atomic step."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EPERM):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))
