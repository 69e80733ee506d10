"""The one containment rule: a path, once resolved, must lie inside its root.

Content, templates and static files are read, output written and preview
requests served only through this check, so a symlink, a ``..`` or an absolute
path from the site cannot reach a file outside the folder it belongs to (Hugo's
and Jekyll's safe mode do the same for reading). The comparison is by path
components (``is_relative_to``), never by string prefix, which would let
``public-old/`` pass for ``public/``.
"""

from __future__ import annotations

import os
from pathlib import Path


def resolved_inside(path: Path, root: Path, *, strict: bool = True) -> Path | None:
    """``path`` with every symlink followed if that lies inside ``root``, else None.

    ``root`` must be resolved already: callers check many paths against one root
    and resolve it once (at 10,000 pages the writer would feel a resolve each).
    ``strict`` (the default) requires the path to exist; a path that cannot be
    resolved (missing, a loop, too long) is then not inside. ``strict=False``
    is for a file about to be written.
    """
    try:
        real = path.resolve(strict=strict)
    except (OSError, RuntimeError):  # missing, too long, a symlink loop
        return None
    return real if real.is_relative_to(root) else None


def real_inside(path: str, root: str) -> bool:
    """The same rule on strings, for the writer's thousands of files a build: ``path`` with
    every symlink followed (``os.path.realpath``, the path need not exist) is ``root`` or
    below it. ``root`` must be real already. By component: ``root`` plus a separator."""
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)
