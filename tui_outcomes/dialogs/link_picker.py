"""Choose which elements of the next stage up an element supports, each with an optional reason."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from ..core.model import Link
from ..core.textsafe import one_line
from ..widgets.text_fields import TextInput
from .base import DialogKeys, FormDialog


class LinkPicker(FormDialog[list[Link] | None]):
    """Dismisses with the chosen links (in the stage's order), or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "done", "Done", id="links.done", priority=True),
        Binding("escape", "cancel", "Cancel", id="links.cancel"),
    ]

    def __init__(self, title: str, candidates: list[tuple[str, str]], links: tuple[Link, ...]):
        """``candidates``: (element id, label) of the stage above, in order."""
        super().__init__()
        self.title_text = title
        self.candidates = candidates
        self.original = {l.id: l.because for l in links}
        self.notes = dict(self.original)
        self.current: str | None = None

    def compose(self) -> ComposeResult:
        chosen = set(self.original)
        with Vertical(classes="dialog dialog-wide"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            if not self.candidates:
                yield Static("The stage above has no elements yet: add some there first.", classes="dialog-hint")
            yield SelectionList[str](
                *(Selection(self.prompt(label, element_id in chosen, i == 0), element_id, element_id in chosen)
                  for i, (element_id, label) in enumerate(self.candidates)),
                id="link-list",
            )
            yield Static("Because (optional, for the highlighted element):", classes="dialog-hint")
            yield TextInput(id="because", placeholder="why this supports it")
            yield DialogKeys(("space", "tick/untick"), ("tab", "to the note"), ("links.done", "done"),
                             ("links.cancel", "cancel"))

    @staticmethod
    def prompt(label: str, chosen: bool, highlighted: bool = False) -> Text:
        """The cursor and the tick as symbols, not only as colours (NO_COLOR, monochrome):
        ``▶ [✓] FO1 …`` on the highlighted row, ``  [ ] FO2 …`` on the others."""
        return (Text("▶ " if highlighted else "  ", style="bold") + Text("[✓] " if chosen else "[ ] ", style="bold")
                + Text(one_line(label)))

    def redraw(self, index: int | None) -> None:
        """Draw the prompt of the option at ``index`` for its tick and whether it is highlighted."""
        selection = self.query_one(SelectionList)
        if index is None or not 0 <= index < len(self.candidates):
            return
        element_id, label = self.candidates[index]
        selection.replace_option_prompt_at_index(
            index, self.prompt(label, element_id in selection.selected, index == selection.highlighted))

    @on(SelectionList.SelectionToggled)
    def toggled(self, event: SelectionList.SelectionToggled) -> None:
        self.redraw(event.selection_index)

    def on_mount(self) -> None:
        selection = self.query_one(SelectionList)
        if self.candidates:
            selection.highlighted = 0

    @on(SelectionList.SelectionHighlighted)
    def highlighted(self, event: SelectionList.SelectionHighlighted) -> None:
        self._keep_note()
        if self.current is not None:
            self.redraw([i for i, _ in self.candidates].index(self.current))
        self.redraw(event.selection_index)
        self.current = event.selection.value
        self.query_one("#because", Input).value = self.notes.get(self.current, "")

    def _keep_note(self) -> None:
        if self.current is not None:
            note = self.query_one("#because", Input).value
            if note or self.current in self.notes:
                self.notes[self.current] = note

    def action_field_enter(self) -> None:
        """enter in the note: back to the list."""
        self.set_focus(self.query_one(SelectionList))

    def result(self) -> list[Link]:
        self._keep_note()
        chosen = set(self.query_one(SelectionList).selected)
        return [Link(i, self.notes.get(i, "")) for i, _ in self.candidates if i in chosen]

    UNAPPLIED = "The links you ticked are not applied yet."

    def changed(self) -> bool:
        return {link.id: link.because for link in self.result()} != self.original
