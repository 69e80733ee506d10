"""The ``digest`` command: parses arguments, runs a verb, reports, exits.

The only place that chooses an exit code (:data:`EXIT_CODES`): 0 ok, 1 content
errors, 2 usage or configuration errors, 3 ``build --verify`` found a stale page (an
internal error, rewritten), 130 interrupted. Verbs return nothing
and raise a :class:`~builder.errors.DigestError` when they fail; this module
reports it and maps its type to the code. No traceback reaches the user unless
``-v``. The verbs themselves live in ``builder/commands/``, one module each.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
import traceback
from collections.abc import Sequence
from types import ModuleType

from builder import __version__
from builder.commands import options
from builder.errors import (
    ArticleExists,
    BuildFailed,
    CheckFailed,
    ConfigError,
    DigestError,
    OutputRefused,
    Refused,
    Rejected,
    SendFailed,
    SiteBusy,
    StaleOutput,
    UsageError,
    WriteFailed,
)

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_STALE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_CODES: dict[type[DigestError], int] = {
    BuildFailed: EXIT_CONTENT,
    Rejected: EXIT_CONTENT,
    SendFailed: EXIT_CONTENT,  # digest email --send: some recipients refused, the rest sent
    Refused: EXIT_CONTENT,
    ArticleExists: EXIT_CONTENT,
    CheckFailed: EXIT_CONTENT,
    WriteFailed: EXIT_CONTENT,  # disk full, no permission: the build failed, nothing published
    ConfigError: EXIT_USAGE,
    UsageError: EXIT_USAGE,
    SiteBusy: EXIT_USAGE,  # build --no-wait: another build of the site is running
    OutputRefused: EXIT_USAGE,
    StaleOutput: EXIT_STALE,  # build --verify: a warm build had kept a stale file (rewritten)
}
"""Each error a verb raises, by type, and the exit code it ends the command with."""
VERBS = {
    "init": "init",
    "build": "build",
    "serve": "serve",
    "new": "new",
    "import": "importwire",
    "check": "check",
    "email": "email",
    "schedule": "schedule",
}
"""Each verb and the module of builder.commands that holds it, in the order ``--help`` lists."""


GC_THRESHOLDS = (50_000, 10, 100)
"""Python's cyclic collector, told to run far less often than its default (700, 10, 10).

A build's data is frozen dataclasses, strings and tuples: reference counting frees it,
and a full collection at 10,000 articles finds about ten objects. Yet by default the
collector walks the whole growing heap again and again (each time it has grown by a
quarter): a fifth of a one-edit build, a tenth of a cold one, a third of ``serve``'s
rebuild, measured (docs/performance.md). It still runs, so no cycle is kept for good."""


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    gc.set_threshold(*GC_THRESHOLDS)
    parser = argparse.ArgumentParser(prog="digest", description="Build a news digest site.")
    parser.add_argument("--version", action="version", version=f"newsdigest {__version__}")
    verbs = parser.add_subparsers(title="commands")
    for verb in verb_modules(argv):
        verb.add_parser(verbs)
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    verbose = getattr(args, "verbose", False)
    try:
        args.run(args)
    except DigestError as exc:
        show(exc, args)
        return exit_code(exc)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug in newsdigest: say so plainly, traceback with -v
        if verbose:
            traceback.print_exc()
        print(
            f"internal error: {type(exc).__name__}: {exc} (run with -v for details)",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    return EXIT_OK


def verb_modules(argv: Sequence[str]) -> list[ModuleType]:
    """The named verb's module alone when the first argument names one, else every verb's.

    Each verb imports what it needs (``serve`` the preview server, ``email`` smtplib); a
    ``digest build`` with nothing to do takes a fraction of a second, and importing the
    other verbs would be a third of it. Parsing is the same: argparse reads one verb's
    arguments with that verb's parser; ``digest --help`` and a typo get the full list."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    names = [VERBS[first]] if first in VERBS else list(VERBS.values())
    return [importlib.import_module(f"builder.commands.{name}") for name in names]


def exit_code(exc: DigestError) -> int:
    """The code of the nearest class in :data:`EXIT_CODES` (a subclass ends as its parent)."""
    codes = (EXIT_CODES.get(kind) for kind in type(exc).__mro__)
    return next((code for code in codes if code is not None), EXIT_CONTENT)


def show(exc: DigestError, args: argparse.Namespace) -> None:
    """What the user reads about a failure: its problems, or one ``error:`` sentence."""
    verbose = getattr(args, "verbose", False)
    if isinstance(exc, CheckFailed):
        return  # check printed its report itself (text or JSON, on stdout)
    if isinstance(exc, ConfigError) and getattr(args, "format", "text") == "json":
        print(options.as_json(exc.problems))
    elif isinstance(exc, BuildFailed):
        options.report(exc.problems, verbose)
        errors = sum(p.severity == "error" for p in exc.problems)
        count = options.count(errors or len(exc.problems), "problem")
        print(f"build failed: {count}", file=sys.stderr)
    elif isinstance(exc, (ConfigError, Rejected, Refused)):
        options.report(exc.problems, verbose)
    elif isinstance(exc, StaleOutput):
        for line in exc.lines:
            print(line, file=sys.stderr)
        count = options.count(len(exc.lines), "difference")
        said = f"verify: {count} from a clean build; the output is rewritten (a bug: report it)"
        print(said, file=sys.stderr)
    else:
        print(f"error: {exc}", file=sys.stderr)
