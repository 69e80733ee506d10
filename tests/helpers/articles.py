"""Articles and configurations in memory, for the unit tests of the pure stages.

Articles go through the real loader (``load_article`` on bytes held in memory,
no file read) rather than through ``Article(...)``: their URL, summary, word
count and line numbers are then exactly what a build computes, whatever fields
the model grows. A configuration comes from site.yaml text through the real
``load_config``, so the tests do not spell SiteConfig's attribute names.
"""

from __future__ import annotations

import json
import tempfile
import textwrap
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from builder.config import SiteConfig, load_config
from builder.errors import Problem
from builder.index import build_index
from builder.index.publication import Selection
from builder.load import load_article
from builder.load.markdown import MarkdownRenderer
from builder.load.site import placed as place_article
from builder.model import Article, Site, SourceFile
from builder.text.slugs import slugify


def site_config(yaml_text: str = "", site_dir: Path | None = None) -> SiteConfig:
    """The configuration a site.yaml holding ``yaml_text`` gives (dedented).

    Without ``site_dir`` the file lives in a temporary folder only while it is read:
    the pure stages never look at the site folder again.
    """
    text = textwrap.dedent(yaml_text)
    if site_dir is not None:
        (site_dir / "site.yaml").write_text(text, encoding="utf-8")
        return load_config(site_dir)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "site.yaml").write_text(text, encoding="utf-8")
        return load_config(Path(folder))


def front_matter(values: dict[str, Any]) -> str:
    """YAML front matter; values as JSON (which YAML reads), dates as plain scalars."""
    lines = ["---"]
    for key, value in values.items():
        plain = key in ("date", "updated") or isinstance(value, bool)
        lines.append(f"{key}: {json.dumps(value) if not plain else _plain(value)}")
    return "\n".join([*lines, "---", ""])


def _plain(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def article(
    title: str,
    date: str = "2024-05-01 12:00",
    *,
    config: SiteConfig | None = None,
    topics: Iterable[str] = (),
    body: str = "Some text for the story.",
    src_path: str | None = None,
    **front: Any,
) -> Article:
    """One loaded article; more front matter as keywords (``slug=``, ``see_also=[...]``)."""
    config = config or site_config()
    values: dict[str, Any] = {"title": title, "date": date}
    if topics:
        values["topics"] = list(topics)
    values.update(front)
    text = front_matter(values) + body + "\n"
    path = src_path or f"content/{slugify(title) or 'story'}.md"
    renderer = MarkdownRenderer(config.markdown)
    loaded = load_article(SourceFile(path, text.encode()), config, renderer)
    if loaded.article is None:
        raise AssertionError(f"the test article does not load: {loaded.problems}")
    return placed(loaded.article, config)


def placed(story: Article, config: SiteConfig) -> Article:
    """The article at its URL, as the pipeline gives it to the index stage (load/site.py)."""
    return place_article(story, config)


def index(
    articles: Iterable[Article],
    config: SiteConfig | None = None,
    selection: Selection | None = None,
) -> tuple[Site, list[Problem]]:
    """The index stage on ``articles`` (a fixed clock: nothing is in the future by default)."""
    chosen = selection or Selection(now=datetime.fromisoformat("2030-01-01T00:00:00+00:00"))
    return build_index(list(articles), config or site_config(), chosen)


__all__ = ["Selection", "article", "front_matter", "index", "placed", "site_config"]
