"""The portfolio: every project file in a folder, how far along it is, and whether it reads."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ..widgets.key_bar import KeyBar, key_for, press
from ..widgets.text_fields import TextInput
from ..core.portfolio import Entry
from ..core.stages import CYCLE_HINTS, STAGES
from ..core.textsafe import one_line
from ..core.wording import count


SORTS = ("file", "title", "cycle", "complete")  # s cycles through them
PADDING = 2  # a DataTable cell's padding
WIDE = 100  # from this width the cycle stage has a column, and the review's counts their full names
# (key, heading, width) of the columns besides file and title, narrow and wide; the review's counts
# are rows overdue and rows off track (core/review.py)
NARROW_COLUMNS = (("cursor", "", 1), ("mark", "", 1), *((info.key, info.short, 3) for info in STAGES),
                  ("overdue", "Late", 4), ("off_track", "Off", 3))
WIDE_COLUMNS = (("cursor", "", 1), ("mark", "", 1), ("cycle", "Cycle", 10),
                *((info.key, info.short, 3) for info in STAGES), ("overdue", "Overdue", 7),
                ("off_track", "Off track", 9))


class ProjectTable(DataTable):
    """The projects. ``enter`` opens the highlighted one: bound here, where it replaces the table's own
    "select" on the same key, so that it is in force (the key bar and every hint name it) while the table
    has the focus."""

    WHERE = "PortfolioScreen"
    BINDINGS = [Binding("enter", "screen.open", "Open", id="portfolio.open")]


class PortfolioScreen(Screen):
    """Lists the files at once; what each holds is filled in by a thread, the rows in view first, so
    the screen is up and keys work while a big folder is read."""

    DEFAULT_CSS = """
    PortfolioScreen #projects {
        height: 1fr;
    }
    PortfolioScreen #filter {
        display: none;
        height: 1;
        border: none;
        padding: 0 1;
    }
    PortfolioScreen #filter.-shown {
        display: block;
    }
    PortfolioScreen #detail {
        height: 4;
        padding: 0 1;
        background: $panel;
    }
    """
    BINDINGS = [
        Binding("n", "new", "New project", id="portfolio.new"),
        Binding("slash", "filter", "Filter", id="portfolio.filter"),
        Binding("s", "sort", "Sort", id="portfolio.sort"),
        Binding("r", "rescan", "Refresh", id="portfolio.refresh"),
        Binding("q", "app.quit", "Quit", id="portfolio.quit"),
        Binding("j", "cursor('down')", "Down", show=False, id="portfolio.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="portfolio.up"),
    ]

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.paths: list[Path] = []  # every project file in the folder
        self.entries: dict[Path, Entry] = {}  # what each holds, as read so far
        self.shown: list[Path] = []  # the rows, filtered and sorted
        self.recovery: set[Path] = set()
        self.marked_row: str | None = None  # the row that shows ▶
        self.sort = SORTS[0]
        self.filter = ""
        self.widths: tuple[int, int, bool] = (0, 0, False)  # file and title columns, and wide, from the width

    def compose(self) -> ComposeResult:
        yield Static(id="title-bar")
        yield ProjectTable(id="projects", cursor_type="row", zebra_stripes=False)
        yield TextInput(id="filter", placeholder="type part of a file name or title; enter keeps it, escape clears")
        yield Static("Reading the project files…", id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.list_files()

    def on_screen_resume(self) -> None:
        if self.paths:
            self.list_files()

    def on_resize(self) -> None:
        if self.column_widths() != self.widths:
            self.show_rows()

    # -- reading -----------------------------------------------------------------
    def list_files(self) -> None:
        """The files at once (names only); their contents from a thread, just after the first frame."""
        from ..core.journal import marked
        from ..core.portfolio import project_files

        self.paths = project_files(self.folder)
        self.entries = {}
        self.recovery = marked(self.paths)  # ↺: unsaved edits kept from a session that ended
        self.show_rows()
        self.call_after_refresh(self.start_reading)

    def start_reading(self) -> None:
        """The rows in view first, then the rest."""
        top = self.query_one(DataTable).scroll_offset.y
        in_view = self.shown[top:top + max(self.size.height, 1)]
        seen = set(in_view)
        self.read_files(in_view + [p for p in self.paths if p not in seen])

    @work(thread=True, exclusive=True, group="scan")
    def read_files(self, order: list[Path]) -> None:
        from ..core.portfolio import read_entry
        from .review import today

        batch: list[Entry] = []
        as_of = today()
        for i, path in enumerate(order):
            batch.append(read_entry(path, as_of))
            if len(batch) >= 8 or i == len(order) - 1:  # a few at a time: the screen fills as it reads
                self.app.call_from_thread(self.filled, batch)
                batch = []

    def filled(self, entries: list[Entry]) -> None:
        for entry in entries:
            self.entries[entry.path] = entry
        if self.sort != "file" or self.filter:
            self.show_rows()  # order and filter may depend on what was read
            return
        table = self.query_one(DataTable)
        for entry in entries:
            key = str(entry.path)
            if key in table.rows:
                for column, cell in zip(self.column_keys(), self.cells(entry.path)):
                    if column != "cursor":
                        table.update_cell(key, column, cell)
        self.show_title()
        if self.current() is not None and self.current().path in {e.path for e in entries}:
            self.show_detail()

    # -- showing -----------------------------------------------------------------
    def column_widths(self) -> tuple[int, int, bool]:
        """File and title widths, and whether the wide columns fit: the title gets the room the other
        columns do not need."""
        width = self.size.width or self.app.size.width
        wide = width >= WIDE
        others = WIDE_COLUMNS if wide else NARROW_COLUMNS
        room = max(width - 2 - sum(w for _, _, w in others) - PADDING * (len(others) + 2), 30)
        longest = max((len(p.name) for p in self.paths), default=8)
        file = max(10, min(longest, room - 20, 40))  # the title keeps at least 20
        return file, room - file, wide

    def columns(self) -> list[tuple[str, str, int]]:
        """(key, heading, width) of every column, in order, for the width there is."""
        file, title, wide = self.widths
        others = WIDE_COLUMNS if wide else NARROW_COLUMNS
        return [*others[:2], ("file", "File", file), ("title", "Title", title), *others[2:]]

    def column_keys(self) -> list[str]:
        return [key for key, _, _ in self.columns()]

    def cells(self, path: Path) -> list[Text]:
        entry = self.entries.get(path)
        cells = dict.fromkeys(self.column_keys(), Text(""))
        cells["file"] = Text(one_line(path.name))
        if entry is None:
            cells.update(mark=Text("…"), title=Text("reading…", style="dim"))
        elif not entry.ok:
            n = len(entry.problems)
            cells.update(mark=Text("✗", style="bold"), title=Text(
                f"cannot be read: {count(n, 'problem')} ({key_for(self, 'portfolio.open')} shows them)", style="bold"))
        else:
            d = entry.project.details
            mark = "↺" if path in self.recovery else "✗" if entry.project.conflicts else "✓"
            cells.update(mark=Text(mark, style="bold" if mark != "✓" else ""),
                         title=Text(one_line(d.title) or "(untitled)"),
                         cycle=Text(d.cycle_stage.capitalize() if d.cycle_stage else "–"))
            cells.update({info.key: Text(str(n), justify="right") for n, info in zip(entry.counts(), STAGES)})
            for key in ("overdue", "off_track"):
                n = entry.review[key]
                cells[key] = Text(str(n), justify="right", style="bold" if n else "dim")
        return [cells[key] for key in self.column_keys()]

    @staticmethod
    def complete(entry: Entry) -> float:
        from ..core.checks import completeness

        return completeness(entry.project)["project"].share()

    def sort_key(self, path: Path):
        entry = self.entries.get(path)
        title = one_line(entry.project.details.title).casefold() if entry and entry.ok else "~"
        if self.sort == "title":
            return title, path.name.casefold()
        if self.sort == "cycle":
            from ..core.stages import CYCLE_STAGES

            stage = entry.project.details.cycle_stage if entry and entry.ok else ""
            return (CYCLE_STAGES.index(stage) if stage in CYCLE_STAGES else len(CYCLE_STAGES)), path.name.casefold()
        if self.sort == "complete":
            return -(self.complete(entry) if entry and entry.ok else -1), path.name.casefold()
        return path.name.casefold()

    def matches(self, path: Path) -> bool:
        if not self.filter:
            return True
        entry = self.entries.get(path)
        title = entry.project.details.title if entry and entry.ok else ""
        needle = self.filter.casefold()
        return needle in path.name.casefold() or needle in title.casefold()

    def show_rows(self) -> None:
        table = self.query_one(DataTable)
        keep = self.current().path if self.current() else None
        self.widths = self.column_widths()
        table.clear(columns=True)
        for key, heading, width in self.columns():  # ▶ on the highlighted row ("cursor"): shows without colour
            table.add_column(heading, key=key, width=width)
        self.shown = sorted((p for p in self.paths if self.matches(p)), key=self.sort_key)
        for path in self.shown:
            table.add_row(*self.cells(path), key=str(path))
        self.marked_row = None
        if keep in self.shown:
            table.move_cursor(row=self.shown.index(keep))
        self.show_title()
        if not self.paths:
            self.query_one("#detail", Static).update(
                Text(f"No project files here yet. {press(self, 'portfolio.new', 'to create one').capitalize()}"))
        else:
            self.show_detail()

    def show_title(self) -> None:
        """The top line: how many projects, how many read so far (while a folder fills), the filter."""
        read = len(self.entries)
        about = f"{count(len(self.paths), 'project')}" + (f", {read} read" if read < len(self.paths) else "")
        if self.filter:
            about += f" · {len(self.shown)} matching “{self.filter}”"
        about += f" · sorted by {self.sort}"
        self.query_one("#title-bar", Static).update(Text.assemble(
            ("Projects", "bold"), f" · {about}", (f" · {one_line(str(self.folder))}", "dim"),
            no_wrap=True, overflow="ellipsis"))

    def current(self) -> Entry | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row is None or table.cursor_row >= len(self.shown):
            return None
        path = self.shown[table.cursor_row]
        return self.entries.get(path) or Entry(path, None, ())

    def mark_cursor(self) -> None:
        """▶ on the highlighted row (and only there), so the cursor shows with NO_COLOR too."""
        table = self.query_one(DataTable)
        entry = self.current()
        cursor = str(entry.path) if entry is not None else None
        if self.marked_row not in (None, cursor) and self.marked_row in table.rows:
            table.update_cell(self.marked_row, "cursor", Text(""))
        if cursor is not None and cursor in table.rows:
            table.update_cell(cursor, "cursor", Text("▶", style="bold"))
        self.marked_row = cursor

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        entry = self.current()
        self.mark_cursor()
        if entry is None:
            return
        text = Text()
        if entry.path not in self.entries:
            text.append(f"{one_line(entry.path.name)}: reading…", "dim")
        elif entry.ok:
            d = entry.project.details
            text.append(one_line(d.title) or "(untitled)", "bold")
            if d.cycle_stage:
                text.append(f" · {CYCLE_HINTS[d.cycle_stage]}")
            counts = ", ".join(f"{n} {info.title.lower()}" for n, info in zip(entry.counts(), STAGES))
            text.append(f"\n{counts} · {self.complete(entry):.0%} complete (linked, evidenced, baselines and targets)")
            review = entry.review
            text.append(f"\nReview, as of today: {count(review['overdue'], 'row')} overdue · {review['off_track']} off "
                        f"track · {review['at_risk']} at risk · {review['not_started']} not started")
            if entry.project.conflicts:
                text = Text(f"✗ {count(len(entry.project.conflicts), 'unresolved merge conflict')} from a git "
                            f"merge: {key_for(self, 'portfolio.open')} opens them to resolve\n",
                            style="bold").append_text(text)
            if entry.path in self.recovery:  # first, where it is seen
                text = Text(f"↺ unsaved edits kept from a session that ended: {key_for(self, 'portfolio.open')} "
                            "to restore or discard"
                            "\n").append_text(text)
        else:
            text.append(f"✗ {one_line(entry.path.name)} cannot be read: ", "bold")
            text.append(one_line(entry.problems[0].format(entry.path.name)))
            if len(entry.problems) > 1:
                text.append(f" (and {len(entry.problems) - 1} more: {press(self, 'portfolio.open', 'to see them')})")
        self.query_one("#detail", Static).update(text)

    # -- sort and filter -----------------------------------------------------------
    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.show_rows()

    def action_filter(self) -> None:
        field = self.query_one("#filter", TextInput)
        field.add_class("-shown")
        self.set_focus(field)

    @on(TextInput.Changed, "#filter")
    def filter_changed(self, event: TextInput.Changed) -> None:
        self.filter = event.value.strip()
        self.show_rows()

    def on_key(self, event) -> None:
        field = self.query_one("#filter", TextInput)
        if field.has_focus and event.key in ("enter", "escape", "down"):
            event.stop()
            if event.key == "escape":
                field.value = ""
                field.remove_class("-shown")
            elif not field.value:
                field.remove_class("-shown")
            self.set_focus(self.query_one(DataTable))

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_cursor(self, direction: str) -> None:
        table = self.query_one(DataTable)
        table.action_cursor_down() if direction == "down" else table.action_cursor_up()

    def action_open(self) -> None:
        entry = self.current()
        if entry is None:
            return
        if entry.path not in self.entries:  # not read yet (a big folder still filling): read it now
            from ..core.portfolio import read_entry

            entry = self.entries[entry.path] = read_entry(entry.path)
        if not entry.ok:
            from ..dialogs.problems import ProblemsDialog

            self.app.push_screen(ProblemsDialog(
                f"{entry.path.name} cannot be opened", [p.format(str(entry.path)) for p in entry.problems],
                f"Fix the file in an editor (the lines are given above), then {press(self, 'portfolio.refresh', 'to refresh')}. "
                "Nothing in it has been changed."))
            return
        self.app.open_project(entry.path)

    def action_rescan(self) -> None:
        self.list_files()

    @work(exclusive=True, group="new")
    async def action_new(self) -> None:
        from ..core import templates
        from ..dialogs.new_project import NewProjectDialog
        from ..core.fileformat import SaveError, save

        answer = await self.app.push_screen_wait(NewProjectDialog(self.folder, templates.names()))
        if answer is None:
            return
        name, template, title = answer
        path = self.folder / name
        try:
            save(path, templates.make(template, title or None), expect=None)
        except SaveError as exc:
            self.notify(str(exc), title="Not created", severity="error", markup=False)
            return
        self.app.open_project(path)
