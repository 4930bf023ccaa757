"""`cdpo results --csv` writes numbers a spreadsheet can read, not the display tables' text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from test_results import make_session

from cdpo_core.cli import main


def test_cdpo_results_csv_writes_the_rate_as_a_fraction_with_its_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_session(tmp_path)
    assert main(["--sessions", str(tmp_path), "results", "skips", "--csv"]) == 0
    out = capsys.readouterr().out
    assert "%" not in out and "(12/120)" not in out
    blocks = [b for b in out.split("# ") if b.startswith("Table 1")]
    rows = list(csv.DictReader(io.StringIO(blocks[0].split("\n", 1)[1])))
    [base] = rows
    assert float(base["rate"]) == pytest.approx(0.1)
    assert (int(base["passed"]), int(base["total"]), int(base["skipped"])) == (12, 120, 12)
