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


def build(site: Path, out: Path, *flags: str) -> Path:
    subprocess.run(
        [sys.executable, "-m", "builder", "build", "--site", site, "--out", out, "-q", *flags],
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


def axe_line(name: str, out: Path, urls: list[str] | None = None) -> str:
    pages = urls or sorted(validators.one_page_per_type(out).values())
    checked, found = validators.axe(out, pages)
    for violation in found:
        print(f"  {violation}", file=sys.stderr)
    what = "pages" if urls else "page types"
    return (
        f"| axe-core | {name} | {len(pages)} {what} x 2 widths x 2 schemes = {checked} | "
        f"{len(found)} violations |"
    )


def preview_lines(work: Path) -> list[str]:
    """tests/sites/digest with a draft and a scheduled story, built with --drafts --future."""
    site = work / "preview"
    shutil.copytree(REPO / "tests/sites/digest", site, ignore=shutil.ignore_patterns(".*"))
    validators.add_preview_stories(site)
    out = build(site, site / "public", "--drafts", "--future")
    urls = validators.preview_urls(out)
    files = [out / url.strip("/") / "index.html" for url in urls]
    messages = validators.vnu(files)
    return [
        f"| Nu HTML Checker | preview (--drafts --future) | {len(files)} pages | "
        f"{len(messages)} messages |",
        axe_line("preview (--drafts --future)", out, urls),
    ]


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
        rows += preview_lines(work)
    print("| validator | site | checked | found |\n|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
