"""docs/errors.md names every message newsdigest can print, under the stage that prints it
(issue 24, item 12), and nothing else, so the page cannot drift from the code.

The messages are read from the source by ``helpers.messages`` (every ``Problem``,
``LineError``, ``UsageError``, collected ``(line, message)`` pair and ``print`` to stderr,
followed back to its string literals). A failure prints the line to add or remove:
adding a message to the code is a one-line fix of the page. To see every line the page
should have: ``cd tests && PYTHONPATH=.. python helpers/messages.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from helpers import REPO, SITES, digest
from helpers.messages import HOLE, Message, entry, messages, section

DOC = REPO / "docs" / "errors.md"
_ENTRY = re.compile(r"^\s*[-*] (`+) ?(.+?) ?\1(?= — |\s*$)")


def listed(text: str) -> dict[str, set[str]]:
    """Each message the page lists (``- `message` — what to do``) and its ``##`` headings."""
    found: dict[str, set[str]] = {}
    heading = ""
    for line in text.splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
        match = _ENTRY.match(line)
        if match and heading:
            found.setdefault(match.group(2), set()).add(heading)
    return found


@pytest.fixture(scope="module")
def in_code() -> set[Message]:
    return messages(REPO / "builder")


@pytest.fixture(scope="module")
def in_page() -> dict[str, set[str]]:
    return listed(DOC.read_text(encoding="utf-8"))


def test_every_module_that_prints_a_message_has_a_heading(in_code: set[Message]) -> None:
    unmapped = sorted({m.module for m in in_code if section(m.module) is None})
    assert unmapped == [], (
        f"give these modules a heading in helpers/messages.py SECTIONS: {unmapped}"
    )


def test_every_message_in_the_code_is_in_the_page(in_code, in_page) -> None:
    missing: dict[str, list[str]] = {}
    for message in sorted(in_code):
        heading = section(message.module) or "?"
        if heading not in in_page.get(message.template, set()):
            missing.setdefault(heading, []).append(f"{entry(message.template)}  ({message.module})")
    said = "".join(f"\nunder '## {h}':\n" + "\n".join(lines) for h, lines in missing.items())
    assert not missing, f"docs/errors.md lacks these messages (or lists them elsewhere):{said}"


def test_the_page_lists_no_message_the_code_no_longer_has(in_code, in_page) -> None:
    where = {(m.template, section(m.module)) for m in in_code}
    gone = sorted(
        (t, h) for t, headings in in_page.items() for h in headings if (t, h) not in where
    )
    assert gone == [], f"docs/errors.md lists messages the code no longer prints there: {gone}"


def test_the_page_is_linked_from_the_readme_and_the_docs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(docs/errors.md)" in readme
    assert "(errors.md)" in (REPO / "docs" / "cli.md").read_text(encoding="utf-8")


def pattern(template: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in template.split(HOLE)))


def test_what_a_build_of_bad_stories_prints_is_in_the_page(make_site, in_page) -> None:
    """The real output: every problem ``check`` reports on the bad stories of the other
    tests (tests/sites/bad), with hints and broken links, matches an entry of the page."""
    site = make_site("links")
    for bad in sorted((SITES / "bad").glob("*.md")):
        shutil.copy(bad, site / "content" / bad.name)
    shutil.copytree(SITES / "hints" / "content", site / "content" / "hints")

    run = digest("check", "--site", site, "--format", "json")

    problems = json.loads(run.out)
    assert len(problems) >= 20
    patterns = [pattern(t) for t in in_page]
    unmatched = [
        p["message"] for p in problems if not any(r.search(p["message"]) for r in patterns)
    ]
    assert unmatched == []


SAMPLE_HELPERS = textwrap.dedent(
    """
    from builder.errors import Problem, UsageError, YamlProblem

    class SiteMissing(UsageError):
        pass  # a door the finder has never heard of, found by its base

    class Budget(BaseException):
        pass  # not a message: carries the name of a stage
    NOTE = "a module constant note"
    TIMES = {"a": "took over {} s in markdown", "b": "took over {} s in html"}

    def why_not(x):
        if x:
            return None, f"reason one for {x}"
        return None, "the second reason"

    def unknown(key):
        return f"unknown key '{key}'"

    def _problem(where, why):
        return Problem(where.path, where.line, f"{where.name}: {why}")

    def check(x, key, problems, notes):
        message = f"duplicate key '{key}'"
        problems.append(Problem("p", 1, message + "; the last value is used"))
        problems.append(Problem("p", 1, unknown(key)))
        problems.append(_problem(x, "passed on to a helper"))
        notes.append((3, NOTE))
        address, why = why_not(x)
        problems.append(Problem("p", 1, f"{why}; not sent", "warning"))
        raise YamlProblem(2, TIMES[key].format(3) if x else "plain")

    def usage():
        raise UsageError("--send and --to go together")
        raise SiteMissing("no site in this folder")
        raise Budget("sanitizing")
        print("internal value", x)  # not to stderr: not a message
        return "not a message either"
    """
)
"""A module of a small package: a message through each door, and two that are not."""


def test_the_finder_follows_a_message_through_each_door(tmp_path: Path) -> None:
    """The finder itself, on a small package: what it must find, and what it must not."""
    package = tmp_path / "builder"
    package.mkdir()
    (package / "errors.py").write_text(
        "class LineError(ValueError): ...\n"
        "class YamlProblem(LineError): ...\n"
        "class DigestError(Exception): ...\n"
        "class UsageError(DigestError): ...\n"
    )
    (package / "helpers.py").write_text(SAMPLE_HELPERS)

    found = {m.template for m in messages(package)}

    assert found == {
        "duplicate key '…'; the last value is used",
        "unknown key '…'",
        "passed on to a helper",
        "a module constant note",
        "…; not sent",
        "reason one for …",
        "the second reason",
        "took over … s in markdown",
        "took over … s in html",
        "plain",
        "--send and --to go together",
        "no site in this folder",
    }
