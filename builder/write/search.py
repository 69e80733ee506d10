"""Site search: a Pagefind index built inside the staging folder, so it swaps in with the site.

The writer hands over the staged build once every page is staged (see
``write.Staged``); the Pagefind binary indexes the staged site in place, writing
its bundle into the stage's ``pagefind/``, and those files join the manifest as
more output files. Only article pages are marked ``data-pagefind-body``, so only
they are indexed. A kill at any moment leaves the old site with its old index:
nothing is swapped before the index is staged, and the staging folder is a
leftover the next build removes.

Re-indexing costs seconds at 1,000 articles, so it is skipped when the article
pages are byte-identical to those the previous index was built from: a digest
of their manifest hashes is kept in ``pagefind/newsdigest-index.json``.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import shutil
import signal
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from builder.config import SiteConfig
from builder.config.sections import EXTENDED_INSTALL, SEARCH_INSTALL, SEGMENTED_LANGUAGES
from builder.errors import BuildFailed, Problem
from builder.model import OutputFile
from builder.urls import search_bundle_url
from builder.write import Staged, steady_index

BUNDLE = search_bundle_url().strip("/")
STAMP = f"{BUNDLE}/newsdigest-index.json"
_PR_SET_PDEATHSIG = 1


def executable() -> tuple[Path | None, bool]:
    """The Pagefind binary and whether it is the extended build (Chinese, Japanese)."""
    for module, extended in (("pagefind_bin_extended", True), ("pagefind_bin", False)):
        try:
            found = __import__(module).get_executable()
        except (ImportError, FileNotFoundError):
            continue
        return Path(found), extended
    for name, extended in (("pagefind_extended", True), ("pagefind", False)):
        on_path = shutil.which(name)
        if on_path:
            return Path(on_path), extended
    return None, False


def language_warnings(config: SiteConfig) -> list[Problem]:
    """A Chinese or Japanese site without the extended build: search works, words are not split."""
    if not config.search.on:
        return []
    _binary, extended = executable()
    codes = [c for c in config.codes if _language(c) in SEGMENTED_LANGUAGES]
    if not codes or extended:
        return []
    message = (
        f"language '{codes[0]}': Pagefind's extended build is not installed, so "
        f"words are not segmented and search finds whole phrases only ({EXTENDED_INSTALL})"
    )
    return [Problem("site.yaml", config.search.line, message, "warning")]


def _language(code: str) -> str:
    return code.split("-")[0].split("_")[0].lower() or "en"


def articles_key(digests: Mapping[str, str], article_paths: Sequence[str]) -> str:
    """What the index depends on: every article page's bytes (their manifest hashes)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(article_paths):
        digest.update(f"{path}\0{digests[path]}\n".encode())
    return digest.hexdigest()


def index_outputs(
    staged: Staged, config: SiteConfig, article_paths: Sequence[str], *, defer: bool = False
) -> Iterator[OutputFile]:
    """The index files for this build: the previous ones when still valid (or ``defer``)."""
    if not config.search.on or not article_paths:
        return
    key = articles_key(staged.digests, article_paths)
    previous = _previous_index(staged)
    if previous is not None and (defer or (previous[0] == key and not staged.rewrite)):
        yield from previous[1]
        return
    if defer:
        return  # no index yet: serve builds one in the background
    bundle = _run_pagefind(staged, config)
    for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
        yield OutputFile(f"{BUNDLE}/{path.relative_to(bundle).as_posix()}", copy_from=path)
    yield OutputFile(STAMP, json.dumps({"articles": key}).encode())


def _previous_index(staged: Staged) -> tuple[str, list[OutputFile]] | None:
    """The key and files of the index in the current output, if it is whole."""
    files = [p for p in staged.old if p.startswith(f"{BUNDLE}/")]
    try:
        key = str(json.loads((staged.out / STAMP).read_text())["articles"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if STAMP not in files or not all((staged.out / p).is_file() for p in files):
        return None
    return key, [OutputFile(p, copy_from=staged.out / p) for p in sorted(files)]


def _run_pagefind(staged: Staged, config: SiteConfig) -> Path:
    """Index the whole staged site into its ``pagefind/`` folder, where it stays.

    Only article pages carry ``data-pagefind-body``, and Pagefind then leaves every page
    without it out of the index. Reading the stage in place (rather than a copy of the
    article pages) saves making and deleting a folder per article, the slowest part on
    the file systems measured (benchmarks/bench_search.py).
    """
    binary, _extended = executable()
    if binary is None:
        message = f"search.engine pagefind needs the Pagefind binary: {SEARCH_INSTALL}"
        raise BuildFailed([Problem("site.yaml", config.search.line, message)])
    site = staged.complete()
    bundle = site / BUNDLE
    command = [str(binary), "--site", str(site), "--output-path", str(bundle)]
    if not config.languages:  # else one index per <html lang>, as each page says
        command += ["--force-language", _language(config.language)]
    command += ["--quiet"]
    proc = subprocess.run(  # noqa: S603, RUF100 (an argument list, no shell)
        command, capture_output=True, text=True, preexec_fn=_die_with_parent, check=False
    )
    if proc.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        message = f"Pagefind could not index the site (exit {proc.returncode}): {' '.join(said)}"
        raise BuildFailed([Problem("site.yaml", config.search.line, message)])
    steady_index.steady(bundle)  # the same pages give the same bytes (Pagefind's do not)
    return bundle


def _die_with_parent() -> None:
    """Pagefind is killed with the build (kill -9 included), not left writing in the stage."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
