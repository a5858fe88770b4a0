"""One case study of the pro-forma's appendix: a title and free text."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static, TextArea

from ..core.model import CaseStudy
from ..widgets.text_fields import TextEditor, TextInput
from .base import DialogKeys, FormDialog


class CaseStudyDialog(FormDialog[CaseStudy | None]):
    BINDINGS = [
        Binding("ctrl+s", "done", "Done", id="case.done", priority=True),
        Binding("escape", "cancel", "Cancel", id="case.cancel"),
    ]

    def __init__(self, study: CaseStudy):
        super().__init__()
        self.study = study

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static(Text("Case study", style="bold"), classes="dialog-title")
            with VerticalScroll(classes="form-body", can_focus=False):
                with Horizontal(classes="field"):
                    yield Label("Title")
                    yield TextInput(self.study.title, id="case-title", compact=True)
                yield Label("What was done, and what changed", classes="field-label")
                yield TextEditor(self.study.text, id="case-text", compact=True)
            yield DialogKeys(("tab", "next field"), ("case.done", "done"), ("case.cancel", "cancel"))

    def result(self) -> CaseStudy:
        return self.study._replace(title=self.query_one("#case-title", Input).value,
                                   text=self.query_one("#case-text", TextArea).text)

    def changed(self) -> bool:
        return self.result() != self.study
