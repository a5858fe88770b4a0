"""The review: every evidence row by stage and element, with baseline → latest → target, progress, a
trend line, its status and when the next reading is due; readings added, edited and deleted here.
The rules (progress, status, due dates) are the core's (core/review.py); this screen shows them."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core.model import Project, Reading, replace
from ..core.stages import BY_KEY
from ..core.textsafe import one_line
from ..core.wording import count
from ..widgets.key_bar import KeyBar, key_for, press
from ..widgets.marked_list import Item, MarkedList
from ..widgets.review.prompts import RowLine, element_heading, row_words, status_text
from ..widgets.title_bar import TitleBar
from .project_screen import ProjectScreen


def today() -> date:
    """The day the review is as of (a function, so that tests can fix the day)."""
    return date.today()


class ReviewList(MarkedList):
    """The evidence rows, element by element, stage by stage; only rows take the cursor."""


class ReviewScreen(ProjectScreen):
    """Dismisses with the id of the element the cursor is on, so the logic model can select it."""

    WHERE = "Review"
    DEFAULT_CSS = """
    ReviewScreen #summary {
        height: auto;  /* wraps rather than cuts the counts at 80 columns */
        padding: 0 1;
    }
    ReviewScreen #columns {
        height: auto;
        padding: 0 2 0 3;  /* the list's border and gutter */
        color: $text-muted;
    }
    ReviewScreen #detail {
        height: auto;
        max-height: 4;
        padding: 0 1;
        background: $panel;
    }
    """
    BINDINGS = [
        Binding("a", "add_reading", "Add reading", id="review.add"),
        Binding("e", "readings", "Readings", id="review.readings"),
        Binding("f", "filter", "Off track / overdue", id="review.filter"),
        Binding("r", "leave", "Back to the model", show=False, id="review.back"),
    ]

    def __init__(self, document, element_id: str | None = None):
        """Opens at the element's first row."""
        super().__init__(document)
        self.start_at = element_id
        self.as_of = today()
        self.rows: dict[str, object] = {}  # row id -> its review, as last shown
        self.only_attention = False  # the filter: only rows off track or overdue

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Static(id="summary")
        yield Static(RowLine(), id="columns")
        yield ReviewList(id="review-rows", classes="screen-list")
        yield Static(id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_project(None)
        listing = self.query_one(ReviewList)
        listing.focus()
        entry = self.document.reviews.by_element.get(self.start_at or "")
        if entry is not None and entry[2]:  # at the element's first row
            listing.highlight_item("row", entry[2][0].row.id)
        self.show_detail()

    # -- showing -----------------------------------------------------------
    @staticmethod
    def needs_attention(review) -> bool:
        return review.status == "off_track" or review.overdue

    def show_project(self, old: Project | None) -> None:
        project = self.document.project
        by_element = self.document.reviews.of(project, self.as_of)
        refs = project.refs()
        listing = self.query_one(ReviewList)
        keep = listing.current_item()
        place = listing.highlighted
        self.rows = {r.row.id: r for rows in by_element.values() for r in rows}
        from ..core.review import element_status

        options: list[Option] = []
        for stage in project.stages:
            info = BY_KEY[stage.key]
            options.append(Option(Text(f"{info.number}. {info.title}", style="bold underline"), disabled=True))
            shown = 0
            for element in stage.elements:
                rows = by_element[element.id]
                listed = [r for r in rows if self.needs_attention(r)] if self.only_attention else rows
                if self.only_attention and not listed:
                    continue
                shown += 1
                options.append(Option(element_heading(refs[element.id], element.text, element_status(rows)),
                                      disabled=True))
                for review in listed:
                    options.append(Item(RowLine(review), "row", review.row.id))
                if not rows:
                    options.append(Option(Text("    (no evidence rows: add them in the evidence table)",
                                               style="dim"), disabled=True))
            if not shown:
                options.append(Option(Text("    nothing off track or overdue" if self.only_attention and
                                           stage.elements else "    (no elements yet)", style="dim"), disabled=True))
        listing.set_options(options)
        if not (keep[0] and listing.highlight_item(*keep)):
            rows = [i for i in range(listing.option_count) if not listing.get_option_at_index(i).disabled]
            if rows:  # the row is gone (deleted, filtered out): its neighbour takes the cursor
                listing.highlighted = min(rows, key=lambda i: (abs(i - (place or 0)), i))
        self.show_summary()
        self.show_detail()
        self.query_one(TitleBar).show(self.document, self.WHERE)
        self.shown = project

    def show_summary(self) -> None:
        from ..core.review import STATUSES, summary

        counts = summary(self.rows.values())
        text = Text()
        text.append(f"As of {self.as_of.isoformat()}", "bold")
        text.append(f" · {count(len(self.rows), 'row')}: ")
        parts = []
        for status in STATUSES:
            if counts[status] or status != "no_target":
                part = status_text(status)
                part.append(f" {counts[status]}")
                parts.append(part)
        overdue = Text(f"⚠ overdue {counts['overdue']}", style="bold" if counts["overdue"] else "")
        text.append_text(Text(" · ").join([*parts, overdue]))
        key = key_for(self, "review.filter")
        if self.only_attention:
            text.append(f" · showing only rows off track or overdue ({key}: all rows)", "bold")
        elif key:
            text.append(f" · {key}: only off track / overdue", "dim")
        self.query_one("#summary", Static).update(text)

    def current(self):
        """The review of the highlighted row, or None."""
        kind, value = self.query_one(ReviewList).current_item()
        return self.rows.get(value) if kind == "row" else None

    @on(OptionList.OptionHighlighted)
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """The highlighted row whole: what it measures, baseline → latest → target, how often, the latest note."""
        from ..core.review import Direction

        review = self.current()
        text = Text()
        if review is None:
            text.append("No evidence row here. " + (
                f"{key_for(self, 'review.filter')} shows every row." if self.only_attention
                else "Evidence rows are added in the evidence table."), "dim")
        else:
            row = review.row
            text.append(f"{review.ref} ", "bold")
            text.append_text(row_words(review))
            facts = [one_line(row.frequency) or "no frequency", count(len(row.readings), "reading")]
            if review.trend:
                facts.append(review.trend)
            if review.direction:
                facts.append(Direction.WORDS[review.direction] + (" (set for this row)" if review.direction_explicit
                                                                  else ""))
            text.append("\n" + " · ".join(facts))
            if review.latest is not None and review.latest.note.strip():
                text.append(" · latest note: ", "bold")
                text.append(one_line(review.latest.note))
        self.query_one("#detail", Static).update(text)

    def leave_result(self) -> str | None:
        review = self.current()
        return review.element_id if review is not None else None

    # -- the filter ----------------------------------------------------------
    def action_filter(self) -> None:
        self.only_attention = not self.only_attention
        self.show_project(None)

    # -- readings --------------------------------------------------------------
    def nothing_here(self) -> None:
        self.notify("Move to an evidence row first (↑ ↓).", timeout=3)

    def about(self, review) -> str:
        row = review.row
        return (f"{one_line(row.source) or '(no source)'}: baseline {one_line(row.baseline) or '(none)'}, "
                f"target {one_line(row.target) or '(none)'}, {one_line(row.frequency) or 'no frequency'}.")

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_readings()

    @work(exclusive=True, group="edit")
    async def action_add_reading(self) -> None:
        review = self.current()
        if review is None:
            self.nothing_here()
            return
        await self.reading_form(review.row.id, None)

    @work(exclusive=True, group="edit")
    async def action_readings(self) -> None:
        """The row's readings: edit or delete one, or add one; the list comes back after each."""
        from ..dialogs.readings import ReadingsDialog

        review = self.current()
        if review is None:
            self.nothing_here()
            return
        row_id, at = review.row.id, None
        while row_id in self.rows:
            review = self.rows[row_id]
            choice = await self.app.push_screen_wait(ReadingsDialog(
                f"Readings of {review.ref}", review.row.readings, at, self.about(review)))
            if choice is None:
                return
            what, at = choice
            if what == "delete":
                self.change(row_id, self.document.project.delete_reading(row_id, at),
                            f"delete reading of {review.ref}")
                self.notify(f"Reading deleted. {press(self, 'project.undo', 'to undo').capitalize()}", timeout=3)
            else:
                await self.reading_form(row_id, at)

    async def reading_form(self, row_id: str, index: int | None) -> None:
        """Add a reading to the row (``index`` None) or edit its reading at ``index``."""
        from ..dialogs.reading_form import ReadingForm

        review = self.rows[row_id]
        old = review.row.readings[index] if index is not None else None
        start = old._asdict() if old is not None else {"date": self.as_of.isoformat()}
        title = f"Reading of {review.ref}" if old is not None else f"New reading for {review.ref}"
        values = await self.app.push_screen_wait(ReadingForm(title, start, self.about(review)))
        if values is None or row_id not in self.rows:
            return
        project = self.document.project
        if old is None:
            self.change(row_id, project.add_reading(row_id, Reading(**values)), f"add reading to {review.ref}")
        else:
            self.change(row_id, project.with_reading(row_id, index, replace(old, **values)),
                        f"edit reading of {review.ref}")

    def change(self, row_id: str, project: Project, label: str) -> None:
        """Apply an edit to a row's readings; say so when its status changed."""
        before = self.rows[row_id]
        if not self.edit(project, label):
            return
        after = self.rows.get(row_id)
        if after is not None and after.status != before.status:
            self.notify(f"{after.ref}: {status_text(before.status)} → {status_text(after.status)}", timeout=4)
