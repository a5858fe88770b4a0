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
from ..core.portfolio import Entry
from ..core.stages import CYCLE_HINTS, STAGES
from ..core.textsafe import one_line
from ..core.wording import count


class PortfolioScreen(Screen):
    DEFAULT_CSS = """
    PortfolioScreen #projects {
        height: 1fr;
    }
    PortfolioScreen #detail {
        height: 3;
        padding: 0 1;
        background: $panel;
    }
    """
    BINDINGS = [
        Binding("enter", "open", "Open", id="portfolio.open", show=True),
        Binding("n", "new", "New project", id="portfolio.new"),
        Binding("r", "rescan", "Refresh", id="portfolio.refresh"),
        Binding("q", "app.quit", "Quit", id="portfolio.quit"),
        Binding("j", "cursor('down')", "Down", show=False, id="portfolio.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="portfolio.up"),
    ]

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.entries: list[Entry] = []
        self.recovery: set[Path] = set()
        self.marked_row: str | None = None  # the row that shows ▶

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble(("Projects", "bold"), (f"  {one_line(str(self.folder))}", "dim")),
                     id="title-bar")
        # widths that fit 80 columns; the line below the table shows the highlighted project in full
        table = DataTable(id="projects", cursor_type="row", zebra_stripes=False)
        table.add_column("", key="cursor", width=1)  # ▶ on the highlighted row: shows without colour
        table.add_column("", key="mark", width=1)
        table.add_column("File", key="file", width=18)
        table.add_column("Title", key="title", width=22)
        table.add_column("Cycle", key="cycle", width=10)
        for info in STAGES:
            table.add_column(info.short, key=info.key, width=3)
        yield table
        yield Static("Reading the project files…", id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.scan()

    def on_screen_resume(self) -> None:
        self.scan()

    @work(thread=True, exclusive=True, group="scan")
    def scan(self) -> None:
        from ..core.portfolio import scan

        entries = scan(self.folder)
        self.app.call_from_thread(self.show_entries, entries)

    def show_entries(self, entries: list[Entry]) -> None:
        table = self.query_one(DataTable)
        keep = self.current().path if self.current() else None
        self.entries = entries
        from ..core.journal import marked

        self.recovery = marked([e.path for e in entries])  # ↺: unsaved edits kept from a session that ended
        table.clear()
        for entry in entries:
            if entry.ok:
                d = entry.project.details
                row = [Text(""), Text("↺" if entry.path in self.recovery else "✓"), Text(one_line(entry.path.name)), Text(one_line(d.title) or "(untitled)"),
                       Text(d.cycle_stage.capitalize() if d.cycle_stage else "–")]
                row += [Text(str(n), justify="right") for n in entry.counts()]
            else:
                n = len(entry.problems)
                row = [Text(""), Text("✗", style="bold"), Text(one_line(entry.path.name)),
                       Text(f"cannot be read: {count(n, 'problem')} ({key_for(self, 'portfolio.open')} shows them)",
                            style="bold"),
                       Text("")] + [Text("")] * len(STAGES)
            table.add_row(*row, key=str(entry.path))
        if keep is not None:
            for i, entry in enumerate(entries):
                if entry.path == keep:
                    table.move_cursor(row=i)
        if not entries:
            self.query_one("#detail", Static).update(
                Text(f"No project files here yet. {press(self, 'portfolio.new', 'to create one').capitalize()}"))
        else:
            self.show_detail()

    def current(self) -> Entry | None:
        table = self.query_one(DataTable)
        if not self.entries or table.cursor_row is None or table.cursor_row >= len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def mark_cursor(self) -> None:
        """▶ on the highlighted row (and only there), so the cursor shows with NO_COLOR too."""
        table = self.query_one(DataTable)
        entry = self.current()
        cursor = str(entry.path) if entry is not None else None
        if self.marked_row not in (None, cursor) and self.marked_row in table.rows:
            table.update_cell(self.marked_row, "cursor", Text(""))
        if cursor is not None:
            table.update_cell(cursor, "cursor", Text("▶", style="bold"))
        self.marked_row = cursor

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        entry = self.current()
        self.mark_cursor()
        if entry is None:
            return
        text = Text()
        if entry.ok:
            d = entry.project.details
            text.append(one_line(d.title) or "(untitled)", "bold")
            if d.cycle_stage:
                text.append(f" · {CYCLE_HINTS[d.cycle_stage]}")
            from ..core.checks import completeness

            counts = ", ".join(f"{n} {info.title.lower()}" for n, info in zip(entry.counts(), STAGES))
            share = completeness(entry.project)["project"].share()
            text.append(f"\n{counts} · {share:.0%} complete (linked, evidenced, baselines and targets)")
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
        if not entry.ok:
            from ..dialogs.problems import ProblemsDialog

            self.app.push_screen(ProblemsDialog(
                f"{entry.path.name} cannot be opened", [p.format(str(entry.path)) for p in entry.problems],
                f"Fix the file in an editor (the lines are given above), then {press(self, 'portfolio.refresh', 'to refresh')}. "
                "Nothing in it has been changed."))
            return
        self.app.open_project(entry.path)

    def action_rescan(self) -> None:
        self.scan()

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
