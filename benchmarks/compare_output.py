#!/usr/bin/env python3
"""Build the same sites with this tree and with a reference revision; compare every byte.

Why: a refactoring that "changes no behaviour" (issue 11) is only proven so if the
output is the same, file for file and byte for byte, on real content. The test
suite checks what it checks; this checks everything a build writes.

How:
  1. The reference tree is ``git worktree add --detach`` of ``--against REV``
     (default ``main``) in a temporary folder, removed at the end; or, with
     ``--reference DIR``, an existing checkout used as it is.
  2. Each tree builds each site in a fresh child process, ``python -m builder
     build --clean -q``, with ``PYTHONPATH`` set to that tree alone (so an
     editable install elsewhere is not what runs) and the output in a temporary
     folder. The sites:
       sample      the tree's own sample site (site.yaml, content/, templates/)
       tests/sites/digest  the fixture site with every kind of page
       digitalgov  ../shared/corpora/digitalgov-news, less the two posts that stop
                   its build (as in tests/test_corpora.py), with this tree's
                   tests/sites/digitalgov (site.yaml and its shortcodes' templates)
     plus any ``--site DIR`` given (a folder relative to each tree, such as
     tests/sites/digest, or an absolute path built by both).
  3. Every file of the two output folders is compared (dot-files included); the
     counts and the first differences are printed.

Exit status: 0 when every output is identical, 1 on any difference, 2 when a
tree or a build could not be made.

Usage:
  python benchmarks/compare_output.py --against a368751
  python benchmarks/compare_output.py --reference /work/base --site tests/sites/links
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "digitalgov-news"
CORPUS_BROKEN = (
    "news/2023/11/2023-11-20-infrastructure-as-a-public-service.md",  # its URL clashes
    "news/2018/09/2018-09-24-example.md",  # no title
)
SAMPLE_PARTS = ("site.yaml", "content", "templates", "static")
MANIFEST = ".newsdigest-manifest.json"
FIXTURES = ("digest",)
"""Fixture sites of tests/sites/ compared by default (the one with every page kind)."""


class Failed(Exception):
    """A tree or a build could not be made (exit 2)."""


@dataclass(frozen=True)
class Comparison:
    site: str
    same: int
    only_current: list[str]
    only_reference: list[str]
    differing: list[str]

    @property
    def identical(self) -> bool:
        return not (self.only_current or self.only_reference or self.differing)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="main", metavar="REV", help="reference revision")
    parser.add_argument(
        "--reference", "--base", type=Path, help="an existing reference checkout instead"
    )
    parser.add_argument("--tree", "--head", type=Path, default=REPO, help="the tree under test")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the Digital.gov corpus")
    parser.add_argument("--site", type=Path, action="append", default=[], help="another site")
    parser.add_argument("--show", type=int, default=5, help="differences shown per site")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument(
        "--code-only-fingerprints",
        action="store_true",
        help="compare the manifest without its fingerprint values (they digest the code, "
        "so any change of builder/ changes them): for refactorings meant to keep the output",
    )
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except Failed as exc:
        print(f"compare_output: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    current = args.tree.resolve()
    with _work_folder(args.keep) as work, _reference_tree(args, work) as reference:
        print(f"current:   {current} ({_describe(current)})")
        print(f"reference: {reference} ({_describe(reference)})")
        results = []
        for spec in _sites(args):
            outputs = [
                _build(spec, tree, work / label / spec.name.replace("/", "_"))
                for label, tree in (("current", current), ("reference", reference))
            ]
            results.append(compare(spec.name, *outputs, not args.code_only_fingerprints))
            _report(results[-1], *outputs, args.show)
    different = [r.site for r in results if not r.identical]
    print("identical" if not different else f"DIFFERENT: {', '.join(different)}")
    return 1 if different else 0


@contextmanager
def _work_folder(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="compare-output-") as folder:
        yield Path(folder)


@contextmanager
def _reference_tree(args: argparse.Namespace, work: Path) -> Iterator[Path]:
    """The reference checkout: given, or a detached worktree removed afterwards."""
    if args.reference is not None:
        if not (args.reference / "builder").is_dir():
            raise Failed(f"{args.reference} has no builder/ package")
        yield args.reference.resolve()
        return
    target = work / "reference-tree"
    shutil.rmtree(target, ignore_errors=True)
    _git(args.tree, "worktree", "add", "--detach", "--quiet", str(target), args.against)
    try:
        yield target
    finally:
        _git(args.tree, "worktree", "remove", "--force", str(target))


def _git(tree: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(tree), *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise Failed(f"git {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout.strip()


def _describe(tree: Path) -> str:
    try:
        return _git(tree, "log", "-1", "--format=%h %s")[:80]
    except Failed:
        return "not a git checkout"


@dataclass(frozen=True)
class SiteSpec:
    name: str
    folder: Callable[[Path], Path]
    """The site's folder for a given tree."""
    corpus: bool = False
    """Only ``content/`` is taken, less the broken posts, with the corpus's site.yaml."""


def _sites(args: argparse.Namespace) -> list[SiteSpec]:
    sites = [SiteSpec("sample", lambda tree: tree)]
    sites += [
        SiteSpec(f"tests/sites/{name}", lambda tree, n=name: tree / "tests/sites" / n)
        for name in FIXTURES
    ]
    corpus = args.corpus.resolve()
    if (corpus / "content").is_dir():
        sites.append(SiteSpec("digitalgov", lambda tree: corpus, corpus=True))
    else:
        print(f"digitalgov: skipped, {corpus} is absent")
    for extra in args.site:
        sites.append(SiteSpec(extra.as_posix(), lambda tree, e=extra: tree / e))  # absolute: as is
    return sites


def _prepare(spec: SiteSpec, tree: Path, folder: Path) -> Path:
    """A fresh copy of the site to build (no cache, no old output, the tree untouched)."""
    source, site = spec.folder(tree), folder / "site"
    shutil.rmtree(folder, ignore_errors=True)
    site.mkdir(parents=True)
    if spec.corpus:
        shutil.copytree(source / "content", site / "content")
        for broken in CORPUS_BROKEN:
            (site / "content" / broken).unlink()
        fixture = REPO / "tests" / "sites" / "digitalgov"  # its shortcodes' templates
        shutil.copy2(fixture / "site.yaml", site / "site.yaml")
        shutil.copytree(fixture / "templates", site / "templates")
        return site
    for part in SAMPLE_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, site / part, symlinks=True)
        elif path.is_file():
            shutil.copy2(path, site / part)
    return site


def _build(spec: SiteSpec, tree: Path, folder: Path) -> Path:
    site = _prepare(spec, tree, folder)
    out = folder / "out"
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "builder", "build", "--site", str(site), "--out", str(out)]
    proc = subprocess.run(
        [*command, "--clean", "-q"], cwd=tree, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise Failed(f"{spec.name} built by {tree} exited {proc.returncode}:\n{proc.stderr}")
    return out


def snapshot(folder: Path, fingerprints: bool = True) -> dict[str, bytes]:
    """Every file below ``folder`` (dot-files included) with its bytes.

    Without ``fingerprints`` the manifest is compared by what it lists (every file, its
    digest, the pages, the foreign files) but not by the fingerprint values and the
    input digest: those digest newsdigest's own code (incremental/fingerprint.py), so
    two trees that differ in any line give different values for the same output."""
    found = {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    if not fingerprints and MANIFEST in found:
        data = json.loads(found[MANIFEST])
        if isinstance(data.get("pages"), dict):
            data["pages"] = sorted(data["pages"])
            data["inputs"] = bool(data.get("inputs"))
        found[MANIFEST] = json.dumps(data, sort_keys=True, indent=0).encode()
    return found


def compare(site: str, current: Path, reference: Path, fingerprints: bool = True) -> Comparison:
    ours, theirs = snapshot(current, fingerprints), snapshot(reference, fingerprints)
    common = sorted(ours.keys() & theirs.keys())
    differing = [path for path in common if ours[path] != theirs[path]]
    differing.sort(key=lambda path: path == MANIFEST)  # it differs whenever a page does
    return Comparison(
        site,
        same=len(common) - len(differing),
        only_current=sorted(ours.keys() - theirs.keys()),
        only_reference=sorted(theirs.keys() - ours.keys()),
        differing=differing,
    )


def _report(result: Comparison, current: Path, reference: Path, show: int) -> None:
    print(
        f"{result.site}: {result.same} identical, {len(result.differing)} differing, "
        f"{len(result.only_current)} only in current, "
        f"{len(result.only_reference)} only in reference"
    )
    for path in result.only_current[:show]:
        print(f"  only in current:   {path}")
    for path in result.only_reference[:show]:
        print(f"  only in reference: {path}")
    for path in result.differing[:show]:
        print(f"  differs: {path}")
        for line in first_difference(reference / path, current / path):
            print(f"    {line}")


def first_difference(reference: Path, current: Path, context: int = 2) -> list[str]:
    """The first hunk of a unified diff (reference -> current), or the first differing byte."""
    old, new = reference.read_bytes(), current.read_bytes()
    try:
        old_lines, new_lines = old.decode().splitlines(), new.decode().splitlines()
    except UnicodeDecodeError:
        pairs = enumerate(zip(old, new, strict=False))
        at = next((i for i, (a, b) in pairs if a != b), min(len(old), len(new)))
        return [f"not UTF-8 text; the first difference is at byte {at}"]
    diff = difflib.unified_diff(
        old_lines, new_lines, "reference", "current", n=context, lineterm=""
    )
    lines = list(diff)
    hunk_ends = [i for i, line in enumerate(lines) if line.startswith("@@")]
    end = hunk_ends[1] if len(hunk_ends) > 1 else len(lines)
    return [line[:160] for line in lines[2:end][:12]]


if __name__ == "__main__":
    sys.exit(main())
