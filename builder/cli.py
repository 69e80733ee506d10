"""The ``digest`` command: parses arguments, calls the pipeline, prints, exits.

The only module that prints or chooses an exit code: 0 ok, 1 content errors,
2 usage or configuration errors. No traceback reaches the user unless ``-v``.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from builder import __version__
from builder.config import load_config
from builder.errors import BuildFailed, ConfigError, Problem
from builder.index import Selection
from builder.pipeline import BuildResult, build
from builder.write import OutputRefused

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except ConfigError as exc:
        _report(exc.problems)
        return EXIT_USAGE
    except BuildFailed as exc:
        _report(exc.problems)
        errors = sum(p.severity == "error" for p in exc.problems)
        print(f"build failed: {_count(errors or len(exc.problems), 'problem')}", file=sys.stderr)
        return EXIT_CONTENT
    except OutputRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in newsdigest: say so plainly, traceback with -v
        if getattr(args, "verbose", False):
            traceback.print_exc()
        print(f"internal error: {type(exc).__name__}: {exc} (run with -v for details)", file=sys.stderr)
        return EXIT_CONTENT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digest", description="Build a news digest site.")
    parser.add_argument("--version", action="version", version=f"newsdigest {__version__}")
    verbs = parser.add_subparsers(title="commands")
    b = verbs.add_parser("build", help="build the site into the output folder")
    _site_options(b)
    b.add_argument("--out", type=Path, help="output folder (default: output_dir of site.yaml)")
    b.add_argument("--strict", action="store_true", help="fail on warnings too")
    b.add_argument("--clean", action="store_true", help="ignore caches and rewrite every file")
    loud = b.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    loud.add_argument("-v", "--verbose", action="store_true", help="more detail, tracebacks")
    b.set_defaults(run=run_build)
    return parser


def _site_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    p.add_argument("--drafts", action="store_true", help="include drafts")
    p.add_argument("--future", action="store_true", help="include future-dated articles")


def run_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    site_dir = args.site.resolve()
    if not site_dir.is_dir():
        raise ConfigError([Problem(str(args.site), 1, "site folder not found")])
    config = load_config(site_dir, args.out.resolve() if args.out else None)
    selection = Selection(args.drafts, args.future, datetime.now(UTC))
    result = build(config, selection, strict=args.strict)
    _report(result.warnings)
    if not args.quiet:
        print(_summary(result, config.output_dir, time.perf_counter() - started))
    return EXIT_OK


def _summary(result: BuildResult, out: Path, seconds: float) -> str:
    site = result.site
    skipped = []
    if site.skipped_drafts:
        skipped.append(_count(site.skipped_drafts, "draft"))
    if site.skipped_future:
        skipped.append(_count(site.skipped_future, "future article"))
    note = f" ({', '.join(skipped)} skipped)" if skipped else ""
    stats = result.stats
    files = f"{stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed" if stats else ""
    return (
        f"built {_count(len(site.articles), 'article')}{note}, {_count(len(site.topics), 'topic')}"
        f" -> {out} ({files}) in {seconds:.2f} s"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _report(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
