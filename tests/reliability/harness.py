"""The machinery every catalogue suite shares (RELIABILITY.md section 2, goal G1).

A case is a handful of files written into a copy of an already built fixture
site; the real ``digest build`` runs on it, and the case says what must come
out: the exit code, the first line (``relpath:line: words``), and, for a
failed build, an output folder byte-identical to before. No traceback, ever.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import html5lib
import pytest
from helpers import REPO, Run, digest, snapshot

EXT = Path(__file__).resolve().parent / "ext"
"""A fixture Markdown extension (``faultext``) that raises on a chosen article."""

PROBLEM_LINE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+)(:\d+)?: ")


@dataclass(frozen=True)
class Case:
    """One row of the catalogue: what to write into the site, and what must come out."""

    id: str
    files: Mapping[str, str | bytes]
    """Site-relative path -> content; ``site.yaml+`` appends to the fixture's site.yaml."""
    code: int
    first: str | None = None
    """``content/a.md:4`` that the first stderr line must start with (``None``: no output)."""
    words: str = ""
    """Text the first line must contain."""
    exists: tuple[str, ...] = ()
    """Output files that must exist after a successful build."""
    page_has: Mapping[str, str] = field(default_factory=dict)
    """Output file -> text it must contain."""
    stdout_has: str = ""


def site_copy(built: Path, target: Path) -> Path:
    shutil.copytree(built, target, symlinks=True)
    return target


def write_files(site: Path, files: Mapping[str, str | bytes]) -> None:
    for rel, content in files.items():
        data = content if isinstance(content, bytes) else content.encode()
        if rel == "site.yaml+":
            with open(site / "site.yaml", "ab") as handle:
                handle.write(data)
            continue
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def run_case(built: Path, tmp_path: Path, case: Case) -> tuple[Path, Run]:
    """Copy the built site, write the case's files, build, and check the case's promises."""
    site = site_copy(built, tmp_path / "site")
    before = snapshot(site / "public")
    write_files(site, case.files)
    run = digest("build", "--site", site)
    check(run, case.code, case.first, case.words)
    if case.code != 0:
        assert snapshot(site / "public") == before, "a failed build changed the output"
    for rel in case.exists:
        assert (site / "public" / rel).is_file(), rel
    for rel, text in case.page_has.items():
        assert text in (site / "public" / rel).read_text(encoding="utf-8"), (rel, text)
    assert case.stdout_has in run.out
    return site, run


def check(run: Run, code: int, first: str | None, words: str = "") -> None:
    """Exit code, no traceback, and the first line ``relpath:line: ...`` with the right line."""
    assert "Traceback" not in run.err + run.out, run.err
    assert "internal error" not in run.err, run.err
    assert run.code == code, run.err
    if first is None:
        return
    lines = run.err.splitlines()
    assert lines, "expected a problem line on stderr"
    assert lines[0].startswith(f"{first}: "), lines[0]
    assert PROBLEM_LINE.match(lines[0]) or first == "error", lines[0]
    assert words in lines[0], lines[0]


def ids(cases: list[Case]) -> list[str]:
    return [c.id for c in cases]


def front(title: str = "T", date: str = "2024-03-05", extra: str = "", body: str = "body\n") -> str:
    """A minimal article; ``extra`` lines go after the date (line 4 onwards)."""
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n{body}"


# --- the HTML checks of G5, shared with groups B and D ---------------------------------

_URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "poster", "background")
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):")
_INVISIBLE = re.compile(r"[\t\n\r]")
"""What a browser's URL parser drops anywhere in a URL (then it strips C0 and spaces)."""
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def script_problems(html: bytes, where: str) -> list[str]:
    """Everything in an HTML page that could run script, as readable findings.

    Only the theme's JSON-LD block may be a ``<script>``, and it must be well-formed JSON
    (a payload that broke out of it would leave a truncated block and a second script).
    """
    import json

    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    document = parser.parse(html)
    found = []
    for element in document.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.rsplit("}", 1)[-1] == "script":
            if element.get("type") != "application/ld+json" or element.get("src"):
                found.append(f"{where}: <script {element.attrib}>")
            else:
                try:
                    json.loads(element.text or "")
                except ValueError:
                    found.append(f"{where}: JSON-LD block is not valid JSON")
        for name, value in element.attrib.items():
            bare = name.rsplit("}", 1)[-1].lower()
            if bare.startswith("on"):
                found.append(f"{where}: <{tag} {name}=...>")
            if bare == "style" and re.search(r"javascript:|expression\(", value, re.I):
                found.append(f"{where}: <{tag} style={value!r}>")
            if bare in _URL_ATTRS or name in _URL_ATTRS:
                url = _INVISIBLE.sub("", value).strip(_C0_AND_SPACE).lower()
                if _BAD_SCHEME.match(url):
                    found.append(f"{where}: <{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "base", "form"):
            found.append(f"{where}: <{tag}>")
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            found.append(f"{where}: <meta http-equiv=refresh>")
    return found


def tree_script_problems(out: Path) -> list[str]:
    found = []
    for path in sorted(out.rglob("*.html")):
        found += script_problems(path.read_bytes(), path.relative_to(out).as_posix())
    return found


def python_child_env() -> dict[str, str]:
    """Environment for a ``python -m builder`` child that imports this worktree's builder."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(EXT), env.get("PYTHONPATH", "")])
    return env


def child_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "builder", *map(str, args)]


def without_dac_override() -> list[str]:
    """As root, chmod does not stop writes; run the child without CAP_DAC_OVERRIDE instead."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: a read-only folder cannot be enforced")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", "--"]


Checker = Callable[[Path], None]


def write_corpus(site: Path, count: int, topics: int = 50, variant: int = 0) -> None:
    """A site of ``count`` generated articles over ``topics`` topics (deterministic).

    ``variant`` changes the titles of every tenth article, so two variants build two
    different output trees (the old and the new site of a fault-injection run).
    """
    content = site / "content"
    content.mkdir(parents=True, exist_ok=True)
    if not (site / "site.yaml").exists():
        (site / "site.yaml").write_text(
            "title: Generated\nbase_url: https://example.org/\ntimezone: UTC\nper_page: 20\n"
        )
    for i in range(count):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        names = [f"Topic {(i * 7 + k) % topics}" for k in range(3)]
        suffix = f" (rev {variant})" if i % 10 == 0 else ""
        words = " ".join(f"word{(i * 13 + k) % 97}" for k in range(120))
        (content / f"story-{i:05d}.md").write_text(
            f"---\ntitle: Story {i}{suffix}\ndate: 2024-{month:02d}-{day:02d} 0{i % 10}:00\n"
            f"topics: [{', '.join(names)}]\n---\n\n{words}\n\n## Section\n\n{words}\n"
        )


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (read from Linux's /proc, zombies left out)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if fields[0] != "Z" and int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (a zombie has ended: only its entry is left)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running
