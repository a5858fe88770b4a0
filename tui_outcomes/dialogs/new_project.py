"""Create a project file in the portfolio folder from a template."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from ..widgets.text_fields import TextInput
from .base import Dialog, DialogKeys


class NewProjectDialog(Dialog[tuple[str, str, str] | None]):
    """Dismisses with (file name, template, title), or None."""

    BINDINGS = [
        Binding("ctrl+s", "done", "Create", id="new.done", priority=True),
        Binding("escape", "cancel", "Cancel", id="new.cancel"),
    ]

    def __init__(self, folder: Path, templates: list[str]):
        super().__init__()
        self.folder = folder
        self.templates = templates

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static(Text(f"New project in {self.folder}", style="bold"), classes="dialog-title")
            yield Label("File name")
            yield TextInput(placeholder="e.g. hearing-support (.toml is added)", id="new-name")
            yield Label("Template")
            yield Select([(t, t) for t in self.templates], value=self.templates[0], allow_blank=False,
                         id="new-template")
            yield Label("Title (optional)")
            yield TextInput(id="new-title")
            yield Static("", id="new-error", classes="dialog-error")
            yield DialogKeys(("tab", "next field"), ("new.done", "create"), ("new.cancel", "cancel"))

    def action_done(self) -> None:
        name = self.query_one("#new-name", Input).value.strip()
        error = self.query_one("#new-error", Static)
        if not name:
            error.update("Type a file name first.")
            return
        if "/" in name or name.startswith("."):
            error.update("Use a plain file name (no folders, not starting with a dot).")
            return
        if not name.endswith(".toml"):
            name += ".toml"
        if (self.folder / name).exists():
            error.update(Text(f"{name} already exists; choose another name."))
            return
        template = self.query_one("#new-template", Select).value
        self.dismiss((name, str(template), self.query_one("#new-title", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
