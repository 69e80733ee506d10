#!/usr/bin/env python3
"""The differential test's long mode: many more random edits than CI makes (issue 21).

Why: CI runs four seeds, 320 steps (tests/test_differential.py) to stay within a few
minutes; a shortcut that is wrong only in a rare sequence of edits needs more. This
runs the same oracle (tests/helpers/differential.py: after every edit of a copy of
tests/sites/trust, the warm build and a clean build of a copy of its sources in another
folder must agree on the exit code, the problems and every output byte, the manifest
included) for ``--steps`` edits, spread over seeds of ``--per-seed`` steps each.

How: builds run in this process, as ``digest build`` runs them (``--serve``: through
serve's own loop, with a real watcher; no clock edits then). ``--search`` keeps Pagefind
on (its unstable files compared by count). It stops at the first disagreement and prints
it (seed, step, the edits before it, the files that differ), exit 1; else it prints the
steps, the builds that failed alike (then the editor mended the site), the edits made by
kind, and the wall and CPU seconds.

Usage:
  python benchmarks/differential.py --steps 5000
  python benchmarks/differential.py --steps 1000 --search --first-seed 100
  python benchmarks/differential.py --steps 300 --serve
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]  # this checkout, and the tests' helpers

from helpers import differential, serve_loop  # noqa: E402
from helpers.trust_editor import Editor  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=5000, help="edits in all (default 5000)")
    p.add_argument("--per-seed", type=int, default=100, help="edits per seed (default 100)")
    p.add_argument("--first-seed", type=int, default=1000, help="the first seed (default 1000)")
    p.add_argument("--search", action="store_true", help="keep Pagefind on")
    p.add_argument("--serve", action="store_true", help="warm builds by serve's own loop")
    p.add_argument("--workdir", type=Path, help="where the sites go (default: a temporary one)")
    args = p.parse_args()
    root = Path(tempfile.mkdtemp(prefix="differential-", dir=args.workdir))
    kinds = tuple(k for k in Editor(Path("."), 0).edits if k != "clock") if args.serve else None
    driver = serve_loop.digest_serve if args.serve else differential.digest_build
    started, made, failed, done = time.perf_counter(), Counter[str](), 0, 0
    seed = args.first_seed
    try:
        while done < args.steps:
            steps = min(args.per_seed, args.steps - done)
            work = root / f"seed-{seed}"
            outcome = differential.run(
                work, seed, steps, kinds=kinds, search=args.search, driver=driver
            )
            made.update(outcome.kinds)
            failed += outcome.failed_builds
            done += outcome.steps
            shutil.rmtree(work, ignore_errors=True)
            print(f"seed {seed}: {outcome.steps} steps, ok ({done}/{args.steps})", flush=True)
            seed += 1
    except AssertionError as exc:
        print(f"DIFFERENCE after {done} steps: {exc}", file=sys.stderr)
        print(f"the sites are kept in {root}", file=sys.stderr)
        return 1
    used = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = used.ru_utime + used.ru_stime + children.ru_utime + children.ru_stime
    seeds = seed - args.first_seed
    print(f"{done} steps over {seeds} seeds: every warm build equals a clean build")
    print(f"builds that failed alike (then mended): {failed}")
    print("edits: " + ", ".join(f"{k} {n}" for k, n in sorted(made.items())))
    print(f"wall {time.perf_counter() - started:.0f} s, CPU {cpu:.0f} s")
    shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
