"""site.yaml's ``languages:``, ``default_in_subdir`` and ``slugs`` -> frozen values, with lines.

A site without ``languages:`` has one language (``language:``, default ``en``) and is
exactly the site it always was. With it, every language is a site of its own built
from the same folder, as Hugo builds a multilingual site: :func:`for_language` gives
the configuration one language's stages see (its title, description, time zone and
``language`` code), and ``SiteConfig.prefix`` the path its pages live under.

The default language is ``language:`` when it is one of the map's codes, else the
first by ``weight`` (then code); it is served at ``/`` unless ``default_in_subdir``.
Each language code must be one Babel (CLDR) knows, so that its dates and numbers
can be formatted; a typo is an error at its line, not a page in no language.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from builder.config.settings import LanguageSpec, SiteConfig
from builder.config.values import unknown
from builder.errors import UsageError, YamlProblem
from builder.text import yamlsafe
from builder.text.yamlsafe import Entry

DIRECTIONS = ("ltr", "rtl")
SLUG_MODES = ("unicode", "ascii")
_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
LANGUAGE_KEYS = (
    "title",
    "description",
    "timezone",
    "direction",
    "base_url",
    "weight",
    "name",
    "locale",
)


def read_languages(entry: Entry, loader: Any) -> dict[str, Any]:
    if yamlsafe.is_null(entry.node):
        return {}
    specs = [_read_language(item) for item in yamlsafe.entries(entry.node, "languages")]
    if not specs:
        return {}
    specs.sort(key=lambda s: (s.weight, s.code))
    return {"languages": tuple(specs)}


def _read_language(item: Entry) -> LanguageSpec:
    code = item.key
    if not _CODE.match(code) or _locale(code) is None:
        raise YamlProblem(item.line, f"languages: '{code}' is not a language code CLDR knows")
    fields: dict[str, Any] = {}
    if not yamlsafe.is_null(item.node):
        for sub in yamlsafe.entries(item.node, f"languages.{code}"):
            fields[sub.key] = _read_field(code, sub)
    return LanguageSpec(code=code, line=item.line, **fields)


def _read_field(code: str, sub: Entry) -> Any:
    where = f"languages.{code}.{sub.key}"
    if sub.key not in LANGUAGE_KEYS:
        raise YamlProblem(sub.line, unknown(sub.key, LANGUAGE_KEYS, f"languages.{code}"))
    value = yamlsafe.text(sub.node, where)
    if sub.key == "weight":
        if not re.fullmatch(r"-?\d+", value):
            raise YamlProblem(sub.line, f"{where} must be a whole number, not '{value}'")
        return int(value)
    if sub.key == "direction" and value not in DIRECTIONS:
        raise YamlProblem(sub.line, f"{where} must be ltr or rtl, not '{value}'")
    if sub.key == "timezone":
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise YamlProblem(sub.line, f"unknown timezone '{value}' ({where})") from None
    if sub.key == "locale" and _locale(value) is None:
        raise YamlProblem(sub.line, f"{where}: '{value}' is not a locale CLDR knows")
    if sub.key == "base_url":
        return _base_url(value, where, sub.line)
    return value


def _base_url(value: str, where: str, line: int) -> str:
    """A path (``/japanese/``) or an absolute http(s) URL, always ending in ``/``."""
    value = value if value.endswith("/") else value + "/"
    if re.match(r"^https?://[^/\s]+(/\S*)?$", value):
        return value
    if not value.startswith("/") or ".." in value or re.search(r"[\s\\\x00-\x1f]", value):
        raise YamlProblem(line, f"{where} must be a path such as /ja/ or an absolute URL")
    return value


def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def read_default_in_subdir(entry: Entry, loader: Any) -> dict[str, Any]:
    value = yamlsafe.value(entry.node, loader)
    if not isinstance(value, bool):
        raise YamlProblem(entry.line, "default_in_subdir must be true or false")
    return {"default_in_subdir": value}


def read_slugs(entry: Entry, loader: Any) -> dict[str, Any]:
    mode = yamlsafe.text(entry.node, "slugs")
    if mode not in SLUG_MODES:
        raise YamlProblem(entry.line, f"slugs must be unicode or ascii, not '{mode}'")
    return {"slugs": mode}


READERS = {
    "languages": read_languages,
    "default_in_subdir": read_default_in_subdir,
    "slugs": read_slugs,
}


def settle_default(values: dict[str, Any], language_line: int) -> None:
    """With ``languages:``, ``language`` names the default language: one of the map's codes.

    Written but not in the map is an error at its line; not written, the lightest language
    is the default (Hugo's ``defaultContentLanguage`` is likewise one of its languages)."""
    specs: tuple[LanguageSpec, ...] = values.get("languages", ())
    if not specs:
        return
    codes = [s.code for s in specs]
    if "language" not in values:
        values["language"] = codes[0]
    elif values["language"] not in codes:
        raise YamlProblem(
            language_line,
            f"language '{values['language']}' is not one of languages: {', '.join(codes)}",
        )
    values["default_language"] = values["language"]


def spec_of(config: SiteConfig, code: str) -> LanguageSpec | None:
    return next((s for s in config.languages if s.code == code), None)


def for_language(config: SiteConfig, code: str) -> SiteConfig:
    """The configuration one language's stages see: its own title, description, time zone
    and ``language``; everything else is the site's."""
    spec = spec_of(config, code)
    if spec is None:
        raise ValueError(f"no language {code!r} in site.yaml")
    return replace(
        config,
        language=code,
        title=spec.title or config.title,
        description=spec.description or config.description,
        timezone=spec.timezone or config.timezone,
    )


def direction(config: SiteConfig) -> str:
    """``rtl`` or ``ltr`` for the configuration's language: as written, else CLDR's."""
    spec = spec_of(config, config.language)
    if spec is not None and spec.direction:
        return spec.direction
    locale = _locale(locale_name(config))
    return "rtl" if locale is not None and locale.text_direction == "rtl" else "ltr"


def locale_name(config: SiteConfig) -> str:
    """Babel's locale for the configuration's language (``pt-BR`` -> ``pt_BR``)."""
    spec = spec_of(config, config.language)
    name = spec.locale if spec is not None and spec.locale else config.language
    return name.replace("-", "_")


def language_name(config: SiteConfig, code: str) -> str:
    """A language's name in itself, for the switcher: ``日本語``, ``español``."""
    spec = spec_of(config, code)
    if spec is not None and spec.name:
        return spec.name
    locale = _locale(code)
    shown = locale.get_display_name(locale) if locale is not None else None
    return shown or code


def only(config: SiteConfig, code: str, output_dir: Path | None) -> SiteConfig:
    """``digest build --lang CODE``: the site with that one language, written beside the
    output (``public-ja/``) unless ``--out`` says where: a site missing its other languages
    must never replace the one that is published."""
    spec = spec_of(config, code)
    if spec is None:
        known = ", ".join(config.codes)
        raise UsageError(f"--lang {code}: not one of the site's languages ({known or 'none'})")
    out = output_dir or config.output_dir.with_name(f"{config.output_dir.name}-{code}")
    return replace(config, languages=(spec,), output_dir=out)


def views(config: SiteConfig) -> dict[str, SiteConfig]:
    """Each language's configuration (:func:`for_language`), the default's first; a site of
    one language is its own only view."""
    if not config.languages:
        return {config.language: config}
    return {code: for_language(config, code) for code in config.codes}


def babel_locale(config: SiteConfig) -> str | None:
    """The Babel locale that formats this configuration's dates and numbers, or None for
    newsdigest's own English (``2 December 2026``): a site without ``languages:``, and
    plain ``en``, keep the house style (``locale: en_US`` asks for CLDR's English)."""
    if not config.languages:
        return None
    name = locale_name(config)
    return None if name == "en" else name
