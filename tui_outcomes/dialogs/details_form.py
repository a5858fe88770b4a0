"""The project details: title, commissioner, setting and cohort, period, cycle stage, description."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from ..core.model import Details
from ..core.stages import CYCLE_HINTS, CYCLE_STAGES
from ..widgets.text_fields import TextEditor, TextInput
from .base import DialogKeys, FormDialog


class DetailsForm(FormDialog[dict[str, str] | None]):
    """Dismisses with the changed fields, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "done", "Done", id="details.done", priority=True),
        Binding("escape", "cancel", "Cancel", id="details.cancel"),
    ]
    LINE_FIELDS = (("title", "Title"), ("commissioner", "Commissioner"), ("setting", "Setting and cohort"),
                   ("period", "Period"))

    def __init__(self, details: Details):
        super().__init__()
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static(Text("Project details", style="bold"), classes="dialog-title")
            with VerticalScroll(classes="form-body", can_focus=False):
                for name, label in self.LINE_FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(label)
                        yield TextInput(getattr(self.details, name), id=f"field-{name}", compact=True)
                with Horizontal(classes="field"):
                    yield Label("Cycle stage")
                    yield Select([(CYCLE_HINTS[c], c) for c in CYCLE_STAGES],
                                 value=self.details.cycle_stage or Select.NULL, prompt="(not set)",
                                 id="field-cycle_stage", compact=True)
                yield Label("Description", classes="field-label")
                yield TextEditor(self.details.description, id="field-description", compact=True)
            yield DialogKeys(("tab", "next field"), ("details.done", "done"), ("details.cancel", "cancel"))

    def on_mount(self) -> None:
        self.query_one("#field-title", Input).focus()

    def values(self) -> dict[str, str]:
        out = {name: self.query_one(f"#field-{name}", Input).value for name, _ in self.LINE_FIELDS}
        cycle = self.query_one("#field-cycle_stage", Select).value
        out["cycle_stage"] = cycle if isinstance(cycle, str) else ""
        out["description"] = self.query_one("#field-description", TextArea).text
        return {k: v for k, v in out.items() if v != getattr(self.details, k)}

    UNAPPLIED = "You have changed details that are not applied yet."
    result = values

    def changed(self) -> bool:
        return bool(self.values())
