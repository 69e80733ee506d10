"""A build with nothing to do stops before loading anything (issue 14).

A build whose source files (their sizes, times and inodes: discover.file_stamps),
environment and selection equal the last build's, with its clock inside the span that
build's site holds for (``publication.steady_span``), reports the recorded summary and
warnings (:class:`Sources`). The record lives beside the parse cache and is tied to
the manifest of the current output, so it can only ever trust what that output was
built from.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from builder.config import CACHE_DIR, SiteConfig
from builder.discover import file_stamps
from builder.errors import Problem
from builder.incremental import manifest
from builder.incremental.fingerprint import environment_digest
from builder.incremental.manifest import MANIFEST, Manifest
from builder.incremental.pages import files_present
from builder.index.publication import Selection
from builder.model import Change, OutputFile, Summary
from builder.render.environment import make_environment
from builder.result import BuildResult, BuildStats

STAMPED = ("content", "static", "templates", "i18n", "_data")
"""The site's folders whose files a build reads (site.yaml is in the configuration)."""


def stamp(config: SiteConfig, environment: bytes, selection: Selection, mode: str) -> str | None:
    """The digest of everything a build reads, taken before reading any of it: the source
    files' stamps (discover.file_stamps), the environment digest (templates, configuration,
    code), the selection but its clock, and ``mode`` (what else the caller varies).
    None when it cannot be trusted (a symlink among the sources)."""
    files = file_stamps(config.site_dir, STAMPED)
    if files is None:
        return None
    flags = (selection.drafts, selection.future, selection.expired, selection.now is None)
    parts = [environment.hex(), repr(flags), mode, *_libraries(), *files]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


_LIBRARIES = (
    "jinja2",
    "markupsafe",
    "markdown",
    "nh3",
    "pillow",
    "cmarkgfm",
    "pyyaml",
    "python-liquid",
)
"""What renders a site besides newsdigest's own code (fingerprint.py digests that)."""


def _libraries() -> list[str]:
    """The Python and library versions: upgrading Markdown must not keep the old pages."""
    found = [sys.version]
    for name in _LIBRARIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} absent")
    return found


@dataclass(frozen=True)
class Sources:
    """What a successful build records beside the parse cache (``save_sources``), so that
    a build with nothing to do need not load anything."""

    stamp: str
    steady: tuple[datetime | None, datetime | None]
    summary: Summary
    warnings: tuple[Problem, ...]

    def encode(self) -> dict[str, Any]:
        return {
            "stamp": self.stamp,
            "steady": [_moment(m) for m in self.steady],
            "summary": _summary_json(self.summary),
            "warnings": [[p.path, p.line, p.message, p.severity, p.detail] for p in self.warnings],
        }


@dataclass(frozen=True)
class Quick:
    """What the check before loading found (:func:`quick_result`)."""

    stamp: str
    """The sources' stamp; '' when it cannot be trusted."""
    environment: bytes
    """The environment digest the stamp holds, for the build to reuse (taken once a build)."""
    result: BuildResult | None
    """The result of a build that loads nothing, when the output is already this build's."""


def quick_result(
    config: SiteConfig, selection: Selection, *, strict: bool, publishing: bool, check: bool
) -> Quick:
    """The sources' stamp and, when ``check`` finds the output already made from exactly
    these sources, the result of a build that loads nothing: the recorded warnings and
    summary. ``--strict`` with recorded warnings gets no result, so that the full build
    fails as it always did. The caller has refused a dangerous output folder and repaired
    what a killed build left (write.check_folders, write.repair) before this reads the
    output's manifest."""
    environment = environment_digest(make_environment(config), config)
    found_stamp = stamp(config, environment, selection, f"publishing={publishing}") or ""
    if not check or not found_stamp:
        return Quick(found_stamp, environment, None)
    found = fresh(config, found_stamp, selection.now)
    if found is None or (strict and found[0].warnings):
        return Quick(found_stamp, environment, None)
    sources, recorded = found
    kept = [OutputFile(path) for path in recorded.files]
    stats = BuildStats(0, 0, 0, 0, unchanged=len(kept))
    done = BuildResult(None, kept, list(sources.warnings), stats, sources.summary)
    return Quick(found_stamp, environment, done)


def save_sources(config: SiteConfig, sources: Sources) -> None:
    """Record a successful build's sources beside the parse cache, tied to the manifest
    its output now has (best effort: failing only costs the next build time).

    Kept out of the output, so a warm build's output stays byte for byte a clean one's;
    the manifest's digest ties the record to the output it describes."""
    data = {"manifest": _manifest_digest(config.output_dir), **sources.encode()}
    path = _record_path(config)
    with contextlib.suppress(OSError):
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(data))
        os.replace(temporary, path)


def fresh(config: SiteConfig, stamp: str, now: datetime | None) -> tuple[Sources, Manifest] | None:
    """The recorded sources and the output's manifest when this build would make exactly
    the current output: the same stamp, the output the record was made with (its
    manifest's digest), a clock inside the recorded span, and every file still there."""
    try:
        data = json.loads(_record_path(config).read_text())
        if not stamp or data["stamp"] != stamp:
            return None
        raw = (config.output_dir / MANIFEST).read_bytes()  # read once: digested, then parsed
        if data["manifest"] != _digest(raw):
            return None
        found = _decode(data)
    except (OSError, KeyError, TypeError, ValueError):
        return None
    since, until = found.steady
    if now is not None and ((since and now < since) or (until and now >= until)):
        return None
    recorded = manifest.parse(raw)
    if recorded is None or not files_present(config.output_dir, recorded):
        return None
    return found, recorded


def _record_path(config: SiteConfig) -> Path:
    """One record per output folder (``--out`` builds elsewhere), in ``.digest-cache/``."""
    where = os.fsencode(config.output_dir.resolve())
    name = hashlib.blake2b(where, digest_size=8).hexdigest()
    return config.site_dir / CACHE_DIR / f"sources-{name}.json"


def _manifest_digest(out: Path) -> str:
    try:
        return _digest((out / MANIFEST).read_bytes())
    except OSError:
        return ""


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _decode(data: dict[str, Any]) -> Sources:
    since, until = (datetime.fromisoformat(m) if m else None for m in data["steady"])
    s = data["summary"]
    change = s["next_change"]
    upcoming = Change(datetime.fromisoformat(change[0]), *change[1:]) if change else None
    summary = Summary(*s["counts"], next_change=upcoming)
    warnings = tuple(
        Problem(str(p), int(n), str(m), str(level), str(detail))  # type: ignore[arg-type]
        for p, n, m, level, detail in data["warnings"]
    )
    return Sources(str(data["stamp"]), (since, until), summary, warnings)


def _summary_json(summary: Summary) -> dict[str, Any]:
    change = summary.next_change
    counts = [
        summary.articles,
        summary.topics,
        summary.skipped_drafts,
        summary.skipped_future,
        summary.skipped_expired,
    ]
    upcoming = change and [change.at.isoformat(), change.kind, change.title, change.src_path]
    return {"counts": counts, "next_change": upcoming}


def _moment(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
