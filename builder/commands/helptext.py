"""``digest VERB --help``: one line for the list of verbs, a paragraph and examples for the verb.

An editor reaches for ``--help`` at the moment they are unsure; argparse alone
would show only the flags, so each verb says what it does and how it is used.
"""

from __future__ import annotations

import argparse
from typing import Any


def verb_parser(
    verbs: Any, name: str, summary: str, description: str, examples: list[str]
) -> argparse.ArgumentParser:
    """A sub-parser whose ``--help`` shows ``description`` as written, then the examples."""
    epilog = "examples:\n" + "\n".join(f"  {example}" for example in examples)
    parser: argparse.ArgumentParser = verbs.add_parser(
        name,
        help=summary,
        description=f"{summary[0].upper()}{summary[1:]}.\n\n{description}",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser
