"""The logic model: four panes, one per stage, edited from the keyboard."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.worker import get_current_worker
from textual.widgets import OptionList

from ..core.model import Project
from ..core.stages import BY_KEY, STAGE_KEYS, STAGES, stage_above, stage_below
from ..core.textsafe import terminal_safe
from ..widgets.key_bar import KeyBar, press, with_hint
from ..widgets.logic_model.detail import Detail
from ..widgets.logic_model.stage_pane import INTRO, StagePane
from ..widgets.title_bar import TitleBar
from .project_screen import ProjectScreen
from ..core.wording import count

WIDE = 120  # columns from which the four stages stand side by side
TALL = 36  # rows from which each pane also shows its guiding question


class LogicModelScreen(ProjectScreen):
    WHERE = "Logic model"
    checked = False  # the checks' badges and completeness are shown from just after the first frame
    DEFAULT_CSS = """
    LogicModelScreen #panes {
        layout: grid;
        grid-size: 2 2;
        height: 1fr;
    }
    LogicModelScreen.-wide #panes {
        grid-size: 4 1;
    }
    LogicModelScreen.-zoom #panes {
        grid-size: 1 1;
    }
    LogicModelScreen.-zoom StagePane {
        display: none;
    }
    LogicModelScreen.-zoom StagePane.-focused {
        display: block;
    }
    StagePane {
        border: round $panel-lighten-2;
        border-title-style: bold;
        height: 1fr;
        padding: 0;
        background: $background;  /* what transparent would show, without blending every line */
        scrollbar-size-vertical: 1;
    }
    StagePane:focus {
        border: round $accent;
    }
    LogicModelScreen #detail {
        height: 4;
        padding: 0 1;
        background: $panel;
    }
    """
    BINDINGS = [
        Binding("a", "add_element", "Add", id="model.add_element"),
        Binding("e", "edit", "Edit", id="model.edit"),
        Binding("d,delete", "delete", "Delete", id="model.delete"),
        Binding("l", "links", "Links", id="model.links"),
        Binding("s", "add_source", "Add source", show=False, id="model.add_source"),
        Binding("i", "edit_intro", "Edit introduction", show=False, id="model.edit_intro"),
        Binding("p", "details", "Project details", show=False, id="model.details"),
        Binding("shift+up,K", "move(-1)", "Move up", show=False, id="model.move_up"),
        Binding("shift+down,J", "move(1)", "Move down", show=False, id="model.move_down"),
        Binding("z", "widen", "Widen pane", show=False, id="model.widen"),
        Binding("v", "evidence", "Evidence", show=False, id="model.evidence"),
        Binding("c", "checklist", "Checklist", show=False, id="model.checklist"),
        Binding("w", "checks", "Checks", show=False, id="model.checks"),
        Binding("x", "export", "Export", show=False, id="model.export"),
        Binding("g", "changes", "Changes since the last commit", show=False, id="model.changes"),
        Binding("r", "review", "Review: progress and readings", show=False, id="model.review"),
        Binding("M", "conflicts", "Merge conflicts", show=False, id="model.conflicts"),
        Binding("h", "history", "History", show=False, id="model.history"),
        Binding("1", "focus_stage(0)", "Final outcomes", show=False, id="model.stage1"),
        Binding("2", "focus_stage(1)", "Interim outcomes", show=False, id="model.stage2"),
        Binding("3", "focus_stage(2)", "Outputs", show=False, id="model.stage3"),
        Binding("4", "focus_stage(3)", "Inputs", show=False, id="model.stage4"),
        Binding("left", "next_stage(-1)", "Previous stage", show=False, id="model.stage_left"),
        Binding("right", "next_stage(1)", "Next stage", show=False, id="model.stage_right"),
    ]

    def compose(self) -> ComposeResult:
        self._size_classes(*self.app.size)  # before the first layout, so styles are worked out once
        yield TitleBar(id="title-bar")
        with Container(id="panes"):
            for info in STAGES:
                pane = StagePane(info)
                pane.with_question = self.has_class("-wide") and self.has_class("-tall")
                yield pane
        yield Detail(id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refs: dict[str, str] = {}
        self.show_project(None)
        self.pane(STAGE_KEYS[0]).focus()
        self.call_after_refresh(self.start_checks)
        if self.document.project.conflicts:  # a merge left conflicts: they come first
            self.call_after_refresh(self.action_conflicts)

    def start_checks(self) -> None:
        """The first check of the project (badges, completeness) runs in a thread once the first frame
        is up, so that keys answer meanwhile (at 5,000 elements per stage it takes a few hundred ms);
        then it is shown."""
        self.run_worker(partial(self.work_out_checks, self.document.project), thread=True, group="checks")

    def work_out_checks(self, project: Project) -> None:
        """In the thread: the project is immutable, and nothing else asks the document's checker about
        it until ``checked`` is set; the checker keeps what it finds for this version, so showing it is
        quick. Python hands the interpreter between threads every few milliseconds; while this runs
        it does so ten times as often, so that each step of handling a key waits less for it."""
        import sys

        interval = sys.getswitchinterval()
        sys.setswitchinterval(interval / 10)
        try:
            checker = self.document.checker
            checker.hints(project)
            checker.completeness(project)
        finally:
            sys.setswitchinterval(interval)
        if not get_current_worker().is_cancelled:
            try:
                self.app.call_from_thread(self.show_checks)
            except RuntimeError:  # the app has stopped meanwhile
                pass

    def show_checks(self) -> None:
        if self not in self.app.screen_stack:  # the project was closed meanwhile
            return
        self.checked = True
        self.show_project(None)

    def on_resize(self, event) -> None:
        if self._size_classes(*event.size):
            question = self.has_class("-wide") and self.has_class("-tall")
            for pane in self.panes():
                pane.with_question = question
            self.show_project(None)

    def _size_classes(self, width: int, height: int) -> bool:
        """Set the layout classes for this size; True if they changed."""
        wide, tall = width >= WIDE, height >= TALL
        if self.has_class("-wide") == wide and self.has_class("-tall") == tall:
            return False
        self.set_class(wide, "-wide").set_class(tall, "-tall")
        return True

    # -- showing -----------------------------------------------------------
    def panes(self) -> list[StagePane]:
        return list(self.query(StagePane))

    def pane(self, key: str) -> StagePane:
        return self.query_one(f"#pane-{key}", StagePane)

    def show_project(self, old: Project | None) -> None:
        project = self.document.project
        self.refs = project.refs()
        counts = project.link_counts()
        checker = self.document.checker if self.checked else None
        hints, smart_stages = {}, ()
        badges: dict[str, str] = {}
        if self.checked:  # from just after the first frame (the checks are not imported before)
            from ..core.checks import SMART_STAGES as smart_stages
            from .review import today

            hints = checker.hints(project)
            badges = self.document.reviews.badges(project, today())
        conflicted = self.conflicted(project)
        for key in STAGE_KEYS:
            # a pane is redrawn when its stage changed, or the badges of its elements did (links made or
            # removed in the stage below, hints, review status: the period moves every row's status,
            # merge conflicts): an edit redraws the panes it changed
            below = stage_below(key)
            depends = (project.stage(below) if below else None,
                       checker.stage_smart(project, key) if key in smart_stages else None,
                       project.details.period, project.conflicts)
            self.pane(key).populate(project, self.refs, counts, hints, badges, conflicted,
                                    force=old is None, depends=depends)
        where = self.WHERE
        if checker is not None:
            where += f" · {checker.completeness(project)['project'].share():.0%} complete"
        self.query_one(TitleBar).show(self.document, where)
        self.show_selection()
        self.shown = project

    @staticmethod
    def conflicted(project: Project) -> set[str]:
        """The ids of the elements that have merge conflicts (in themselves or in an evidence row)."""
        if not project.conflicts:
            return set()
        rows = {c.path[1] for c in project.conflicts if c.path[0] == "row"}
        found = {c.path[1] for c in project.conflicts if c.path[0] == "element"}
        if rows:
            found |= {e.id for _, e in project.elements() if any(r.id in rows for r in e.evidence)}
        return found

    def focused_pane(self) -> StagePane:
        if isinstance(self.focused, StagePane):
            return self.focused
        return self.pane(getattr(self, "_last_stage", STAGE_KEYS[0]))

    def show_selection(self) -> None:
        """The detail line for the highlighted item, and links marked in the neighbouring panes."""
        pane = self.focused_pane()
        kind, value = pane.selected()
        project = self.document.project
        stage = project.stage(pane.info.key)
        related: dict[str, set[str]] = {}
        text = Text.assemble((f"{pane.info.number} {pane.info.title}: ", "bold"), (pane.info.question, "italic"), "\n")
        if kind == "element":
            element = stage.elements[stage.index_of(value)]
            above = {l.id for l in element.supports}
            supporters = project.supported_by(element.id)
            below = {e.id for e in supporters}
            if stage_above(pane.info.key):
                related[stage_above(pane.info.key)] = above
            if stage_below(pane.info.key):
                related[stage_below(pane.info.key)] = below
            text.append(self.refs[element.id], "bold")
            if stage_above(pane.info.key):
                text.append(" · supports " + (", ".join(self.refs[l.id] for l in element.supports) or "nothing"))
            if stage_below(pane.info.key):
                text.append(" · supported by " + (", ".join(self.refs[e.id] for e in supporters) or "nothing"))
            rows = len(element.evidence)
            text.append(f" · {count(rows, 'evidence row')}")
            if "\n" in element.text:  # the list shows it on one line: here it is as written
                text.append("\n" + terminal_safe(element.text))
            for link in element.supports:
                if link.because:
                    text.append(f"\n{self.refs[link.id]} because: ", "bold")
                    text.append(terminal_safe(link.because))
        elif kind == "intro":
            text.append("Introduction: ", "bold")
            text.append(terminal_safe(stage.introduction)
                        or f"{with_hint('none yet', press(self, 'model.edit_intro', 'to write it'))} {pane.info.prompt}")
        elif kind == "source":
            text.append("Evidence source: ", "bold")
            text.append(terminal_safe(stage.evidence_sources[value]))
        else:
            text.append(pane.info.prompt)
        self.query_one(Detail).show(text)
        for other in self.panes():
            if other is not pane or other.related:
                ids = related.get(other.info.key, set())
                names = [self.refs[e.id] for e in project.stage(other.info.key).elements if e.id in ids] if ids else []
                other.set_related(ids, names)

    @on(OptionList.OptionHighlighted)
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.has_focus:
            self.show_selection()

    def on_descendant_focus(self, event) -> None:
        pane = self.focused_pane()
        self._last_stage = pane.info.key
        for other in self.panes():
            other.set_class(other is pane, "-focused")
        self.show_selection()

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    # -- moving --------------------------------------------------------------
    def action_focus_stage(self, index: int) -> None:
        # at once, not on the next tick: a key typed straight after goes to the new pane
        self.set_focus(self.pane(STAGE_KEYS[index]))

    def action_next_stage(self, step: int) -> None:
        index = STAGE_KEYS.index(self.focused_pane().info.key) + step
        if 0 <= index < len(STAGE_KEYS):
            self.action_focus_stage(index)

    def action_leave(self) -> None:
        """The logic model is the project's first screen: leaving it closes the project."""
        self.app.close_project()

    def action_widen(self) -> None:
        self.toggle_class("-zoom")

    def action_evidence(self) -> None:
        """The evidence table of the current stage, at the highlighted element; back at the element."""
        from .evidence import EvidenceScreen

        pane = self.focused_pane()
        kind, value = pane.selected()
        self.app.push_screen(EvidenceScreen(self.document, pane.info.key, value if kind == "element" else None),
                             self.select_element)

    def action_review(self) -> None:
        """Progress of every evidence row, at the highlighted element's rows; back at the element."""
        from .review import ReviewScreen

        pane = self.focused_pane()
        kind, value = pane.selected()
        self.app.push_screen(ReviewScreen(self.document, value if kind == "element" else None),
                             self.select_element)

    def action_checks(self) -> None:
        """Every finding of the model checks; Enter on one comes back to its element."""
        from .checks import ChecksScreen

        self.app.push_screen(ChecksScreen(self.document), self.go_to_finding)

    def go_to_finding(self, finding) -> None:
        """A finding chosen on the checks screen: its evidence row (at the empty cell) or its element."""
        if finding is None:
            return
        if finding.row_id:
            from ..core.stages import EVIDENCE_COLUMNS
            from .evidence import EvidenceScreen

            try:
                key = self.document.project.find(finding.element_id)[0]
            except KeyError:  # deleted meanwhile
                return
            column = [name for name, _ in EVIDENCE_COLUMNS].index(finding.column) if finding.column else 0
            self.app.push_screen(EvidenceScreen(self.document, key, finding.element_id, finding.row_id, column),
                                 self.select_element)
        else:
            self.select_element(finding.element_id)

    def select_element(self, element_id: str | None) -> None:
        if element_id:
            try:
                key = self.document.project.find(element_id)[0]
            except KeyError:  # deleted meanwhile
                return
            self.set_focus(self.pane(key))
            self.pane(key).highlight_item("element", element_id)
            self.show_selection()

    def action_export(self) -> None:
        from .export import ExportScreen

        self.app.push_screen(ExportScreen(self.document))

    def action_changes(self) -> None:
        from .changes import ChangesScreen

        self.app.push_screen(ChangesScreen(self.document))

    def action_conflicts(self) -> None:
        """The merge conflicts, each with base, ours and theirs; back at the element of the one highlighted."""
        from .conflicts import ConflictsScreen

        if not self.document.project.conflicts:
            self.notify("No merge conflicts in this project.", timeout=3)
            return
        if not isinstance(self.app.screen, ConflictsScreen):
            self.app.push_screen(ConflictsScreen(self.document), self.select_element)

    def action_history(self) -> None:
        from .history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.document))

    def action_checklist(self) -> None:
        from .checklist import ChecklistScreen

        self.app.push_screen(ChecklistScreen(self.document))

    # -- editing -------------------------------------------------------------
    def ask_text(self, title: str, text: str, multiline: bool = True, hint: str = ""):
        from ..dialogs.text_dialog import TextDialog

        return self.app.push_screen_wait(TextDialog(title, text, multiline=multiline, hint=hint))

    @work(exclusive=True, group="edit")
    async def action_add_element(self) -> None:
        pane = self.focused_pane()
        key = pane.info.key
        kind, value = pane.selected()
        stage = self.document.project.stage(key)
        index = stage.index_of(value) + 1 if kind == "element" else len(stage.elements)
        text = await self.ask_text(f"New {pane.info.singular}", "", hint=pane.info.prompt)
        if text is None or not text.strip():
            return
        project, element_id = self.document.project.add_element(key, text, index)
        self.edit(project, f"add {pane.info.singular}")
        pane.highlight_item("element", element_id)
        self.show_selection()

    @work(exclusive=True, group="edit")
    async def action_add_source(self) -> None:
        pane = self.focused_pane()
        key = pane.info.key
        kind, value = pane.selected()
        sources = list(self.document.project.stage(key).evidence_sources)
        index = value + 1 if kind == "source" else len(sources)
        text = await self.ask_text(f"New evidence source for {pane.info.title.lower()}", "", multiline=False,
                                   hint=f"For example: {pane.info.evidence_hint}")
        if text is None or not text.strip():
            return
        sources.insert(index, text.strip())
        self.edit(self.document.project.with_sources(key, sources), "add evidence source")
        pane.highlight_item("source", index)
        self.show_selection()

    @work(exclusive=True, group="edit")
    async def action_edit(self) -> None:
        pane = self.focused_pane()
        key = pane.info.key
        kind, value = pane.selected()
        project = self.document.project
        if kind == "intro":
            await self._edit_intro(pane)
        elif kind == "element":
            element = project.find(value)[2]
            text = await self.ask_text(f"Edit {self.refs[value]} ({pane.info.singular})", element.text,
                                       hint=pane.info.prompt)
            if text is not None:
                self.edit(self.document.project.with_element_text(value, text), f"edit {self.refs[value]}")
        elif kind == "source":
            sources = list(project.stage(key).evidence_sources)
            text = await self.ask_text("Edit evidence source", sources[value], multiline=False)
            if text is not None and text.strip():
                sources[value] = text.strip()
                self.edit(self.document.project.with_sources(key, sources), "edit evidence source")
        else:
            self.nothing_here()

    @work(exclusive=True, group="edit")
    async def action_edit_intro(self) -> None:
        await self._edit_intro(self.focused_pane())

    async def _edit_intro(self, pane: StagePane) -> None:
        key = pane.info.key
        text = await self.ask_text(f"Introduction to {pane.info.title.lower()}",
                                   self.document.project.stage(key).introduction,
                                   hint=f"{pane.info.question} {pane.info.prompt}")
        if text is not None:
            self.edit(self.document.project.with_introduction(key, text), f"edit {pane.info.title.lower()} introduction")
            pane.highlight_item(INTRO)

    def show_touched(self, old: Project) -> None:
        """The cursor goes to the element an undo or redo touched, or its nearest neighbour."""
        place = self.document.project.first_difference(old)
        if place is None:
            return
        key, element_id, index = place
        pane = self.pane(key)
        self.set_focus(pane)
        elements = self.document.project.stage(key).elements
        if element_id is None and elements:
            element_id = elements[min(index, len(elements)) - 1].id
        pane.highlight_item("element", element_id) if element_id else pane.highlight_item(INTRO)
        self.show_selection()

    def nothing_here(self) -> None:
        """A key that needs a highlighted item, with none: say why nothing happens."""
        self.notify("Nothing is highlighted in this stage: move to an element with ↑ ↓ first.", timeout=3)

    def action_delete(self) -> None:
        pane = self.focused_pane()
        key = pane.info.key
        kind, value = pane.selected()
        project = self.document.project
        if kind == "element":
            ref = self.refs[value]
            self.edit(project.delete_element(value), f"delete {ref}")
            self.notify(f"Deleted {ref} and its links. {press(self, 'project.undo', 'to undo').capitalize()}", timeout=3)
        elif kind == "source":
            sources = list(project.stage(key).evidence_sources)
            del sources[value]
            self.edit(project.with_sources(key, sources), "delete evidence source")
            if sources:
                pane.highlight_item("source", min(value, len(sources) - 1))
        elif kind == "intro" and project.stage(key).introduction:
            self.edit(project.with_introduction(key, ""), "clear introduction")
        elif kind == "intro":
            self.notify("The introduction is empty already: there is nothing to delete.", timeout=3)
        else:
            self.nothing_here()
        self.show_selection()

    def action_move(self, offset: int) -> None:
        pane = self.focused_pane()
        key = pane.info.key
        kind, value = pane.selected()
        project = self.document.project
        if kind == "element":
            self.edit(project.move_element(value, offset), f"move {self.refs[value]}")
            pane.highlight_item("element", value)
        elif kind == "source":
            sources = list(project.stage(key).evidence_sources)
            j = max(0, min(len(sources) - 1, value + offset))
            sources.insert(j, sources.pop(value))
            self.edit(project.with_sources(key, sources), "move evidence source")
            pane.highlight_item("source", j)
        self.show_selection()

    @work(exclusive=True, group="edit")
    async def action_links(self) -> None:
        from ..dialogs.link_picker import LinkPicker

        pane = self.focused_pane()
        kind, value = pane.selected()
        above = stage_above(pane.info.key)
        if kind != "element":
            self.notify(f"Highlight an element first, then {press(self, 'model.links', 'to choose what it supports')}.",
                        timeout=3)
            return
        if above is None:
            self.notify("Final outcomes are the top of the model: link to them from interim outcomes.", timeout=3)
            return
        project = self.document.project
        element = project.find(value)[2]
        candidates = [(e.id, f"{self.refs[e.id]} {e.text}") for e in project.stage(above).elements]
        links = await self.app.push_screen_wait(LinkPicker(
            f"{self.refs[value]} supports which {BY_KEY[above].title.lower()}?", candidates, element.supports))
        if links is not None:
            self.edit(self.document.project.with_links(value, links), f"links of {self.refs[value]}")

    @work(exclusive=True, group="edit")
    async def action_details(self) -> None:
        from ..dialogs.details_form import DetailsForm

        changes = await self.app.push_screen_wait(DetailsForm(self.document.project.details))
        if changes:
            self.edit(self.document.project.with_details(**changes), "edit project details")
