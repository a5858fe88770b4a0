"""Merge conflicts: each with its base, ours and theirs; one key takes a side, one edits both into one."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.widgets import OptionList, Static

from ..core import merge
from ..core.model import Project
from ..core.textsafe import terminal_safe
from ..core.wording import count
from ..widgets.key_bar import KeyBar, key_for, press
from ..widgets.marked_list import Item, MarkedList
from ..widgets.title_bar import TitleBar
from .project_screen import ProjectScreen

SIDE_BY_SIDE = 100  # columns from which base, ours and theirs stand side by side (else stacked)


class ConflictList(MarkedList):
    """One line per conflict: where, and what."""


class ConflictsScreen(ProjectScreen):
    """Dismisses with the element id of the highlighted conflict (None if it has none)."""

    WHERE = "Merge conflicts"
    DEFAULT_CSS = """
    ConflictsScreen #summary {
        height: auto;
        padding: 0 1;
    }
    ConflictsScreen ConflictList {
        height: 7;
        border: round $accent;
        scrollbar-size-vertical: 1;
    }
    ConflictsScreen #sides-scroll {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    ConflictsScreen #sides {
        layout: grid;
        grid-size: 1 3;
        grid-rows: auto;
        grid-gutter: 0 1;
        height: auto;
        padding: 0 1;
    }
    ConflictsScreen.-wide #sides {
        grid-size: 3 1;
    }
    ConflictsScreen .side {
        height: auto;
    }
    """
    BINDINGS = [
        Binding("o", "take('ours')", "Take ours", id="conflicts.ours"),
        Binding("t", "take('theirs')", "Take theirs", id="conflicts.theirs"),
        Binding("e", "edit", "Edit into one", id="conflicts.edit"),
        Binding("M", "leave", "Back to the model", show=False, id="conflicts.back"),
    ]

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width >= SIDE_BY_SIDE, "-wide")
        yield TitleBar(id="title-bar")
        yield Static(id="summary")
        yield ConflictList(id="conflict-list")
        with VerticalScroll(id="sides-scroll"):
            with Container(id="sides"):
                for side in ("base", "ours", "theirs"):
                    yield Static(id=f"side-{side}", classes="side")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_project(None)
        self.query_one(ConflictList).focus()

    def on_resize(self, event) -> None:
        self.set_class(event.size.width >= SIDE_BY_SIDE, "-wide")

    # -- showing -----------------------------------------------------------
    def show_project(self, old: Project | None) -> None:
        project = self.document.project
        listing = self.query_one(ConflictList)
        keep = listing.highlighted
        listing.set_options([Item(Text(terminal_safe(merge.describe(project, c))), "conflict", i)
                             for i, c in enumerate(project.conflicts)])
        if project.conflicts:
            listing.highlighted = min(keep or 0, len(project.conflicts) - 1)
            summary = Text(f"✗ {count(len(project.conflicts), 'merge conflict')} left", style="bold")
            summary.append(" · the file holds ours until you choose; saving keeps the rest for later")
        else:
            summary = Text("✓ No merge conflicts left", style="bold")
            summary.append(f": {press(self, 'project.save', 'to save the clean file') or 'save the clean file'}")
        self.query_one("#summary", Static).update(summary)
        self.query_one(TitleBar).show(self.document, self.WHERE)
        self.show_sides()
        self.shown = project

    def current(self) -> tuple[int, merge.Conflict] | None:
        kind, value = self.query_one(ConflictList).current_item()
        conflicts = self.document.project.conflicts
        if kind != "conflict" or not isinstance(value, int) or value >= len(conflicts):
            return None
        return value, conflicts[value]

    def show_sides(self) -> None:
        found = self.current()
        for side in ("base", "ours", "theirs"):
            text = Text()
            if found is not None:
                conflict = found[1]
                value = getattr(conflict, side)
                text.append(side.capitalize(), "bold underline")
                key = key_for(self, f"conflicts.{side}") if side != "base" else ""
                if key:
                    text.append(f" ({key} takes it)")
                text.append("\n")
                if conflict.field == "":  # deleted on one side, edited on the other
                    text.append("the item as it was" if side == "base" else
                                "deleted it" if value == merge.DELETED else "edited it (kept in the file)")
                elif value is None:
                    text.append("(none)", "dim")
                else:
                    text.append(terminal_safe(merge.shown(value)) or "(empty)")
            self.query_one(f"#side-{side}", Static).update(text)

    @on(OptionList.OptionHighlighted)
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_sides()

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    # -- resolving ---------------------------------------------------------
    def nothing(self) -> bool:
        if self.current() is None:
            self.notify("No merge conflicts left." if not self.document.project.conflicts
                        else "Highlight a conflict first.", timeout=3)
            return True
        return False

    def action_take(self, side: str) -> None:
        if self.nothing():
            return
        index, conflict = self.current()
        self.edit(merge.resolve(self.document.project, index, side),
                  f"take {side} at {merge.where(self.document.project, conflict)}")

    @work(exclusive=True, group="edit")
    async def action_edit(self) -> None:
        from ..dialogs.text_dialog import TextDialog

        if self.nothing():
            return
        index, conflict = self.current()
        texts = [v for v in (conflict.ours, conflict.theirs) if v is not None]
        answer = conflict.path[0] == "checklist" and len(conflict.path) == 3 and conflict.field != "specify"
        if conflict.field == "" or answer or not all(isinstance(v, str) for v in texts):
            self.notify(f"This one is a choice: {press(self, 'conflicts.ours', 'for ours')}, "
                        f"{press(self, 'conflicts.theirs', 'for theirs')}.", timeout=4)
            return
        place = merge.where(self.document.project, conflict)
        text = await self.app.push_screen_wait(TextDialog(
            f"Edit {place} into one", "\n".join(dict.fromkeys(texts)),
            hint="Ours, then theirs: keep what you want of each."))
        if text is None:
            return
        project = self.document.project
        if index < len(project.conflicts) and project.conflicts[index] == conflict:
            self.edit(merge.resolve(project, index, "text", text), f"edit {place} into one")

    def leave_result(self):
        found = self.current()
        if found is None:
            return None
        path = found[1].path
        if path[0] == "element":
            return path[1]
        if path[0] == "row":
            try:
                return self.document.project.find_row(path[1])[1].id
            except KeyError:
                return None
        return None
