"""Known library noise, silenced at a stage's entry point; anything new stays visible.

transformers 5 renamed gradient checkpointing to activation checkpointing and `past_key_values`
to `cache`; TRL 1.16 and peft still use the old names, so every training or decoding step
prints the same deprecation lines. They are not the researcher's to act on, and in the
console they crowd out the stage's own messages. Each entry names one message exactly (a
regular expression on its start), so a warning we have not seen before still gets through.
"""

from __future__ import annotations

import logging
import warnings

KNOWN_WARNINGS: tuple[tuple[type[Warning], str], ...] = (
    (FutureWarning, r"`gradient_checkpointing` is deprecated"),
    (FutureWarning, r"`is_gradient_checkpointing` is deprecated"),
    (FutureWarning, r"`gradient_checkpointing_enable` is deprecated"),
    (FutureWarning, r"`gradient_checkpointing_disable` is deprecated"),
)
"""(category, message start) of warnings raised through `warnings.warn`."""

KNOWN_LOG_LINES: tuple[tuple[str, str], ...] = (
    ("transformers.utils.generic", "`past_key_values`/`cache_params` are deprecated"),
)
"""(logger, message start) of lines the libraries log instead of warning. The logger is the
emitting module's own: a filter on a parent logger never sees its children's records, and
`logging.getLogger` hands transformers the same object later, filter included, so nothing
has to be imported here."""


class _DropKnown(logging.Filter):
    def __init__(self, starts: tuple[str, ...]) -> None:
        super().__init__()
        self.starts = starts

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.getMessage()).startswith(self.starts)


def quiet_known_noise() -> None:
    """Install the filters (idempotent: a second call adds nothing)."""
    for category, message in KNOWN_WARNINGS:
        warnings.filterwarnings("ignore", message=message, category=category)
    for name in {logger for logger, _ in KNOWN_LOG_LINES}:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _DropKnown) for f in logger.filters):
            starts = tuple(m for owner, m in KNOWN_LOG_LINES if owner == name)
            logger.addFilter(_DropKnown(starts))
