"""README.md and docs/*.md: every relative link resolves within the repository (acceptance 5).

A user's copy of the repository has no ``../shared`` and no DESIGN.md, so the
documentation must neither link to nor mention them. Links inside code (fenced
blocks and inline spans) are examples, not links, and are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import REPO

DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
LINKING = [*DOCUMENTS, REPO / "CONTRIBUTING.md"]
"""Every document whose links must resolve (CONTRIBUTING.md may name ../shared: it is for
the project's own engineers)."""
_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_INLINE = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.MULTILINE)
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)


def prose(text: str) -> str:
    """The text without code, where a ``[x](y)`` is an example rather than a link."""
    return _CODE_SPAN.sub("", _FENCE.sub("", text))


def links(path: Path) -> list[str]:
    text = prose(path.read_text(encoding="utf-8"))
    return _INLINE.findall(text) + _REFERENCE.findall(text)


def anchors(path: Path) -> set[str]:
    """GitHub's heading ids: lower case, punctuation but ``-``/``_`` dropped, spaces to ``-``."""
    found = set()
    for title in _HEADING.findall(_FENCE.sub("", path.read_text(encoding="utf-8"))):
        plain = re.sub(r"[`*]|\[([^\]]*)\]\([^)]*\)", r"\1", title).strip().lower()
        found.add(re.sub(r"[^\w\- ]", "", plain).replace(" ", "-"))
    return found


def test_the_documents_exist_and_link_each_other() -> None:
    names = {p.name for p in DOCUMENTS}
    expected = {"cli.md", "front-matter.md", "performance.md", "reliability.md"}
    assert {"README.md", "site-yaml.md", "templates.md"} | expected <= names
    readme_links = set(links(REPO / "README.md"))
    for doc in DOCUMENTS[1:]:
        assert f"docs/{doc.name}" in {link.split("#")[0] for link in readme_links}, doc.name


@pytest.mark.parametrize("document", LINKING, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_relative_link_resolves_within_the_repository(document: Path) -> None:
    for link in links(document):
        if re.match(r"^[a-z][a-z0-9+.-]*:", link, re.IGNORECASE):
            continue  # https:, mailto:: not files of the repository
        target_text, _, fragment = link.partition("#")
        target = (document.parent / target_text).resolve() if target_text else document
        assert target.is_relative_to(REPO), f"{document.name}: {link} leaves the repository"
        assert target.exists(), f"{document.name}: {link} does not exist"
        if fragment and target.suffix == ".md":
            assert fragment in anchors(target), f"{document.name}: {link}: no such heading"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_mention_of_files_a_users_copy_does_not_have(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    for absent in ("DESIGN.md", "DESIGN §", "../shared", "RELIABILITY.md", "make_corpus.py"):
        assert absent not in text, f"{document.name} mentions {absent}"


def test_the_readme_set_up_commands_match_ci() -> None:
    """The README's two set-up commands; .ci/run runs the test one (keep them in step)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(
        r"^```sh\n(.*?)^```",
        readme.split("## Install", 1)[1].split("\n## ")[0],
        re.MULTILINE | re.DOTALL,
    )
    assert [b.strip() for b in blocks] == [
        "python -m pip install -e . && digest build",
        "python -m pip install -e '.[test]' && python -m pytest -q",
    ]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[test]' && python -m pytest -q" in ci


def test_contributing_maps_every_package_and_top_level_module() -> None:
    """Issue 20: CONTRIBUTING's map of the tree is where a newcomer finds a behaviour, so it
    names every package and top-level module of builder/ (one line each)."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    start = text.index("## The code")
    tree = text[start : text.index("\n## ", start + 1)]
    builder = REPO / "builder"
    names = [f"{p.parent.name}/" for p in builder.glob("*/__init__.py")]
    names += [p.name for p in builder.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    missing = [n for n in sorted(names) if not re.search(rf"^  {re.escape(n)}\s", tree, re.M)]
    assert missing == []


def test_the_readme_is_for_deciding_and_starting() -> None:
    """Issue 24, item 11: what it is, a picture, install, start, the daily workflow, where to
    read more, in that order; the benchmark tables and the architecture live elsewhere."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", prose(readme), re.MULTILINE)
    order = ["Install", "Start a site", "Daily workflow", "Read more"]
    assert [h for h in headings if h in order] == order
    image = re.search(r"!\[[^\]]+\]\((docs/[^)]+\.png)\)", readme)
    assert image and readme.index(image.group()) < readme.index("## Install")
    assert (REPO / image.group(1)).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "| 10,000 articles |" not in readme and "## Architecture" not in readme
    performance = (REPO / "docs" / "performance.md").read_text(encoding="utf-8")
    assert "| 10,000 articles | newsdigest | Hugo |" in performance
    assert "(CONTRIBUTING.md#the-code)" in readme


def test_the_readme_says_why_of_every_dependency() -> None:
    """Every runtime and extra dependency of pyproject.toml has its row in the README's table."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Dependencies", 1)[1]
    rows = {m.lower() for m in re.findall(r"^\| ([\w.\-\[\]]+)", table, re.MULTILINE)}
    extras = project["optional-dependencies"]
    wanted = project["dependencies"] + extras["search"] + extras["fast"]
    names = {re.split(r"[<>=!~ ]", spec, maxsplit=1)[0].lower() for spec in wanted}
    assert names - rows == set()
