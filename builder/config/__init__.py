"""The configuration stage: site.yaml -> one frozen :class:`SiteConfig`, with line errors.

``read.py`` reads the file key by key (``site.yaml:line`` errors, "did you mean"
hints); ``settings.py`` holds the frozen settings and their defaults; ``news.py``
the newsroom keys (news sitemap, authors, images) and ``sections.py`` the
``email:`` and ``search:`` sections and ``allow_outside``. Every stage takes the one
``SiteConfig`` this package makes, so the usual import is
``from builder.config import SiteConfig``.
"""

from __future__ import annotations

from builder.config.read import default_base_url, load_config
from builder.config.settings import (
    CACHE_DIR,
    CONFIG_NAME,
    DEFAULT_BASE_URL,
    EditionsConfig,
    FeedsConfig,
    MarkdownConfig,
    PermalinksConfig,
    ShortcodesConfig,
    SiteConfig,
    TopicSpec,
)

__all__ = [
    "CACHE_DIR",
    "CONFIG_NAME",
    "DEFAULT_BASE_URL",
    "EditionsConfig",
    "FeedsConfig",
    "MarkdownConfig",
    "PermalinksConfig",
    "ShortcodesConfig",
    "SiteConfig",
    "TopicSpec",
    "default_base_url",
    "load_config",
]
