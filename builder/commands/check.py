"""``digest check``: every validation of a build, plus two an editor wants; writes nothing.

It runs the whole build in memory (``pipeline.check_site``), so front
matter, ``topics_strict``, unresolved ``see_also``, broken internal links,
duplicate URLs and template faults are found exactly as ``digest build`` finds
them, and adds two checks a build does not fail on, both warnings: two stories
with one title on the same day (usually one wire story imported twice) and
stories without any topic (they appear on no topic page). Exit 0 without
errors (1 under ``--strict`` when there are warnings), 1 with errors, 2 for
site.yaml problems; ``--format json`` prints ``[{path, line, severity, message}]``,
every one, where the text shows three warnings of a kind and a count of the rest.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from typing import Any

from builder.commands import options
from builder.commands.helptext import verb_parser
from builder.commands.options import as_json, count
from builder.errors import CheckFailed, Problem, errors_in
from builder.load.expand import UNKNOWN
from builder.pipeline import check_site
from builder.result import Checked


def add_parser(verbs: Any) -> None:
    p = verb_parser(
        verbs,
        "check",
        "validate the whole site without writing anything",
        "Runs every check of a build (front matter, topics, links, duplicate URLs,\n"
        "templates) and two of its own: stories with one title on one day, and stories\n"
        "without topics. Exit 0 when there are no errors, 1 with errors (or warnings\n"
        "under --strict), 2 for site.yaml problems.",
        ["digest check", "digest check --strict", "digest check --format json --drafts"],
    )
    options.add_site(p)
    options.add_selection(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Prints every problem; raises CheckFailed when they fail the check (cli: exit 1)."""
    config = options.site_config(args)
    problems, checked = check_site(config, options.selection(args, config.tz))
    if args.format == "json":
        print(as_json(problems))
    else:
        for line in options.readable(problems):
            print(line)
        for line in unknown_shortcodes(problems):
            print(line)
        errors = len(errors_in(problems))
        warnings = len(problems) - errors
        totals = f"{count(errors, 'error')}, {count(warnings, 'warning')}"
        print(f"checked {describe(checked)}: {totals}")
    failing = problems if args.strict else errors_in(problems)
    if failing:
        raise CheckFailed(failing)


def describe(checked: Checked) -> str:
    """``12 content files (10 articles, 1 draft skipped, 1 not loaded)``."""
    parts = [count(checked.articles, "article")]
    if checked.drafts:
        parts.append(f"{count(checked.drafts, 'draft')} skipped")
    if checked.scheduled:
        stories = "story" if checked.scheduled == 1 else "stories"
        parts.append(f"{checked.scheduled} scheduled {stories} skipped")
    if checked.not_loaded:
        parts.append(f"{checked.not_loaded} not loaded")
    return f"{count(checked.files, 'content file')} ({', '.join(parts)})"


def unknown_shortcodes(problems: Sequence[Problem]) -> list[str]:
    """Each unknown shortcode name once, with how often it is used: the templates to write."""
    counts: Counter[str] = Counter()
    for problem in problems:
        match = UNKNOWN.match(problem.message)
        if match:
            counts[match.group(1)] += int(match.group(2) or 1)
    if not counts:
        return []
    width = max(map(len, counts))
    rows = [f"  {name:<{width}}  {n}" for name, n in sorted(counts.items(), key=lambda x: -x[1])]
    return ["unknown shortcodes (create templates/shortcodes/NAME.html for each):", *rows]
