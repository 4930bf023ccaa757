from __future__ import annotations

import logging
import warnings

import pytest

from cdpo_core.quiet import KNOWN_LOG_LINES, quiet_known_noise


@pytest.fixture(autouse=True)
def _restore_warning_filters():
    with warnings.catch_warnings():
        yield


def test_known_deprecations_are_silenced_and_new_ones_get_through() -> None:
    quiet_known_noise()
    quiet_known_noise()  # idempotent
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("default")
        quiet_known_noise()
        warnings.warn(
            "`is_gradient_checkpointing` is deprecated and will be removed in v6.",
            FutureWarning,
            stacklevel=1,
        )
        warnings.warn("`something_else` is deprecated", FutureWarning, stacklevel=1)
    assert [str(w.message) for w in seen] == ["`something_else` is deprecated"]

    name, message = KNOWN_LOG_LINES[0]
    logger = logging.getLogger(name)
    assert sum(type(f).__name__ == "_DropKnown" for f in logger.filters) == 1
    # A handler on the logger itself: transformers stops propagation at its library logger.
    seen_lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: seen_lines.append(record.getMessage())  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        logger.warning(message + " Use `cache` instead.")
        logger.warning("a new transformers warning")
    finally:
        logger.removeHandler(handler)
    assert seen_lines == ["a new transformers warning"]


def test_the_filtered_message_is_the_one_transformers_logs() -> None:
    """The silenced line must exist in the installed transformers, or the filter guards nothing."""
    import inspect

    import transformers.utils.generic as generic

    name, message = KNOWN_LOG_LINES[0]
    assert generic.__name__ == name
    assert message in inspect.getsource(generic)
