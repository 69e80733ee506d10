"""The marks the load stage leaves where a URL can only be known once every story is.

``@digest-ref:TARGET@`` stands for the URL of the story TARGET names (percent-quoted);
index/refs.py replaces every mark once every article is loaded. Two targets stand for
the story's own URL, which depends on permalinks.article (the parse cache does not key
on it): the empty one with the base path (a template's ``article.url``, Jekyll's
``{% link %}``), ``~`` without it (Jekyll's ``page.url``, which a body joins with
``relative_url`` or ``site.baseurl`` itself), ``~id`` Jekyll's ``page.id``.
"""

from __future__ import annotations

REF_MARK = "@digest-ref:"
OWN_URL = f"{REF_MARK}@"
"""The story's own URL, with the base path of base_url."""
OWN_PATH = f"{REF_MARK}~@"
"""The story's own URL without the base path (Jekyll's ``page.url``)."""
OWN_ABSOLUTE = f"{REF_MARK}~abs@"
"""The story's own URL made absolute with base_url (``page.url | absolute_url``)."""
OWN_ID = f"{REF_MARK}~id@"
"""Jekyll's ``page.id``: the URL without the base path and without its last ``/``."""
