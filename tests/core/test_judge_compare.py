"""Output comparison: lenient on line ends and trailing blanks, strict on format, tolerant
on decimal numbers only."""

from __future__ import annotations

import pytest

from cdpo_core.judge.compare import outputs_match

TOL = 1e-6


@pytest.mark.parametrize(
    "actual",
    ["8 15\n", "8 15", "8 15\r\n", "8 15   \n", "8 15\n\n\n", "8 15\t\r\n\r\n"],
)
def test_line_ends_and_trailing_whitespace_do_not_matter(actual: str) -> None:
    assert outputs_match("8 15\n", actual, TOL)


@pytest.mark.parametrize(
    "actual",
    ["8\n15\n", "8  15\n", " 8 15\n", "Sum: 8 15\n", "8 16\n", "8 15 0\n", "", "8 15\n1\n"],
)
def test_format_and_values_must_match(actual: str) -> None:
    assert not outputs_match("8 15\n", actual, TOL)


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        ("0.333333\n", "0.3333333333\n"),  # within the absolute tolerance
        ("3.000000\n", "3\n"),  # the same number written as an integer
        ("1234567.5\n", "1234567.9\n"),  # within the relative tolerance (3e-7)
        ("1e-9 2.5\n", "0 2.5000001\n"),  # absolute near zero, several numbers on a line
        ("-2.50\n", "-2.5000000001\n"),
    ],
)
def test_decimals_within_tolerance_are_accepted(expected: str, actual: str) -> None:
    assert outputs_match(expected, actual, TOL)


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        ("0.333333\n", "0.3334\n"),
        ("1000000000\n", "1000000001\n"),  # integers are exact, whatever the tolerance
        ("2.5\n", "2.5x\n"),
        ("2.5\n", "nan\n"),
        ("2.5 7\n", "2.5  7\n"),  # separators stay exact
        ("yes 0.5\n", "Yes 0.5\n"),
    ],
)
def test_beyond_tolerance_or_not_a_number_fails(expected: str, actual: str) -> None:
    assert not outputs_match(expected, actual, TOL)


def test_zero_tolerance_is_exact_text() -> None:
    assert not outputs_match("0.5\n", "0.50\n", 0.0)
    assert outputs_match("0.5\n", "0.5 \n", 0.0)
