"""The differential test's random editor: seeded edits of a copy of tests/sites/trust.

Every kind of edit issue 21 lists, as an editor makes it: front matter (title, summary,
topics with a new topic and an alias, the date that moves the URL, the slug, see_also,
draft, the author), the body (a sentence, a ``.md`` link, a ``ref`` shortcode), files
(a new story, a deletion, a rename), the site's templates (a shortcode template, an
override of a theme template), site.yaml, static files and images, and the clock
passing a ``publish_date``, an ``expires`` or a scheduled date. Front matter is edited
line by line, the way a person does it in a text editor; nothing is parsed.

An edit may break the site (a deleted story others link to, a slug two stories share):
both builds must then fail alike, and :meth:`Editor.mend` repairs it the way an editor
would: the broken links become plain text, and anything else is undone.
"""

from __future__ import annotations

import functools
import json
import posixpath
import random
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

from builder.render.environment import default_theme_dir

SOURCES = ("site.yaml", "content", "templates", "static", "i18n")
"""What a site is made of (the output and the caches are not sources)."""
WORDS = ("quay", "tide", "ferry", "council", "lamp", "market", "gale", "bridge", "choir")
TOPICS = ("Harbour", "Transport", "Weather", "Council", "Culture", "Sport", "Markets")
ALIASES = ("Port", "Docks", "Traffic")
AUTHORS = ("Ana Ruiz", "A. Ruiz", "Ben Okafor", "Chen Li", "Dana Smit")
START = datetime.fromisoformat("2026-11-20T12:00:00+00:00")
"""The clock the site is first built at: a scheduled story, a publish_date and an
expires ahead of it, some stories inside the news sitemap's two days."""
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")


def read_sources(site: Path) -> dict[str, bytes]:
    """Every source file of ``site`` by its path in the site."""
    found: dict[str, bytes] = {}
    for name in SOURCES:
        path = site / name
        if path.is_file():
            found[name] = path.read_bytes()
        elif path.is_dir():
            for item in sorted(path.rglob("*")):
                if item.is_file():
                    found[item.relative_to(site).as_posix()] = item.read_bytes()
    return found


def write_sources(site: Path, sources: dict[str, bytes]) -> None:
    """Make the sources of ``site`` exactly ``sources`` (files written only where they differ)."""
    current = read_sources(site)
    for rel in current.keys() - sources.keys():
        (site / rel).unlink()
    for rel, data in sources.items():
        if current.get(rel) != data:
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_bytes(data)


class Editor:
    """One seeded sequence of edits; ``now`` is the clock the builds after it use."""

    def __init__(self, site: Path, seed: int, kinds: tuple[str, ...] | None = None) -> None:
        self.site = site
        self.rng = random.Random(seed)
        self.now = START
        self.made = 0
        self.good = read_sources(site)
        """The sources of the last state that built: what an undo goes back to."""
        edits: dict[str, Callable[[], str]] = {
            "title": self.title,
            "summary": self.summary,
            "body": self.body,
            "topics": self.topics,
            "date": self.date,
            "slug": self.slug,
            "md-link": self.md_link,
            "ref": self.ref,
            "see-also": self.see_also,
            "new": self.new_story,
            "delete": self.delete,
            "rename": self.rename,
            "draft": self.draft,
            "author": self.author,
            "shortcode-template": self.shortcode_template,
            "theme-template": self.theme_template,
            "site-yaml": self.site_yaml,
            "static": self.static_file,
            "image": self.image,
            "clock": self.clock,
            "nothing": lambda: "nothing",
        }
        self.edits = {k: v for k, v in edits.items() if kinds is None or k in kinds}

    # -- choosing -------------------------------------------------------------------------

    def edit(self) -> tuple[str, str]:
        """One random edit: (its kind, what it did)."""
        kind = self.rng.choice(sorted(self.edits))
        return kind, self.edits[kind]()

    def built(self) -> None:
        """The sources as they are now built: later undos come back here."""
        self.good = read_sources(self.site)

    def mend(self, problems: list[str]) -> str:
        """Repair a site that fails: broken links become their text, anything else is undone."""
        broken = [re.match(r"(content/[^:]+):\d+: broken link '([^']*)'", p) for p in problems]
        found = [m.groups() for m in broken if m]
        if found and len(found) == len([p for p in problems if ": warning: " not in p]):
            for rel, target in sorted(set(found)):
                path = self.site / rel
                text = path.read_text()
                path.write_text(_LINK.sub(functools.partial(_unlink, target=target), text))
            return f"mend: unlinked {sorted(set(found))}"
        write_sources(self.site, self.good)
        return "mend: undo to the last good state"

    def _stories(self) -> list[Path]:
        return sorted(
            p for p in (self.site / "content").rglob("*.md") if not p.name.startswith((".", "_"))
        )

    def _story(self) -> Path:
        return self.rng.choice(self._stories())

    def _word(self) -> str:
        self.made += 1
        return f"{self.rng.choice(WORDS)}{self.made}"

    # -- front matter ---------------------------------------------------------------------

    def title(self) -> str:
        path = self._story()
        title = _get(path, "title") or "Untitled"
        _set(path, "title", json.dumps(f"{title.strip(chr(34))} {self._word()}"[-70:]))
        return f"title of {path.name}"

    def _removed(self, path: Path, key: str, chance: float) -> str | None:
        """Now and then a key the story has is taken out: what was done, or None."""
        if _get(path, key) and self.rng.random() < chance:
            _set(path, key, None)
            return f"{key} of {path.name} removed"
        return None

    def summary(self) -> str:
        path = self._story()
        if removed := self._removed(path, "summary", 0.3):
            return removed
        _set(path, "summary", json.dumps(f"A summary about the {self._word()}."))
        return f"summary of {path.name}"

    def topics(self) -> str:
        path = self._story()
        choice = self.rng.random()
        if choice < 0.5:
            topic = self.rng.choice(TOPICS)
        elif choice < 0.8:
            topic = self.rng.choice(ALIASES)
        else:
            topic = f"Topic {self._word()}"  # a new topic: a new topic page
        keep = self.rng.sample(TOPICS, self.rng.randint(0, 1))
        _set(path, "topics", json.dumps([*keep, topic]))
        return f"topics of {path.name}: {[*keep, topic]}"

    def date(self) -> str:
        path = self._story()
        moved = self.now + timedelta(hours=self.rng.randint(-20 * 24, 5 * 24))
        _set(path, "date", moved.strftime("%Y-%m-%dT%H:%M:00"))
        return f"date of {path.name}: {moved:%Y-%m-%d %H:%M}"

    def slug(self) -> str:
        path = self._story()
        if removed := self._removed(path, "slug", 0.4):
            return removed
        other = self.rng.choice(self._stories()).stem  # sometimes a slug another story has
        slug = other if self.rng.random() < 0.2 else f"{path.stem}-{self._word()}"
        _set(path, "slug", json.dumps(slug))
        return f"slug of {path.name}: {slug}"

    def see_also(self) -> str:
        path = self._story()
        picks = [self._title_or_slug(p) for p in self.rng.sample(self._stories(), 2)]
        if self.rng.random() < 0.2:
            picks.append("no such story")  # a warning, not an error
        _set(path, "see_also", json.dumps(picks))
        return f"see_also of {path.name}: {picks}"

    def _title_or_slug(self, path: Path) -> str:
        title = _get(path, "title")
        if title and self.rng.random() < 0.5:
            return json.loads(title) if title.startswith('"') else title
        return path.stem

    def draft(self) -> str:
        path = self._story()
        now = _get(path, "draft") == "true"
        _set(path, "draft", "false" if now else "true")
        return f"draft of {path.name}: {not now}"

    def author(self) -> str:
        path = self._story()
        _set(path, "authors", None)
        if self.rng.random() < 0.2:
            _set(path, "author", None)
            return f"author of {path.name} removed"
        name = self.rng.choice((*AUTHORS, f"Guest {self._word()}"))
        _set(path, "author", json.dumps(name))
        return f"author of {path.name}: {name}"

    # -- bodies -------------------------------------------------------------------------

    def body(self) -> str:
        path = self._story()
        _append(path, f"The {self._word()} was mentioned again.")
        return f"body of {path.name}"

    def md_link(self) -> str:
        path, other = self._story(), self._story()
        rel = posixpath.relpath(other.as_posix(), path.parent.as_posix())
        _append(path, f"See [{self._word()}]({rel}).")
        return f"{path.name} links to {rel}"

    def ref(self) -> str:
        path, other = self._story(), self._story()
        target = self.rng.choice(
            (other.name, other.relative_to(self.site / "content").as_posix(), "gone-story.md")
        )
        _append(path, f'Also [{self._word()}]({{{{< ref "{target}" >}}}}).')
        return f"{path.name} refs {target}"

    # -- files ----------------------------------------------------------------------------

    def new_story(self) -> str:
        folder = self.site / "content" / self.rng.choice(("2026/11", "2026/10", "2026/12"))
        folder.mkdir(parents=True, exist_ok=True)
        name = f"story-{self._word()}.md"
        day = self.now + timedelta(hours=self.rng.randint(-15 * 24, 3 * 24))
        topics = json.dumps(self.rng.sample((*TOPICS, *ALIASES), 2))
        (folder / name).write_text(
            f"---\ntitle: {json.dumps('A story on the ' + self._word())}\n"
            f"date: {day:%Y-%m-%dT%H:%M:00}\ntopics: {topics}\n"
            f"author: {json.dumps(self.rng.choice(AUTHORS))}\n---\n\n"
            f"Something happened near the {self._word()}.\n"
        )
        return f"new story {folder.name}/{name}"

    def delete(self) -> str:
        linked = [p for p in self._stories() if self._linked_to(p)]
        pool = linked if linked and self.rng.random() < 0.5 else self._stories()
        if len(self._stories()) < 6:
            return self.new_story()
        path = self.rng.choice(pool)
        path.unlink()
        return f"deleted {path.relative_to(self.site).as_posix()}"

    def _linked_to(self, path: Path) -> bool:
        return any(path.name in other.read_text() for other in self._stories() if other != path)

    def rename(self) -> str:
        path = self._story()
        folder = self.site / "content" / self.rng.choice(("2026/11", "2026/10"))
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{path.stem}-{self._word()}.md"
        path.rename(target)
        return f"renamed {path.name} to {target.relative_to(self.site).as_posix()}"

    # -- templates, configuration, static files, the clock --------------------------------

    def shortcode_template(self) -> str:
        note = self.site / "templates/shortcodes/note.html"
        what = self.rng.choice(("site.description", "site.title", "name"))
        note.write_text(
            f'<aside class="note {self._word()}"><strong>{{{{ {what} }}}}</strong>'
            " {{ inner }}</aside>\n"
        )
        return f"shortcode template reads {what}"

    def theme_template(self) -> str:
        """The site's own 404 page, or an override of a theme template added, changed
        or removed (one of them reads every story of the month on each archive page)."""
        choice = self.rng.choice(("404", "archive", "topic", "remove"))
        templates = self.site / "templates"
        if choice == "404":
            page = templates / "404.html"
            text = page.read_text() if page.is_file() else _theme("404.html")
            page.write_text(re.sub(r"<h1>[^<]*</h1>", f"<h1>Lost {self._word()}</h1>", text))
        elif choice == "archive":
            newest = "<h1>{{ month.name }}</h1><p>Latest: {{ month.articles[0].title }}</p>"
            text = _theme("archive.html").replace("<h1>{{ month.name }}</h1>", newest)
            (templates / "archive.html").write_text(text)
        elif choice == "topic":
            text = _theme("topic.html")
            (templates / "topic.html").write_text(text + f"{{# {self._word()} #}}\n")
        else:
            for name in ("archive.html", "topic.html"):
                (templates / name).unlink(missing_ok=True)
        return f"theme template: {choice}"

    def site_yaml(self) -> str:
        path = self.site / "site.yaml"
        text = path.read_text()
        word = self._word()
        changes = {
            "description": (r"description: .*", f"description: The harbour, {word}."),
            "title": (r"^title: .*", f"title: Harbour Digest {word}"),
            "per_page": (r"per_page: \d+", f"per_page: {self.rng.randint(2, 4)}"),
            "topic": (r"description: Wind, tides.*", f"description: Wind and {word}."),
            "alias": (r"aliases: \[Port, Docks.*\]", f"aliases: [Port, Docks, Quay{word}]"),
            "bio": (r"bio: Covers the harbour.*", f"bio: Covers the harbour and {word}."),
            "feeds": (r"entries: \d+", f"entries: {self.rng.randint(3, 6)}"),
            "related": (r"related: \d+", f"related: {self.rng.randint(1, 4)}"),
        }
        name = self.rng.choice(sorted(changes))
        pattern, new = changes[name]
        path.write_text(re.sub(pattern, new, text, count=1, flags=re.MULTILINE))
        return f"site.yaml: {name}"

    def static_file(self) -> str:
        choice = self.rng.choice(("css", "add", "remove"))
        static = self.site / "static"
        if choice == "css":
            css = static / "css/extra.css"
            css.write_text(css.read_text() + f".{self._word()} {{ color: #123; }}\n")
        elif choice == "add":
            (static / "files").mkdir(exist_ok=True)
            (static / f"files/{self._word()}.txt").write_text(f"notes {self._word()}\n")
        else:
            for extra in sorted((static / "files").glob("*.txt"))[:1]:
                extra.unlink()
        return f"static: {choice}"

    def image(self) -> str:
        name = self.rng.choice(("harbour.png", "lighthouse.png", "card.png"))
        path = self.site / "static/img" / name
        with Image.open(path) as old:
            size = old.size
        if self.rng.random() < 0.3:
            size = (size[0] + 8, size[1])
        colour = tuple(self.rng.randint(0, 255) for _ in range(3))
        image = Image.new("RGB", size, colour)
        ImageDraw.Draw(image).rectangle((4, 4, 30, 20), fill=(250, 250, 240))
        image.save(path)
        return f"image {name} redrawn at {size}"

    def clock(self) -> str:
        self.now += timedelta(hours=self.rng.randint(1, 60))
        return f"clock: {self.now:%Y-%m-%d %H:%M}"


def _unlink(match: re.Match[str], target: str) -> str:
    return match.group(1) if match.group(2) == target else match.group(0)


def _theme(name: str) -> str:
    return (default_theme_dir() / name).read_text()


def _split(path: Path) -> tuple[list[str], str]:
    text = path.read_text()
    _, head, body = text.split("---\n", 2)
    return head.splitlines(), body


def _get(path: Path, key: str) -> str | None:
    lines, _ = _split(path)
    for line in lines:
        if line.startswith(f"{key}:"):
            return line.split(":", 1)[1].strip()
    return None


def _set(path: Path, key: str, value: str | None) -> None:
    """Replace, add (``value``) or remove (None) the front-matter line of ``key``."""
    lines, body = _split(path)
    kept = [line for line in lines if not line.startswith(f"{key}:")]
    if value is not None:
        at = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), len(kept))
        kept.insert(min(at, len(kept)), f"{key}: {value}")
    path.write_text("---\n" + "\n".join(kept) + "\n---\n" + body)


def _append(path: Path, sentence: str) -> None:
    path.write_text(path.read_text().rstrip("\n") + f"\n\n{sentence}\n")
