"""One stage of the logic model: its question, introduction, elements and evidence sources."""

from __future__ import annotations

from functools import partial

from rich.console import Group
from rich.text import Text
from textual.widgets.option_list import Option

from ...core.model import Element, Project
from ...core.stages import STAGE_KEYS, StageInfo
from ...core.textsafe import one_line
from ..key_bar import press, with_hint
from ..marked_list import Item, MarkedList

INTRO = "intro"
SOURCES_HEADING = "sources-heading"


def element_prompt(ref: str, element: Element, up: int, down: int, key: str, hints: int = 0,
                   badge: str = "", conflicted: bool = False) -> Text:
    """The element's line in its pane: reference, a merge conflict, link and evidence badges, its rows'
    worst review status (a symbol), any warning, its text."""
    text = Text()
    text.append(ref, "bold")
    if conflicted:
        text.append(" ✗conflict", "bold reverse")
    if key != STAGE_KEYS[0]:
        text.append(f" ↑{up}")
    if key != STAGE_KEYS[-1]:
        text.append(f" ↓{down}")
    text.append(f" ▤{len(element.evidence)}")
    if badge:
        text.append(f" {badge}", "bold")
    if key != STAGE_KEYS[0] and not up:
        text.append(" ⚠unlinked", "bold")
    if key != STAGE_KEYS[-1] and not down:
        text.append(" ⚠unsupported", "bold")
    if hints:
        text.append(f" ✎{hints}", "bold")
    text.append(" ")
    text.append(one_line(element.text) if element.text.strip() else "(no text)")
    return text


def source_prompt(source: str) -> Text:
    return Text("· ") + Text(one_line(source))


class StagePane(MarkedList):
    """One stage as a list: introduction, elements, evidence sources.

    The screen owns the model and tells the pane what to show.  A pane is a
    single widget (a list with a border title) so that four of them
    cost little at start-up.
    """

    HEIGHT_GUESS = 3  # an element wraps to a few lines in a pane (the introduction and sources take one)

    def __init__(self, info: StageInfo):
        super().__init__(id=f"pane-{info.key}", classes="stage-pane")
        self.info = info
        self.related: set[str] = set()  # element ids marked with »
        self.with_question = False  # the guiding question as the first line (when there is room)
        self.populated: tuple | None = None  # (stage, what its badges came from, the badges) as last shown

    def set_title(self, count: int) -> None:
        self.border_title = Text(f"{self.info.number} {self.info.title} ({count})")

    def populate(self, project: Project, refs: dict[str, str], counts: dict[str, tuple[int, int]],
                 hints: dict[str, int], badges: dict[str, str] | None = None,
                 conflicted: set[str] = frozenset(), *, force: bool = True, depends: tuple = ()) -> None:
        """Rebuild the list, keeping the highlighted item where possible; unless ``force``, only when
        something it shows changed: the stage, or the badges of its elements (``depends``: the objects
        the badges come from; when they are the same objects as last time, nothing is compared).
        ``badges``: element id -> the symbol of its worst review status; ``conflicted``: the ids of
        elements with merge conflicts."""
        stage = project.stage(self.info.key)
        badges = badges or {}
        last = self.populated
        if not force and last is not None and last[0] is stage and len(last[1]) == len(depends) \
                and all(a is b for a, b in zip(last[1], depends)):
            return
        shown = [(counts[e.id], hints.get(e.id, 0), badges.get(e.id, ""), e.id in conflicted)
                 for e in stage.elements]
        if not force and last is not None and last[0] is stage and shown == last[2]:
            self.populated = (stage, depends, shown)
            return
        self.populated = (stage, depends, shown)
        keep = self.current_item()
        place = self.highlighted
        options: list[Option] = []
        if self.with_question:
            options.append(Option(Text(self.info.question, style="italic"), disabled=True))
        # one line here (the detail panel below shows it whole), so the elements stay in view
        intro = Text("Introduction: ", style="bold", no_wrap=True, overflow="ellipsis")
        intro.append(one_line(stage.introduction) if stage.introduction.strip()
                     else with_hint("none yet", press(self.screen, "model.edit_intro", "to write it")),
                     "" if stage.introduction.strip() else "dim")
        options.append(Item(Group(intro), INTRO))  # a Group keeps Rich's no_wrap in an OptionList
        for element in stage.elements:
            up, down = counts[element.id]
            # made when first shown: a stage of thousands builds only the lines on screen
            options.append(Item(partial(element_prompt, refs[element.id], element, up, down, self.info.key,
                                        hints.get(element.id, 0), badges.get(element.id, ""),
                                        element.id in conflicted), "element", element.id))
        if not stage.elements:
            options.append(Option(Text(with_hint("no elements yet", press(self.screen, "model.add_element",
                                                                          "to add one")), style="dim"),
                                  disabled=True))
        options.append(Option(Text(f"Evidence sources ({len(stage.evidence_sources)})", style="bold underline"),
                              id=SOURCES_HEADING, disabled=True))
        for i, source in enumerate(stage.evidence_sources):
            options.append(Item(partial(source_prompt, source), "source", i))
        if not stage.evidence_sources:
            options.append(Option(Text(with_hint("none yet", press(self.screen, "model.add_source", "to add one")),
                                       style="dim"), disabled=True))
        self.set_options(options)
        self.set_title(len(stage.elements))
        if keep[0] and not self.highlight_item(*keep) and place is not None:
            # the highlighted element is gone (deleted, undone): its neighbour takes the cursor
            options = [i for i in range(self.option_count) if not self.get_option_at_index(i).disabled]
            if options:
                self.highlighted = min(options, key=lambda i: (abs(i - place), i))
        elif not keep[0] and self.option_count:
            self.highlighted = 1 if self.with_question else 0

    def set_related(self, related: set[str], names: list[str] = ()) -> None:
        """Mark the elements linked to the one selected in a neighbouring pane (drawn in the gutter), and
        name them on the pane's bottom border, where they show even when scrolled out of view (a pane
        shows about seven lines at 80x24)."""
        if related != self.related:
            self.related = related
            self.refresh()
        self.border_subtitle = Text("» linked: " + ", ".join(names)) if names else ""

    def mark(self, index: int, option: Option) -> str:
        if self.is_cursor(index):
            return "▶ "
        return "» " if isinstance(option, Item) and option.kind == "element" and option.value in self.related else "  "

    def selected(self) -> tuple[str, str | int | None]:
        """("intro" | "element" | "source" | "", element id or source index)."""
        return self.current_item()
