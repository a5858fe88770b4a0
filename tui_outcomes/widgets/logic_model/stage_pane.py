"""One stage of the logic model: its question, introduction, elements and evidence sources."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...model import Element, Project
from ...stages import STAGE_KEYS, StageInfo
from ...textsafe import one_line

INTRO = "intro"
SOURCES_HEADING = "sources-heading"


def element_option_id(element_id: str) -> str:
    return f"el:{element_id}"


def source_option_id(index: int) -> str:
    return f"src:{index}"


def element_prompt(ref: str, element: Element, up: int, down: int, key: str, related: bool) -> Text:
    """The element's line in its pane: reference, link and evidence badges, any warning, its text."""
    text = Text()
    if related:
        text.append("» ", "bold")
    text.append(ref, "bold")
    if key != STAGE_KEYS[0]:
        text.append(f" ↑{up}")
    if key != STAGE_KEYS[-1]:
        text.append(f" ↓{down}")
    text.append(f" ▤{len(element.evidence)}")
    if key != STAGE_KEYS[0] and not up:
        text.append(" ⚠unlinked", "bold")
    if key != STAGE_KEYS[-1] and not down:
        text.append(" ⚠unsupported", "bold")
    text.append(" ")
    text.append(one_line(element.text) if element.text.strip() else "(no text)")
    return text


class StageList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="pane.down"),
        Binding("k", "cursor_up", "Up", show=False, id="pane.up"),
    ]


class StagePane(Vertical):
    """Shows one stage; the screen owns the model and tells the pane what to show."""

    def __init__(self, info: StageInfo):
        super().__init__(id=f"pane-{info.key}", classes="stage-pane")
        self.info = info
        self.related: set[str] = set()
        self.index_of: dict[str, int] = {}  # element id -> option index
        self.prompts: dict[str, tuple] = {}  # element id -> what its prompt was made from

    def compose(self) -> ComposeResult:
        yield Static(Text(self.info.question, style="italic"), classes="question")
        yield StageList(id=f"list-{self.info.key}")

    @property
    def option_list(self) -> StageList:
        return self.query_one(StageList)

    def set_title(self, count: int) -> None:
        self.border_title = Text(f"{self.info.number} {self.info.title} ({count})")

    def populate(self, project: Project, refs: dict[str, str], counts: dict[str, tuple[int, int]]) -> None:
        """Rebuild the list, keeping the highlighted item where possible."""
        stage = project.stage(self.info.key)
        options_list = self.option_list
        keep = options_list.highlighted_option.id if options_list.highlighted_option else None
        options: list[Option] = []
        # one line here (the detail panel below shows it whole), so the elements stay in view
        intro = Text("Introduction: ", style="bold", no_wrap=True, overflow="ellipsis")
        intro.append(one_line(stage.introduction) if stage.introduction.strip() else "(none yet: press i)",
                     "" if stage.introduction.strip() else "dim")
        options.append(Option(Group(intro), id=INTRO))  # a Group keeps Rich's no_wrap in an OptionList
        self.index_of = {}
        self.prompts = {}
        for element in stage.elements:
            up, down = counts[element.id]
            related = element.id in self.related
            self.index_of[element.id] = len(options)
            self.prompts[element.id] = (element, up, down, related)
            options.append(Option(element_prompt(refs[element.id], element, up, down, self.info.key, related),
                                  id=element_option_id(element.id)))
        if not stage.elements:
            options.append(Option(Text("(no elements yet: press a to add one)", style="dim"), disabled=True))
        options.append(Option(Text(f"Evidence sources ({len(stage.evidence_sources)})", style="bold underline"),
                              id=SOURCES_HEADING, disabled=True))
        for i, source in enumerate(stage.evidence_sources):
            options.append(Option(Text("· ") + Text(one_line(source)), id=source_option_id(i)))
        if not stage.evidence_sources:
            options.append(Option(Text("(none yet: press s to add one)", style="dim"), disabled=True))
        options_list.set_options(options)
        self.set_title(len(stage.elements))
        if keep is not None:
            self.highlight(keep)
        elif options_list.option_count:
            options_list.highlighted = 0

    def highlight(self, option_id: str) -> bool:
        options_list = self.option_list
        try:
            options_list.highlighted = options_list.get_option_index(option_id)
        except Exception:  # the option is gone (deleted): keep the position instead
            return False
        return True

    def set_related(self, related: set[str], refs: dict[str, str]) -> None:
        """Mark the elements linked to the one selected in a neighbouring pane."""
        changed = self.related ^ related
        self.related = related
        options_list = self.option_list
        for element_id in changed:
            if element_id in self.index_of:
                element, up, down, _ = self.prompts[element_id]
                is_related = element_id in related
                self.prompts[element_id] = (element, up, down, is_related)
                options_list.replace_option_prompt_at_index(
                    self.index_of[element_id],
                    element_prompt(refs[element_id], element, up, down, self.info.key, is_related))
        self.set_class(bool(related), "-has-related")

    def selected(self) -> tuple[str, str | int | None]:
        """("intro" | "element" | "source" | "", element id or source index)."""
        option = self.option_list.highlighted_option
        if option is None or option.id is None:
            return "", None
        if option.id == INTRO:
            return "intro", None
        if option.id.startswith("el:"):
            return "element", option.id[3:]
        if option.id.startswith("src:"):
            return "source", int(option.id[4:])
        return "", None
