"""site.yaml -> one frozen :class:`SiteConfig`, with ``site.yaml:line`` errors.

Every key has a default, so an empty (or missing) site.yaml builds. An
unknown key is an error with a "did you mean" hint: a typo like ``timezon``
must never be silently ignored.
"""

from __future__ import annotations

import difflib
import importlib
import re
import unicodedata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from builder.config.languages import READERS as LANGUAGE_READERS
from builder.config.languages import settle_default
from builder.config.news import READERS as NEWSROOM_READERS
from builder.config.sections import read_allow_outside, read_email, read_search
from builder.config.settings import (
    CONFIG_NAME,
    DEFAULT_BASE_URL,
    HEADING_IDS,
    MARKDOWN_ENGINES,
    PERMALINK_FIELDS,
    RAW_HTML_MODES,
    EditionsConfig,
    FeedsConfig,
    MarkdownConfig,
    PermalinksConfig,
    ShortcodesConfig,
    SiteConfig,
)
from builder.config.topics import READERS as TOPIC_READERS
from builder.config.values import boolean, positive_int, seconds, unknown
from builder.errors import ConfigError, Problem, YamlProblem
from builder.text import yamlsafe
from builder.text.yamlsafe import Entry


def load_config(site_dir: Path, output_override: Path | None = None) -> SiteConfig:
    """Read ``site_dir/site.yaml``; raise :class:`ConfigError` with every problem found."""
    path = site_dir / CONFIG_NAME
    data = path.read_bytes() if path.is_file() else b""
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    try:
        text = data.decode("utf-8-sig")
        node, loader = yamlsafe.parse(text)
        if node is not None and not yamlsafe.is_null(node):
            lines: dict[str, int] = {}
            for entry in yamlsafe.entries(node, CONFIG_NAME):
                lines[entry.key] = entry.line
                try:
                    _read_key(entry, loader, values)
                except YamlProblem as exc:
                    problems.append(Problem(CONFIG_NAME, exc.line, exc.message))
            settle_default(values, lines.get("language", 1))
    except YamlProblem as exc:
        problems.append(Problem(CONFIG_NAME, exc.line, exc.message))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = f"byte 0x{data[exc.start]:02x}"
        problems.append(Problem(CONFIG_NAME, line, f"not valid UTF-8: {byte} (save as UTF-8)"))
    if problems:
        raise ConfigError(problems)
    out = output_override or site_dir / values.pop("output_dir", Path("public"))
    values.pop("output_dir", None)
    return SiteConfig(site_dir=site_dir.resolve(), output_dir=out.resolve(), **values)


def _read_key(entry: Entry, loader: Any, values: dict[str, Any]) -> None:
    reader = _READERS.get(entry.key)
    if reader is None:
        raise YamlProblem(entry.line, unknown(entry.key, _READERS))
    values.update(reader(entry, loader))


def _text(key: str) -> Any:
    def read(entry: Entry, loader: Any) -> dict[str, Any]:
        return {key: yamlsafe.text(entry.node, key)}

    return read


def _read_title(entry: Entry, loader: Any) -> dict[str, Any]:
    """One line of text: the title heads every page, and also the email edition's
    ``Subject`` and ``From`` headers, where a line break would be a header of its own (a
    block scalar's final newline is dropped)."""
    title = yamlsafe.text(entry.node, "title").rstrip("\r\n")
    bad = next((c for c in title if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)
    if bad is not None:
        raise YamlProblem(
            entry.line,
            f"title must be one line of text, without line breaks or control characters "
            f"(found {bad!r})",
        )
    return {"title": title}


def _read_base_url(entry: Entry, loader: Any) -> dict[str, Any]:
    url = yamlsafe.text(entry.node, "base_url")
    if not re.match(r"^https?://[^/\s]+(/\S*)?$", url):
        raise YamlProblem(entry.line, f"base_url must be an absolute http(s) URL, not '{url}'")
    return {"base_url": url if url.endswith("/") else url + "/"}


def _read_timezone(entry: Entry, loader: Any) -> dict[str, Any]:
    name = yamlsafe.text(entry.node, "timezone")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise YamlProblem(entry.line, f"unknown timezone '{name}'{_zone_hint(name)}") from None
    return {"timezone": name}


def _zone_hint(name: str) -> str:
    """``Europe/Amsterdm`` -> `` (did you mean 'Europe/Amsterdam'?)``, case aside."""
    zones = {zone.casefold(): zone for zone in available_timezones()}
    close = difflib.get_close_matches(name.casefold(), list(zones), n=1, cutoff=0.8)
    if close:
        return f" (did you mean '{zones[close[0]]}'?)"
    return " (use an IANA name such as 'Europe/Amsterdam' or 'UTC')"


def _read_output_dir(entry: Entry, loader: Any) -> dict[str, Any]:
    raw = yamlsafe.text(entry.node, "output_dir")
    if not raw.strip():
        raise YamlProblem(entry.line, "output_dir must not be empty")
    if "\x00" in raw:
        raise YamlProblem(entry.line, "output_dir must not contain a NUL character")
    return {"output_dir": Path(raw)}


def _read_per_page(entry: Entry, loader: Any) -> dict[str, Any]:
    return {"per_page": positive_int(entry, "per_page")}


def _read_markdown(entry: Entry, loader: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for sub in yamlsafe.entries(entry.node, "markdown"):
        if sub.key == "extensions":
            fields["extensions"] = tuple(_check_extensions(sub))
        elif sub.key == "raw_html":
            fields["raw_html"] = _one_of(sub, "raw_html", RAW_HTML_MODES)
        elif sub.key == "timeout":
            fields["timeout"] = seconds(sub, "markdown.timeout")
        elif sub.key == "engine":
            fields["engine"] = _check_engine(sub)
        elif sub.key == "heading_ids":
            fields["heading_ids"] = _one_of(sub, "markdown.heading_ids", HEADING_IDS)
        else:
            known = {"extensions": 0, "raw_html": 0, "timeout": 0, "engine": 0, "heading_ids": 0}
            raise YamlProblem(sub.line, unknown(sub.key, known, "markdown"))
    return {"markdown": MarkdownConfig(**fields)}


def _one_of(entry: Entry, name: str, choices: tuple[str, ...]) -> str:
    value = yamlsafe.text(entry.node, name)
    if value not in choices:
        raise YamlProblem(entry.line, f"{name} must be one of {', '.join(choices)}, not '{value}'")
    return value


def _check_engine(entry: Entry) -> str:
    name = _one_of(entry, "markdown.engine", MARKDOWN_ENGINES)
    if name == "cmark-gfm" and not _importable("cmarkgfm"):
        raise YamlProblem(
            entry.line,
            "markdown.engine cmark-gfm needs the cmarkgfm package: "
            "python -m pip install 'newsdigest[fast]'",
        )
    return name


def _importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def _check_extensions(entry: Entry) -> list[str]:
    import markdown

    names = yamlsafe.texts(entry.node, "extensions")
    for name in names:
        try:
            markdown.Markdown(extensions=[name])
        except (ImportError, AttributeError, TypeError) as exc:
            raise YamlProblem(entry.line, f"unknown Markdown extension '{name}' ({exc})") from None
    return names


def _read_permalinks(entry: Entry, loader: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for sub in yamlsafe.entries(entry.node, "permalinks"):
        if sub.key != "article":
            raise YamlProblem(sub.line, unknown(sub.key, {"article": 0}, "permalinks"))
        pattern = yamlsafe.text(sub.node, "permalinks.article")
        names = set(re.findall(r"\{(\w*)\}", pattern))
        if re.search(r"[\x00-\x1f\x7f\\]", pattern):
            raise YamlProblem(
                sub.line, "permalinks.article must not contain control characters or '\\'"
            )
        if not pattern.startswith("/") or not pattern.endswith("/") or ".." in pattern:
            raise YamlProblem(sub.line, "permalinks.article must start and end with '/'")
        if "slug" not in names or names - PERMALINK_FIELDS:
            allowed = ", ".join("{" + n + "}" for n in sorted(PERMALINK_FIELDS))
            raise YamlProblem(sub.line, f"permalinks.article must use {{slug}} and only {allowed}")
        try:  # stray braces, "{slug!r}", "{year:>9}": refuse now, not as a crash mid-build
            probe = pattern.format(year="2024", month="01", day="01", slug="s")
        except (ValueError, IndexError, KeyError):
            probe = ""
        if probe != _plain_fields(pattern):
            raise YamlProblem(sub.line, "permalinks.article has a stray '{' or '}'")
        fields["article"] = pattern
    return {"permalinks": PermalinksConfig(**fields)}


def _plain_fields(pattern: str) -> str:
    """The pattern with each plain ``{name}`` filled in the way ``_read_permalinks`` probes it."""
    values = {"year": "2024", "month": "01", "day": "01", "slug": "s"}
    return re.sub(r"\{(year|month|day|slug)\}", lambda m: values[m.group(1)], pattern)


def _read_feeds(entry: Entry, loader: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for sub in yamlsafe.entries(entry.node, "feeds"):
        if sub.key == "entries":
            fields["entries"] = positive_int(sub, "feeds.entries")
        elif sub.key == "json":
            fields["json"] = boolean(sub, "feeds.json", loader)
        else:
            raise YamlProblem(sub.line, unknown(sub.key, {"entries": 0, "json": 0}, "feeds"))
    return {"feeds": FeedsConfig(**fields)}


def _read_editions(entry: Entry, loader: Any) -> dict[str, Any]:
    known = {"daily": 0, "weekly": 0}
    fields: dict[str, Any] = {}
    for sub in yamlsafe.entries(entry.node, "editions"):
        if sub.key not in known:
            raise YamlProblem(sub.line, unknown(sub.key, known, "editions"))
        fields[sub.key] = boolean(sub, f"editions.{sub.key}", loader)
    return {"editions": EditionsConfig(**fields)}


def _read_related(entry: Entry, loader: Any) -> dict[str, Any]:
    raw = yamlsafe.text(entry.node, "related")
    if not raw.isdigit():
        raise YamlProblem(entry.line, f"related must be a whole number (0 for none), not '{raw}'")
    return {"related_count": int(raw)}


SHORTCODE_KEYS = ("hugo", "liquid", "ref_not_found", "liquid_undefined")


def _read_shortcodes(entry: Entry, loader: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for sub in yamlsafe.entries(entry.node, "shortcodes"):
        if sub.key in ("hugo", "liquid"):
            fields[sub.key] = boolean(sub, f"shortcodes.{sub.key}", loader)
        elif sub.key not in SHORTCODE_KEYS:
            raise YamlProblem(
                sub.line, unknown(sub.key, dict.fromkeys(SHORTCODE_KEYS), "shortcodes")
            )
        elif (level := yamlsafe.text(sub.node, sub.key)) in ("error", "warning"):
            fields[sub.key] = level
        else:
            bad = f"shortcodes.{sub.key} must be error or warning, not '{level}'"
            raise YamlProblem(sub.line, bad)
    return {"shortcodes": ShortcodesConfig(**fields)}


def _read_params(entry: Entry, loader: Any) -> dict[str, Any]:
    """Any YAML values under one mapping; their names are the site's own, so none is unknown."""
    if yamlsafe.is_null(entry.node):
        return {}
    value = yamlsafe.value(entry.node, loader)
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise YamlProblem(entry.line, "params must be a mapping of names to values")
    return {"params": value}


_READERS = {
    "title": _read_title,
    "description": _text("description"),
    "author": _text("author"),
    "base_url": _read_base_url,
    "language": _text("language"),
    "timezone": _read_timezone,
    "output_dir": _read_output_dir,
    "per_page": _read_per_page,
    **TOPIC_READERS,
    "markdown": _read_markdown,
    "permalinks": _read_permalinks,
    "feeds": _read_feeds,
    "editions": _read_editions,
    "related": _read_related,
    "shortcodes": _read_shortcodes,
    "params": _read_params,
    **NEWSROOM_READERS,
    **LANGUAGE_READERS,
    "email": read_email,
    "search": read_search,
    "allow_outside": read_allow_outside,
    "max_article_bytes": lambda entry, loader: {
        "max_article_bytes": positive_int(entry, "max_article_bytes")
    },
}


def default_base_url(config: SiteConfig) -> list[Problem]:
    """Once per build: feeds and the sitemap carry absolute URLs, and the default base_url
    makes every one of them point at the editor's own machine."""
    if config.base_url != DEFAULT_BASE_URL:
        return []
    path = config.site_dir / CONFIG_NAME
    lines = path.read_text(encoding="utf-8-sig").split("\n") if path.is_file() else []
    line = next((n for n, text in enumerate(lines, 1) if text.startswith("base_url:")), 1)
    message = (
        f"base_url is the default {DEFAULT_BASE_URL}: the feeds, the sitemap and canonical "
        "links would point at localhost; set base_url to the site's public address"
    )
    return [Problem(CONFIG_NAME, line, message, "warning")]
