"""The failure browser's Tests pane: each test's verdict, the failing test's texts, the
difference between expected and actual output marked line by line."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static, TabbedContent

from cdpo_core.store import ExecutionRecord, ExecutionTest, Store
from cdpo_tui.app import make_app
from cdpo_tui.widgets.test_view import TestView, marked_difference

from .conftest import text_of
from .test_failures import open_failures


def _executed(root: Path) -> None:
    """Completion 2 ran on two tests and failed the second with one wrong line of three."""
    with Store(root / "fixture" / "session.db") as store:
        store.add_executions(
            [
                ExecutionRecord(
                    2,
                    "wrong_answer",
                    1,
                    2,
                    "bwrap",
                    (
                        ExecutionTest("1", "accepted", 0.01),
                        ExecutionTest(
                            "2",
                            "wrong_answer",
                            0.02,
                            input="3\n1 2 3\n",
                            expected="1\n3\n6\n",
                            actual="1\n4\n6\n",
                        ),
                    ),
                )
            ]
        )


async def test_tests_pane_marks_the_differing_line(sessions_dir: Path) -> None:
    _executed(sessions_dir)
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failures(app, pilot)
        await pilot.press("down")  # completion 2
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "tests-pane"
        view = app.screen.query_one(TestView)
        summary = text_of(view.query_one("#tests-summary", Static).content)
        assert "wrong_answer  1/2 tests passed" in summary
        assert "accepted" in summary and "sandbox bwrap" in summary
        assert "1 2 3" in text_of(view.query_one("#tests-input", Static).content)
        difference = view.query_one("#tests-difference", Static).content
        lines = text_of(difference).splitlines()
        assert lines[1:5] == ["  1", "- 3", "+ 4", "  6"]
        # The marks are styles on the differing lines only, not on the equal ones.
        marked = {difference.plain[s.start : s.end].strip() for s in difference.spans}
        assert {"- 3", "+ 4"} <= marked and "1" not in marked and "6" not in marked
        # Another completion, never executed, says so instead of showing stale tests.
        await pilot.press("up")
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = text_of(view.query_one("#tests-summary", Static).content)
        assert "not run on tests" in summary
        assert text_of(view.query_one("#tests-difference", Static).content).strip() == ""


def test_difference_shows_trailing_spaces_and_empty_output() -> None:
    text = marked_difference("7\n", "7 \n").plain
    assert "+ 7·" in text
    assert "printed nothing" in marked_difference("7\n", "").plain
