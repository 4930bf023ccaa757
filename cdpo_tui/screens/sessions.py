"""Sessions: every session under the root with its model, preset and stage states.

Create (a validated form), open, copy and delete (confirmed) act on the row under the cursor.
A session with a running stage, in this console or any other process, is neither deleted nor
copied: the stage would write into a deleted folder, and a copy would catch it half-way.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Label

from cdpo_core.pipeline import plan_status
from cdpo_core.session import Session, SessionError, list_sessions
from cdpo_core.store import StoreError
from cdpo_core.store_views import busy_steps
from cdpo_tui.screens.base import AppKeysFirst
from cdpo_tui.screens.confirm import ConfirmScreen
from cdpo_tui.screens.create_session import CreateSessionScreen
from cdpo_tui.screens.name_prompt import NamePromptScreen
from cdpo_tui.widgets.session_table import SessionSummary, SessionTable

if TYPE_CHECKING:
    from cdpo_tui.app import CdpoApp


def summarize(root: Path, name: str) -> SessionSummary:
    """One row: a broken session shows its error instead of hiding the list."""
    try:
        session = Session.open(root, name)
        states = plan_status(session)
        with session.store(readonly=True) as store:
            counts = store.sample_counts()
    except (SessionError, StoreError) as exc:
        return SessionSummary(name, "?", "?", "", "", "", error=str(exc))
    done = sum(s.status == "done" for s in states)
    active = [f"{s.step} {s.status}" for s in states if s.status not in ("done", "pending")]
    nxt = next((s.step for s in states if s.status == "pending"), None)
    state = ", ".join(active) or (f"next: {nxt}" if nxt else "plan complete")
    if not counts:
        state = "not prepared"
    samples = " ".join(f"{k} {v}" for k, v in sorted(counts.items(), reverse=True)) or "—"
    return SessionSummary(
        name,
        session.config.preset,
        session.config.model.name_or_path,
        samples,
        f"{done}/{len(states)}",
        state,
    )


def shown_path(path: Path) -> str:
    """The root relative to the working directory when it is inside it (shorter, stable)."""
    try:
        return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)


class SessionsScreen(AppKeysFirst):
    """The list of sessions and what can be done with them."""

    AUTO_FOCUS = "#sessions"

    BINDINGS = [
        Binding("n", "new", "New", id="sessions.new"),
        Binding("enter,o", "open", "Open", id="sessions.open"),
        Binding("c", "copy", "Copy", id="sessions.copy"),
        Binding("d", "delete", "Delete", id="sessions.delete"),
        Binding("r", "refresh", "Refresh", id="sessions.refresh"),
    ]

    @property
    def cdpo(self) -> CdpoApp:
        return cast("CdpoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="root")
        yield SessionTable(id="sessions")
        yield Label("", id="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.action_refresh()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self, select: str | None = None) -> None:
        root = self.cdpo.root
        names = list_sessions(root)
        self.query_one("#root", Label).update(f"sessions in {shown_path(root)}")
        self.query_one(SessionTable).show([summarize(root, n) for n in names], select)
        self.query_one("#empty", Label).update(
            "" if names else "no sessions yet: press n to create one"
        )

    @property
    def selected(self) -> str | None:
        return self.query_one(SessionTable).selected

    def refuse_if_busy(self, name: str, what: str) -> bool:
        """Say so and return True when a stage of `name` runs, whether or not it is open."""
        busy = busy_steps(self.cdpo.root / name)
        command = self.cdpo.stage_of(name)
        if command is not None and not busy:
            busy = [command.title]
        if not busy:
            return False
        self.notify(
            f"cannot {what} {name}: {', '.join(busy)} running; cancel it or wait for it",
            title=f"{what} refused",
            severity="error",
        )
        return True

    def action_new(self) -> None:
        def created(name: str | None) -> None:
            if name:
                self.notify(f"created session {name}")
                self.action_refresh(select=name)

        self.app.push_screen(CreateSessionScreen(self.cdpo.root), created)

    def on_data_table_row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        if self.selected:
            self.cdpo.open_session(self.selected)

    def action_copy(self) -> None:
        source = self.selected
        if not source or self.refuse_if_busy(source, "copy"):
            return

        def copy(name: str | None) -> None:
            if not name or self.refuse_if_busy(source, "copy"):
                return
            try:
                Session.open(self.cdpo.root, source).copy_to(name)
            except (SessionError, StoreError, OSError) as exc:
                self.notify(str(exc), title="copy failed", severity="error")
                return
            self.notify(f"copied {source} to {name}")
            self.action_refresh(select=name)

        taken = set(list_sessions(self.cdpo.root))
        self.app.push_screen(NamePromptScreen(f"Copy {source} as:", taken, f"{source}-copy"), copy)

    def action_delete(self) -> None:
        name = self.selected
        if not name or self.refuse_if_busy(name, "delete"):
            return

        def delete(yes: bool | None) -> None:
            if not yes or self.refuse_if_busy(name, "delete"):
                return
            try:
                Session.open(self.cdpo.root, name).delete()
            except (SessionError, OSError) as exc:
                self.notify(str(exc), title="delete failed", severity="error")
                return
            if self.cdpo.session is not None and self.cdpo.session.name == name:
                self.cdpo.close_session()
            self.notify(f"deleted session {name}")
            self.action_refresh()

        self.app.push_screen(
            ConfirmScreen(f"Delete session {name!r} with all its runs? This cannot be undone."),
            delete,
        )
