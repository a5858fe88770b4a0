"""A row's readings, newest last: choose one to edit or delete, or add another."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from ..core.model import Reading
from ..core.textsafe import one_line, terminal_safe
from ..widgets.marked_list import Item, MarkedList
from .base import Dialog, DialogKeys


class ReadingList(MarkedList):
    """One line a reading: date, value, a status set by hand, the note."""


class ReadingsDialog(Dialog[tuple[str, int | None] | None]):
    """Dismisses with what to do — ("edit", index), ("delete", index) or ("add", None) — or None when
    closed; the screen that opened it makes the edit (so undo and unsaved follow) and opens it again."""

    DEFAULT_CSS = """
    ReadingsDialog ReadingList {
        height: auto;
        max-height: 12;
        border: none;
    }
    """
    BINDINGS = [
        Binding("e", "choose('edit')", "Edit reading", id="readings.edit"),
        Binding("d,delete", "choose('delete')", "Delete reading", id="readings.delete"),
        Binding("a", "choose('add')", "Add reading", id="readings.add"),
        Binding("escape", "close", "Close", id="readings.close"),
    ]

    def __init__(self, title: str, readings: tuple[Reading, ...], at: int | None = None, about: str = ""):
        """``at``: the reading to start on (default: the latest); ``about``: what the row measures."""
        super().__init__()
        self.title_text = title
        self.about = about
        self.readings = readings
        self.at = len(readings) - 1 if at is None else max(0, min(at, len(readings) - 1))

    def compose(self) -> ComposeResult:
        from ..core.review import STATUS_SYMBOLS, STATUS_WORDS

        with Vertical(classes="dialog dialog-wide"):
            yield Static(Text(terminal_safe(self.title_text), style="bold"), classes="dialog-title")
            if self.about:
                yield Static(Text(terminal_safe(self.about)), classes="dialog-hint")
            if not self.readings:
                yield Static("No readings yet.", classes="dialog-hint")
            options = []
            for i, reading in enumerate(self.readings):
                line = Text()
                line.append(one_line(reading.date) or "(no date)", "bold")
                line.append("  ")
                line.append(one_line(reading.value) or "(no value)")
                if reading.status:
                    line.append(f"  {STATUS_SYMBOLS.get(reading.status, '?')} "
                                f"{STATUS_WORDS.get(reading.status, one_line(reading.status))} (set by hand)", "bold")
                if reading.note:
                    line.append("  — " + one_line(reading.note), "italic")
                options.append(Item(line, "reading", i))
            yield ReadingList(*options, id="reading-list")
            yield DialogKeys(("enter", "edit"), ("readings.delete", "delete"), ("readings.add", "add"),
                             ("readings.close", "close"))

    def on_mount(self) -> None:
        listing = self.query_one(ReadingList)
        listing.focus()
        if self.readings:
            listing.highlight_item("reading", self.at)

    def current(self) -> int | None:
        kind, value = self.query_one(ReadingList).current_item()
        return value if kind == "reading" else None

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose("edit")

    def action_choose(self, what: str) -> None:
        if what == "add":
            self.dismiss(("add", None))
        elif self.current() is not None:
            self.dismiss((what, self.current()))

    def action_close(self) -> None:
        self.dismiss(None)
