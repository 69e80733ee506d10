"""``digest check``: every validation of a build, plus two an editor wants; writes nothing.

It runs the whole build in memory (``pipeline.build(..., write=False)``), so front
matter, ``topics_strict``, unresolved ``see_also``, broken internal links,
duplicate URLs and template faults are found exactly as ``digest build`` finds
them, and adds two checks a build does not fail on, both warnings: two stories
with one title on the same day (usually one wire story imported twice) and
stories without any topic (they appear on no topic page). Exit 0 without
errors (1 under ``--strict`` when there are warnings), 1 with errors, 2 for
site.yaml problems; ``--format json`` prints ``[{path, line, severity, message}]``.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from builder import discover
from builder.commands import options
from builder.commands.helptext import verb_parser
from builder.commands.options import as_json, count
from builder.config import SiteConfig
from builder.errors import BuildFailed, CheckFailed, Problem, errors_in
from builder.index.publication import Selection
from builder.index.topics import topics_line
from builder.load.cache import MemoryCache
from builder.load.expand import UNKNOWN
from builder.model import Article
from builder.pipeline import build, index_site


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
    problems, counts = check_site(config, options.selection(args, config.tz))
    if args.format == "json":
        print(as_json(problems))
    else:
        for problem in problems:
            print(problem)
        for line in unknown_shortcodes(problems):
            print(line)
        errors = len(errors_in(problems))
        warnings = len(problems) - errors
        print(f"checked {counts}: {count(errors, 'error')}, {count(warnings, 'warning')}")
    failing = problems if args.strict else errors_in(problems)
    if failing:
        raise CheckFailed(failing)


@dataclass(frozen=True)
class Counts:
    """What ``check`` looked at: every content file, whether it loaded or was left out."""

    files: int
    articles: int
    drafts: int = 0
    scheduled: int = 0

    def __str__(self) -> str:
        """``12 content files (10 articles, 1 draft skipped, 1 not loaded)``."""
        parts = [count(self.articles, "article")]
        if self.drafts:
            parts.append(f"{count(self.drafts, 'draft')} skipped")
        if self.scheduled:
            stories = "story" if self.scheduled == 1 else "stories"
            parts.append(f"{self.scheduled} scheduled {stories} skipped")
        failed = self.files - self.articles - self.drafts - self.scheduled
        if failed > 0:
            parts.append(f"{failed} not loaded")
        return f"{count(self.files, 'content file')} ({', '.join(parts)})"


def check_site(config: SiteConfig, chosen: Selection) -> tuple[list[Problem], Counts]:
    """Every problem of the site, sorted, and what was checked."""
    cache = MemoryCache()
    try:
        result = build(config, chosen, write=False, cache=cache, publishing=True)
        site, problems = result.site, list(result.warnings)
    except BuildFailed as exc:  # still look at the articles that did load
        problems = list(exc.problems)
        cache.end_build()
        site, _, _ = index_site(config, chosen, cache)
    problems += duplicate_titles(site.articles, config) + without_topics(site.articles)
    files = len(discover.content_files(config.site_dir)[0])
    counts = Counts(files, len(site.articles), site.skipped_drafts, site.skipped_future)
    return sorted(set(problems)), counts


def duplicate_titles(articles: Sequence[Article], config: SiteConfig) -> list[Problem]:
    """Stories with one title (case and spacing aside) on one day in the site timezone."""
    groups: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for article in articles:
        day = article.date.astimezone(config.tz).date().isoformat()
        groups[(day, " ".join(article.title.split()).casefold())].append(article)
    problems = []
    for (day, _), same in groups.items():
        first, *others = sorted(same, key=_original_first)
        for other in others:
            message = f'duplicate title "{other.title}" on {day}: also {first.src_path}'
            problems.append(Problem(other.src_path, other.line_of("title"), message, "warning"))
    return problems


_COPY_SUFFIX = re.compile(r"^(?P<stem>.*?)-(?P<n>\d+)$")


def _original_first(article: Article) -> tuple[Any, ...]:
    """The earlier story first; at one time ``x.md`` before its copy ``x-2.md`` (a re-import
    with ``--force-new``), though ``x-2.md`` sorts first by name: the warning must name the copy,
    the file an editor can delete."""
    path = PurePosixPath(article.src_path)
    match = _COPY_SUFFIX.match(path.stem)
    stem, number = (match["stem"], int(match["n"])) if match else (path.stem, 0)
    return (article.date, str(path.parent), stem, number, article.src_path)


def without_topics(articles: Sequence[Article]) -> list[Problem]:
    message = "no topics: the story appears on no topic page"
    return [
        Problem(a.src_path, topics_line(a), message, "warning") for a in articles if not a.topics
    ]


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
