"""Training curves of many runs overlaid, one plot per metric: runs and sessions compared.

TensorBoard and W&B users compare runs first; here every training run of the sessions chosen on
the Results screen draws one line per metric, labelled `session · step #run`.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Grid

from cdpo_core.store import StoreError
from cdpo_core.store_views import Curve, curves
from cdpo_tui.widgets.metric_plot import MetricPlot, Series
from cdpo_tui.widgets.metrics_panel import plot_id

COMPARED = ("train/loss", "rewards/margins", "logps/chosen", "logps/rejected")
"""What runs are compared on: loss, the reward margin and the chosen/rejected pair."""


def load_curves(root: Path, names: list[str]) -> list[Curve]:
    """Every stored run's compared metrics in the sessions `names`; unreadable ones are
    left out, as the tables leave them out."""
    out: list[Curve] = []
    for name in names:
        try:
            out += curves(root / name / "session.db", name, COMPARED)
        except StoreError:
            continue
    return out


class RunCurves(Grid):
    """A 2-column grid of plots, one per compared metric, each overlaying every run."""

    DEFAULT_CSS = """
    RunCurves { grid-size: 2; grid-gutter: 0 1; height: auto; grid-rows: 16; }
    """

    def compose(self) -> ComposeResult:
        for metric in COMPARED:
            yield MetricPlot(metric, id="curve-" + plot_id(metric))

    def show(self, found: list[Curve]) -> None:
        for plot in self.query(MetricPlot):
            plot.set_series(
                [
                    Series(c.label, tuple(p[0] for p in c.points), tuple(p[1] for p in c.points))
                    for c in found
                    if c.metric == plot.metric
                ]
            )
