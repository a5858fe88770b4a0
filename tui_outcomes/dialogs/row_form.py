"""One evidence row in a form: source, baseline, target, data method, frequency."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from ..core.stages import EVIDENCE_COLUMNS
from ..widgets.text_fields import TextInput
from .base import DialogKeys, FormDialog


class RowForm(FormDialog[dict[str, str] | None]):
    """Dismisses with the five values (as typed, even half-filled), or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "done", "Done", id="row.done", priority=True),
        Binding("escape", "cancel", "Cancel", id="row.cancel"),
    ]

    def __init__(self, title: str, values: dict[str, str], sources: tuple[str, ...], focus: str = "source"):
        super().__init__()
        self.title_text = title
        self.original = {name: values.get(name, "") for name, _ in EVIDENCE_COLUMNS}
        self.sources = sources
        self.first = focus

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static(Text(self.title_text), classes="dialog-title")
            with VerticalScroll(classes="form-body", can_focus=False):
                for name, heading in EVIDENCE_COLUMNS:
                    with Horizontal(classes="field"):
                        yield Label(heading)
                        suggester = SuggestFromList(self.sources, case_sensitive=False) if name == "source" else None
                        yield TextInput(self.original[name], id=f"row-{name}", suggester=suggester, compact=True)
            yield Static("Source suggests the stage's evidence sources (→ accepts one); "
                         '"n/a" counts as filled in.', classes="dialog-hint")
            yield DialogKeys(("enter", "next field"), ("row.done", "done"), ("row.cancel", "cancel"))

    def on_mount(self) -> None:
        self.query_one(f"#row-{self.first}", Input).focus()

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#row-{name}", Input).value for name, _ in EVIDENCE_COLUMNS}

    UNAPPLIED = "This row has typed text that is not applied yet."
    result = values

    def changed(self) -> bool:
        return self.values() != self.original
