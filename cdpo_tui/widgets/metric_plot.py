"""Training metrics plotted against optimizer steps; each widget owns its plot object.

Steps are integers, so the x axis is labelled "step" with integer ticks only (plotext would
otherwise put ticks at 2.5 or 7.25 on a short SFT run).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual_plotext import PlotextPlot

MAX_TICKS = 6


def integer_ticks(low: int, high: int, most: int = MAX_TICKS) -> list[int]:
    """At most `most` evenly spaced integer ticks from `low` to `high`, both included."""
    if high <= low:
        return [low]
    stride = max(1, -(-(high - low) // (most - 1)))
    ticks = list(range(low, high + 1, stride))
    if ticks[-1] == high:
        return ticks
    if len(ticks) == most:
        ticks[-1] = high
    else:
        ticks.append(high)
    return ticks


@dataclass(frozen=True)
class Series:
    """One line of a plot: a run's values of one metric, with its legend label."""

    label: str
    steps: tuple[int, ...]
    values: tuple[float, ...]


@dataclass(frozen=True)
class Mark:
    """An event at one step (the collapse alarm): a vertical line there, its label in the title.

    The title carries the words because a label drawn inside a small terminal plot would
    cover the very points it is about; the line says where.
    """

    step: int
    label: str


class MetricPlot(PlotextPlot):
    """Line plots of one metric (`train/loss`, `rewards/margins`, ...): one line per run."""

    DEFAULT_CSS = """
    MetricPlot { min-height: 8; min-width: 30; }
    """

    def __init__(self, metric: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.metric = metric
        self.series: list[Series] = []
        self.marks: list[Mark] = []
        """Steps to mark, drawn with the points on the next draw (the panel sets them)."""
        self.ticks: list[int] = []

    @property
    def steps(self) -> list[int]:
        """The first line's steps (the pipeline plots one run)."""
        return list(self.series[0].steps) if self.series else []

    @property
    def values(self) -> list[float]:
        return list(self.series[0].values) if self.series else []

    def on_mount(self) -> None:
        super().on_mount()
        self.draw()

    def set_points(self, points: list[tuple[int, float]], label: str = "") -> None:
        """Show one run's points."""
        self.set_series([Series(label, tuple(p[0] for p in points), tuple(p[1] for p in points))])

    def set_series(self, series: list[Series]) -> None:
        """Overlay several runs' lines (runs of one session or of several)."""
        self.series = [s for s in series if s.steps]
        self.draw()

    @property
    def heading(self) -> str:
        """The plot's title: the metric, then each mark's label."""
        return " · ".join([self.metric, *(m.label for m in self.marks)])

    def draw(self) -> None:
        plt = self.plt
        # clear_data also drops vertical lines, so a mark removed is gone on the next draw.
        plt.clear_data()
        plt.title(self.heading)
        plt.xlabel("step")
        steps = [x for s in self.series for x in s.steps]
        # A mark past the last point (the alarm can arrive before its step's values) still
        # gets an x axis that reaches it.
        marked = steps + [m.step for m in self.marks] if steps else []
        self.ticks = integer_ticks(min(marked), max(marked)) if marked else []
        for s in self.series:
            plt.plot(list(s.steps), list(s.values), marker="braille", label=s.label or None)
        if steps:
            for mark in self.marks:
                plt.vline(mark.step, "red")
        if self.ticks:
            plt.xticks([float(t) for t in self.ticks], [str(t) for t in self.ticks])
        self.refresh()
