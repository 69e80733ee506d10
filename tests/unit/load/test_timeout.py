"""load/timeout: the per-file time budget that stops pathological Markdown."""

from __future__ import annotations

import contextlib
import signal
import threading
import time

import pytest

from builder.load.timeout import BudgetExceeded, time_budget


def spin(limit: float = 10.0) -> None:
    """Busy Python code, as a slow renderer is; returns after ``limit`` s if not interrupted."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        pass


def test_busy_code_past_its_budget_is_interrupted() -> None:
    with pytest.raises(BudgetExceeded), time_budget(0.05):
        spin()


def test_an_extension_catching_exception_cannot_swallow_it() -> None:
    def careless_extension() -> None:
        with contextlib.suppress(Exception):  # what a careless Markdown extension does
            spin()

    with pytest.raises(BudgetExceeded), time_budget(0.05):
        careless_extension()


def test_the_timer_is_gone_once_the_block_ends() -> None:
    with time_budget(0.05):
        pass
    spin(0.15)  # would raise if the alarm were still set


def test_the_previous_alarm_handler_is_put_back() -> None:
    def mine(signum: int, frame: object) -> None:
        raise AssertionError("not expected to run")

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        with time_budget(0.05):
            pass
        assert signal.getsignal(signal.SIGALRM) is mine
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_outside_the_main_thread_the_budget_is_not_enforced() -> None:
    outcome: list[str] = []

    def work() -> None:
        with time_budget(0.01):
            spin(0.1)
        outcome.append("finished")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert outcome == ["finished"]
