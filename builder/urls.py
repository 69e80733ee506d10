"""Site URL patterns that new features add (issue 11 gathers every pattern here).

Root-relative URLs, as the plan stage uses them; ``absolute`` joins one to
base_url the way the templates' ``absurl`` filter does.
"""

from __future__ import annotations


def absolute(base_url: str, url: str) -> str:
    """``https://example.org/digest/`` + ``/a/`` -> ``https://example.org/digest/a/``."""
    return base_url + url.lstrip("/")


def edition_email_html(key: str) -> str:
    """The HTML part of a daily edition's email (``/editions/2024-05-20/email.html``)."""
    return f"/editions/{key}/email.html"


def edition_email_text(key: str) -> str:
    """The plain-text part of a daily edition's email."""
    return f"/editions/{key}/email.txt"


def search_page() -> str:
    return "/search/"


def search_bundle() -> str:
    """Where Pagefind's index and scripts live in the output."""
    return "/pagefind/"
