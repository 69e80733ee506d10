#!/usr/bin/env python3
"""Build the same sites with two checkouts of newsdigest and compare the output byte for byte.

Why: a refactoring (issue 11: one home for URLs, containment, the publication
rule) must not change one byte of what a site publishes. Comparing whole output
folders catches what the tests' assertions do not look at.

How: each site is copied to a fresh folder per checkout (so neither build sees
the other's parse cache), built with ``python -m builder build --out DIR -q`` in a
child process whose PYTHONPATH is that checkout, and the two output folders are
compared file by file (the manifest included). The sites are the sample site of
the current checkout, tests/sites/digest, and the Digital.gov corpus of
``../shared`` when present (its two known error files removed, as in
tests/test_corpora.py).

Usage:
  python benchmarks/compare_output.py --base /work/base [--head .] [--workdir /tmp/cmp]

Exit status 0 when every site is identical, 1 otherwise (the differing files are listed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "digitalgov-news" / "content"
CORPUS_ERRORS = (
    "news/2023/11/2023-11-20-infrastructure-as-a-public-service.md",
    "news/2018/09/2018-09-24-example.md",
)


def sites(workdir: Path) -> dict[str, Path]:
    """The sites to compare, copied once into ``workdir/src``."""
    src = workdir / "src"
    found = {"sample": REPO, "digest": REPO / "tests" / "sites" / "digest"}
    copies: dict[str, Path] = {}
    ignore = shutil.ignore_patterns(".digest-cache", "public", ".git", "tests", "builder")
    for name, folder in found.items():
        copies[name] = src / name
        shutil.copytree(folder / "content", copies[name] / "content", ignore=ignore)
        shutil.copy(folder / "site.yaml", copies[name] / "site.yaml")
        if (folder / "templates").is_dir() and name != "sample":
            shutil.copytree(folder / "templates", copies[name] / "templates")
    if CORPUS.is_dir():
        copies["digitalgov"] = src / "digitalgov"
        shutil.copytree(CORPUS, copies["digitalgov"] / "content")
        for rel in CORPUS_ERRORS:
            (copies["digitalgov"] / "content" / rel).unlink(missing_ok=True)
        (copies["digitalgov"] / "site.yaml").write_text(
            "title: Digital.gov news\ntimezone: America/New_York\n"
        )
    return copies


def build(checkout: Path, site: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    command = [
        sys.executable,
        "-m",
        "builder",
        "build",
        "--site",
        str(site),
        "--out",
        str(out),
        "-q",
    ]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"build of {site} with {checkout} failed:\n{proc.stderr[-3000:]}")


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def compare(one: Path, two: Path) -> list[str]:
    """Every path that is missing on one side or differs in bytes."""
    a, b = files(one), files(two)
    return sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--base", type=Path, required=True, help="checkout built first")
    parser.add_argument("--head", type=Path, default=REPO, help="checkout built second")
    parser.add_argument("--workdir", type=Path, help="kept after the run (default: temporary)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsdigest-compare-"))
    failed = False
    for name, site in sites(workdir).items():
        outs = []
        for label, checkout in (("base", args.base), ("head", args.head)):
            copy = workdir / label / name
            shutil.copytree(site, copy)
            build(checkout.resolve(), copy, workdir / label / f"{name}-out")
            outs.append(workdir / label / f"{name}-out")
        differ = compare(*outs)
        count = len(files(outs[1]))
        print(f"{name}: {count} files, {'identical' if not differ else f'{len(differ)} differ'}")
        for path in differ[:20]:
            print(f"  {path}")
        failed = failed or bool(differ)
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
