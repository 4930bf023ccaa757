"""One training metric plotted against steps; each widget owns its plot object."""

from __future__ import annotations

from textual_plotext import PlotextPlot


class MetricPlot(PlotextPlot):
    """A line plot of one metric (`train/loss`, `rewards/margins`, ...)."""

    DEFAULT_CSS = """
    MetricPlot { min-height: 8; min-width: 30; }
    """

    def __init__(self, metric: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.metric = metric
        self.steps: list[int] = []
        self.values: list[float] = []

    def on_mount(self) -> None:
        super().on_mount()
        self.draw()

    def set_points(self, points: list[tuple[int, float]]) -> None:
        self.steps = [p[0] for p in points]
        self.values = [p[1] for p in points]
        self.draw()

    def add_point(self, step: int, value: float) -> None:
        self.steps.append(step)
        self.values.append(value)
        self.draw()

    def draw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.title(self.metric)
        if self.steps:
            plt.plot(self.steps, self.values, marker="braille")
        self.refresh()
