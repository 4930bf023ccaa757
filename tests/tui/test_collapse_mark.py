"""The collapse alarm on the console's DPO plots: a red line at its step, its words in titles.

The trainer's collapse watch writes one `collapse/alarm` metric row at the step it fires
(`cdpo_core.training.callbacks.CollapseCallback`); these tests feed the metrics panel such a
stream, live and from the store, and read what the plots draw.
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Label

from cdpo_core.events import Metric, StageFinished, StageStarted
from cdpo_core.training.collapse import CollapseWatch
from cdpo_core.training.settings import CollapseSettings
from cdpo_tui.app import make_app
from cdpo_tui.stage_runner import StageCommand
from cdpo_tui.widgets.metric_plot import Mark, MetricPlot
from cdpo_tui.widgets.metrics_panel import PLOTTED, MetricsPanel

BETA = 0.1
RED = "color(1)"  # plotext's "red" as Rich reads its ANSI output


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield MetricsPanel(id="metrics")


def dpo_logs(steps: int) -> list[dict[str, float]]:
    """A sigmoid-DPO run collapsing: chosen falls below the reference, the margin grows."""
    logs = []
    for step in range(1, steps + 1):
        drop = 0.1 * step * step  # nats below the reference
        logs.append(
            {
                "train/loss": 0.69 - 0.02 * step,
                "rewards/chosen": -BETA * drop,
                "rewards/margins": 0.05 * step,
                "logps/chosen": -20.0 - drop,
                "logps/rejected": -20.5 - 1.5 * drop,
            }
        )
    return logs


def stream(logs: list[dict[str, float]], *, watch: bool) -> list[Metric]:
    """The Metric events a run emits; with `watch`, the collapse watch's row where it fires
    (shaped as CollapseCallback emits it, right after that step's own row)."""
    collapse = CollapseWatch(CollapseSettings(), BETA)
    events = []
    for step, values in enumerate(logs, start=1):
        events.append(Metric(stage="dpo-sft", step=step, values=values))
        alarm = collapse.update(step, values) if watch else None
        if alarm is not None:
            values = {"collapse/alarm": 1.0, "collapse/chosen_drop": alarm.chosen_drop}
            events.append(Metric(stage="dpo-sft", step=alarm.step, values=values))
    return events


def red_cells(text: Text) -> list[tuple[int, int, str]]:
    """(row, column, character) of every red character of a rendered plot."""
    plain = text.plain
    starts = [0]
    for line in plain.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    cells = []
    for span in text.spans:
        if RED not in str(span.style):
            continue
        for at in range(span.start, span.end):
            if plain[at] in "\n ":
                continue
            row = max(i for i, s in enumerate(starts) if s <= at)
            cells.append((row, at - starts[row], plain[at]))
    return cells


def tick_columns(text: Text) -> dict[str, int]:
    """The x axis labels' columns: the line under the plot's bottom border."""
    lines = text.plain.split("\n")
    axis = next(i for i, line in enumerate(lines) if "└" in line) + 1
    return {label: lines[axis].index(label) for label in lines[axis].split()}


async def fed_panel(events: list[Metric]) -> tuple[MetricsPanel, dict[str, MetricPlot], Text]:
    app = PanelApp()
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.query_one(MetricsPanel)
        panel.show_run("dpo", {})
        await app.workers.wait_for_complete()
        await pilot.pause()
        for event in events:
            panel.add(event.step, event.values)
        await pilot.pause()
        plots = {p.metric: p for p in panel.query(MetricPlot)}
        return panel, plots, plots["logps/chosen"].render()  # type: ignore[return-value]


def test_the_stream_collapses_where_the_watch_says() -> None:
    # The default rule (1 nat, 3 logs back): 0.1 * step^2 > 1 first at step 4.
    alarms = [e for e in stream(dpo_logs(8), watch=True) if "collapse/alarm" in e.values]
    assert [(e.step, e.values["collapse/alarm"]) for e in alarms] == [(4, 1.0)]


async def test_an_alarm_row_marks_its_step_on_every_dpo_plot() -> None:
    panel, plots, chosen = await fed_panel(stream(dpo_logs(8), watch=True))
    assert panel.alarm_step == 4 and panel.alarm_text == "collapse alarm at step 4"
    assert set(plots) == set(PLOTTED["dpo"])
    for plot in plots.values():
        assert plot.marks == [Mark(4, "collapse alarm at step 4")]
        assert plot.heading == f"{plot.metric} · collapse alarm at step 4"
    # The alarm row is a mark, not a point: the chosen series has its 8 steps only.
    assert plots["logps/chosen"].steps == list(range(1, 9))
    lines = chosen.plain.split("\n")
    assert "logps/chosen · collapse alarm at step 4" in lines[0]
    # A red vertical line, one column, down most of the plot, between the ticks 3 and 5.
    red = red_cells(chosen)
    columns = {column for _, column, _ in red}
    assert len(columns) == 1
    rows = [row for row, _, char in red if char == "│"]
    assert len(rows) >= len(lines) // 2
    ticks = tick_columns(chosen)
    assert ticks["3"] < columns.pop() < ticks["5"]


async def test_no_alarm_row_no_mark() -> None:
    panel, plots, chosen = await fed_panel(stream(dpo_logs(8), watch=False))
    assert panel.alarm_step is None and panel.alarm_text == ""
    for plot in plots.values():
        assert plot.marks == [] and plot.heading == plot.metric
    assert "collapse alarm" not in chosen.plain
    assert red_cells(chosen) == []
    assert plots["logps/chosen"].steps == list(range(1, 9))


async def test_a_stored_run_shows_its_alarm_and_the_next_run_clears_it() -> None:
    app = PanelApp()
    logs = dpo_logs(6)
    stored = {
        name: [(step, values[name]) for step, values in enumerate(logs, start=1)]
        for name in PLOTTED["dpo"]
    }
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.query_one(MetricsPanel)
        panel.show_run("dpo", {**stored, "collapse/alarm": [(5, 1.0)]})
        await app.workers.wait_for_complete()
        await pilot.pause()
        chosen = panel.query_one("#plot-logps-chosen", MetricPlot)
        assert chosen.marks == [Mark(5, "collapse alarm at step 5")]
        assert "collapse alarm at step 5" in chosen.render().plain  # type: ignore[union-attr]
        panel.show_run("dpo", stored)
        await app.workers.wait_for_complete()
        await pilot.pause()
        chosen = panel.query_one("#plot-logps-chosen", MetricPlot)
        assert chosen.marks == [] and panel.alarm_step is None
        assert red_cells(chosen.render()) == []  # type: ignore[arg-type]


async def test_pipeline_screen_marks_a_replayed_alarm(sessions_dir: Path) -> None:
    """From a stage process's event stream (`cdpo replay`) to the pipeline screen's plots."""
    events = [
        StageStarted(stage="dpo-sft", run_id=None, total=8),
        *stream(dpo_logs(8), watch=True),
        StageFinished(stage="dpo-sft", summary={"final_loss": 0.53}),
    ]
    file = sessions_dir.parent / "alarm.jsonl"
    with file.open("w") as f:
        for e in events:
            f.write(json.dumps({"ts": 0.0, "event": json.loads(e.to_json())}) + "\n")
    app = make_app(sessions_dir, "fixture")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.launch(
            StageCommand(sessions_dir, "fixture", ("replay", str(file), "--speed", "0"), "replay")
        )
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("p")  # the plots' pane (the log pane is shown first)
        await pilot.pause()
        plots = {p.metric: p for p in app.screen.query(MetricPlot)}
        assert plots["logps/chosen"].marks == [Mark(4, "collapse alarm at step 4")]
        assert "collapse alarm at step 4" in plots["logps/chosen"].render().plain  # type: ignore[union-attr]
        title = app.screen.query_one("#metrics-title", Label).render()
        assert str(title).endswith("· collapse alarm at step 4")
