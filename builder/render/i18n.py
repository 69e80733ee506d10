"""The theme's interface strings in each language: ``i18n/CODE.yaml``, in Hugo's format.

A file maps an id to a text, or to plural forms by CLDR category (``one``, ``few``,
``many``, ``other``…); ``{{ .Count }}`` in a text is the count, as Babel writes numbers
in that language (Hugo's legacy list form, ``- id: … translation: …``, is read too)::

    home: Home
    stories:
      one: "{{ .Count }} story"
      other: "{{ .Count }} stories"

Templates call ``T("home")`` and ``T("stories", topic.count)``. A string is looked up in
the site's ``i18n/CODE.yaml``, then the default theme's, then the default language's
(site, theme), then the theme's English, and is its own id when none has it. A site
without ``languages:`` speaks the theme's English as it always did, with the site's own
``i18n/LANGUAGE.yaml`` on top when it has one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.config import SiteConfig
from builder.config.languages import babel_locale, direction, language_name
from builder.errors import Problem, YamlProblem
from builder.paths import resolved_inside
from builder.text import yamlsafe
from builder.text.locales import number, plural_category

I18N = "i18n"
_PLACEHOLDER = re.compile(r"\{\{\s*\.(\w*)\s*\}\}")
Table = Mapping[str, Any]


@dataclass(frozen=True)
class Strings:
    """``T`` in templates: one language's strings, in lookup order."""

    tables: tuple[Table, ...]
    locale: str | None

    def __call__(self, key: str, count: int | None = None, **values: Any) -> str:
        text: Any = next((t[key] for t in self.tables if key in t), key)
        if isinstance(text, Mapping):
            category = plural_category(count if count is not None else 0, self.locale)
            text = text.get(category, text.get("other", key))
        return _PLACEHOLDER.sub(lambda m: self._fill(m.group(1), count, values), str(text))

    def _fill(self, name: str, count: int | None, values: Mapping[str, Any]) -> str:
        if name in ("Count", "") and count is not None:
            return number(count, self.locale)
        return str(values.get(name, values.get(name.lower(), "")))


def strings_for(config: SiteConfig, themes: Sequence[Path]) -> Strings:
    """The strings of the configuration's language (see the module's docstring); ``themes``
    are the template folders (the site's ``templates/``, then the default theme), whose
    ``i18n/`` hold the theme's strings: a site that copied the whole theme has them too."""
    site = config.site_dir / I18N
    themed = [folder / I18N for folder in themes]
    if config.languages:
        chain = dict.fromkeys([config.language, config.default_language])
        files = [(folder, code) for code in chain for folder in (site, *themed)]
    else:
        files = [(site, config.language)]
    files += [(folder, "en") for folder in themed]
    root = config.site_dir.resolve()
    paths = [folder / f"{code}.yaml" for folder, code in files]
    kept = [p for p in paths if not p.is_relative_to(site) or _contained(p, root)]
    tables = tuple(_read(path)[0] for path in kept)
    return Strings(tables, babel_locale(config))


def _contained(path: Path, root: Path) -> bool:
    """A site's strings file that a symlink takes out of the site is not read (as content,
    templates and static files are not): absent is fine, outside is not."""
    return not os.path.lexists(path) or resolved_inside(path, root) is not None


def i18n_problems(config: SiteConfig) -> list[Problem]:
    """Every problem of the site's own ``i18n/*.yaml`` files, at its line (exit 1); a file
    a symlink takes out of the site is ignored, with a warning."""
    folder = config.site_dir / I18N
    if not folder.is_dir():
        return []
    root, problems = config.site_dir.resolve(), []
    for path in sorted(folder.glob("*.yaml")):
        if _contained(path, root):
            problems += _read(path)[1]
        else:
            target = os.readlink(path) if path.is_symlink() else "outside the site"
            message = f"symlink ignored: {_shown(path)} -> {target}"
            problems.append(Problem(_shown(path), 1, message, "warning"))
    return problems


def _read(path: Path) -> tuple[Table, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Problem(_shown(path), 1, f"cannot read the strings ({exc})")]
    try:
        return _table(text), []
    except YamlProblem as exc:
        return {}, [Problem(_shown(path), exc.line, exc.message)]


def _table(text: str) -> Table:
    node, loader = yamlsafe.parse(text)
    if node is None or yamlsafe.is_null(node):
        return {}
    items = yamlsafe.value(node, loader)
    if isinstance(items, list):  # Hugo's legacy form: - id: home / translation: …
        return {i.get("id"): i.get("translation") for i in items if isinstance(i, dict)}
    table = {}
    for entry in yamlsafe.entries(node, "i18n"):
        value = yamlsafe.value(entry.node, loader)
        if isinstance(value, dict) and "other" in value:
            value = {k: str(v) for k, v in value.items()}
        elif isinstance(value, dict) and "translation" in value:  # Hugo's {translation: …}
            value = value["translation"]
        if not isinstance(value, str | dict):
            message = f"i18n string '{entry.key}' must be a text or plural forms (one, other…)"
            raise YamlProblem(entry.line, message)
        table[entry.key] = value
    return table


def _shown(path: Path) -> str:
    return f"{I18N}/{path.name}"


@dataclass(frozen=True)
class PageLanguage:
    """``lang`` in templates: the language a page is in."""

    code: str
    """The ``lang`` attribute (``site.language``)."""
    dir: str
    """``ltr`` or ``rtl``: the ``dir`` attribute."""
    name: str
    """The language's name in itself (``日本語``)."""
    default: bool
    """The site's default language (``hreflang="x-default"`` points at it)."""


def page_language(config: SiteConfig) -> PageLanguage:
    if not config.languages:
        return PageLanguage(config.language, "ltr", config.language, True)
    code = config.language
    shown = language_name(config, code)
    return PageLanguage(code, direction(config), shown, code == config.default_language)
