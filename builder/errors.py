"""Every exception newsdigest raises, and :class:`Problem`, the way problems reach the user.

Every stage reports bad input as :class:`Problem` values, never by printing or
exiting; only ``cli.py`` turns them into output and an exit code (its one map
from exception type to exit code). Exceptions exist only to carry problems
across a boundary. The tree (``except`` a node catches everything under it)::

    BaseException
    └── BudgetExceeded      one file's time budget ran out (load/timeout.py)
    Exception
    ├── ValueError
    │   ├── DateError       a date an editor wrote is not a real date or time
    │   ├── NotSvg          a file taken for an SVG that cannot be read as one (plan/svg.py)
    │   └── LineError       bad input at a line of one text, inside a stage
    │       ├── LoadError           a content file that loads no article
    │       ├── FrontMatterError    bad front matter
    │       ├── YamlProblem         YAML that does not parse (site.yaml or front matter)
    │       └── WireError           wire copy that cannot become an article
    └── DigestError         what a verb raises for cli.py to report; carries problems
        ├── BuildFailed     content problems; nothing was written (exit 1)
        ├── Rejected        problems with what a verb was given (exit 1)
        │   └── SendFailed  ``email --send``: some recipients refused, the rest sent
        ├── CheckFailed     ``digest check`` found problems, already printed (exit 1)
        ├── WriteFailed     the file system refused a write; nothing published (exit 1)
        ├── ConfigError     site.yaml problems (exit 2)
        ├── UsageError      a command-line value that cannot be used (exit 2)
        │   └── SiteBusy    ``build --no-wait``: another build of the site is running
        ├── StaleOutput     ``build --verify`` found output a warm build left stale (exit 3)
        ├── OutputRefused   an output folder newsdigest must not replace (exit 2)
        ├── ArticleExists   ``new``/``import``: the story's file is already there
        └── Refused         ``import``: one wire file refused, the others still tried

Anything else that escapes a stage is a bug in newsdigest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file, in the compiler form ``path:line: message``."""

    path: str
    """Path relative to the site folder, with forward slashes."""
    line: int
    """1-based line in the file, counted from the top of the file (not the YAML block);
    0 for a problem with a whole folder or a command, which is shown without a line."""
    message: str
    severity: Severity = "error"
    detail: str = field(default="", compare=False, repr=False)
    """A traceback behind the problem (a renderer crash), shown only with ``-v``."""

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {prefix}{self.message}"


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that fail a build (warnings do not, unless ``--strict``)."""
    return [p for p in problems if p.severity == "error"]


class BudgetExceeded(BaseException):
    """Raised inside the Markdown renderer when its time is up.

    A BaseException, so that no ``except Exception`` inside a Markdown
    extension can swallow it. Its argument names the stage when it is not Markdown
    (``"sanitizing"``: nh3, which the timer cannot interrupt, see load/markdown.py).
    """


class DateError(ValueError):
    """A date the editor wrote that is not a real date or time."""


class NotSvg(ValueError):
    """A file that claims to be an SVG (by name or content) and is not one that can be read."""


class LineError(ValueError):
    """Bad input at a line of one text, raised inside a stage and turned into a
    :class:`Problem` (which adds the path) where the stage knows the file."""

    def __init__(self, line: int, message: str, detail: str = "") -> None:
        self.line = line
        self.message = message
        self.detail = detail
        super().__init__(f"{line}: {message}")


class LoadError(LineError):
    """A file that loads no article, at a line of the file."""


class FrontMatterError(LineError):
    """Bad front matter at a line of the file."""


class YamlProblem(LineError):
    """A YAML error with a line (1-based, relative to the parsed text) and message."""


class WireError(LineError):
    """Wire copy that cannot become an article, at a line of the text."""


class DigestError(Exception):
    """The base of every error a verb raises on purpose; ``problems`` says what went wrong.

    ``serve`` shows any of them in the browser and keeps serving; ``cli.py`` picks
    the exit code from the type.
    """

    @property
    def problems(self) -> list[Problem]:
        return [Problem("newsdigest", 1, str(self))]


class _Problems(DigestError):
    """An error made of problems with paths and lines, kept in the order given or sorted."""

    def __init__(self, problems: Iterable[Problem], *, sort: bool = False) -> None:
        self._problems = sorted(problems) if sort else list(problems)
        super().__init__("\n".join(str(p) for p in self._problems))

    @property
    def problems(self) -> list[Problem]:
        return self._problems


class BuildFailed(_Problems):
    """Content problems that stop a build before anything is written (exit 1)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        super().__init__(problems, sort=True)


class Rejected(_Problems):
    """Problems with what a verb was given (``new``: the file exists; ``import``: refused
    wire files), reported as they are, without a build's summary line (exit 1)."""


class SendFailed(Rejected):
    """``digest email --send``: the server refused some recipients (exit 1); the others
    were delivered to. One problem per refused address, at its line of the ``--to`` file."""


class CheckFailed(_Problems):
    """``digest check`` found errors (or warnings under ``--strict``); it has printed them."""


class ConfigError(_Problems):
    """site.yaml problems, or a site folder that is not there (exit 2)."""


class UsageError(DigestError):
    """A command-line value that cannot be used, said in one sentence (exit 2)."""

    @property
    def problems(self) -> list[Problem]:
        return [Problem("command line", 1, str(self))]


class SiteBusy(UsageError):
    """``digest build --no-wait`` while another build of the same site holds its lock (exit 2)."""


class StaleOutput(DigestError):
    """``digest build --verify`` found output that differs from a clean build's (exit 3).

    An internal error: a shortcut of the warm build trusted something it should not
    have (a bug in newsdigest). The output has been rewritten by then; ``lines`` name
    each difference (``internal error: /2026/11/02/charlie/ was stale (kept from the
    previous build)``)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))

    @property
    def problems(self) -> list[Problem]:
        return [Problem("newsdigest", 0, line) for line in self.lines]


class OutputRefused(DigestError):
    """The output folder is one newsdigest must not replace (exit 2)."""

    @property
    def problems(self) -> list[Problem]:
        return [Problem("site.yaml", 1, str(self))]


class WriteFailed(DigestError):
    """The file system refused a write (disk full, no permission): nothing was published."""

    @property
    def problems(self) -> list[Problem]:
        return [Problem("output", 1, str(self))]


class ArticleExists(DigestError):
    """The file for this story is already there; nothing was written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(str(path))


class Refused(DigestError):
    """One input of several refused (``digest import``: a wire file); the verb tries the rest."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))

    @property
    def problems(self) -> list[Problem]:
        return [self.problem]
