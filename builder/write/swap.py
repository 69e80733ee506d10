"""The atomic swap: the new generation becomes the output in one step, or is repaired.

On Linux ``renameat2(RENAME_EXCHANGE)`` swaps two folders atomically, so a reader
or a crash sees either the old site or the new one, never a mix; elsewhere two
renames, which the next run repairs (:func:`repair`) if a kill falls between them.
The output stays a real folder, never a symlink (deploy tools copy it as it is).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
from pathlib import Path

from builder.incremental.generations import previous_of, seed_previous

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def swap_in(new: Path, out: Path) -> None:
    """The new generation becomes the output and the output the previous generation."""
    previous = previous_of(out)
    if not out.exists():
        new.rename(out)
        seed_previous(out)
        return
    if new != previous:
        shutil.rmtree(previous, ignore_errors=True)  # unsound, or replaced by --clean
    if _exchange(new, out):
        if new != previous:
            new.rename(previous)
        return
    backup = out.with_name(f".{out.name}.old")  # no atomic exchange: two renames, repaired
    out.rename(backup)  # by the next run (repair) if a kill falls between them
    new.rename(out)
    backup.rename(previous)


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


def repair(out: Path) -> None:
    """What a killed build left beside the output is undone (every build does this first).

    Best effort: a file system that refuses (a name too long, no permission) is reported by
    the write itself, which repairs again inside its own error handling.
    """
    with contextlib.suppress(OSError):
        if out.parent.is_dir():
            finish_or_undo(out)


def finish_or_undo(out: Path) -> None:
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
