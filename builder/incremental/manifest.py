"""The manifest: what newsdigest wrote into an output folder, kept in that folder.

It lists every file written with the digest of its bytes (only those files are ever
dropped; anything else, a ``CNAME`` say, is the user's and carried over), each page's
fingerprint (a page whose fingerprint is unchanged is not rendered again), the digest
of the build's inputs (a build whose inputs are unchanged stops early), and the files
found in the output that newsdigest did not write.

Kept in the output rather than beside it, so it always describes the files next to it:
a swap replaces both at once. The first format was the bare ``files`` mapping; it is
still read (no fingerprints: every page renders once).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".newsdigest-manifest.json"
FORMAT = 2


@dataclass(frozen=True)
class Manifest:
    files: dict[str, str] = field(default_factory=dict)
    """out_path -> digest of the bytes written."""
    pages: dict[str, str] = field(default_factory=dict)
    """out_path -> the fingerprint of what the page was rendered from."""
    inputs: str = ""
    """The digest of the whole build's inputs (content keys, templates, static files,
    configuration, the published set); '' when unknown."""
    foreign: tuple[str, ...] = ()
    """Files found in the output that newsdigest did not write (carried over)."""


def read(folder: Path) -> Manifest | None:
    """The manifest in ``folder``; None when there is none or it cannot be read."""
    try:
        raw = (folder / MANIFEST).read_bytes()
    except OSError:
        return None
    return parse(raw)


def parse(raw: bytes) -> Manifest | None:
    """A manifest's bytes as read (the quick check digests the same bytes); None if unreadable."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if data.get("format") != FORMAT:
        return Manifest(files={str(k): str(v) for k, v in data.items()})  # the first format
    try:
        return Manifest(
            files={str(k): str(v) for k, v in data["files"].items()},
            pages={str(k): str(v) for k, v in data["pages"].items()},
            inputs=str(data["inputs"]),
            foreign=tuple(str(p) for p in data["foreign"]),
        )
    except (KeyError, AttributeError, TypeError):
        return None


def encode(manifest: Manifest) -> str:
    data = {
        "format": FORMAT,
        "files": manifest.files,
        "pages": manifest.pages,
        "inputs": manifest.inputs,
        "foreign": sorted(manifest.foreign),
    }
    return json.dumps(data, sort_keys=True, indent=0)
