"""The differential test of issue 21: after every edit, a warm build equals a clean build.

A seeded :class:`~helpers.trust_editor.Editor` edits a copy of tests/sites/trust. After
each edit the site is built warm, the way ``digest build`` builds it (``build_with_cache``:
the parse cache, the stop before loading, the stop after the index, kept pages), and the
same sources, copied to another folder, are built clean. The two must agree on the exit
code and the problems, and on every byte of every output file, the manifest included; a
failed warm build must leave its output as it was. Builds run in this process, so the
CI part stays within a few minutes on one core.

Used by ``tests/test_differential.py`` (a few seeds in CI) and
``benchmarks/differential.py`` (the long mode, ``--steps 5000``).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from builder.cli import exit_code
from builder.commands.build import build_with_cache
from builder.config import load_config
from builder.errors import DigestError
from builder.incremental.manifest import MANIFEST
from builder.index.publication import Selection
from helpers import SITES, snapshot
from helpers.language_editor import LanguageEditor, make_bilingual
from helpers.trust_editor import SOURCES, Editor

SEARCH = "search:\n  engine: pagefind\n"
"""The fixture's search setting, as site.yaml writes it."""


FAILED = -1
"""The code of a build that failed where there is no exit code (``digest serve``)."""


@dataclass(frozen=True)
class Built:
    """What a build said: its exit code and its problems (warnings too), as printed."""

    code: int
    problems: tuple[str, ...]

    def agrees(self, clean: Built) -> bool:
        """The same problems, and the same exit code (or a failure where serve has none)."""
        same_code = self.code == clean.code or (self.code == FAILED and clean.code > 0)
        return same_code and self.problems == clean.problems


@dataclass
class Outcome:
    seed: int
    steps: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    failed_builds: int = 0
    """Steps after which both builds failed (alike): then the editor mended the site."""
    log: list[str] = field(default_factory=list)
    output: dict[str, bytes] = field(default_factory=dict)
    """The warm output after the last build that succeeded (a failed one must keep it)."""


Warm = Callable[[], tuple[Built, Path | None]]
"""A warm build of the edited site: what it said, and the folder it wrote (None: unknown)."""
Driver = Callable[[Path, Callable[[], datetime]], AbstractContextManager[Warm]]
"""Starts whatever builds the site warm (``digest build``, ``digest serve``) for a run."""


@contextlib.contextmanager
def digest_build(site: Path, clock: Callable[[], datetime]) -> Iterator[Warm]:
    """``digest build`` in this process, as it runs from the command line."""
    yield lambda: built_by_digest(site, clock())


def built_by_digest(site: Path, now: datetime) -> tuple[Built, Path | None]:
    """One build of ``site`` by ``digest build``'s own path: what it said, its output folder."""
    try:
        config = load_config(site)
        warnings = build_with_cache(config, Selection(now=now)).warnings
    except DigestError as exc:
        return Built(exit_code(exc), tuple(sorted(str(p) for p in exc.problems))), _output(site)
    return Built(0, tuple(sorted(str(p) for p in warnings))), config.output_dir


def _output(site: Path) -> Path | None:
    try:
        return load_config(site).output_dir
    except DigestError:
        return None


def copy_sources(site: Path, target: Path) -> Path:
    """The sources of ``site`` (not its output or caches) in a fresh folder ``target``."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in SOURCES:
        if (site / name).is_dir():
            shutil.copytree(site / name, target / name)
        elif (site / name).is_file():
            shutil.copy2(site / name, target / name)
    return target


UNSTABLE = re.compile(
    r"pagefind/(pagefind-entry\.json|pagefind\.[^/]*\.pf_meta|filter/[^/]*|index/[^/]*)$"
)
"""Pagefind's files whose bytes (and hashed names) two clean builds of one site do not
share: the filter and metadata files are written from Rust hash maps in an arbitrary
order (Pagefind#638, still so in 1.5), and the index chunks number the pages in the
order Pagefind meets the files, which follows the folder's order on disk (a warm build's
folder is made in another order than a clean one's)."""


def comparable(files: dict[str, bytes]) -> dict[str, bytes]:
    """An output as the oracle compares it: every file byte for byte, but Pagefind's
    unstable files only by how many of each kind there are (and their entries left out
    of the manifest, compared byte for byte otherwise). The bundle's other files (the
    fragments: each page's indexed text, title, URL and filters) and newsdigest's own
    record of which article pages the index was made from (``newsdigest-index.json``)
    stay byte for byte, so an index kept from older pages is still caught."""
    unstable = {p for p in files if UNSTABLE.search(p)}
    if not unstable:
        return files
    kept = {p: data for p, data in files.items() if p not in unstable}
    kinds = Counter(p.rsplit(".", 1)[-1] for p in unstable)
    kept["pagefind/<unstable files>"] = repr(sorted(kinds.items())).encode()
    if MANIFEST in kept:
        data = json.loads(kept[MANIFEST])
        data["files"] = {p: d for p, d in data["files"].items() if p not in unstable}
        kept[MANIFEST] = json.dumps(data, sort_keys=True).encode()
    return kept


def differences(warm: dict[str, bytes], clean: dict[str, bytes]) -> list[str]:
    """The output files that differ, are missing or are extra, by path."""
    warm, clean = comparable(warm), comparable(clean)
    paths = sorted(warm.keys() | clean.keys())
    return [
        f"{p}: {'missing' if p not in warm else 'extra' if p not in clean else 'differs'}"
        for p in paths
        if warm.get(p) != clean.get(p)
    ]


def run(
    work: Path,
    seed: int,
    steps: int,
    *,
    kinds: tuple[str, ...] | None = None,
    search: bool = True,
    languages: bool = False,
    driver: Driver = digest_build,
) -> Outcome:
    """``steps`` edits of a fresh copy of tests/sites/trust under ``work``; raises
    AssertionError at the first step where the warm build and the clean one disagree.
    ``search`` False takes Pagefind out of site.yaml first: then every output file, the
    manifest too, is compared byte for byte with nothing set aside. ``languages`` makes
    the site bilingual and adds a translator's edits (helpers/language_editor.py)."""
    site = copy_sources(SITES / "trust", work / "site")
    if not search:
        config = site / "site.yaml"
        config.write_text(config.read_text().replace(SEARCH, ""))
    if languages:
        make_bilingual(site)
    editor = (LanguageEditor if languages else Editor)(site, seed, kinds)
    outcome = Outcome(seed)
    with driver(site, lambda: editor.now) as warm:
        _step(outcome, editor, warm, work, "first build", "")
        for _ in range(steps):
            last = outcome.log[-1] if outcome.log else ""
            if last.startswith("FAILED"):
                kind, what = "mend", editor.mend(last.split("\n")[1:])
            else:
                kind, what = editor.edit()
            outcome.kinds[kind] += 1
            _step(outcome, editor, warm, work, kind, what)
            outcome.steps += 1
    return outcome


def _step(outcome: Outcome, editor: Editor, warm: Warm, work: Path, kind: str, what: str) -> None:
    where = f"seed {outcome.seed}, step {outcome.steps} ({kind}: {what})"
    recent = "\n  ".join(outcome.log[-8:])
    context = f"{where}; the steps before:\n  {recent}"
    before = _output_of(outcome)
    warm_said, out = warm()
    copy = copy_sources(editor.site, work / "clean")
    clean_said, clean_out = built_by_digest(copy, editor.now)
    assert warm_said.agrees(clean_said), f"{context}\nwarm: {warm_said}\nclean: {clean_said}"
    after = snapshot(out) if out else {}
    if warm_said.code:
        assert after == before, f"{context}: a failed build changed the output"
        outcome.failed_builds += 1
        outcome.log.append("FAILED " + what + "\n" + "\n".join(clean_said.problems))
    else:
        found = differences(after, snapshot(clean_out) if clean_out else {})
        assert not found, f"{context}\nwarm differs from clean: {found[:12]}"
        editor.built()
        outcome.log.append(f"{kind}: {what}")
        outcome.output = after
    shutil.rmtree(copy, ignore_errors=True)


def _output_of(outcome: Outcome) -> dict[str, bytes]:
    return outcome.output
