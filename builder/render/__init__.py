"""render: Page -> bytes through Jinja2. Pure given the templates.

Autoescaping is on for every template whatever its extension, and undefined
names are errors (``StrictUndefined``, set in ``templating.py``): a typo in a
template must not become an empty string on ten thousand pages. A template
problem is reported once, at its own file and line, with the page being rendered.
"""

from __future__ import annotations

from collections.abc import Iterator

import jinja2
from jinja2 import Environment

from builder.config import SiteConfig
from builder.errors import Problem
from builder.model import OutputFile, Page
from builder.render.environment import display_path, language_environments, template_frame


def render_pages(
    pages: list[Page], env: Environment, config: SiteConfig
) -> tuple[list[OutputFile], list[Problem]]:
    problems: list[Problem] = []
    outputs = list(iter_rendered(pages, env, config, problems))
    return outputs, problems


def iter_rendered(
    pages: list[Page], env: Environment, config: SiteConfig, problems: list[Problem]
) -> Iterator[OutputFile]:
    """Render page by page, appending problems, so the writer can stream pages to disk.
    With ``languages:``, a page (``Page.lang``) renders in its language's environment,
    made like ``env`` (environment.language_environments)."""
    stale = bool(env.globals.get("search_stale", False))
    envs = language_environments(config, stale_search=stale) or {}
    failed: set[str] = set()
    templates: dict[tuple[str, str], jinja2.Template] = {}
    for page in pages:
        if page.template in failed:
            continue
        try:
            key = (page.lang, page.template)
            template = templates.get(key)
            if template is None:
                own = envs.get(page.lang, env)
                template = templates[key] = own.get_template(page.template)
            data = template.render(page.context).encode("utf-8")
        except Exception as exc:  # any template fault is the template author's, not a crash
            failed.add(page.template)
            problems.append(template_problem(exc, page, config))
            continue
        yield OutputFile(page.out_path, data)


def template_problem(exc: BaseException, page: Page, config: SiteConfig) -> Problem:
    """Name the template file and line where the fault is, and the page being rendered."""
    where = f" (while rendering {page.src_path or page.url})"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(display_path(exc.filename, config), exc.lineno or 1, f"{exc.message}{where}")
    path, line = template_frame(exc)
    if isinstance(exc, jinja2.TemplateNotFound):
        shown = display_path(path, config) if path else f"templates/{page.template}"
        return Problem(shown, line, f"template '{exc.name}' not found{where}")
    message = f"{type(exc).__name__}: {exc}"[:500]
    return Problem(
        display_path(path, config) if path else f"templates/{page.template}", line, message + where
    )
