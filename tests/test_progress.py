"""Progress on a terminal, nothing new elsewhere (DESIGN §5, builder/progress.py).

The terminal is a real pseudo-terminal: ``python -m builder build`` runs with its
stderr on the pty's slave end and the test reads what it drew from the master end,
as a terminal would. stdout stays a pipe, so the summary line is checked on its own.
"""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import REPO, digest_process

from builder.progress import for_terminal, silent

pty = pytest.importorskip("pty", reason="a pseudo-terminal needs a POSIX system")
termios = pytest.importorskip("termios", reason="a pseudo-terminal needs a POSIX system")

SUMMARY = re.compile(
    r"built 6 articles \(1 draft, 1 future article skipped\), 3 topics -> public"
    r" \(49 written, 0 unchanged, 0 removed\) in \d+\.\d\d s\n"
    r"next change 2999-01-01 00:00 \+01:00: 'Scheduled' publishes\n"
)
"""The basic fixture's one-line summary, as a pipe gets it."""
BAR = re.compile(r"(loading|rendering):\s+\d+%\|")
"""A tqdm bar as builder/progress.py labels it: ``loading:  40%|####  | 4/10 [...]``."""


@dataclass(frozen=True)
class TerminalRun:
    code: int
    out: str
    """stdout (a pipe)."""
    terminal: str
    """Everything written to the terminal (stderr), control characters and all."""


def on_terminal(*args: str | Path) -> TerminalRun:
    """Run ``python -m builder`` with stderr on a fresh 24x100 pseudo-terminal."""
    master, slave = pty.openpty()
    termios.tcsetwinsize(slave, (24, 100))
    with subprocess.Popen(
        [sys.executable, "-m", "builder", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        cwd=REPO,
    ) as proc:
        os.close(slave)  # the child's copy is the last: reading ends when it exits
        drawn = _read_until_closed(master)
        out = proc.stdout.read() if proc.stdout else b""
        code = proc.wait(timeout=60)
    return TerminalRun(code, out.decode(), drawn.decode())


def _read_until_closed(master: int) -> bytes:
    data = bytearray()
    try:
        while select.select([master], [], [], 120)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every slave end is closed (Linux)
                break
            if not chunk:  # end of file (BSD, macOS)
                break
            data += chunk
    finally:
        os.close(master)
    return bytes(data)


def after_bars(terminal: str) -> str:
    """What is left on the terminal once the last bar was erased (``\\r``, blanks, ``\\r``)."""
    return re.split(r"\r {20,}\r", terminal)[-1]


def test_a_build_on_a_terminal_shows_progress_then_erases_it(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site("basic")
    run = on_terminal("build", "--site", site)
    assert run.code == 0, run.terminal
    assert SUMMARY.fullmatch(run.out), run.out
    assert re.search(r"loading:\s+\d+%\|.*\| \d+/8 ", run.terminal), run.terminal
    assert re.search(r"rendering:\s+\d+%\|.*\| \d+/49 ", run.terminal), run.terminal
    assert after_bars(run.terminal) == "", "a bar was left on the terminal"
    assert (site / "public" / "index.html").is_file()


def test_problem_lines_print_whole_after_the_bars(make_site: Callable[[str], Path]) -> None:
    site = make_site("basic")
    twice = site / "content" / "2024" / "03" / "twice.md"
    twice.write_text("---\ntitle: Twice\ndate: 2024-03-12\nnote: one\nnote: two\n---\n\nText.\n")
    run = on_terminal("build", "--site", site)
    assert run.code == 0, run.terminal
    assert BAR.search(run.terminal), run.terminal
    warning = (
        "content/2024/03/twice.md:5: warning: duplicate key 'note' (first at line 4);"
        " the last value is used"
    )
    assert after_bars(run.terminal) == warning + "\r\n"  # the terminal turns \n into \r\n
    assert run.out.startswith("built 7 articles")


def test_quiet_on_a_terminal_shows_no_progress(make_site: Callable[[str], Path]) -> None:
    run = on_terminal("build", "--site", make_site("basic"), "-q")
    assert run.code == 0, run.terminal
    assert (run.out, run.terminal) == ("", "")


def test_check_on_a_terminal_shows_no_progress(make_site: Callable[[str], Path]) -> None:
    run = on_terminal("check", "--site", make_site("basic"))
    assert run.code == 0, run.terminal
    assert not BAR.search(run.terminal + run.out)
    assert "%|" not in run.terminal


def test_without_a_terminal_the_output_is_the_summary_alone(
    make_site: Callable[[str], Path],
) -> None:
    run = digest_process("build", "--site", make_site("basic"))  # stdout and stderr: pipes
    assert run.code == 0, run.err
    assert run.err == ""
    assert SUMMARY.fullmatch(run.out), run.out


def test_no_terminal_means_no_progress_object() -> None:
    assert for_terminal(io.StringIO()) is None
    assert for_terminal(None) is None


class _FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_counts_erases_itself_and_starts_no_thread() -> None:
    """No thread: parallel._context() forks workers only from a thread-free process."""
    screen = _FakeTerminal()
    progress = for_terminal(screen)
    assert progress is not None
    threads = threading.active_count()
    with progress("loading", 10) as advance:
        advance(4)
        advance(6)
        assert threading.active_count() == threads
    drawn = screen.getvalue()
    assert "loading:   0%|" in drawn
    assert after_bars(drawn) == ""


def test_silent_reports_nothing() -> None:
    with silent("loading", 10) as advance:
        advance(10)
