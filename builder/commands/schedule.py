"""``digest schedule``: every upcoming publication and expiry, for a cron job or a CI schedule.

A site with scheduled stories needs a rebuild at each of these moments (no
generator says when; sites bolt on a daily cron). The list comes from the same
publication rule and clock as the build (``--now`` to ask "as of"), and nothing
is written. Text is one change a line; ``--format json`` gives
``[{at, kind, title, src_path}]`` with ``at`` in ISO 8601 with its offset.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from builder.commands import options
from builder.errors import BuildFailed, errors_in
from builder.pipeline import index_site


def add_parser(verbs: Any) -> None:
    p = verbs.add_parser("schedule", help="list upcoming publications and expiries")
    options.add_site(p)
    options.add_selection(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Prints the schedule; a content error fails it (the schedule would be incomplete)."""
    config = options.site_config(args)
    site, problems, _ = index_site(config, options.selection(args, config.tz))
    if errors_in(problems):
        raise BuildFailed(problems)
    if args.format == "json":
        items = [
            {
                "at": change.at.astimezone(config.tz).isoformat(),
                "kind": change.kind,
                "title": change.title,
                "src_path": change.src_path,
            }
            for change in site.schedule
        ]
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return
    for change in site.schedule:
        at = options.moment(change.at, config.tz)
        print(f"{at}  {change.kind:<9}  {change.title!r}  {change.src_path}")
    if not site.schedule:
        print("nothing scheduled: no story publishes or expires after now")
