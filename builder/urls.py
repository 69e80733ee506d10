"""Every URL of the site, and every join with base_url, as small pure functions.

The one home of the site's shape: renaming ``/editions/`` or moving the feeds is
an edit here and nowhere else in ``builder/`` (the default theme's templates name
a few of these paths too). Like Zola's ``make_permalink``.

A ``url`` here is root-relative (``/topics/china/``), as the model keeps it:
the site is planned as if it lived at ``/``. :func:`with_base` prefixes the
path part of base_url (for links inside the site, which may live under
``/digest/``), :func:`absolute` the whole base_url (for feeds, the sitemap and
JSON-LD, read away from the site). Clean URLs end in ``/`` and are written as
``index.html`` in that folder (:func:`url_to_out_path`).
"""

from __future__ import annotations

import re
from datetime import date


def article_url(pattern: str, day: date, slug: str) -> str:
    """An article's URL from permalinks.article (its default is in config/settings.py);
    ``day`` is its date in the site timezone.

    Computed from the article's fields whenever it is needed, never stored with
    the parsed file, so changing the pattern does not invalidate the parse cache.
    """
    return pattern.format(
        year=f"{day.year:04d}", month=f"{day.month:02d}", day=f"{day.day:02d}", slug=slug
    )


_JEKYLL_PLACEHOLDER = re.compile(
    r":(year|month|day|i_month|i_day|short_year|title|slug|categories)\b"
)


def permalink_url(permalink: str, day: date, slug: str, categories: tuple[str, ...]) -> str:
    """A story's URL from its own ``permalink:`` (Jekyll's), checked by text/slugs.py:
    Jekyll's placeholders filled in (``:title`` is the slug, as Jekyll's comes from the
    file name; ``:categories`` the topic slugs joined by ``/``), and a path without a file
    extension made a clean URL (``/about`` -> ``/about/``), as every page here is."""
    values = {
        "year": f"{day.year:04d}",
        "month": f"{day.month:02d}",
        "day": f"{day.day:02d}",
        "i_month": str(day.month),
        "i_day": str(day.day),
        "short_year": f"{day.year % 100:02d}",
        "title": slug,
        "slug": slug,
        "categories": "/".join(categories),
    }
    url = _JEKYLL_PLACEHOLDER.sub(lambda m: values[m.group(1)], permalink)
    url = re.sub(r"/{2,}", "/", url)
    last = url.rsplit("/", 1)[-1]
    return url if not last or "." in last else url + "/"


def home_url() -> str:
    return "/"


def site_root_url() -> str:
    """The root of the whole site, whatever the language (``home_url`` is a language's home):
    the base of Pagefind's result URLs, which carry their language's prefix."""
    return "/"


def page_url(first: str, number: int) -> str:
    """Page ``number`` (1-based) of a list whose first page is ``first``: ``first/page/2/``."""
    return first if number == 1 else f"{first}page/{number}/"


def topics_index_url() -> str:
    return "/topics/"


def topic_url(slug: str, page: int = 1) -> str:
    return page_url(f"/topics/{slug}/", page)


def topic_feed_url(slug: str) -> str:
    return f"{topic_url(slug)}feed.xml"


def editions_index_url() -> str:
    return "/editions/"


def edition_url(key: str) -> str:
    """A daily (``2023-05-23``) or weekly (``2023-W21``) edition; the keys never clash."""
    return f"/editions/{key}/"


def editions_feed_url(kind: str) -> str:
    """The feed of the ``daily`` or the ``weekly`` editions."""
    if kind == "daily":
        return "/editions/feed.xml"
    if kind == "weekly":
        return "/editions/weekly/feed.xml"
    raise ValueError(f"no edition kind {kind!r}")


def archive_url(year: int | None = None, month: int | None = None, page: int = 1) -> str:
    """The archive's index (no arguments) or one month's stories (both; no year pages exist)."""
    if year is None and month is None:
        return "/archive/"
    if year is None or month is None:
        raise ValueError("archive_url takes both a year and a month, or neither")
    return page_url(f"/archive/{year:04d}/{month:02d}/", page)


def feed_url() -> str:
    """The site-wide Atom feed."""
    return "/feed.xml"


def json_feed_url() -> str:
    return "/feed.json"


def sitemap_url() -> str:
    return "/sitemap.xml"


def sitemap_part_url(number: int) -> str:
    """One part of a sitemap too big for one file (``/sitemap.xml`` is then their index)."""
    return f"/sitemaps/{number}.xml"


def news_sitemap_url() -> str:
    """The Google News sitemap: the stories of the last two days."""
    return "/news-sitemap.xml"


def author_url(slug: str, page: int = 1) -> str:
    return page_url(f"/authors/{slug}/", page)


def author_feed_url(slug: str) -> str:
    return f"/authors/{slug}/feed.xml"


def authors_index_url() -> str:
    return "/authors/"


def image_variants_url() -> str:
    """The folder of resized and cropped images, named by a hash of source and parameters."""
    return "/images/_v/"


def robots_url() -> str:
    return "/robots.txt"


def not_found_url() -> str:
    """The 404 page: a file, not a folder, because servers look for ``404.html``."""
    return "/404.html"


def stylesheet_url() -> str:
    return "/assets/style.css"


def languages_stylesheet_url() -> str:
    """The theme's rules for a site in several languages (right to left, the switcher)."""
    return "/assets/languages.css"


def edition_email_html(key: str) -> str:
    """The HTML part of a daily edition's email (``/editions/2024-05-20/email.html``)."""
    return f"{edition_url(key)}email.html"


def edition_email_text(key: str) -> str:
    """The plain-text part of a daily edition's email."""
    return f"{edition_url(key)}email.txt"


def search_url() -> str:
    """The search page (only when ``search:`` is on)."""
    return "/search/"


def search_bundle_url() -> str:
    """Where Pagefind's index and scripts live in the output."""
    return "/pagefind/"


SHARED = frozenset(
    {
        "site_root_url",
        "stylesheet_url",
        "languages_stylesheet_url",
        "search_bundle_url",
        "image_variants_url",
        "robots_url",
        "sitemap_url",
        "sitemap_part_url",
        "news_sitemap_url",
    }
)
"""The functions above whose URL is the whole site's, not one language's: a site in
several languages has one stylesheet, one search bundle, one sitemap and one robots.txt."""


def language_prefix(code: str, default: str, default_in_subdir: bool, base_url: str) -> str:
    """The path a language's pages live under: ``/`` for the default language (unless
    ``default_in_subdir``), else the path of the language's ``base_url`` (``/japanese/``,
    or ``https://ja.example.org/ja/``), else ``/CODE/``."""
    if code == default and not default_in_subdir:
        return "/"
    path = base_url.split("://", 1)[1].partition("/")[2] if "://" in base_url else base_url
    path = "/" + path.strip("/") + "/" if path.strip("/") else ""
    return path or f"/{code}/"


def in_language(prefix: str, url: str) -> str:
    """A page's URL in the language living under ``prefix`` (``SiteConfig.prefix``):
    ``/ja/`` + ``/topics/china/`` -> ``/ja/topics/china/``; ``/`` leaves it as it is."""
    return url if prefix == "/" else prefix + url.lstrip("/")


def without_language(prefix: str, url: str) -> str:
    """The inverse of :func:`in_language`: ``/ja/topics/`` under ``/ja/`` -> ``/topics/``,
    the part of a URL that a page shares with its translations."""
    return url if prefix == "/" or not url.startswith(prefix) else "/" + url[len(prefix) :]


def with_base(base_path: str, url: str) -> str:
    """A root-relative URL under base_url's path (``SiteConfig.base_path``): ``/x/`` ->
    ``/digest/x/``. Values, not the configuration: this module imports nothing of the site."""
    return base_path + url.lstrip("/")


def absolute(base_url: str, url: str) -> str:
    """A root-relative URL made absolute: ``/x/`` -> ``https://example.org/digest/x/``."""
    return base_url + url.lstrip("/")


def url_to_out_path(url: str) -> str:
    """Clean URLs: ``/a/b/`` is written as ``a/b/index.html``."""
    path = url.lstrip("/")
    return path + "index.html" if url.endswith("/") else path
