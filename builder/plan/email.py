"""plan: the email edition of every daily edition (``email.html`` and ``email.txt``). Pure.

Both parts are ordinary pages of the build, so they are written atomically with
the site, listed in no sitemap, and ``digest email`` renders the very same pages.
"""

from __future__ import annotations

from typing import Any

from builder.config import SiteConfig
from builder.model import Edition, Page, PageInfo, Site
from builder.urls import absolute, edition_email_html, edition_email_text, in_language

PREHEADER_STORIES = 3


def email_pages(site: Site, config: SiteConfig) -> list[Page]:
    """Two pages per daily edition; weekly editions get none (the issue asks for daily)."""
    pages = []
    for edition in site.editions:
        context = email_context(edition, config)
        text = in_language(config.prefix, edition_email_text(edition.key))
        pages.append(Page(context["page"].url, "email.html", context))
        pages.append(Page(text, "email.txt", context))
    return pages


def email_context(edition: Edition, config: SiteConfig) -> dict[str, Any]:
    return {
        "page": PageInfo(
            in_language(config.prefix, edition_email_html(edition.key)), edition.title
        ),
        "edition": edition,
        "web_url": absolute(config.base_url, edition.url),
        "preheader": preheader(edition),
        "unsubscribe": config.email.unsubscribe,
    }


def preheader(edition: Edition) -> str:
    """The line a mail client shows after the subject: the first headlines."""
    titles = [a.title for a in edition.articles[:PREHEADER_STORIES]]
    more = len(edition.articles) - len(titles)
    return " · ".join(titles) + (f" and {more} more" if more > 0 else "")
