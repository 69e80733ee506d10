"""Issue 21, item 2: the differential test. A warm build equals a clean build, after any edit.

A seeded random editor (``helpers/trust_editor.py``) makes every kind of edit the issue
lists to a copy of ``tests/sites/trust`` (internal links, refs, see_also, a shortcode
template, a theme override, authors, a topic vocabulary, images, scheduled and expiring
stories, drafts, Liquid tags, refs to missing targets as warnings, search); after each,
``helpers/differential.py`` builds the site warm (``digest build``'s own path, in this
process) and a copy of its sources clean, in another folder, and requires the same exit
code, the same problems and the same bytes in every output file, the manifest included.

CI runs the seeds below, 320 steps in all; ``python benchmarks/differential.py --steps
5000`` is the long mode (docs/performance.md). Pagefind writes some of its own files in
an arbitrary order (two clean builds differ there: Pagefind#638), so the seeds with
search on compare those by kind and count (``differential.comparable``), and the seeds
without it compare every byte. The folders are on a tmpfs where there is one (the
``scratch`` fixture): on this machine's disk, making and removing folders was most of
the test's time.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pytest
from helpers import differential
from helpers.trust_editor import Editor

from builder import incremental
from builder.incremental import fingerprint

SEEDS = [(1, 80, True), (2, 80, False), (3, 80, False), (4, 80, False)]
"""(seed, steps, search on): 320 steps, one seed through Pagefind."""


@pytest.mark.parametrize(("seed", "steps", "search"), SEEDS)
def test_warm_builds_equal_clean_builds_after_random_edits(
    scratch: Path, seed: int, steps: int, search: bool
) -> None:
    outcome = differential.run(scratch, seed, steps, search=search)
    assert outcome.steps == steps
    assert outcome.failed_builds >= 1  # some edit broke the site, and both builds said so
    assert len(outcome.kinds) >= 18, outcome.kinds  # most kinds of edit in every seed


def test_warm_builds_equal_clean_builds_in_two_languages(scratch: Path) -> None:
    """Issue 26, acceptance 4: translations added, edited and deleted, a story of the
    second language's own, its interface strings, beside every edit of one language."""
    outcome = differential.run(scratch, 9, 60, search=False, languages=True)
    assert outcome.steps == 60
    translator = {"translation-add", "translation-edit", "translation-delete", "i18n"}
    assert translator | {"own-language-story"} <= set(outcome.kinds), outcome.kinds


def test_every_kind_of_edit_is_made_across_the_seeds() -> None:
    """The seeds of CI reach every kind of edit the issue lists (counted without building)."""
    made: set[str] = set()
    for seed, steps, _search in SEEDS:
        with tempfile.TemporaryDirectory() as folder:
            site = differential.copy_sources(differential.SITES / "trust", Path(folder) / "s")
            editor = Editor(site, seed)
            made |= {editor.edit()[0] for _ in range(steps)}
    assert made == set(Editor(Path("."), 0).edits)


def test_the_headline_bug_is_caught(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The inputs digest of the code before issue 21: a story stood for by a digest of its
    body alone once its links were rewritten. A linking story's retitle goes unpublished."""
    original = incremental.inputs_digest

    def as_before(environment, content, site, static, selection):  # type: ignore[no-untyped-def]
        keys = []
        for article in site.articles:
            key = article.loaded[0] if article.loaded else ""
            if not key or article.content is not article.loaded[1].content:
                key = hashlib.blake2b(str(article.content).encode(), digest_size=16).hexdigest()
            keys.append(f"{article.src_path}\x00{article.url}\x00{key}")
        return original(environment, keys, site, static, selection)

    monkeypatch.setattr(incremental, "inputs_digest", as_before)
    with pytest.raises(AssertionError, match="warm differs from clean"):
        differential.run(scratch, 5, 40, search=False, kinds=("title", "md-link"))


def test_a_field_left_out_of_a_fingerprint_is_caught(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One field dropped from the pages' fingerprints (an article page's related stories):
    a retitled story then stays under its old title on the pages that list it as related,
    and the differential test names them."""
    every_value = fingerprint.Digester._context

    def without_related(self, context):  # type: ignore[no-untyped-def]
        return every_value(self, {k: v for k, v in context.items() if k != "related"})

    monkeypatch.setattr(fingerprint.Digester, "_context", without_related)
    with pytest.raises(AssertionError, match="warm differs from clean"):
        differential.run(scratch, 6, 40, search=False, kinds=("title", "body"))
