"""Errors the engine raises for input it cannot evaluate.

Every message is one line that starts with the field it is about, so the intake, the command and
a log reader can all show it as is (``phq9[3] (item 4): must be an integer from 0 to 3, got 4``).
"""

from __future__ import annotations


class InvalidFacts(ValueError):
    """The input cannot be evaluated; ``field`` names where, ``problem`` says why."""

    def __init__(self, field: str, problem: str) -> None:
        # A newline would break the "one line on stderr" promise of the command.
        self.field = field.replace("\n", " ")
        self.problem = problem.replace("\n", " ")
        super().__init__(f"{self.field}: {self.problem}")

    def under(self, prefix: str) -> InvalidFacts:
        """The same error with its field placed under ``prefix`` (``trials[2]`` + ``weeks``)."""
        joiner = "" if self.field.startswith("[") else "."
        return InvalidFacts(f"{prefix}{joiner}{self.field}", self.problem)


class UnknownProfile(InvalidFacts):
    """A profile name that is not one of the shipped profiles."""


def shown(value: object, limit: int = 40) -> str:
    """``value`` as a short one-line repr for an error message (input can be huge)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
