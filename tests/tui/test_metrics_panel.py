"""The training plots per kind of stage: GRPO's five curves, laid out to fit 80x24."""

from __future__ import annotations

from textual.app import App, ComposeResult

from cdpo_tui.widgets.metric_plot import MetricPlot
from cdpo_tui.widgets.metrics_panel import PLOTTED, MetricsPanel


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield MetricsPanel(id="metrics")


def grpo_log(step: int) -> dict[str, float]:
    """What the trainer's callback emits for one GRPO step (TRL's names, as stored)."""
    return {
        "train/reward": 0.1 * step,
        "train/reward_std": 0.4,
        "compile/rate": 0.1 * step,
        "train/kl": 0.01 * step,
        "completions/mean_length": 64.0 - step,
        "train/entropy": 1.0,  # logged too, not plotted
    }


async def test_grpo_plots_reward_kl_compile_rate_and_length_in_two_rows() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(MetricsPanel)
        panel.show_run("grpo", {"train/reward": [(1, 0.1)]})
        await app.workers.wait_for_complete()
        await pilot.pause()
        for step in range(2, 6):
            panel.add(step, grpo_log(step))
        await pilot.pause()
        plots = {p.metric: p for p in panel.query(MetricPlot)}
        assert list(plots) == list(PLOTTED["grpo"])
        assert "completions/mean_length" in plots and "train/entropy" not in plots
        assert plots["train/reward"].steps == [1, 2, 3, 4, 5]  # the stored point, then streamed
        assert plots["completions/mean_length"].steps == [2, 3, 4, 5]
        rows = {plot.region.y for plot in plots.values()}
        columns = {plot.region.x for plot in plots.values()}
        assert len(rows) == 2 and len(columns) == 3
        assert all(plot.region.height >= 5 for plot in plots.values())


async def test_dpo_keeps_two_plots_a_row() -> None:
    app = PanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(MetricsPanel)
        panel.show_run("dpo", {})
        await app.workers.wait_for_complete()
        await pilot.pause()
        plots = list(panel.query(MetricPlot))
        assert len(plots) == 4
        assert len({plot.region.x for plot in plots}) == 2
        assert len({plot.region.y for plot in plots}) == 2
