"""A site without ``languages:`` is exactly the site it was before issue 26: the sample site
and tests/sites/digest build to the bytes recorded from the starting commit of the
multilingual work (d0d2b09), every file, the manifest's file list included (not its page
fingerprints, which digest newsdigest's own code).

To record again after a change meant to alter the output, with the code (and so the
sites) of the tree that makes the reference output: ``cd TREE && NEWSDIGEST_RECORD=1
PYTHONPATH=TREE python -m pytest -n 0 -c HERE/pyproject.toml
HERE/tests/test_language_identity.py``. Comparing two trees directly:
``benchmarks/compare_output.py --reference DIR --code-only-fingerprints``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import digest

import builder

TREE = Path(builder.__file__).resolve().parents[1]
"""The tree of the code under test: its own sample site and fixture, as it ships them."""
RECORD = Path(__file__).parent / "recorded" / "one-language.json"
NOW = "2026-12-03T12:00+01:00"
MANIFEST = ".newsdigest-manifest.json"
SITES = {
    "sample": ("site.yaml", "content", "templates", "static"),
    "digest": None,
}


def _site(name: str, into: Path) -> Path:
    site = into / name
    if SITES[name] is None:
        shutil.copytree(TREE / "tests" / "sites" / name, site)
        return site
    site.mkdir()
    for part in SITES[name]:
        source = TREE / part
        if source.is_dir():
            shutil.copytree(source, site / part)
        elif source.is_file():
            shutil.copy2(source, site / part)
    return site


def digests(out: Path) -> dict[str, str]:
    """Every output file's digest; the manifest by what it lists, not its fingerprints."""
    found = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        data = path.read_bytes()
        if rel == MANIFEST:
            listed = json.loads(data)
            data = json.dumps(
                {"files": listed["files"], "pages": sorted(listed.get("pages", {}))},
                sort_keys=True,
            ).encode()
        found[rel] = hashlib.blake2b(data, digest_size=16).hexdigest()
    return found


def test_sites_without_languages_build_to_the_recorded_bytes(tmp_path: Path) -> None:
    built = {}
    for name in SITES:
        site = _site(name, tmp_path)
        run = digest("build", "--site", site, "--now", NOW, "-q")
        assert run.code == 0, run.err
        built[name] = digests(site / "public")
    if os.environ.get("NEWSDIGEST_RECORD"):
        RECORD.write_text(json.dumps(built, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        pytest.skip(f"recorded {RECORD.name} from {TREE}")
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    for name, files in built.items():
        differing = sorted(
            p for p in files.keys() | recorded[name].keys() if files.get(p) != recorded[name].get(p)
        )
        assert differing == [], f"{name}: {differing[:10]}"
