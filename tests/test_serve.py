"""The preview server: real requests to a real server on a free loopback port.

Most tests run ``PreviewServer`` in this process over a site built by the real
``digest build``; the command-line behaviour (ports, Ctrl+C, warnings) runs
``digest serve`` as a child process.
"""

from __future__ import annotations

import argparse
import signal
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import digest
from helpers.preview import EventStream, ServeProcess, request

from builder.commands import serve
from builder.errors import Problem
from builder.pipeline import BuildResult, BuildStats
from builder.preview.livereload import inject_reload
from builder.preview.rebuild import Rebuilder, Silent
from builder.preview.server import PreviewServer
from builder.preview.state import PreviewState

CANARY = "CANARY-7f3a9c-outside-the-output"


@dataclass
class Served:
    port: int
    out: Path
    state: PreviewState
    canary: Path

    def get(self, target: str | bytes, **kwargs) -> object:  # type: ignore[no-untyped-def]
        return request(self.port, target, **kwargs)


@pytest.fixture
def served(make_site, tmp_path: Path) -> Iterator[Served]:
    site = make_site("serve")
    assert digest("build", "--site", site).code == 0
    out = site / "public"
    canary = tmp_path / "secret.txt"
    canary.write_text(CANARY)
    # the sibling-prefix trap: a folder whose name starts with the output's name
    (site / "public-old").mkdir()
    (site / "public-old" / "secret.txt").write_text(CANARY)
    (out / "link-to-secret.txt").symlink_to(canary)
    (out / "link-to-outside").symlink_to(tmp_path, target_is_directory=True)
    (out / "link-to-sibling").symlink_to(site / "public-old", target_is_directory=True)
    state = PreviewState(out)
    state.succeeded(out)
    server = PreviewServer("127.0.0.1", 0, state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(server.server_address[1], out, state, canary)
    finally:
        state.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_clean_urls_serve_index_html_with_the_reload_script(served: Served) -> None:
    page = served.get("/topics/china/")
    on_disk = (served.out / "topics/china/index.html").read_bytes()
    assert page.status == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.body == inject_reload(on_disk, 1)
    assert int(page.headers["content-length"]) == len(page.body)
    assert b"/.digest/reload.js" in page.body and b"/.digest/" not in on_disk
    assert served.get("/").body == inject_reload((served.out / "index.html").read_bytes(), 1)


def test_a_folder_without_its_slash_is_redirected(served: Served) -> None:
    moved = served.get("/topics/china?x=1")
    assert moved.status == 301
    assert moved.headers["location"] == "/topics/china/"


def test_unknown_pages_get_the_sites_404_page_and_status(served: Served) -> None:
    missing = served.get("/2024/05/20/no-such-story/")
    assert missing.status == 404
    assert "Page not found" in missing.text
    assert b"/.digest/reload.js" in missing.body


def test_folders_are_never_listed(served: Served) -> None:
    assert (served.out / "2024" / "05").is_dir()
    listing = served.get("/2024/05/")
    assert listing.status == 404
    assert "20/" not in listing.text


@pytest.mark.parametrize(
    ("target", "content_type"),
    [
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/img/logo.svg", "image/svg+xml"),
        ("/data.json", "application/json"),
        ("/404.html", "text/html; charset=utf-8"),
    ],
)
def test_content_types_and_no_store(served: Served, target: str, content_type: str) -> None:
    got = served.get(target)
    assert got.status == 200
    assert got.headers["content-type"] == content_type
    assert got.headers["cache-control"] == "no-store"
    if not content_type.startswith("text/html"):  # only HTML gets the script
        assert got.body == (served.out / target.lstrip("/")).read_bytes()


@pytest.mark.parametrize(
    "method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "CONNECT", "BREW"]
)
def test_only_get_and_head_are_allowed(served: Served, method: str) -> None:
    got = served.get("/", method=method)
    assert got.status == 405
    assert got.headers["allow"] == "GET, HEAD"
    assert got.headers["cache-control"] == "no-store"


def test_head_sends_the_headers_of_get_without_a_body(served: Served) -> None:
    head, get = served.get("/topics/", method="HEAD"), served.get("/topics/")
    assert head.status == 200 and head.body == b""
    assert head.headers["content-length"] == get.headers["content-length"] != "0"


TRAVERSALS = [
    "/../secret.txt",
    "/../../secret.txt",
    "/../../../../../../secret.txt",
    "/%2e%2e/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/secret.txt",
    "/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/..%2f..%2fsecret.txt",
    "/%252e%252e/%252e%252e/secret.txt",
    "/%252e%252e%252f%252e%252e%252fsecret.txt",
    "/..\\..\\secret.txt",
    "/..%5c..%5csecret.txt",
    "/%5c..%5c..%5csecret.txt",
    "/.%2e/.%2e/secret.txt",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",
    "/./../secret.txt",
    "/topics/../../../secret.txt",
    "/../public-old/secret.txt",
    "/%2e%2e/public-old/secret.txt",
    "/link-to-secret.txt",
    "/link-to-outside/secret.txt",
    "/link-to-sibling/secret.txt",
    "/%00",
    "/secret.txt%00.html",
    "/%00/../../secret.txt",
    "/%ff",
    "/%01../secret.txt",
    "/.newsdigest-manifest.json",
    "/.git/config",
    "/.env",
    "/" + "a" * 300 + "/secret.txt",
    "/" + "../" * 3000 + "secret.txt",
    "/" + "a" * 70_000,
]


def _absolute_targets(canary: Path) -> list[str]:
    return [
        "/" + str(canary),  # //tmp/.../secret.txt
        str(canary),  # an absolute file-system path as the request target
        "/%2f" + str(canary).lstrip("/").replace("/", "%2f"),
        "http://127.0.0.1" + str(canary),  # absolute-form request target
        "file://" + str(canary),
    ]


def test_no_request_ever_leaves_the_output_folder(served: Served) -> None:
    targets = TRAVERSALS + _absolute_targets(served.canary)
    assert len(targets) >= 20
    for target in targets:
        got = served.get(target)
        assert CANARY.encode() not in got.body, target
        assert got.status in (400, 403, 404, 414), (target, got.status)
    raw_nul = served.get(b"/secret.txt\x00")
    assert raw_nul.status == 400 and CANARY.encode() not in raw_nul.body
    assert served.get("/").status == 200  # and the server is still healthy


@pytest.mark.parametrize("target", ["/%00", "/%ff", "/%e2%82", "/%c0%af", "/a%0ab"])
def test_undecodable_or_control_characters_are_400(served: Served, target: str) -> None:
    assert served.get(target).status == 400


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("attacker.example", 403),
        ("attacker.example:{port}", 403),
        ("127.0.0.1.nip.io:{port}", 403),
        ("localhost:{port}", 200),
        ("127.0.0.1:{port}", 200),
        ("[::1]:{port}", 200),
        ("LOCALHOST", 200),
    ],
)
def test_only_local_host_names_are_answered(served: Served, host: str, status: int) -> None:
    got = served.get("/", headers={"Host": host.format(port=served.port)})
    assert got.status == status


def test_the_event_stream_refuses_other_origins(served: Served) -> None:
    evil = served.get("/.digest/events", headers={"Origin": "http://attacker.example"})
    assert evil.status == 403
    assert "event-stream" not in evil.headers.get("content-type", "")


def test_events_say_when_a_rebuild_failed_and_when_it_was_fixed(served: Served) -> None:
    origin = {"Origin": f"http://127.0.0.1:{served.port}"}
    stream = EventStream(served.port, origin)
    try:
        assert stream.status_line.endswith("200 OK")
        assert stream.next() == {"build": 1, "problems": []}
        served.state.failed([Problem("content/a.md", 3, "'title' is required")])
        assert stream.next() == {"build": 1, "problems": ["content/a.md:3: 'title' is required"]}
        assert served.get("/").status == 200  # the last good site is still served
        served.state.succeeded(served.out)
        assert stream.next() == {"build": 2, "problems": []}
    finally:
        stream.close()


def test_the_reload_script_is_served(served: Served) -> None:
    script = served.get("/.digest/reload.js")
    assert script.status == 200
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "EventSource" in script.text


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (b"<html><body><p>x</p></body></html>", b"<html><body><p>x</p>{S}</body></html>"),
        (b"<p>no body tag</p>", b"<p>no body tag</p>{S}"),
        (
            b"<body><script>'</body>'</script></BODY>",
            b"<body><script>'</body>'</script>{S}</BODY>",
        ),
        (b"<body>x</body><!-- </body> -->", b"<body>x{S}</body><!-- </body> -->"),
    ],
)
def test_the_script_goes_before_the_last_real_closing_body(page: bytes, expected: bytes) -> None:
    script = b'<script src="/.digest/reload.js" data-build="4"></script>'
    assert inject_reload(page, 4) == expected.replace(b"{S}", script)


def test_the_site_is_mounted_at_the_path_of_base_url(make_site) -> None:
    site = make_site("basic")  # base_url: https://example.org/news/
    assert digest("build", "--site", site).code == 0
    state = PreviewState(site / "public", "/news/")
    state.succeeded(site / "public", "/news/")
    server = PreviewServer("127.0.0.1", 0, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        assert request(port, "/").status == 301
        assert request(port, "/").headers["location"] == "/news/"
        assert request(port, "/news/topics/china/").status == 200
        assert request(port, "/topics/china/").status == 404
    finally:
        server.shutdown()
        server.server_close()


# --- the command ---------------------------------------------------------------------------


def test_port_zero_picks_a_free_port_and_ctrl_c_stops_cleanly(make_site) -> None:
    site = make_site("serve")
    with ServeProcess(site) as serve:
        assert serve.url.startswith("http://127.0.0.1:") and serve.port > 0
        assert serve.get("/").status == 200
        code = serve.stop(signal.SIGINT)
    assert code == 0
    assert "Traceback" not in "\n".join(serve.err)
    assert any("stopped" in line for line in serve.err)
    assert (site / "public" / "index.html").is_file()  # the last good build stays


def test_a_port_in_use_is_a_clear_usage_error(make_site) -> None:
    site = make_site("serve")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = digest("serve", "--site", site, "--port", str(port))
    assert run.code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in run.err
    assert "--port 0" in run.err
    assert not (site / "public").exists()  # refused before building anything


def test_a_bad_port_number_is_a_usage_error(make_site, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        digest("serve", "--site", make_site("serve"), "--port", "99999")
    assert exit_.value.code == 2


def test_listening_beyond_loopback_prints_a_warning(make_site) -> None:
    with ServeProcess(make_site("serve"), "--host", "0.0.0.0") as serve:
        assert serve.get("/").status == 200
    warnings = [line for line in serve.err if line.startswith("warning: --host 0.0.0.0")]
    assert warnings, serve.err


def test_sigterm_stops_like_ctrl_c(make_site) -> None:
    with ServeProcess(make_site("serve")) as serve:
        code = serve.stop(signal.SIGTERM)
    assert code == 0 and "Traceback" not in "\n".join(serve.err)


def test_a_broken_site_yaml_at_start_exits_2(make_site) -> None:
    site = make_site("serve")
    (site / "site.yaml").write_text("titel: typo\n")
    run = digest("serve", "--site", site, "--port", "0")
    assert run.code == 2
    assert "site.yaml:1: unknown key 'titel'" in run.err


# --- rendering the edited article first ------------------------------------------------------

ARTICLE = "content/2024/05/chip-talks.md"
ARTICLE_OUT = "2024/05/20/chip-talks/index.html"


@pytest.fixture
def rebuilder(make_site) -> tuple[Path, Rebuilder]:
    site = make_site("serve")
    args = argparse.Namespace(site=site, drafts=False, future=False)
    rebuilder = serve.rebuilder(args, PreviewState(site / "public"))
    assert rebuilder.rebuild()
    return site, rebuilder


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_an_edited_article_is_served_from_memory_before_the_full_build(rebuilder) -> None:
    site, rebuilder = rebuilder
    state, page = rebuilder.state, site / "public" / ARTICLE_OUT
    before = page.read_bytes()
    replace(site / ARTICLE, "Officials met on Monday", "Ministers met on Tuesday")
    assert rebuilder.preview(frozenset({ARTICLE}))
    early = state.preview_of(ARTICLE_OUT)
    assert early is not None and b"Ministers met on Tuesday" in early
    assert page.read_bytes() == before  # nothing written: the output stays one whole build
    server = PreviewServer("127.0.0.1", 0, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        got = request(server.server_address[1], "/" + ARTICLE_OUT.removesuffix("index.html"))
        assert got.body == inject_reload(early, state.status.build)
    finally:
        server.shutdown()
        server.server_close()
    assert rebuilder.rebuild(frozenset({ARTICLE}))
    assert state.preview_of(ARTICLE_OUT) is None
    assert page.read_bytes() == early  # the early page is the one the full build writes


@pytest.mark.parametrize(
    "change",
    [
        "new article",
        "slug",
        "date",
        "draft",
        "topics",
        "broken front matter",
        "site.yaml",
        "template",
        "deleted",
    ],
)
def test_anything_but_an_edit_in_place_waits_for_the_full_build(rebuilder, change: str) -> None:
    site, rebuilder = rebuilder
    article = site / ARTICLE
    changed = ARTICLE
    if change == "new article":
        changed = "content/2024/05/new.md"
        (site / changed).write_text("---\ntitle: New\ndate: 2024-05-23\n---\nText.\n")
    elif change == "slug":
        replace(article, "author:", "slug: other-slug\nauthor:")
    elif change == "date":
        replace(article, "2024-05-20 09:00:00", "2024-05-19 09:00:00")
    elif change == "draft":
        replace(article, "author:", "draft: true\nauthor:")
    elif change == "topics":
        replace(article, "topics: [China, Trade]", "topics: [China]")
    elif change == "broken front matter":
        replace(article, "title: Chip", 'title: "Chip')
    elif change == "site.yaml":
        changed = "site.yaml"
        replace(site / changed, "Preview Digest", "Other Digest")
    elif change == "template":
        changed = "templates/article.html"
        (site / "templates").mkdir()
        (site / changed).write_text("{% extends 'base.html' %}")
    else:
        article.unlink()
    assert not rebuilder.preview(frozenset({changed}))
    assert rebuilder.state.preview_of(ARTICLE_OUT) is None


STRIKE = "content/2024/05/harbour-strike.md"


@pytest.mark.parametrize("edit", ["see_also", "internal link", "neighbour's title"])
def test_an_early_page_is_the_page_the_full_build_writes(rebuilder, edit: str) -> None:
    """The early page goes through links, topics and related stories as a build does: a
    new see_also, a new link to another story, an edited neighbour all show in it."""
    site, rebuilder = rebuilder
    changed = {ARTICLE}
    if edit == "see_also":  # no automatic related stories, so only see_also names one
        (site / "site.yaml").write_text((site / "site.yaml").read_text() + "related: 0\n")
        assert rebuilder.rebuild(frozenset({"site.yaml"}))
        replace(site / ARTICLE, "author:", "see_also: [New rules for rare earth exports]\nauthor:")
        expected = b'<h2 id="related-heading">See also</h2>'  # the story is a neighbour
    elif edit == "internal link":
        replace(site / ARTICLE, "A second paragraph", "After [the strike](harbour-strike.md), a")
        expected = b'href="/2024/05/21/harbour-strike/">the strike</a>'
    else:  # both edited at once: chip-talks' next story in Trade is the strike
        replace(site / STRIKE, "title: Harbour workers strike", "title: Dockers strike")
        changed.add(STRIKE)
        expected = b"Dockers strike in Rotterdam"
    page = site / "public" / ARTICLE_OUT
    assert expected not in page.read_bytes()
    assert rebuilder.preview(frozenset(changed))
    early = rebuilder.state.preview_of(ARTICLE_OUT)
    assert early is not None and expected in early
    assert rebuilder.rebuild(frozenset(changed))
    assert page.read_bytes() == early


@pytest.mark.parametrize("edit", ["broken link", "link to a draft", "keyword topic"])
def test_an_edit_the_full_build_would_refuse_or_regroup_has_no_early_page(
    make_site, edit: str
) -> None:
    site = make_site("serve")
    config = site / "site.yaml"
    config.write_text(config.read_text() + "  Chips:\n    keywords: [wafer]\n")
    draft = "---\ntitle: Not yet\ndate: 2024-05-19\ndraft: true\n---\nText.\n"
    (site / "content/2024/05/not-yet.md").write_text(draft)
    args = argparse.Namespace(site=site, drafts=False, future=False)
    rebuilder = serve.rebuilder(args, PreviewState(site / "public"))
    assert rebuilder.rebuild()
    if edit == "broken link":
        replace(site / ARTICLE, "A second paragraph", "See [this](nowhere.md). A second paragraph")
    elif edit == "link to a draft":
        replace(site / ARTICLE, "A second paragraph", "See [this](not-yet.md). Then")
    else:
        replace(site / ARTICLE, "A second paragraph", "Wafer supply came up. A second paragraph")
    assert not rebuilder.preview(frozenset({ARTICLE}))
    assert rebuilder.state.preview_of(ARTICLE_OUT) is None
    if edit == "keyword topic":  # the full build gives the page a topic the last one had not
        assert rebuilder.rebuild(frozenset({ARTICLE}))
        assert b"/topics/chips/" in (site / "public" / ARTICLE_OUT).read_bytes()
    else:
        assert not rebuilder.rebuild(frozenset({ARTICLE}))


def test_ctrl_c_during_the_first_build_stops_at_once(make_site, monkeypatch) -> None:
    def interrupted(self, changed=frozenset()):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(Rebuilder, "rebuild", interrupted)
    site = make_site("serve")
    result: list[object] = []
    worker = threading.Thread(
        target=lambda: result.append(digest("serve", "--site", site, "--port", "0")), daemon=True
    )
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "serve hung after Ctrl+C during its first build"
    assert result[0].code == 0  # type: ignore[attr-defined]
    assert "stopped" in result[0].err  # type: ignore[attr-defined]


def test_content_errors_at_start_are_shown_and_the_server_runs(make_site) -> None:
    site = make_site("serve")
    article = site / ARTICLE
    good = article.read_text()
    article.write_text(good.replace("title: Chip", 'title: "Chip'))
    with ServeProcess(site) as serve:
        assert any(line.startswith(f"{ARTICLE}:2: ") for line in serve.err)
        assert serve.get("/").status == 404  # nothing was ever built
        stream = EventStream(serve.port)
        try:
            assert any(p.startswith(f"{ARTICLE}:2: ") for p in stream.next()["problems"])
            article.write_text(good)
            stream.wait_for(lambda e: not e["problems"])
        finally:
            stream.close()
        assert serve.get("/2024/05/20/chip-talks/").status == 200


def test_drafts_and_future_articles_only_when_asked(make_site) -> None:
    site = make_site("basic")  # base_url https://example.org/news/
    with ServeProcess(site) as serve:
        assert serve.url.endswith("/news/")
        assert serve.get("/news/2024/03/09/unfinished/").status == 404
    with ServeProcess(site, "--drafts", "--future") as serve:
        assert serve.get("/news/2024/03/09/unfinished/").status == 200
        assert serve.get("/news/2999/01/01/scheduled/").status == 200


def test_serve_rebuilds_pick_up_shortcode_templates_and_ref_targets(rebuilder, tmp_path) -> None:
    """Issue 12: shortcode templates and ref targets change the output without --clean."""
    site, rebuilder = rebuilder
    out = site / "public" / ARTICLE_OUT
    shortcodes = site / "templates" / "shortcodes"
    shortcodes.mkdir(parents=True)
    (shortcodes / "note.html").write_text('<div class="note">{{ inner | markdownify }}</div>\n')
    (site / "site.yaml").write_text(
        (site / "site.yaml").read_text() + "shortcodes:\n  ref_not_found: warning\n"
    )
    replace(
        site / ARTICLE,
        "A second paragraph",
        '{{< note >}}Noted.{{< /note >}}\n\n[next]({{< ref "later.md" >}})\n\nA second paragraph',
    )
    assert rebuilder.rebuild(frozenset({ARTICLE, "templates/shortcodes/note.html", "site.yaml"}))
    assert b'<div class="note"><p>Noted.</p></div>' in out.read_bytes()
    assert b'<a href="/2024/05/20/chip-talks/">next</a>' in out.read_bytes()

    (shortcodes / "note.html").write_text("<aside>{{ inner | markdownify }}</aside>\n")
    assert rebuilder.rebuild(frozenset({"templates/shortcodes/note.html"}))
    assert b"<aside><p>Noted.</p></aside>" in out.read_bytes()

    later = site / "content/2024/05/later.md"
    later.write_text("---\ntitle: Later\ndate: 2024-05-21\ntopics: [Trade]\n---\nLater.\n")
    assert rebuilder.rebuild(frozenset({"content/2024/05/later.md"}))
    assert b'<a href="/2024/05/21/later/">next</a>' in out.read_bytes()

    clean = tmp_path / "clean"
    assert digest("build", "--site", site, "--out", clean, "--clean").code == 0
    assert (clean / ARTICLE_OUT).read_bytes() == out.read_bytes()


class _Stats(Silent):
    """Keeps the stats of every build the loop reports."""

    def __init__(self) -> None:
        self.stats: list[BuildStats] = []

    def built(self, result: BuildResult, *args: object) -> None:  # type: ignore[override]
        self.stats.append(result.stats)


def test_a_rebuild_after_one_edit_renders_only_the_pages_that_hold_the_article(
    rebuilder,
) -> None:
    """Issue 14, item 6: serve's full rebuild costs the change, not the site."""
    site, rebuilder = rebuilder
    rebuilder.report = report = _Stats()
    replace(site / ARTICLE, "Officials met on Monday", "Officials met on Friday")
    assert rebuilder.rebuild(frozenset({ARTICLE}))
    planned = report.stats[-1].planned
    assert rebuilder.rebuild(frozenset())  # nothing changed: stops after the index
    assert report.stats[-1].planned == 0
    replace(site / ARTICLE, "Officials met on Friday", "Ministers met on Tuesday")
    assert rebuilder.rebuild(frozenset({ARTICLE}))
    stats = report.stats[-1]
    assert ARTICLE_OUT in stats.rendered_paths
    assert 0 < stats.rendered < planned
    assert "404.html" not in stats.rendered_paths
    assert b"Ministers met on Tuesday" in (site / "public" / ARTICLE_OUT).read_bytes()
