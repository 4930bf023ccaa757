"""Plots of a training run's metrics, filled from the store and then as they stream."""

from __future__ import annotations

from textual.containers import Grid

from cdpo_tui.widgets.metric_plot import MetricPlot

PLOTTED = {
    "sft": ("train/loss", "train/learning_rate"),
    "dpo": ("train/loss", "rewards/margins", "rewards/accuracies", "logps/chosen"),
}
"""The metrics a researcher watches per kind of stage (TRL's names)."""

Points = list[tuple[int, float]]


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

    def show_run(self, kind: str, metrics: dict[str, Points]) -> None:
        """Show a run of `kind` with its metrics so far; streamed points extend them."""
        self.kind = kind
        self.data = {name: list(metrics.get(name, [])) for name in PLOTTED.get(kind, ())}
        self.run_worker(self._sync_plots(), group="metrics-panel", exclusive=True)

    async def _sync_plots(self) -> None:
        wanted = list(self.data)
        if [p.metric for p in self.query(MetricPlot)] != wanted:
            await self.remove_children()
            await self.mount_all([MetricPlot(name, id=plot_id(name)) for name in wanted])
        self._redraw()

    def _redraw(self) -> None:
        for plot in self.query(MetricPlot):
            plot.set_points(self.data.get(plot.metric, []))

    def add(self, step: int, values: dict[str, float]) -> None:
        """A streamed `Metric` event: extend the series it has values for."""
        for name, series in self.data.items():
            if name in values:
                series.append((step, values[name]))
        self._redraw()
