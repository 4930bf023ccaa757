"""What every screen over the open session shares: reload when stale, follow the stage."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.binding import ActiveBinding
from textual.screen import Screen

from cdpo_tui.messages import StageEvent, StageExited

if TYPE_CHECKING:
    from cdpo_tui.app import CdpoApp


class AppKeysFirst(Screen[None]):
    """A screen whose footer starts with the screen-number keys.

    The footer lists the focused widget's keys, then the screen's, then the App's, so the
    keys that move between screens came last and were the first to fall off at 120 columns.
    Only the order shown changes; which binding a key triggers does not.
    """

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings = super().active_bindings
        first = {
            key: active
            for key, active in bindings.items()
            if (active.binding.id or "").startswith("screen.")
        }
        return first | {key: active for key, active in bindings.items() if key not in first}


class SessionScreen(AppKeysFirst):
    """Reloads from the store whenever the session changed or a stage ended since it last did."""

    def __init__(self) -> None:
        super().__init__()
        self._version = -1

    @property
    def cdpo(self) -> CdpoApp:
        return cast("CdpoApp", self.app)

    def on_mount(self) -> None:
        self.cdpo.stage_listeners.add(self)
        self.sub_title = self.cdpo.sub_title

    def on_unmount(self) -> None:
        self.cdpo.stage_listeners.discard(self)

    async def on_screen_resume(self) -> None:
        if self._version != self.cdpo.data_version:
            self._version = self.cdpo.data_version
            await self.reload()

    async def reload(self) -> None:
        """Read what the screen shows from the open session's store."""

    def stage_event(self, message: StageEvent) -> None:
        """A running stage reported something."""

    def stage_exited(self, message: StageExited) -> None:
        """The running stage ended; stale screens reload when shown again."""
