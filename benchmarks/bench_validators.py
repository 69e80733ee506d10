#!/usr/bin/env python3
"""Print the theme's validator figures: pages checked, errors, warnings, violations.

    python benchmarks/bench_validators.py [--articles 1000]

The Nu HTML Checker (vnu-jar) runs on every page of the sample site, of
tests/sites/digest and of a ``make_corpus.py`` site (``../shared/bench``, beside the
project's own checkout; left out where absent); axe-core runs in Chromium on one page of
each type of the first two sites at 1280 px and 390 px, light and dark. The same code as
tests/test_validators.py (``tests/helpers/validators.py``), which asserts that every figure but
the page counts is 0. Installs the tools into tests/.tools with ``npm ci`` when absent.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from helpers import validators  # noqa: E402  (tests/helpers/validators.py, as the tests)

MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def build(site: Path, out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "builder", "build", "--site", site, "--out", out, "-q"],
        check=True,
        env=ENV,
    )
    return out


def vnu_line(name: str, out: Path) -> str:
    files = validators.html_pages(out)
    css = sorted(out.rglob("*.css"))
    kinds = collections.Counter(
        "error" if m["type"] == "error" else m.get("subType") or m["type"]
        for m in validators.vnu(files + css)
    )
    rest = sum(n for kind, n in kinds.items() if kind not in ("error", "warning"))
    return (
        f"| Nu HTML Checker | {name} | {len(files)} pages + {len(css)} CSS | "
        f"{kinds['error']} errors, {kinds['warning']} warnings, {rest} other |"
    )


def axe_line(name: str, out: Path) -> str:
    pages = validators.one_page_per_type(out)
    checked, found = validators.axe(out, sorted(pages.values()))
    for violation in found:
        print(f"  {violation}", file=sys.stderr)
    return (
        f"| axe-core | {name} | {len(pages)} page types x 2 widths x 2 schemes = {checked} | "
        f"{len(found)} violations |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="corpus size (max 1000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fixture = work / "digest"
        shutil.copytree(REPO / "tests/sites/digest", fixture, ignore=shutil.ignore_patterns(".*"))
        sites = {
            "sample site": build(REPO, work / "sample"),
            "tests/sites/digest": build(fixture, fixture / "public"),
        }
        rows = [vnu_line(name, out) for name, out in sites.items()]
        if MAKE_CORPUS.is_file():
            corpus = work / "corpus"
            count = str(min(args.articles, 1000))
            subprocess.run(
                [sys.executable, MAKE_CORPUS, "--articles", count, "--out", corpus],
                check=True,
                capture_output=True,
            )
            rows.append(vnu_line(f"{count}-article corpus", build(corpus, corpus / "public")))
        rows += [axe_line(name, out) for name, out in sites.items()]
    print("| validator | site | checked | found |\n|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
