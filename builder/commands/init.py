"""``digest init [DIR] [--force]``: start a site folder that builds at once, with no warnings.

It writes site.yaml (every key, its default and a line on it), a draft welcome story in
content/ and a .gitignore, then prints the next three commands. A folder with files in
it is refused (exit 2), so an init in the wrong folder spoils nothing; ``--force`` fills
in only the files that are missing and never overwrites one.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from builder.commands.helptext import verb_parser
from builder.config import load_config
from builder.errors import ConfigError, Problem
from builder.newsroom import scaffold

IGNORED = frozenset({".git"})
"""Entries that do not make a folder "not empty": ``git init`` first is a fine start."""


def add_parser(verbs: Any) -> None:
    p = verb_parser(
        verbs,
        "init",
        "start a new site folder",
        "Writes site.yaml, a draft welcome story in content/ and a .gitignore into DIR,\n"
        "then prints the next commands. Refuses a folder in use unless --force, which\n"
        "writes only the missing files and never overwrites one.",
        [
            "digest init mysite",
            "digest init mysite --title 'Harbour Digest' --base-url https://news.example.org/",
            "digest init . --force",
        ],
    )
    p.add_argument("dir", nargs="?", type=Path, default=Path("."), help="folder (default: .)")
    p.add_argument(
        "--force",
        action="store_true",
        help="use a folder that is not empty: write only missing files, overwrite nothing",
    )
    p.add_argument("--title", default="News Digest", help="site name (default: News Digest)")
    p.add_argument(
        "--base-url",
        default=scaffold.EXAMPLE_BASE_URL,
        help=f"the site's public address (default: {scaffold.EXAMPLE_BASE_URL}, to change)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    folder: Path = args.dir
    refuse_folder(folder, args.force)
    files = scaffold.site_files(args.title, args.base_url, datetime.now(UTC))
    check_config(files["site.yaml"])
    written = scaffold.write_site(folder, files)
    for path in written.created:
        print(f"created {path}")
    for path in written.kept:
        print(f"kept {path} (it exists; not overwritten)")
    print(next_steps(folder))


def refuse_folder(folder: Path, force: bool) -> None:
    """A file in the way, or a folder already in use without ``--force``: ConfigError (exit 2)."""
    if folder.exists() and not folder.is_dir():
        raise ConfigError([Problem(str(folder), 0, "exists and is not a folder")])
    if force or not folder.is_dir():
        return
    entries = sorted(p.name for p in folder.iterdir() if p.name not in IGNORED)
    if entries:
        shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
        message = (
            f"folder is not empty ({shown}); nothing written "
            "(use --force to add only the missing files, or name a new folder)"
        )
        raise ConfigError([Problem(str(folder), 0, message)])


def check_config(site_yaml: str) -> None:
    """The site.yaml about to be written must load: a bad ``--base-url`` stops here (exit 2)."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "site.yaml").write_text(site_yaml, encoding="utf-8")
        try:
            load_config(Path(tmp))
        except ConfigError as exc:
            raise ConfigError(
                [Problem("digest init", 0, p.message) for p in exc.problems]
            ) from None


def next_steps(folder: Path) -> str:
    """The commands to run next, ``cd`` first when the site is not the current folder."""
    lines = ["", "next:"]
    if folder.resolve() != Path.cwd().resolve():
        lines.append(f"  cd {folder}")
    width = max(len(command) for command, _ in scaffold.NEXT_STEPS)
    lines += [f"  {command:<{width}}  # {why}" for command, why in scaffold.NEXT_STEPS]
    lines.append("Set base_url in site.yaml to the site's public address before publishing.")
    return "\n".join(lines)
