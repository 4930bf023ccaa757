"""The one error base of the core: a message that says what was wrong, a hint that says what to do.

Every error cdpo raises on purpose derives from `CdpoError`, so `cli.main` and the stage runner
handle exactly one class and print it as one line (plus the hint), never as a traceback
(tconbeer/harlequin's `HarlequinError` + `pretty_print_error`). Anything else that escapes is a
bug in cdpo or a library, and the runner keeps its traceback in the run's `error.log`.
"""

from __future__ import annotations


class CdpoError(Exception):
    """Something the researcher can fix.

    Args:
        message: What was wrong, naming the value, setting or file.
        hint: What to do about it; may be empty when the message already says.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def one_line(self) -> str:
        """The message and the hint, as the CLI prints them."""
        return f"{self.message} ({self.hint})" if self.hint else self.message
