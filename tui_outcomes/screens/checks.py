"""Every finding of the model checks, by stage; Enter goes to the element, or to the evidence row."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core import checks
from ..core.model import Project
from ..core.stages import BY_KEY, STAGE_KEYS
from ..widgets.key_bar import KeyBar, key_for
from ..widgets.marked_list import MarkedList
from ..widgets.title_bar import TitleBar
from .project_screen import ProjectScreen
from ..core.wording import count

SYMBOL = {checks.WARNING: "⚠", checks.HINT: "✎"}


class FindingList(MarkedList):
    """The findings, stage by stage."""


class ChecksScreen(ProjectScreen):
    """Dismisses with the finding chosen with Enter (None with escape): the caller goes to its place."""

    WHERE = "Checks"
    DEFAULT_CSS = """
    ChecksScreen #summary {
        height: auto;
        padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("d", "dismiss_hint", "Dismiss / restore hint", id="checks.dismiss"),
        Binding("h", "show_dismissed", "Dismissed hints", id="checks.dismissed"),
        Binding("w", "leave", "Back to the model", show=False, id="checks.back"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Static(id="summary")
        yield FindingList(id="findings", classes="screen-list")
        yield KeyBar()

    with_dismissed = False  # the hints dismissed by hand shown too, with their reasons

    def on_mount(self) -> None:
        self.show_project(None)
        self.query_one(FindingList).focus()

    def show_project(self, old: Project | None) -> None:
        project = self.document.project
        checker = self.document.checker  # each version checked once; an edit re-checks what it changed
        findings = checker.run(project)
        shown = findings + (checker.dismissed(project) if self.with_dismissed else [])
        listing = self.query_one(FindingList)
        self.by_option: dict[str, checks.Finding] = {}
        options: list[Option] = []
        by_stage = {key: [] for key in STAGE_KEYS}
        for finding in shown:
            by_stage[finding.path.split(".")[0]].append(finding)
        for key, found in by_stage.items():
            options.append(Option(Text(f"{BY_KEY[key].number}. {BY_KEY[key].title} ({len(found)})",
                                       style="bold underline"), disabled=True))
            for i, finding in enumerate(found):
                if finding.reason:
                    text = Text("✓ dismissed: ", style="bold")
                    text.append(f"{finding.message}, because: {finding.reason} (d restores it)")
                else:
                    text = Text(f"{SYMBOL[finding.severity]} {finding.severity}: ", style="bold")
                    text.append(finding.message)
                option_id = f"{finding.element_id or 'stage'}:{key}:{i}"
                self.by_option[option_id] = finding
                options.append(Option(text, id=option_id))
            if not found:
                options.append(Option(Text("nothing to report", style="dim"), disabled=True))
        keep = listing.highlighted
        listing.set_options(options)
        if keep is not None:
            listing.highlighted = min(keep, listing.option_count - 1)
        else:
            listing.action_first()
        done = checker.completeness(project)
        summary = Text()
        if project.conflicts:  # errors: the file is not done until they are resolved
            summary.append(f"✗ {count(len(project.conflicts), 'unresolved merge conflict')}", "bold reverse")
            summary.append(" to resolve on the merge conflicts screen · ")
        summary.append(count(len(findings), "finding"), "bold")
        hidden = len(checker.dismissed(project))
        summary.append("  (⚠ warning: links and evidence · ✎ hint: SMART advice) · enter goes to it")
        if hidden:
            summary.append(f" · {count(hidden, 'dismissed hint')} "
                           f"{'shown' if self.with_dismissed else 'hidden'} ({key_for(self, 'checks.dismissed')})")
        summary.append("\n")
        for key in (*STAGE_KEYS, "project"):
            c = done[key]
            name = BY_KEY[key].title if key in BY_KEY else "Whole project"
            summary.append(f"{name}: ", "bold")
            summary.append(f"{c.share():.0%} complete ({c.linked}/{c.elements} linked, {c.evidenced}/{c.elements} "
                           f"with evidence, {c.rows_with_baseline_and_target}/{c.rows} rows with baseline and "
                           f"target)\n" if key == "project" else f"{c.share():.0%}  ")
        self.query_one("#summary", Static).update(summary)
        self.query_one(TitleBar).show(self.document, self.WHERE)
        self.shown = project

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        finding = self.by_option.get(event.option.id or "")
        self.dismiss(finding if finding is not None and finding.element_id else None)

    def action_show_dismissed(self) -> None:
        self.with_dismissed = not self.with_dismissed
        if self.with_dismissed and not self.document.checker.dismissed(self.document.project):
            self.notify("No hints have been dismissed.", timeout=3)
        self.show_project(None)

    @work(exclusive=True, group="edit")
    async def action_dismiss_hint(self) -> None:
        """A SMART hint that does not apply to this element: say why; the reason is kept in the file."""
        from ..dialogs.text_dialog import TextDialog

        option = self.query_one(FindingList).highlighted_option
        finding = self.by_option.get(option.id) if option and option.id else None
        if finding is not None and finding.reason:
            self.edit(self.document.project.restore_hint(finding.element_id, finding.code),
                      f"restore {finding.code} hint")
            return
        if finding is None or finding.severity != checks.HINT or not finding.element_id:
            self.notify("Only an element's SMART hints (✎) can be dismissed; warnings are fixed in the model.",
                        timeout=4)
            return
        reason = await self.app.push_screen_wait(TextDialog(
            f"Dismiss the {finding.code} hint", "", multiline=False,
            hint=f"{finding.message}. Why does it not apply? (kept in the file)"))
        if reason is not None and reason.strip():
            self.edit(self.document.project.dismiss_hint(finding.element_id, finding.code, reason.strip()),
                      f"dismiss {finding.code} hint")
