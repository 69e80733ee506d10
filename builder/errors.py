"""The one way problems travel from any stage to the user.

Every stage reports bad input as :class:`Problem` values, never by printing or
exiting; only ``cli.py`` turns them into output and an exit code. Exceptions
exist only to carry problems across a boundary:

* :class:`LineError` -- inside a stage: a line and a message, path added later.
* :class:`BuildFailed` -- content problems (exit 1).
* :class:`ConfigError` -- site.yaml or usage problems (exit 2).

Anything else that escapes a stage is a bug in newsdigest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file, in the compiler form ``path:line: message``."""

    path: str
    """Path relative to the site folder, with forward slashes."""
    line: int
    """1-based line in the file, counted from the top of the file (not the YAML block)."""
    message: str
    severity: Severity = "error"
    detail: str = field(default="", compare=False, repr=False)
    """A traceback behind the problem (a renderer crash), shown only with ``-v``."""

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that fail a build (warnings do not, unless ``--strict``)."""
    return [p for p in problems if p.severity == "error"]


class LineError(ValueError):
    """Bad input at a line of one text, raised inside a stage and turned into a
    :class:`Problem` (which adds the path) where the stage knows the file."""

    def __init__(self, line: int, message: str, detail: str = "") -> None:
        self.line = line
        self.message = message
        self.detail = detail
        super().__init__(f"{line}: {message}")


class BuildFailed(Exception):
    """Content problems that stop a build before anything is written (exit 1)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(Exception):
    """site.yaml or command-line problems (exit 2)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SendFailed(Exception):
    """Some recipients of ``digest email --send`` were not delivered to (exit 1); the
    others were. Each failure is one line: the address and the server's answer."""

    def __init__(self, failures: Iterable[str]) -> None:
        self.failures = list(failures)
        super().__init__("\n".join(self.failures))
