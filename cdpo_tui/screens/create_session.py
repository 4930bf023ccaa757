"""The new-session form: name, preset, data source, model; every field says what it wants.

Labels and help come from the settings dataclasses' field metadata, so the form says what
`cdpo init --help` and `session.toml` say. Each field is checked on submit and its error is
shown under it; nothing is created until all of them pass.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from cdpo_core.codenet import DataSourceError, check_source
from cdpo_core.models.loading import ModelSettings
from cdpo_core.session import (
    NAME_PATTERN,
    Session,
    SessionError,
    list_sessions,
    preset,
)


def field_help(cls: type, name: str) -> str:
    """The `help` metadata of a settings field."""
    return next(f.metadata.get("help", "") for f in fields(cls) if f.name == name)


@dataclass(frozen=True)
class SessionForm:
    """What the form holds; `errors()` names each field that is wrong and how to fix it."""

    name: str
    preset: str
    source: str
    model: str

    def errors(self, root: Path) -> dict[str, str]:
        out: dict[str, str] = {}
        if not NAME_PATTERN.match(self.name):
            out["name"] = (
                "use letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit)"
            )
        elif self.name in list_sessions(root) or (root / self.name).exists():
            out["name"] = f"{self.name!r} exists already in {root}; pick another name"
        if self.preset not in ("paper", "demo"):
            out["preset"] = "choose a preset"
        if self.source:
            # Checked here, as `cdpo init --codenet` checks it, not only when prep runs.
            source = Path(self.source).expanduser()
            if not source.exists():
                out["source"] = f"no such file or folder: {self.source}"
            else:
                try:
                    check_source(source)
                except DataSourceError as exc:
                    out["source"] = f"{exc.message}; {exc.hint}"
        local = self.model.startswith(("/", ".", "~"))
        if local and not Path(self.model).expanduser().is_dir():
            out["model"] = f"no model folder at {self.model} (or give a Hugging Face id)"
        return out

    def create(self, root: Path) -> Session:
        config = preset(self.preset)
        if self.source:
            source = str(Path(self.source).expanduser().resolve())
            config = dataclasses.replace(
                config, data=dataclasses.replace(config.data, source=source)
            )
        if self.model:
            config = dataclasses.replace(
                config, model=dataclasses.replace(config.model, name_or_path=self.model)
            )
        return Session.create(root, self.name, config)


SOURCE_HELP = (
    "A data source is where the programs come from: a Project_CodeNet folder (or a benchmark"
    " folder such as Project_CodeNet_C++1000), either of them as a .tar.gz, or a JSON Lines"
    " file of problem_id, submission_id and code. It is checked when you create the session."
)


class CreateSessionScreen(ModalScreen[str | None]):
    """Returns the new session's name, or None when cancelled."""

    AUTO_FOCUS = "#name"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Create", id="form.submit"),
    ]

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("New session", id="form-title")
            with VerticalScroll(id="fields"):
                yield Label("name", classes="field-label")
                yield Input(placeholder="e.g. codellama-paper", id="name", compact=True)
                yield Label("", id="name-error", classes="error")
                yield Label("preset", classes="field-label")
                yield Select(
                    [
                        ("paper: the paper's numbers", "paper"),
                        ("demo: shipped corpus + tiny CPU model", "demo"),
                    ],
                    value="demo",
                    allow_blank=False,
                    id="preset",
                    compact=True,
                )
                yield Label("", id="preset-error", classes="error")
                yield Label("data source", classes="field-label")
                yield Label(SOURCE_HELP, classes="help")
                yield Input(
                    placeholder="(empty: the shipped demo corpus)", id="source", compact=True
                )
                yield Label("", id="source-error", classes="error")
                yield Label("model", classes="field-label")
                yield Label(
                    field_help(ModelSettings, "name_or_path") + " Empty: the preset's.",
                    classes="help",
                )
                yield Input(placeholder="(empty: the preset's model)", id="model", compact=True)
                yield Label("", id="model-error", classes="error")
            with Horizontal(id="buttons"):
                yield Button("Create (ctrl+s)", variant="primary", id="create")
                yield Button("Cancel (esc)", id="cancel")

    def form(self) -> SessionForm:
        return SessionForm(
            name=self.query_one("#name", Input).value.strip(),
            preset=str(self.query_one("#preset", Select).value),
            source=self.query_one("#source", Input).value.strip(),
            model=self.query_one("#model", Input).value.strip(),
        )

    def action_submit(self) -> None:
        form = self.form()
        errors = form.errors(self.root)
        for key in ("name", "preset", "source", "model"):
            self.query_one(f"#{key}-error", Label).update(errors.get(key, ""))
        if errors:
            self.query_one(f"#{next(iter(errors))}").focus()
            return
        try:
            form.create(self.root)
        except (SessionError, OSError) as exc:
            self.query_one("#name-error", Label).update(str(exc))
            return
        self.dismiss(form.name)

    def on_input_submitted(self) -> None:
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
