"""The plain, frozen data that flows between the stages of the pipeline.

Names keep paths apart: ``src_path`` is a file in the site (relative, forward
slashes), ``url`` is a path on the web (root-relative, before base_url), and
``out_path`` is a file in the output folder. They are never the same variable.

``article.py`` holds a content file's values (``Article`` and its parts),
``site.py`` what the index makes of the articles (``Site``, topics, editions,
archive), ``page.py`` what plan hands render and render hands write. Import them
from here: ``from builder.model import Article, Site, Page``.
"""

from __future__ import annotations

from builder.model.article import (
    ARTICLE_FORMAT,
    Article,
    AuthorRef,
    Change,
    Found,
    PreviewMark,
    Source,
    SourceFile,
    StoryImage,
    TopicRef,
    evolve,
)
from builder.model.page import OutputFile, Page, PageInfo
from builder.model.site import (
    ArchiveMonth,
    ArchiveYear,
    Author,
    Edition,
    EditionGroup,
    MonthLink,
    Neighbours,
    Related,
    Site,
    Summary,
    Topic,
    YearLinks,
)

__all__ = [
    "ARTICLE_FORMAT",
    "ArchiveMonth",
    "ArchiveYear",
    "Article",
    "Author",
    "AuthorRef",
    "Change",
    "Edition",
    "EditionGroup",
    "Found",
    "MonthLink",
    "Neighbours",
    "OutputFile",
    "Page",
    "PageInfo",
    "PreviewMark",
    "Related",
    "Site",
    "Source",
    "SourceFile",
    "StoryImage",
    "Summary",
    "Topic",
    "TopicRef",
    "YearLinks",
    "evolve",
]
