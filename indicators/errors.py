"""The one documented hierarchy of errors that taqdir raises.

    TaqdirError                 anything taqdir itself raises
    ├── InputError              bad input: a file, an option or an argument (CLI exit code 2)
    │   ├── FileError           a file cannot be read or does not validate; carries Problems
    │   ├── WeightError         weights that are negative, NaN, infinite or all zero
    │   └── UnknownNameError    a method, profile, scenario, indicator or family that does not exist
    ├── StoreError              the run store cannot do what was asked (see issue 4)
    └── EnvError                the machine refused: a read-only or full disk, a missing
                                permission, a path that cannot be a file (CLI exit code 3)

The library raises these; the command line and the dashboard translate them at their edge.
Everything else that escapes is a bug (exit code 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from indicators.loc import Loc as Loc  # re-exported: callers import it from here
from indicators.loc import format_loc as format_loc


class TaqdirError(Exception):
    """Base class of every error taqdir raises on purpose.

    `kind` and `parts`, where the raiser gives them, let `said` put the message in another
    language from its structure (`indicators.error_sentences.arabic_error`), never by parsing the
    English sentence; without them, or for a kind not listed there, the English stands.
    """

    def __init__(
        self, message: str = "", *, kind: str = "", parts: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.parts: dict[str, Any] = dict(parts or {})

    def said(self, lang: str = "en") -> str:
        """The message in `lang` (Arabic where its kind has a sentence, else English)."""
        if lang == "ar" and self.kind:
            from indicators.error_sentences import arabic_error

            sentence = arabic_error(self.kind, self.parts)
            if sentence is not None:
                return sentence
        return str(self)


class InputError(TaqdirError):
    """The input is wrong; the message says what and how to fix it."""


class WeightError(InputError):
    """Weights that cannot be normalised: negative, NaN, infinite or summing to zero."""


class UnknownNameError(InputError):
    """A name (method, profile, scenario, indicator, family) that is not defined."""


class StoreError(TaqdirError):
    """The run store cannot do what was asked."""


class EnvError(TaqdirError):
    """The environment refused an operation: a full or read-only disk, a missing permission,
    a folder where a file should be. Names the path and the cause, and what to do; nothing
    is wrong with the input, and retrying elsewhere works (CLI exit code 3)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        cause: str = "",
        kind: str = "",
        parts: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message, kind=kind, parts=parts)
        self.path = path
        self.cause = cause


_ERRNO_ADVICE = {
    "ENOSPC": "the disk is full; free some space or write elsewhere",
    "EDQUOT": "the disk quota is used up; free some space or write elsewhere",
    "EROFS": "the file system is read-only; write elsewhere",
    "EACCES": "permission denied; write elsewhere or change the folder's permissions",
    "EPERM": "operation not permitted; write elsewhere or change the permissions",
    "ENOTDIR": "a part of the path is a file, not a folder; fix the path",
    "EEXIST": "a part of the path is a file, not a folder; fix the path",
    "EISDIR": "it is a folder; give a file name",
    "ENAMETOOLONG": "the name is too long; use a shorter path",
    "ENOENT": "a folder on the path does not exist and cannot be made; fix the path",
}


def env_error(exc: OSError, path: object, doing: str, advice: str = "") -> EnvError:
    """An `EnvError` for an operating-system failure while `doing` something with `path`:
    names the path, the cause in words and what to do (`advice` adds to it)."""
    import errno as _errno

    code = _errno.errorcode.get(exc.errno or 0, "")
    cause = _ERRNO_ADVICE.get(code) or (exc.strerror or str(exc)).lower()
    text = f"cannot {doing} {str(path)!r}: {cause}."
    if advice:
        text += f" {advice}"
    return EnvError(
        text,
        path=str(path),
        cause=code or type(exc).__name__,
        kind="env",
        parts={
            "path": str(path),
            "cause": code or type(exc).__name__,
            "detail": exc.strerror or str(exc),
            "doing": doing,
            "advice": advice,
        },
    )


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """ " Did you mean 'x'?" for the closest known name, or "" when none is close."""
    import difflib  # here: only a misspelt name needs it

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def closest(name: str, known: Iterable[str]) -> str | None:
    """The closest known name to `name`, or None when none is close."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return close[0] if close else None


def invalid(kind: str, message: str, **args: Any) -> Exception:
    """A validation error raised inside a model validator that keeps its `kind` and parts
    (`args`) for the message in other languages; `message` is the English sentence."""
    from pydantic_core import PydanticCustomError

    # The message is already formatted; the parts travel under one context key that no
    # message names, so pydantic substitutes nothing into it.
    return PydanticCustomError(kind, message, {"taqdir": args})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can.

    `message` and `hint` are the English sentence; `kind` names what is wrong (a pydantic error
    type such as `greater_than`, or one of taqdir's own such as `unknown_name`) and `args`
    carries its parts (the bad value, the bound, the known names, the suggestion), so that
    `indicators.messages` can say the same thing in Arabic without parsing English.
    """

    loc: Loc
    message: str
    hint: str = ""
    line: int | None = None
    kind: str = ""
    args: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def render(self, path: str | None, lang: str = "en") -> str:
        """The problem as one line: file, line, field, what is wrong and the fix."""
        if lang == "ar":
            from indicators.messages import arabic

            return arabic(self, path)
        where = []
        if path:
            where.append(path)
        if self.line is not None:
            where.append(f"line {self.line}")
        head = ", ".join(where)
        field_ = format_loc(self.loc) if self.loc else ""
        text = f"{head}: " if head else ""
        text += f"{field_}: {self.message}" if field_ else self.message
        if self.hint:
            text += f" {self.hint}"
        return text


@dataclass
class FileError(InputError):
    """A file that cannot be read, parsed or validated. Carries every problem found."""

    path: str | None
    problems: Sequence[Problem] = field(default_factory=tuple)

    MAX_SHOWN = 12

    def __post_init__(self) -> None:
        super().__init__(self.render())

    def render(self, lang: str = "en") -> str:
        """Every problem (up to MAX_SHOWN) one per line, in English or Arabic."""
        shown = [p.render(self.path, lang) for p in self.problems[: self.MAX_SHOWN]]
        more = len(self.problems) - len(shown)
        if more > 0 and lang == "ar":
            from indicators.messages import more_problems

            shown.append(more_problems(more))
        elif more > 0:
            shown.append(f"... and {more} more problem(s) in the same file.")
        if shown:
            return "\n".join(shown)
        if lang == "ar":
            from indicators.messages import arabic

            return arabic(Problem((), "invalid input", kind="invalid_input"), self.path)
        return f"{self.path}: invalid input"

    def said(self, lang: str = "en") -> str:
        """Every problem in `lang` (its `render`), so that callers say any error one way."""
        return self.render(lang)

    def __str__(self) -> str:
        return self.render()
