"""The evidence tables: for each element of a stage, its rows of Source | Baseline | Target |
Data method | Frequency, edited cell by cell or row by row."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core.model import Project
from ..core.stages import BY_KEY, EVIDENCE_COLUMNS, STAGE_KEYS
from ..widgets.evidence.prompts import element_heading, header, row_gaps, row_prompt
from ..widgets.key_bar import KeyBar, key_for, press
from ..widgets.marked_list import Item, MarkedList
from ..widgets.title_bar import TitleBar
from .project_screen import ProjectScreen
from ..core.textsafe import terminal_safe
from ..core.wording import count

ALL = "all"


class EvidenceList(MarkedList):
    """The evidence rows of one stage or all, element by element."""


class EvidenceScreen(ProjectScreen):
    """Dismisses with the id of the element the cursor is on, so the logic model can select it."""

    WHERE = "Evidence"
    DEFAULT_CSS = """
    EvidenceScreen #stage-line {
        height: auto;  /* wraps rather than cuts the counts at 80 columns */
        padding: 0 1;
    }
    EvidenceScreen #columns {
        height: auto;
        padding: 0 2 0 3;  /* the list's border and gutter */
    }
    """
    BINDINGS = [
        Binding("a", "add_row", "Add row", id="evidence.add"),
        Binding("e", "edit_cell", "Edit cell", id="evidence.edit"),
        Binding("f", "edit_row", "Row form", id="evidence.form"),
        Binding("d,delete", "delete_row", "Delete row", id="evidence.delete"),
        Binding("D", "duplicate_row", "Duplicate row", show=False, id="evidence.duplicate"),
        Binding("shift+up,K", "move_row(-1)", "Move row up", show=False, id="evidence.move_up"),
        Binding("shift+down,J", "move_row(1)", "Move row down", show=False, id="evidence.move_down"),
        Binding("left,h", "column(-1)", "Previous column", show=False, id="evidence.left"),
        Binding("right,l", "column(1)", "Next column", show=False, id="evidence.right"),
        Binding("1", "stage('final_outcomes')", "Final outcomes", show=False, id="evidence.stage1"),
        Binding("2", "stage('interim_outcomes')", "Interim outcomes", show=False, id="evidence.stage2"),
        Binding("3", "stage('outputs')", "Outputs", show=False, id="evidence.stage3"),
        Binding("4", "stage('inputs')", "Inputs", show=False, id="evidence.stage4"),
        Binding("0", "stage('all')", "All stages", show=False, id="evidence.all"),
        Binding("v", "leave", "Back to the model", show=False, id="evidence.back"),
    ]

    def __init__(self, document, stage: str = STAGE_KEYS[0], element_id: str | None = None,
                 row_id: str | None = None, column: int = 0):
        """Opens at the element, or at its row ``row_id`` with the cursor in ``column``."""
        super().__init__(document)
        self.stage = stage
        self.start_at = ("row", row_id) if row_id else ("element", element_id) if element_id else None
        self.column = column  # the cell under the cursor: this column of the highlighted row

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Static(id="stage-line")
        yield Static(header(self.column), id="columns")
        yield EvidenceList(id="evidence", classes="screen-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_project(None)
        self.query_one(EvidenceList).focus()
        if self.start_at:
            self.highlight(*self.start_at)

    # -- showing -----------------------------------------------------------
    def show_project(self, old: Project | None) -> None:
        project = self.document.project
        keys = STAGE_KEYS if self.stage == ALL else (self.stage,)
        if old is not None and self.shown is not None and all(old.stage(k) is project.stage(k) for k in keys):
            self.query_one(TitleBar).show(self.document, self.WHERE)  # nothing shown here changed
            self.shown = project
            return
        refs = project.refs()
        listing = self.query_one(EvidenceList)
        keep = listing.current_item()
        options: list[Option] = []
        for key in keys:
            stage = project.stage(key)
            if self.stage == ALL:
                options.append(Option(Text(f"{BY_KEY[key].number}. {BY_KEY[key].title}", style="bold underline"),
                                      disabled=True))
            add = key_for(self, "evidence.add")
            for element in stage.elements:  # each line made when first shown (a stage may have thousands)
                options.append(Item(partial(element_heading, refs[element.id], element, add), "element", element.id))
                for n, row in enumerate(element.evidence, 1):
                    options.append(Item(partial(row_prompt, n, row), "row", row.id))
            if not stage.elements:
                options.append(Option(Text(f"({BY_KEY[key].title}: no elements yet; add them in the logic model)",
                                           style="dim"), disabled=True))
        listing.set_options(options)
        if keep[0]:
            self.highlight(*keep)
        if listing.highlighted is None and listing.option_count:
            listing.action_first()
        self.show_stage_line()
        self.query_one(TitleBar).show(self.document, self.WHERE)
        self.shown = project

    def show_stage_line(self) -> None:
        text = Text()
        for n, key in enumerate(STAGE_KEYS, 1):
            label = f" {n} {BY_KEY[key].title.split()[0]} "
            text.append(label, "bold reverse" if key == self.stage else "")
        text.append(" 0 All ", "bold reverse" if self.stage == ALL else "")
        project = self.document.project
        keys = STAGE_KEYS if self.stage == ALL else (self.stage,)
        rows = [r for k in keys for e in project.stage(k).elements for r in e.evidence]
        gaps = sum(1 for r in rows if row_gaps(r))
        empty = sum(1 for k in keys for e in project.stage(k).elements if not e.evidence)
        text.append(f"  {count(len(rows), 'row')} · ⚠ {gaps} with gaps · {count(empty, 'element')} without rows", "dim")
        self.query_one("#stage-line", Static).update(text)

    def highlight(self, kind: str, value: str) -> None:
        self.query_one(EvidenceList).highlight_item(kind, value)

    def current(self) -> tuple[str | None, str | None]:
        """(element id, row id or None) under the cursor."""
        kind, value = self.query_one(EvidenceList).current_item()
        if kind == "element":
            return value, None
        if kind == "row":
            return self.document.project.find_row(value)[1].id, value
        return None, None

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        element_id, row_id = self.current()
        if row_id is None:
            self.action_add_row()
        else:
            self.action_edit_cell()

    # -- moving ------------------------------------------------------------
    def action_column(self, step: int) -> None:
        self.column = max(0, min(len(EVIDENCE_COLUMNS) - 1, self.column + step))
        self.query_one("#columns", Static).update(header(self.column))

    def action_stage(self, stage: str) -> None:
        if stage != self.stage:
            self.stage = stage
            self.shown = None
            self.show_project(None)

    def leave_result(self) -> str | None:
        return self.current()[0]

    # -- editing -----------------------------------------------------------
    def _with_source(self, project: Project, element_id: str, source: str) -> Project:
        """A source typed that the stage does not list yet is added to the stage's list (and said)."""
        key = project.find(element_id)[0]
        project, added = project.with_source_noted(key, source)
        if added:
            self.notify(terminal_safe(f"Added “{added}” to the {BY_KEY[key].title.lower()} evidence sources."),
                        timeout=4, markup=False)
        return project

    def _title(self, element_id: str, row_id: str | None) -> str:
        project = self.document.project
        ref = project.refs()[element_id]
        if row_id is None:
            return f"New evidence row for {ref}: {project.find(element_id)[2].text}"
        _, _, i, _ = project.find_row(row_id)
        return f"{ref}, row {i + 1}"

    @work(exclusive=True, group="edit")
    async def action_edit_cell(self) -> None:
        from ..dialogs.text_dialog import TextDialog

        element_id, row_id = self.current()
        if row_id is None:  # on an element's heading: e does what enter does, the new-row form
            await self._row_form(element_id, None)
            return
        name, heading = EVIDENCE_COLUMNS[self.column]
        row = self.document.project.find_row(row_id)[3]
        value = await self.app.push_screen_wait(TextDialog(
            f"{self._title(element_id, row_id)}: {heading}", getattr(row, name), multiline=False,
            hint='"n/a" is a real answer and counts as filled in.'))
        if value is None:
            return
        project = self.document.project.with_row(row_id, **{name: value})
        if name == "source":
            project = self._with_source(project, element_id, value)
        self.edit(project, f"edit {heading.lower()}")

    @work(exclusive=True, group="edit")
    async def action_edit_row(self) -> None:
        element_id, row_id = self.current()
        if row_id is None:
            await self._row_form(element_id, None)
        else:
            await self._row_form(element_id, row_id)

    @work(exclusive=True, group="edit")
    async def action_add_row(self) -> None:
        element_id, _ = self.current()
        if element_id is not None:
            await self._row_form(element_id, None)

    async def _row_form(self, element_id: str | None, row_id: str | None) -> None:
        from ..dialogs.row_form import RowForm

        if element_id is None:
            return
        project = self.document.project
        key = project.find(element_id)[0]
        row = project.find_row(row_id)[3] if row_id else None
        values = {name: getattr(row, name) for name, _ in EVIDENCE_COLUMNS} if row else {}
        focus = EVIDENCE_COLUMNS[self.column][0] if row else "source"
        result = await self.app.push_screen_wait(RowForm(self._title(element_id, row_id), values,
                                                         project.stage(key).evidence_sources, focus))
        if result is None:
            return
        project = self.document.project
        if row_id is None:
            if not any(v.strip() for v in result.values()):
                return  # nothing typed: no empty row
            _, current_row = self.current()
            index = None
            if current_row is not None and project.find_row(current_row)[1].id == element_id:
                index = project.find_row(current_row)[2] + 1
            project, row_id = project.add_row(element_id, index, **result)
            label = "add evidence row"
        else:
            project = project.with_row(row_id, **result)
            label = "edit evidence row"
        self.edit(self._with_source(project, element_id, result["source"]), label)
        self.highlight("row", row_id)

    def action_delete_row(self) -> None:
        element_id, row_id = self.current()
        if row_id is None:
            return
        listing = self.query_one(EvidenceList)
        index = listing.highlighted
        self.edit(self.document.project.delete_row(row_id), "delete evidence row")
        listing.highlighted = min(index, listing.option_count - 1)
        self.notify(f"Row deleted. {press(self, 'project.undo', 'to undo').capitalize()}", timeout=3)

    def action_duplicate_row(self) -> None:
        _, row_id = self.current()
        if row_id is None:
            return
        project, copy_id = self.document.project.duplicate_row(row_id)
        self.edit(project, "duplicate evidence row")
        self.highlight("row", copy_id)

    def action_move_row(self, step: int) -> None:
        _, row_id = self.current()
        if row_id is None:
            return
        self.edit(self.document.project.move_row(row_id, step), "move evidence row")
        self.highlight("row", row_id)
