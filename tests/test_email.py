"""The email edition (issue 16): the files a build writes, ``digest email``, ``--send``.

Delivery goes to a real SMTP server (aiosmtpd) on 127.0.0.1; what it received is
read back with the standard library's ``email`` parser; the HTML is parsed with
html5lib, as a mail client's sanitiser would see it.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import helpers.smtp
import html5lib
import pytest
from helpers import digest
from helpers.smtp import Received, with_port

EDITION = "2024-03-04"
HEADLINES = (
    "Harbour strike ends after <nine> days & nights",
    "Automated cranes to be phased in more slowly",
    "Pension talks resume in The Hague",
)
NS = {"h": "http://www.w3.org/1999/xhtml"}


def parse(raw: str | bytes) -> EmailMessage:
    data = raw.encode() if isinstance(raw, str) else raw
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def parts(message: EmailMessage) -> tuple[str, str]:
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def check_html(html: str) -> Any:
    """No script, no external stylesheet, one <style> only for dark mode, absolute URLs."""
    tree = html5lib.parse(html, namespaceHTMLElements=True)
    assert tree.findall(".//h:script", NS) == []
    assert [link.get("rel") for link in tree.findall(".//h:link", NS)] == []
    styles = [s.text or "" for s in tree.findall(".//h:style", NS)]
    assert len(styles) == 1 and styles[0].strip().startswith("@media (prefers-color-scheme: dark)")
    assert re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", styles[0]).strip() == ""
    urls = [e.get("href") for e in tree.iter() if e.get("href")]
    urls += [e.get("src") for e in tree.iter() if e.get("src")]
    assert urls and all(u.startswith(("https://", "mailto:")) for u in urls), urls
    for table in tree.findall(".//h:table", NS):
        assert int(table.get("width", "600").rstrip("%")) <= 600 or table.get("width") == "100%"
    assert tree.find(".//h:table[@width='600']", NS) is not None
    return tree


def test_a_build_writes_both_parts_of_every_daily_edition(make_site, tmp_path: Path) -> None:
    site = make_site("email")
    out = tmp_path / "out"
    assert digest("build", "--site", site, "--out", out, "-q").code == 0
    for day in ("2024-03-01", EDITION):
        assert (out / "editions" / day / "email.html").is_file()
        assert (out / "editions" / day / "email.txt").is_file()
    html = (out / "editions" / EDITION / "email.html").read_text()
    tree = check_html(html)
    texts = ["".join(h.itertext()) for h in tree.findall(".//h:h3", NS)]
    assert sorted(texts) == sorted(HEADLINES)
    assert 'style="' in html  # the theme's rules were inlined
    assert "https://news.example.org/digest/images/harbour.jpg" in html
    assert "https://news.example.org/unsubscribe" in html
    assert "email.html" not in (out / "sitemap.xml").read_text()


def test_digest_email_prints_a_message_that_parses(make_site) -> None:
    site = make_site("email")
    run = digest("email", "--site", site)
    assert run.code == 0, run.err
    message = parse(run.out)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == "Morning Wire & Co: Monday 4 March 2024"
    assert message["From"].addresses[0].addr_spec == "wire@news.example.org"
    assert message["List-Unsubscribe"] == "<https://news.example.org/unsubscribe>"
    text, html = parts(message)
    check_html(html)
    for headline in HEADLINES:
        assert headline in text
        assert headline.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html
    assert "View this edition on the web" in html
    assert "https://news.example.org/digest/editions/2024-03-04/" in text
    preheader = html.split('class="preheader"', 1)[1].split("</div>", 1)[0]
    assert "Harbour strike" in preheader or "Pension talks" in preheader


def test_the_text_part_wraps_at_72_columns(make_site) -> None:
    text, _html = parts(parse(digest("email", EDITION, "--site", make_site("email")).out))
    assert "Dock workers in Rotterdam voted" in text  # the long summary is there...
    long_lines = [line for line in text.splitlines() if len(line) > 72]
    assert all(" " not in line for line in long_lines), long_lines  # ...wrapped, bar lone URLs
    assert max(len(line) for line in text.splitlines()) <= 72


def test_an_older_edition_by_date_and_an_unknown_date(make_site) -> None:
    site = make_site("email")
    text, _ = parts(parse(digest("email", "2024-03-01", "--site", site).out))
    assert "Ferry timetable changes for spring" in text and "Harbour" not in text
    run = digest("email", "2023-01-01", "--site", site)
    assert run.code == 2 and "no daily edition for '2023-01-01'" in run.err
    assert run.out == ""


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Received]]:
    with helpers.smtp.smtp_server() as running:
        yield running


def test_send_delivers_one_message_per_recipient(make_site, smtp_server, tmp_path) -> None:
    port, received = smtp_server
    site = with_port(make_site("email"), port)
    to = tmp_path / "to.txt"
    to.write_text("# subscribers\nann@example.net\n\nBob <bob@example.net>\n")
    run = digest("email", "--site", site, "--send", "--to", to)
    assert run.code == 0, run.err
    assert "sent 2024-03-04 to 2 recipients" in run.err
    assert sorted(r for r, _ in received.messages) == [["ann@example.net"], ["bob@example.net"]]
    for rcpts, raw in received.messages:
        message = parse(raw)
        assert message["To"].addresses[0].addr_spec == rcpts[0]
        assert message["List-Unsubscribe"] == "<https://news.example.org/unsubscribe>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        text, html = parts(message)
        check_html(html)
        assert all(h in text for h in HEADLINES)


def test_a_refused_recipient_is_reported_and_the_others_get_it(
    make_site, smtp_server, tmp_path
) -> None:
    port, received = smtp_server
    site = with_port(make_site("email"), port)
    to = tmp_path / "to.txt"
    to.write_text("ann@example.net\nrefused@example.net\ncid@example.net\n")
    run = digest("email", "--site", site, "--send", "--to", to)
    assert run.code == 1
    assert f"{to}:2: refused@example.net: refused (550 5.1.1 no such mailbox)" in run.err
    assert "sent 2024-03-04 to 2 recipients" in run.err
    assert sorted(r for r, _ in received.messages) == [["ann@example.net"], ["cid@example.net"]]


def test_nothing_is_sent_without_send(make_site, smtp_server, tmp_path) -> None:
    port, received = smtp_server
    site = with_port(make_site("email"), port)
    to = tmp_path / "to.txt"
    to.write_text("ann@example.net\n")
    assert digest("email", "--site", site).code == 0
    run = digest("email", "--site", site, "--to", to)
    assert run.code == 2 and "--send and --to go together" in run.err
    assert received.messages == []


def test_a_missing_password_stops_before_sending_and_bad_lines_are_reported(
    make_site, smtp_server, tmp_path, monkeypatch
) -> None:
    port, received = smtp_server
    site = with_port(make_site("email"), port)
    to = tmp_path / "to.txt"
    to.write_text("ann@example.net\nnot an address\n")
    config = site / "site.yaml"
    original = config.read_text()
    config.write_text(original + "    user: digest\n    password_env: DIGEST_SMTP_PW\n")
    monkeypatch.delenv("DIGEST_SMTP_PW", raising=False)
    run = digest("email", "--site", site, "--send", "--to", to)
    assert (
        run.code == 2
        and "site.yaml:4: the environment variable DIGEST_SMTP_PW is not set" in run.err
    )
    assert received.messages == []
    config.write_text(original)  # a bad line is reported; the good ones are still sent
    run = digest("email", "--site", site, "--send", "--to", to)
    assert run.code == 1 and f"{to}:2: not an email address: 'not an address'" in run.err
    assert "sent 2024-03-04 to 1 recipient; 1 line rejected as invalid" in run.err
    assert [r for r, _ in received.messages] == [["ann@example.net"]]


def test_email_keys_are_checked(make_site) -> None:
    site = make_site("email")
    config = site / "site.yaml"
    original = config.read_text()
    config.write_text(original.replace("  unsubscribe:", "  unsubscrbe:"))
    run = digest("build", "--site", site)
    assert (
        run.code == 2
        and "site.yaml:6: unknown key 'unsubscrbe' (did you mean 'unsubscribe'?)" in run.err
    )
    config.write_text(original.replace("port: 2525", "port: http"))
    run = digest("build", "--site", site)
    assert run.code == 2 and "site.yaml:9: email.smtp.port must be a port number" in run.err
    config.write_text(original.replace("https://news.example.org/unsubscribe", "javascript:x"))
    assert digest("build", "--site", site).code == 2
