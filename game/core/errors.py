"""The one base error of Partner Math and the rule error the state machine raises."""

from __future__ import annotations


class PartnerMathError(Exception):
    """Base of every error the application raises on purpose.

    `code` is a stable machine-readable identifier (snake_case); `message` is one sentence a
    person can act on.
    """

    code = "error"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def to_dict(self) -> dict[str, str]:
        """The error as a JSON-ready reply: {"code": ..., "message": ...}."""
        return {"code": self.code, "message": self.message}


class RuleError(PartnerMathError):
    """An illegal command: the state is left unchanged; `code` says which rule refused it."""

    code = "rule"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code)
