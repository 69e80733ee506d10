"""site.yaml's ``email:`` and ``search:`` sections and ``allow_outside`` -> frozen values.

Kept apart from config.py so each feature reads its keys in one place. As
everywhere in site.yaml, every key is optional and an unknown key is an error.
The SMTP password is never read from site.yaml: only the *name* of the
environment variable that holds it (``password_env``).
"""

from __future__ import annotations

import difflib
import importlib.util
import re
import shutil
from dataclasses import dataclass, field
from typing import Any

from builder.config.values import boolean, unknown
from builder.errors import YamlProblem
from builder.text import yamlsafe
from builder.text.yamlsafe import Entry

SEARCH_ENGINES = ("pagefind",)
SEARCH_INSTALL = "python -m pip install 'newsdigest[search]'"
EXTENDED_INSTALL = "python -m pip install 'pagefind[extended]'"
SEGMENTED_LANGUAGES = ("zh", "ja")
"""Languages whose words Pagefind splits only with its extended build."""
SITE_FOLDERS = ("content", "templates", "static", "_data")
"""The site's top-level folders a build reads; each must lie inside the site unless
``allow_outside`` names it (discover.outside_folders)."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "localhost"
    port: int = 25
    starttls: bool = False
    user: str = ""
    """Empty: no authentication."""
    password_env: str = ""
    """Name of the environment variable holding the password (never the password)."""


@dataclass(frozen=True)
class EmailConfig:
    sender: str = ""
    """``from:`` in site.yaml; empty: ``digest@`` the base URL's host."""
    unsubscribe: str = ""
    """A URL or ``mailto:`` address shown in the footer and sent as List-Unsubscribe."""
    smtp: SmtpConfig = field(default_factory=SmtpConfig)
    line: int = field(default=1, compare=False)
    """Where site.yaml says ``email:``, for problems found when sending."""


@dataclass(frozen=True)
class SearchConfig:
    engine: str = ""
    """Empty: no search. ``pagefind``: index the built site with Pagefind."""
    line: int = field(default=1, compare=False)
    """Where site.yaml says so, for problems found at build time."""

    @property
    def on(self) -> bool:
        return bool(self.engine)


def read_email(entry: Entry, loader: Any) -> dict[str, Any]:
    """``email:`` and its keys; an empty ``email:`` is all defaults."""
    fields: dict[str, Any] = {"line": entry.line}
    if yamlsafe.is_null(entry.node):
        return {"email": EmailConfig(**fields)}
    for sub in yamlsafe.entries(entry.node, "email"):
        if sub.key == "from":
            fields["sender"] = _address(sub, "email.from")
        elif sub.key == "unsubscribe":
            fields["unsubscribe"] = _unsubscribe(sub)
        elif sub.key == "smtp":
            fields["smtp"] = _smtp(sub, loader)
        else:
            raise YamlProblem(sub.line, unknown(sub.key, ("from", "unsubscribe", "smtp")))
    return {"email": EmailConfig(**fields)}


def _address(entry: Entry, what: str) -> str:
    raw = yamlsafe.text(entry.node, what)
    if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+|[^<>\r\n]*<[^@\s<>]+@[^@\s<>]+>", raw.strip()):
        raise YamlProblem(entry.line, f"{what} must be an email address, not '{raw}'")
    return raw.strip()


def _unsubscribe(entry: Entry) -> str:
    raw = yamlsafe.text(entry.node, "email.unsubscribe").strip()
    if not re.fullmatch(r"(https?://[^\s<>\"]+|mailto:[^@\s<>\"]+@[^\s<>\"]+)", raw):
        raise YamlProblem(
            entry.line,
            f"email.unsubscribe must be an http(s) URL or a mailto: address, not '{raw}'",
        )
    return raw


def _smtp(entry: Entry, loader: Any) -> SmtpConfig:
    fields: dict[str, Any] = {}
    for sub in yamlsafe.entries(entry.node, "email.smtp"):
        what = f"email.smtp.{sub.key}"
        if sub.key in ("host", "user"):
            fields[sub.key] = yamlsafe.text(sub.node, what).strip()
        elif sub.key == "port":
            raw = yamlsafe.text(sub.node, what)
            if not raw.isdigit() or not 0 < int(raw) < 65536:
                raise YamlProblem(sub.line, f"{what} must be a port number (1-65535), not '{raw}'")
            fields["port"] = int(raw)
        elif sub.key == "starttls":
            fields["starttls"] = boolean(sub, what, loader)
        elif sub.key == "password_env":
            name = yamlsafe.text(sub.node, what)
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                raise YamlProblem(
                    sub.line, f"{what} must name an environment variable (like SMTP_PASSWORD)"
                )
            fields["password_env"] = name
        else:
            known = ("host", "port", "starttls", "user", "password_env")
            raise YamlProblem(sub.line, unknown(sub.key, known))
    return SmtpConfig(**fields)


def read_search(entry: Entry, loader: Any) -> dict[str, Any]:
    """``search: {engine: pagefind}``; the binary must be installed now, not mid-build."""
    if yamlsafe.is_null(entry.node):
        return {}
    fields: dict[str, Any] = {"line": entry.line}
    for sub in yamlsafe.entries(entry.node, "search"):
        if sub.key != "engine":
            raise YamlProblem(sub.line, unknown(sub.key, ("engine",)))
        name = yamlsafe.text(sub.node, "search.engine")
        if name in ("", "none", "off"):
            return {}
        if name not in SEARCH_ENGINES:
            choices = ", ".join(SEARCH_ENGINES)
            raise YamlProblem(sub.line, f"search.engine must be one of {choices}, not '{name}'")
        if not pagefind_available():
            raise YamlProblem(
                sub.line, f"search.engine pagefind needs the Pagefind binary: {SEARCH_INSTALL}"
            )
        fields.update(engine=name, line=sub.line)
    return {"search": SearchConfig(**fields)}


def pagefind_available() -> bool:
    """The binary from PyPI (``pagefind[bin]`` / ``[extended]``) or one on PATH."""
    return bool(
        importlib.util.find_spec("pagefind_bin_extended")
        or importlib.util.find_spec("pagefind_bin")
        or shutil.which("pagefind_extended")
        or shutil.which("pagefind")
    )


def read_allow_outside(entry: Entry, loader: Any) -> dict[str, Any]:
    """``allow_outside: [static]``: top-level folders that may be symlinks leading out of the
    site (a shared static/ of several sites). Off by default: a symlinked ``static -> /etc``
    would publish /etc (issue 27)."""
    if yamlsafe.is_null(entry.node):
        return {}
    names = yamlsafe.texts(entry.node, "allow_outside")
    for name in names:
        if name.strip("/") not in SITE_FOLDERS:
            close = difflib.get_close_matches(name, SITE_FOLDERS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            choices = ", ".join(SITE_FOLDERS)
            raise YamlProblem(entry.line, f"allow_outside: '{name}' is not one of {choices}{hint}")
    return {"allow_outside": tuple(sorted({name.strip("/") for name in names}))}
