"""One reading of an evidence row in a form: date, value, note and (rarely) a status set by hand."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from ..core.textsafe import terminal_safe
from ..widgets.text_fields import TextInput
from .base import DialogKeys, FormDialog

FIELDS = (("date", "Date"), ("value", "Value"), ("note", "Note"), ("status", "Status (by hand)"))


class ReadingForm(FormDialog[dict[str, str] | None]):
    """Dismisses with the reading's date, value, note and status (a status key, "" to have it worked
    out), or None when cancelled. Nothing is applied while the date or the status is not valid: the
    form says what is wrong, beside the fields, and keeps what was typed."""

    BINDINGS = [
        Binding("ctrl+s", "done", "Done", id="reading.done", priority=True),
        Binding("escape", "cancel", "Cancel", id="reading.cancel"),
    ]
    UNAPPLIED = "This reading has typed text that is not applied yet."
    AUTO_FOCUS = "#reading-value"  # the date is today's already (focused as the form opens, never later)

    def __init__(self, title: str, values: dict[str, str], about: str = ""):
        """``values``: date, value, note and status (a status key) to start from; ``about`` says what the row
        measures (its baseline and target), shown under the title."""
        super().__init__()
        from ..core.review import STATUS_WORDS, status_key

        self.title_text = title
        self.about = about
        self.words = STATUS_WORDS
        self.original = {name: values.get(name, "") for name, _ in FIELDS}
        typed = self.original["status"]  # as the file has it: "on_track", "on track"; shown as the word
        self.original["status"] = STATUS_WORDS.get(status_key(typed) or "", typed)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static(Text(terminal_safe(self.title_text), style="bold"), classes="dialog-title")
            if self.about:
                yield Static(Text(terminal_safe(self.about)), classes="dialog-hint")
            with Vertical(classes="form-body"):
                for name, label in FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(label)
                        suggester = (SuggestFromList(list(self.words.values()), case_sensitive=False)
                                     if name == "status" else None)
                        yield TextInput(self.original[name], id=f"reading-{name}", suggester=suggester,
                                        compact=True, placeholder=self.placeholder(name))
            yield Static("Set a status by hand only when the numbers cannot tell (→ accepts a suggestion).",
                         classes="dialog-hint")
            yield Static("", id="reading-error", classes="dialog-error")
            yield DialogKeys(("enter", "next field"), ("reading.done", "done"), ("reading.cancel", "cancel"))

    def placeholder(self, name: str) -> str:
        return {"date": "YYYY-MM-DD", "value": 'as measured: "7", "64%", "Level 2b"…',
                "note": "optional", "status": "empty: worked out from the readings"}[name]


    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#reading-{name}", Input).value for name, _ in FIELDS}

    def changed(self) -> bool:
        return self.values() != self.original

    def problem(self) -> tuple[str, str] | None:
        """(field, what is wrong and what to do) for the first field that cannot be applied, else None."""
        from ..core.review import parse_date

        values = self.values()
        try:
            parse_date(values["date"].strip())
        except ValueError as exc:
            return "date", f"Date: {exc}"
        if not values["value"].strip():
            return "value", "Value: type what was measured (a number, a percentage or words)."
        if self.status_key(values["status"]) is None:
            return "status", ("Status: leave it empty to have it worked out, or type one of: "
                              + ", ".join(self.words.values()) + ".")
        return None

    @staticmethod
    def status_key(typed: str) -> str | None:
        """The status a typed word stands for ("on track", "on_track", "On-Track"), "" for none."""
        from ..core.review import status_key

        return status_key(typed) if typed.strip() else ""

    def result(self) -> dict[str, str]:
        values = self.values()  # the value and note as typed
        values["date"] = values["date"].strip()
        values["status"] = self.status_key(values["status"]) or ""
        return values

    def action_done(self) -> None:
        problem = self.problem()
        if problem is None:
            super().action_done()
            return
        field, message = problem
        self.query_one("#reading-error", Static).update(Text(message))
        wrong = self.query_one(f"#reading-{field}", Input)
        wrong.focus()
        wrong.select_all()  # what is typed next replaces it
