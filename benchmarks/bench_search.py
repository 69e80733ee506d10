"""Search figures (issue 16): what a Pagefind index costs against the build, and what a
reader downloads.

Usage: ``python benchmarks/bench_search.py [--articles 1000] [--runs 3] [--keep DIR]``

On one corpus from ``../shared/bench/make_corpus.py`` it measures, each build a
fresh ``python -m builder build`` process, medians of ``--runs``:

1. cold build without search, and with ``search: {engine: pagefind}``;
2. a one-article edit rebuild without and with search (the re-index cost);
3. a rebuild where no article page changed (``per_page`` edited: the index is kept);
4. Pagefind alone on the article pages, two ways: the binary (``--site``) and its Python
   API (``PagefindIndex.add_directory``, files written on leaving the context);
5. the index size on disk (the index itself, and Pagefind's scripts and styles);
6. the bytes a reader's browser fetches from ``/pagefind/`` for one query in Chromium:
   the first query of a visit (scripts, WebAssembly, metadata, index chunks, fragments)
   and a second query in the same visit (only new chunks and fragments).

Exit 0, 2 when the corpus generator or Chromium is missing.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS_SCRIPT = REPO.parent / "shared/bench/make_corpus.py"
CHROMIUM = Path("/usr/bin/chromium")
SITE_YAML = "title: Bench\nbase_url: https://bench.example.org/\ntimezone: UTC\n"
QUERIES = ("semiconductor", "election results")


def build(site: Path, *extra: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--site", str(site), "-q", *extra],
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"build failed: {proc.stderr}")
    return time.perf_counter() - started


def make_site(root: Path, articles: int, search: bool) -> Path:
    site = root / ("with-search" if search else "no-search")
    subprocess.run(
        [sys.executable, str(CORPUS_SCRIPT), "--articles", str(articles), "--out", str(site)],
        check=True,
        capture_output=True,
    )
    extra = "search:\n  engine: pagefind\n" if search else ""
    (site / "site.yaml").write_text(SITE_YAML + extra)
    return site


def edit_one(site: Path, run: int) -> None:
    first = sorted((site / "content").rglob("*.md"))[0]
    first.write_text(first.read_text() + f"\n\nEdited for run {run}.\n")


def alternating(sites: dict[bool, Path], runs: int, before: Any, *extra: str) -> dict[bool, float]:
    """Median seconds per site, the two sites' builds alternating (the machine's load drifts)."""
    times: dict[bool, list[float]] = {flag: [] for flag in sites}
    for run in range(runs):
        for flag, site in sites.items():
            before(site, run)
            times[flag].append(build(site, *extra))
    return {flag: statistics.median(found) for flag, found in times.items()}


def pagefind_alone(out: Path, runs: int) -> tuple[float, float]:
    """Seconds for the binary and for the Python API over the article pages only."""
    from builder.write.search import executable

    binary, _ = executable()
    articles = [p for p in out.rglob("index.html") if p.relative_to(out).parts[0].isdigit()]
    with tempfile.TemporaryDirectory() as scratch:
        pages = Path(scratch) / "site"
        for page in articles:
            target = pages / page.relative_to(out)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(page, target)
        cli, api = [], []
        for _ in range(runs):
            bundle = Path(scratch) / "bundle"
            shutil.rmtree(bundle, ignore_errors=True)
            started = time.perf_counter()
            command = [str(binary), "--site", str(pages), "--output-path", str(bundle), "--quiet"]
            subprocess.run(command, check=True, capture_output=True)
            cli.append(time.perf_counter() - started)
            shutil.rmtree(bundle)
            started = time.perf_counter()
            asyncio.run(_python_api(pages, bundle))
            api.append(time.perf_counter() - started)
    return statistics.median(cli), statistics.median(api)


async def _python_api(pages: Path, bundle: Path) -> None:
    from pagefind.index import PagefindIndex

    # Leaving the context writes the files, to the configured output_path (else ./pagefind).
    async with PagefindIndex(config={"output_path": str(bundle)}) as index:
        await index.add_directory(str(pages))


def sizes(out: Path) -> tuple[int, int, int]:
    """Bytes of the index proper, of Pagefind's scripts and styles, and file count."""
    files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
    assets = sum(p.stat().st_size for p in files if p.suffix in (".js", ".css"))
    return sum(p.stat().st_size for p in files) - assets, assets, len(files)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def query_bytes(out: Path) -> list[tuple[str, int, int]]:
    """Per query: (query, bytes fetched from /pagefind/, requests), in one browser visit."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fetched: list[int] = []
    found = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()

            def seen(response: Any) -> None:
                if "/pagefind/" in response.url:
                    try:
                        fetched.append(len(response.body()))
                    except Exception:  # the browser closed before the body came
                        fetched.append(0)

            page.on("response", seen)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/")
            page.wait_for_load_state("networkidle")
            for query in QUERIES:
                start = len(fetched)
                box = page.locator(".pagefind-ui__search-input")
                box.fill(query)
                page.wait_for_selector(".pagefind-ui__result-link")
                page.wait_for_load_state("networkidle")
                time.sleep(1.0)  # result fragments load after the first results show
                found.append((query, sum(fetched[start:]), len(fetched) - start))
                if query == QUERIES[0]:
                    found[-1] = (query, sum(fetched), len(fetched))  # the visit's first query
            browser.close()
    finally:
        server.shutdown()
    return found


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    args = p.parse_args()
    if not CORPUS_SCRIPT.is_file() or not CHROMIUM.exists():
        print(f"needs {CORPUS_SCRIPT} and {CHROMIUM}", file=sys.stderr)
        return 2
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    root.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, float, float]] = []
    sites = {flag: make_site(root, args.articles, flag) for flag in (False, True)}

    def fresh(site: Path, run: int) -> None:
        shutil.rmtree(site / "public", ignore_errors=True)

    def per_page(site: Path, run: int) -> None:
        text = (site / "site.yaml").read_text().split("per_page")[0]
        (site / "site.yaml").write_text(text + f"per_page: {5 + run}\n")

    cold = alternating(sites, args.runs, fresh, "--clean")
    rows.append(("cold build", cold[False], cold[True]))
    edit = alternating(sites, args.runs, edit_one)
    rows.append(("one-article edit rebuild", edit[False], edit[True]))
    kept = alternating(sites, args.runs, per_page)
    rows.append(("rebuild, no article page changed", kept[False], kept[True]))
    out = sites[True] / "public"
    cli, api = pagefind_alone(out, args.runs)
    index, assets, count = sizes(out)
    report(args, rows, cli, api, (index, assets, count), query_bytes(out))
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0


def report(args: Any, rows: Any, cli: float, api: float, size: Any, queries: Any) -> None:
    print(f"\n{args.articles} articles, medians of {args.runs} runs (fresh processes)\n")
    print("| build | no search (s) | search on (s) | search cost (s) |\n|---|---:|---:|---:|")
    for name, off, on in rows:
        print(f"| {name} | {off:.2f} | {on:.2f} | {on - off:+.2f} |")
    print(f"\nPagefind alone over the article pages: binary {cli:.2f} s, Python API {api:.2f} s")
    index, assets, count = size
    shown = f"{index / 1e6:.2f} MB index + {assets / 1e3:.0f} kB scripts/styles"
    print(f"index size: {shown}, {count} files")
    for query, fetched, requests in queries:
        print(f"query '{query}': {fetched / 1e3:.0f} kB in {requests} requests")


if __name__ == "__main__":
    raise SystemExit(main())
