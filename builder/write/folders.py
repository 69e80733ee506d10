"""Where a build may write: the output folder, checked before anything, and every path in it.

The output folder must not be the site, hold what the user wrote, or be a folder of
files newsdigest did not write (it would be replaced). Every output path is checked
again as it is written, by the one containment rule of paths.py, so nothing from
content (a slug, an alias, a bundle's resource) can leave the output folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from builder import discover, paths
from builder.config import SiteConfig
from builder.errors import ConfigError, OutputRefused, Problem
from builder.incremental import manifest
from builder.incremental.manifest import Manifest


def check_folders(config: SiteConfig) -> None:
    """A site without content/, a top-level folder leading outside the site, or an output
    folder that must not be replaced: exit 2, before anything is read or written."""
    outside = discover.outside_folders(config.site_dir, config.allow_outside)
    if outside:
        raise ConfigError(outside)
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


def contained(root: str, out_path: str) -> str:
    """The folder-relative path of an output, refused if it would land outside the output
    folder (checked again here); ``root`` is the resolved folder.

    Stricter than containment alone: a ``..`` or an absolute path is refused even where it
    would stay inside. On strings (paths.real_inside): at 10,000 files pathlib's resolve
    was a visible cost of every build.
    """
    rel = relative(out_path)
    if not paths.real_inside(os.path.join(root, out_path), root):
        raise OutputRefused(f"refusing to write {out_path!r}: it would leave the output folder")
    return rel


def relative(out_path: str) -> str:
    """The folder-relative path of an output kept as it is (nothing is written to it, so
    no symlink can be followed: the string checks alone)."""
    if ".." in out_path.split("/") or os.path.isabs(out_path):
        raise OutputRefused(f"refusing to write {out_path!r}: it would leave the output folder")
    return os.path.normpath(out_path)


def read_manifest(out: Path) -> Manifest:
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
