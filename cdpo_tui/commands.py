"""Command palette providers: "session: open demo", "stage: Run SFT" (posting's pattern)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cdpo_core.session import list_sessions
from cdpo_core.steps import STEPS, plan_steps
from cdpo_tui.stage_runner import plan_command

if TYPE_CHECKING:
    from cdpo_tui.app import CdpoApp


class _Provider(Provider):
    @property
    def cdpo(self) -> CdpoApp:
        return cast("CdpoApp", self.app)

    def entries(self) -> list[tuple[str, Callable[[], Any], str]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for title, action, help_text in self.entries():
            yield DiscoveryHit(title, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in self.entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), action, help=help_text)


class SessionCommands(_Provider):
    """Open any session; go to a screen."""

    def entries(self) -> list[tuple[str, Callable[[], Any], str]]:
        app = self.cdpo
        out: list[tuple[str, Callable[[], Any], str]] = [
            (f"session: open {name}", partial(app.open_session, name), f"in {app.root}")
            for name in list_sessions(app.root)
        ]
        for mode in ("sessions", "dataset", "pipeline", "failures", "results"):
            out.append((f"screen: {mode}", partial(app.switch_mode, mode), ""))
        return out


class StageCommands(_Provider):
    """Launch each stage of the open session's plan (a finished one after a yes), the rest of
    the plan, the run history, or cancel the open session's stage (after a yes)."""

    def entries(self) -> list[tuple[str, Callable[[], Any], str]]:
        # Here, not at the top: the app imports this module at start-up, these screens later.
        from cdpo_tui.screens.history import HistoryScreen
        from cdpo_tui.screens.pipeline import launch_step

        app = self.cdpo
        if app.session is None:
            return []
        name = app.session.name
        out: list[tuple[str, Callable[[], Any], str]] = [
            (
                f"stage: Run {step}",
                partial(launch_step, app, step),
                STEPS[step].title,
            )
            for step in plan_steps(app.session.config)
        ]
        out.append(
            (
                "stage: Run the rest of the plan",
                partial(app.launch, plan_command(app.root, name)),
                "finished steps are kept",
            )
        )
        session = app.session
        out.append(("stage: Run history", lambda: app.push_screen(HistoryScreen(session)), name))
        out.append(("stage: Cancel the running stage", app.action_cancel_stage, "asks first"))
        return out
