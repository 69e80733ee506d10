"""The ``digest`` command: parses arguments, runs a verb, reports, exits.

The only place that chooses an exit code: 0 ok, 1 content errors, 2 usage or
configuration errors. No traceback reaches the user unless ``-v``. The verbs
themselves live in ``builder/commands/``, one module each.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from builder import __version__
from builder.commands import build, check, email, importwire, new, serve
from builder.errors import BuildFailed, ConfigError, SendFailed
from builder.write import OutputRefused, WriteFailed

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
VERBS = (build, serve, new, importwire, check, email)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="digest", description="Build a news digest site.")
    parser.add_argument("--version", action="version", version=f"newsdigest {__version__}")
    verbs = parser.add_subparsers(title="commands")
    for verb in VERBS:
        verb.add_parser(verbs)
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except ConfigError as exc:
        build.report(exc.problems)
        return EXIT_USAGE
    except BuildFailed as exc:
        build.report(exc.problems, getattr(args, "verbose", False))
        errors = sum(p.severity == "error" for p in exc.problems)
        print(
            f"build failed: {build.count(errors or len(exc.problems), 'problem')}", file=sys.stderr
        )
        return EXIT_CONTENT
    except SendFailed as exc:  # the other recipients were delivered to
        for failure in exc.failures:
            print(f"error: {failure}", file=sys.stderr)
        return EXIT_CONTENT
    except OutputRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except WriteFailed as exc:  # disk full, no permission: the build failed, nothing published
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in newsdigest: say so plainly, traceback with -v
        if getattr(args, "verbose", False):
            traceback.print_exc()
        print(
            f"internal error: {type(exc).__name__}: {exc} (run with -v for details)",
            file=sys.stderr,
        )
        return EXIT_CONTENT
