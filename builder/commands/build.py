"""``digest build``: build the site once into the output folder."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from builder import incremental, write
from builder.commands import options
from builder.commands.helptext import verb_parser
from builder.config import SiteConfig, languages
from builder.errors import StaleOutput
from builder.incremental.lock import site_lock
from builder.index.publication import Selection
from builder.progress import Progress, for_terminal
from builder.result import BuildResult


def add_parser(verbs: Any) -> None:
    p = verb_parser(
        verbs,
        "build",
        "build the site into the output folder",
        "Reads site.yaml and content/, writes every page to output_dir (default public/).\n"
        "Drafts and future-dated stories are left out unless --drafts/--future; then\n"
        "their pages carry a DRAFT or SCHEDULED badge and are not indexed. On any error\n"
        "nothing is written and the previous output stays as it was.",
        [
            "digest build",
            "digest build --site mysite --strict",
            "digest build --drafts --out /tmp/preview",
        ],
    )
    options.add_site(p)
    options.add_selection(p)
    p.add_argument("--out", type=Path, help="output folder (default: output_dir of site.yaml)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--clean", action="store_true", help="ignore caches and rewrite every file")
    p.add_argument(
        "--lang",
        metavar="CODE",
        help="build one language of languages: alone, into OUTPUT-CODE/ unless --out",
    )
    p.add_argument(
        "--verify",
        action="store_true",
        help="then compare the output with a clean build of the same sources (exit 3 if stale)",
    )
    p.add_argument(
        "--no-wait",
        action="store_true",
        help="exit (code 2) if another build of this site is running, instead of waiting",
    )
    options.add_verbosity(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    config = options.site_config(args, args.out)
    if args.lang:
        config = languages.only(config, args.lang, config.output_dir if args.out else None)
    progress = None if args.quiet else for_terminal(sys.stderr)  # bars on a terminal only
    result = build_with_cache(
        config,
        options.selection(args, config.tz),
        strict=args.strict,
        clean=args.clean,
        progress=progress,
        verify=args.verify,
        wait=not args.no_wait,
        waiting=_say,
    )
    options.report(result.warnings, args.verbose)
    if not args.quiet:
        shown = shown_output(config)
        print(options.summary(result, shown, time.perf_counter() - started, config.tz))
        if args.verify:
            print("verified: every output file is what a clean build makes")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_with_cache(
    config: SiteConfig,
    selection: Selection,
    *,
    strict: bool = False,
    clean: bool = False,
    progress: Progress | None = None,
    verify: bool = False,
    wait: bool = True,
    waiting: Callable[[str], None] | None = None,
) -> BuildResult:
    """One build with the parse cache kept in ``.digest-cache/``, as ``digest build`` runs it.

    ``clean`` ignores the cache and rewrites every output file. The cache file is
    updated only after a build that succeeded, so a failed one leaves the site folder as
    it was; one that cannot be written is a warning. It is meant for the web, so a
    default base_url warns; and with no source file changed it stops before loading
    (incremental.quick_result). The build holds the
    site's lock throughout (incremental/lock.py): another build waits (``waiting`` is
    told) or, without ``wait``, raises SiteBusy. ``verify`` then compares the output with
    a clean build (pipeline.verify_output); any difference is rewritten by a clean build
    and raised as StaleOutput.
    """
    write.check_folders(config)  # exit 2 for a dangerous output folder, before anything
    with site_lock(config.site_dir, wait=wait, waiting=waiting):
        result = _locked_build(config, selection, strict, clean, progress)
        if verify:
            _verify(config, selection, strict, progress)
    return result


def _verify(
    config: SiteConfig, selection: Selection, strict: bool, progress: Progress | None
) -> None:
    """The output compared with a clean build; if anything differs, the site is built again
    as ``--clean`` builds it (the parse cache and the record of the sources made afresh
    too: either may be what was wrong), then the differences are raised."""
    from builder.pipeline import verify_output

    found = verify_output(config, selection)
    if found:
        _locked_build(config, selection, strict, True, progress)
        raise StaleOutput(found)


def _locked_build(
    config: SiteConfig,
    selection: Selection,
    strict: bool,
    clean: bool,
    progress: Progress | None,
) -> BuildResult:
    write.repair(config.output_dir)  # what a killed build left, before its record is read
    quick = incremental.quick_result(
        config, selection, strict=strict, publishing=True, check=not clean
    )
    if quick.result is not None:
        return quick.result
    # Imported here: the stages bring Markdown, Pillow and the rest, a tenth of a second
    # that a build with nothing to do (above) does not spend.
    from builder.load.cache import DiskCache
    from builder.pipeline import build

    cache = DiskCache(config.site_dir, clean=clean)
    try:
        result = build(
            config,
            selection,
            strict=strict,
            cache=cache,
            rewrite=clean,
            progress=progress,
            publishing=True,
            stamp=quick.stamp,
            environment=quick.environment,
        )
        unwritable = cache.end_build()  # a warning: the site is published all the same
    finally:
        cache.close()
    return replace(result, warnings=[*result.warnings, *unwritable])


def shown_output(config: SiteConfig) -> Path:
    """``public`` rather than ``/home/…/site/public``: the output folder as site.yaml names it,
    relative to the site folder when it is inside it."""
    out = config.output_dir
    return out.relative_to(config.site_dir) if out.is_relative_to(config.site_dir) else out
