"""The differential test's editor for a site in two languages (issue 26, acceptance 4).

The trust site with ``languages:`` (English and Dutch) and the edits a translator
makes on top of an editor's: a translation added beside its original
(``NAME.nl.md``), edited, deleted, a Dutch story of its own under ``content/nl/``, and
an interface string changed in ``i18n/nl.yaml``. Every edit of :class:`Editor` still
runs too, on originals and translations alike: an original deleted or made a draft
leaves its translation an orphan (a warning both builds must give).
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers.trust_editor import Editor, _append, _get, _set

LANGUAGES = """language: en
languages:
  en: {weight: 1}
  nl:
    title: Havenstad Digest
    description: Kort nieuws uit een havenstad die niet bestaat.
    weight: 2
"""
"""What the site.yaml of the two-language trust site adds."""
STRINGS = ("Voorpagina", "Start", "Nieuws", "Overzicht")
"""Dutch names for the home page, one picked at each i18n edit."""


def make_bilingual(site: Path) -> None:
    """Give a copy of the trust site its second language and a first Dutch string."""
    config = site / "site.yaml"
    config.write_text(config.read_text() + LANGUAGES)
    (site / "i18n").mkdir(exist_ok=True)
    (site / "i18n" / "nl.yaml").write_text(f"home: {STRINGS[0]}\n")


class LanguageEditor(Editor):
    """:class:`Editor` with a translator's edits."""

    def __init__(self, site: Path, seed: int, kinds: tuple[str, ...] | None = None) -> None:
        super().__init__(site, seed, kinds)
        extra = {
            "translation-add": self.translation_add,
            "translation-edit": self.translation_edit,
            "translation-delete": self.translation_delete,
            "own-language-story": self.own_language_story,
            "i18n": self.i18n,
        }
        self.edits.update({k: v for k, v in extra.items() if kinds is None or k in kinds})

    def _translations(self) -> list[Path]:
        return [p for p in self._stories() if p.name.endswith(".nl.md")]

    def translation_add(self) -> str:
        originals = [p for p in self._stories() if p.suffixes == [".md"]]
        original = self.rng.choice(originals)
        if "content/nl" in original.as_posix():
            return self.own_language_story()
        target = original.with_name(f"{original.stem}.nl.md")
        target.write_text(original.read_text())
        title = _get(target, "title") or "Zonder titel"
        _set(target, "title", json.dumps(f"NL {title.strip(chr(34))}"[-70:]))
        return f"translation of {original.name}"

    def _translation(self) -> Path | None:
        """A translation to edit or delete; None when there is none yet."""
        found = self._translations()
        return self.rng.choice(found) if found else None

    def translation_edit(self) -> str:
        path = self._translation()
        if path is None:
            return self.translation_add()
        if self.rng.random() < 0.5:
            _append(path, f"Een zin over de {self._word()}.")
            return f"body of {path.name}"
        _set(path, "title", json.dumps(f"Vertaald {self._word()}"))
        return f"title of {path.name}"

    def translation_delete(self) -> str:
        path = self._translation()
        if path is None:
            return self.translation_add()
        path.unlink()
        return f"deleted {path.name}"

    def own_language_story(self) -> str:
        folder = self.site / "content" / "nl" / "2026" / "11"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"verhaal-{self._word()}.md"
        (folder / name).write_text(
            f"---\ntitle: {json.dumps('Een verhaal over de ' + self._word())}\n"
            f"date: {self.now:%Y-%m-%dT%H:%M:00}\ntopics: [Harbour]\n---\n\n"
            "Er gebeurde iets in de haven.\n"
        )
        return f"Dutch story {name}"

    def i18n(self) -> str:
        string = self.rng.choice(STRINGS)
        (self.site / "i18n" / "nl.yaml").write_text(f"home: {string}\n")
        return f"i18n home: {string}"
