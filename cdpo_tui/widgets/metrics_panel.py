"""Plots of a training run's metrics, filled from the store and then as they stream."""

from __future__ import annotations

from textual.containers import Grid

from cdpo_tui.widgets.metric_plot import Mark, MetricPlot

PLOTTED = {
    "sft": ("train/loss", "train/learning_rate"),
    "dpo": ("train/loss", "rewards/margins", "logps/chosen", "logps/rejected"),
    "grpo": (
        "train/reward",
        "train/reward_std",
        "compile/rate",
        "train/kl",
        "completions/mean_length",
    ),
}
"""The metrics a researcher watches per kind of stage (TRL's names). For DPO the collapse
signal is the chosen/rejected pair: both log-probabilities falling while the margin grows. For
GRPO, a mean length running to `max_completion_length` says the samples loop instead of
closing the program."""

Points = list[tuple[int, float]]

ALARM = "collapse/alarm"
"""The metric row the trainer's collapse watch writes (value 1.0) at the step it fires; it is
stored with the run's other metrics, so a finished run shows the mark as a live one did."""


def alarm_step(points: Points) -> int | None:
    """The step of the first raised alarm in a run's `collapse/alarm` series, if any."""
    return next((step for step, value in points if value > 0), None)


def plot_id(metric: str) -> str:
    return "plot-" + metric.replace("/", "-").replace("_", "-")


class MetricsPanel(Grid):
    """A grid of `MetricPlot`s, one per watched metric of the run shown.

    The data lives here, not in the plots: metrics can stream in before the plots for a new
    run are mounted, and none of them may be lost.
    """

    DEFAULT_CSS = """
    MetricsPanel { grid-size: 2; grid-gutter: 0 1; height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.kind = ""
        self.data: dict[str, Points] = {}
        self.alarm_step: int | None = None

    @property
    def alarm_text(self) -> str:
        """What the plots' titles say about the collapse alarm ("" while it has not fired)."""
        return "" if self.alarm_step is None else f"collapse alarm at step {self.alarm_step}"

    def show_run(self, kind: str, metrics: dict[str, Points]) -> None:
        """Show a run of `kind` with its metrics so far; streamed points extend them."""
        self.kind = kind
        self.data = {name: list(metrics.get(name, [])) for name in PLOTTED.get(kind, ())}
        self.alarm_step = alarm_step(metrics.get(ALARM, [])) if self.data else None
        self.run_worker(self._sync_plots(), group="metrics-panel", exclusive=True)

    async def _sync_plots(self) -> None:
        wanted = list(self.data)
        if [p.metric for p in self.query(MetricPlot)] != wanted:
            # Two plots a row up to four, else three: two rows of plots stay readable at 80x24.
            self.styles.grid_size_columns = 2 if len(wanted) <= 4 else 3
            await self.remove_children()
            await self.mount_all([MetricPlot(name, id=plot_id(name)) for name in wanted])
        self._redraw()

    def _redraw(self) -> None:
        # The alarm concerns the whole run (chosen falling while the margin grows), so every
        # plot of it carries the line, the title the words.
        marks = [] if self.alarm_step is None else [Mark(self.alarm_step, self.alarm_text)]
        for plot in self.query(MetricPlot):
            plot.marks = marks  # drawn by set_points, which redraws the plot
            plot.set_points(self.data.get(plot.metric, []))

    def add(self, step: int, values: dict[str, float]) -> None:
        """A streamed `Metric` event: extend the series it has values for; an alarm row marks
        its step (the first one only, as the watch raises it once)."""
        for name, series in self.data.items():
            if name in values:
                series.append((step, values[name]))
        if self.data and values.get(ALARM, 0.0) > 0 and self.alarm_step is None:
            self.alarm_step = step
        self._redraw()
