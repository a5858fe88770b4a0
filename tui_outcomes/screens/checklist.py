"""The NatSIP pro-forma as a checklist: three-valued answers, "please specify" text, case studies."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core import proforma
from ..core.model import CaseStudy, Project
from ..widgets.checklist.prompts import case_prompt, item_prompt, progress
from ..widgets.key_bar import KeyBar, key_for, press, with_hint
from ..widgets.marked_list import Item, MarkedList, item_id
from ..widgets.title_bar import TitleBar
from .project_screen import ProjectScreen
from ..core.wording import count

CASES = "cases"  # the appendix, in option ids and section jumps


class ChecklistList(MarkedList):
    """The pro-forma, item by item."""


class ChecklistScreen(ProjectScreen):
    WHERE = "Pro-forma checklist"
    DEFAULT_CSS = """
    ChecklistScreen #progress {
        height: 1;
        padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="checklist.yes"),
        Binding("n", "answer(False)", "No", id="checklist.no"),
        Binding("backspace,minus", "answer(None)", "Unanswer", id="checklist.clear"),
        Binding("space", "cycle", "Cycle", id="checklist.cycle"),
        Binding("e", "edit", "Edit text", id="checklist.edit"),
        Binding("a", "add_case", "Add case study", show=False, id="checklist.add_case"),
        Binding("d,delete", "delete_case", "Delete case study", show=False, id="checklist.delete_case"),
        Binding("shift+up,K", "move_case(-1)", "Move case study up", show=False, id="checklist.case_up"),
        Binding("shift+down,J", "move_case(1)", "Move case study down", show=False, id="checklist.case_down"),
        Binding("left,h", "column(-1)", "Previous answer column", show=False, id="checklist.left"),
        Binding("right,l", "column(1)", "Next answer column", show=False, id="checklist.right"),
        Binding("1", "jump('analyses')", "Section 1", show=False, id="checklist.section1"),
        Binding("2", "jump('applications')", "Section 2", show=False, id="checklist.section2"),
        Binding("3", "jump('cases')", "Case studies", show=False, id="checklist.cases"),
    ]

    def __init__(self, document):
        super().__init__(document)
        self.column = 0  # the answer column of the highlighted item
        self.last_highlight: int | None = None  # where the ▸ was drawn last

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Static(id="progress")
        yield ChecklistList(id="checklist", classes="screen-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_project(None)
        self.query_one(ChecklistList).focus()
        self.action_jump("analyses")

    # -- showing -----------------------------------------------------------
    def show_project(self, old: Project | None) -> None:
        project = self.document.project
        checklist = project.checklist
        listing = self.query_one(ChecklistList)
        keep = listing.current_item()
        options: list[Option] = []
        for section in proforma.SECTIONS:
            answers = checklist.section(section.key)
            done, total = progress(answers, section)
            options.append(Item(Text(f"Section {section.number}: {section.title} ({done}/{total} answered)",
                                       style="bold underline"), "head", section.key, disabled=True))
            for category in section.categories:
                if category.title:
                    options.append(Option(Text(f"{category.number}. {category.title}", style="bold"), disabled=True))
                for item in category.items:
                    options.append(Item(item_prompt(section, item, checklist.answer(section.key, item.number), None,
                                                    key_for(self, "checklist.edit")), section.key, item.number))
            if section is proforma.ANALYSES:
                options.append(Option(Text(proforma.FOOTNOTE, style="italic"), disabled=True))
        studies = checklist.case_studies
        options.append(Item(Text(f"{proforma.APPENDIX_TITLE.capitalize()} ({len(studies)})",
                                 style="bold underline"), "head", CASES, disabled=True))
        for i, study in enumerate(studies):
            options.append(Item(case_prompt(i + 1, study), "case", i))
        if not studies:
            options.append(Option(Text(with_hint("none yet", press(self, "checklist.add_case", "to add one")),
                                       style="dim"), disabled=True))
        self.last_highlight = None  # the list is new: nothing to clear
        listing.set_options(options)
        if keep[0]:
            self.highlight(*keep)
        self.show_cursor()
        self.show_progress()
        self.query_one(TitleBar).show(self.document, self.WHERE)
        self.shown = project

    def show_progress(self) -> None:
        checklist = self.document.project.checklist
        text = Text()
        for section in proforma.SECTIONS:
            done, total = progress(checklist.section(section.key), section)
            text.append(f"Section {section.number}: ", "bold")
            text.append(f"{done}/{total} · ")
        text.append(f"{count(len(checklist.case_studies), 'case study')} · ")
        text.append("— = not answered", "dim")
        self.query_one("#progress", Static).update(text)

    def highlight(self, kind: str, value: object) -> None:
        self.query_one(ChecklistList).highlight_item(kind, value)

    def current(self) -> tuple[proforma.Section | None, proforma.Item | None, int | None]:
        """(section, item) of the highlighted item, or (None, None, case study index)."""
        kind, value = self.query_one(ChecklistList).current_item()
        if kind == "case":
            return None, None, value
        if kind in proforma.SECTION_BY_KEY:
            return proforma.SECTION_BY_KEY[kind], proforma.item(kind, value), None
        return None, None, None

    def show_cursor(self, previous: int | None = None) -> None:
        """Draw the ▸ on the answer column of the highlighted item (and clear it elsewhere)."""
        listing = self.query_one(ChecklistList)
        checklist = self.document.project.checklist
        for index in {previous, listing.highlighted} - {None}:
            if index >= listing.option_count:
                continue
            option = listing.get_option_at_index(index)
            kind, number = (option.kind, option.value) if isinstance(option, Item) else ("", None)
            if kind not in proforma.SECTION_BY_KEY:
                continue
            section = proforma.SECTION_BY_KEY[kind]
            self.column = min(self.column, len(section.columns) - 1)
            column = self.column if index == listing.highlighted else None
            listing.replace_option_prompt_at_index(
                index, item_prompt(section, proforma.item(kind, number), checklist.answer(kind, number), column,
                                   key_for(self, "checklist.edit")))

    @on(OptionList.OptionHighlighted)
    def moved(self, event: OptionList.OptionHighlighted) -> None:
        self.show_cursor(self.last_highlight)
        self.last_highlight = event.option_index

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    # -- moving ------------------------------------------------------------
    def action_column(self, step: int) -> None:
        section, item, _ = self.current()
        if section is not None:
            self.column = max(0, min(len(section.columns) - 1, self.column + step))
            self.show_cursor()

    def action_jump(self, key: str) -> None:
        """To the first item of a section, on its first answer column."""
        self.column = 0
        listing = self.query_one(ChecklistList)
        start = listing.get_option_index(item_id("head", key))
        for index in range(start + 1, listing.option_count):
            if not listing.get_option_at_index(index).disabled:
                listing.highlighted = index
                listing.scroll_to_highlight(top=True)
                return
        listing.highlighted = start
        listing.scroll_to_highlight(top=True)

    # -- answering ---------------------------------------------------------
    def action_answer(self, value: bool | None) -> None:
        section, item, _ = self.current()
        if section is None:
            return
        key = section.columns[self.column][0]
        project = self.document.project.with_answer(section.key, item.number, key, value)
        what = "clear" if value is None else ("Yes" if value else "No")
        self.edit(project, f"{what} for {item.number} {key.upper() if section.key == 'analyses' else key}")

    def action_cycle(self) -> None:
        """Not answered → Yes → No → not answered."""
        section, item, _ = self.current()
        if section is None:
            return
        value = self.document.project.checklist.answer(section.key, item.number).values.get(
            section.columns[self.column][0])
        self.action_answer(True if value is None else (False if value else None))

    @work(exclusive=True, group="edit")
    async def action_edit(self) -> None:
        from ..dialogs.text_dialog import TextDialog

        section, item, case = self.current()
        if case is not None:
            await self._edit_case(case)
            return
        if section is None:
            return
        if not item.specify:
            keys = ", ".join(k for k in (key_for(self, "checklist.yes"), key_for(self, "checklist.no"),
                                         key_for(self, "checklist.cycle")) if k)
            self.notify(f"Item {item.number} takes no text: answer it with {keys}.", timeout=3)
            return
        answer = self.document.project.checklist.answer(section.key, item.number)
        title = f"{item.number} {'Describe this application' if item.free else item.label}"
        text = await self.app.push_screen_wait(TextDialog(title, answer.specify, multiline=False,
                                                          hint="Please specify."))
        if text is not None:
            self.edit(self.document.project.with_answer(section.key, item.number, specify=text.strip()),
                      f"text of {item.number}")

    # -- case studies ------------------------------------------------------
    async def _edit_case(self, index: int | None) -> None:
        from ..dialogs.case_study import CaseStudyDialog

        studies = list(self.document.project.checklist.case_studies)
        study = await self.app.push_screen_wait(CaseStudyDialog(studies[index] if index is not None else CaseStudy()))
        if study is None or (index is None and not (study.title.strip() or study.text.strip())):
            return
        if index is None:
            studies.append(study)
            index = len(studies) - 1
        else:
            studies[index] = study
        self.edit(self.document.project.with_case_studies(tuple(studies)), "case study")
        self.highlight("case", index)

    @work(exclusive=True, group="edit")
    async def action_add_case(self) -> None:
        await self._edit_case(None)

    def action_delete_case(self) -> None:
        _, _, case = self.current()
        if case is None:
            return
        studies = list(self.document.project.checklist.case_studies)
        del studies[case]
        self.edit(self.document.project.with_case_studies(tuple(studies)), "delete case study")
        self.notify(f"Case study deleted. {press(self, 'project.undo', 'to undo').capitalize()}", timeout=3)
        if studies:
            self.highlight("case", min(case, len(studies) - 1))

    def action_move_case(self, step: int) -> None:
        _, _, case = self.current()
        if case is None:
            return
        studies = list(self.document.project.checklist.case_studies)
        j = max(0, min(len(studies) - 1, case + step))
        studies.insert(j, studies.pop(case))
        self.edit(self.document.project.with_case_studies(tuple(studies)), "move case study")
        self.highlight("case", j)
