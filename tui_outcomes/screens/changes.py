"""Changes: the open project (unsaved edits included) against git's HEAD, the latest review point
(a tag named ``review/…``) or, from the history screen, one commit; one key switches."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.worker import get_current_worker

from ..core import changes
from ..core.model import Project
from ..widgets.key_bar import KeyBar, key_for
from ..widgets.preview import Preview
from ..widgets.title_bar import TitleBar
from .project_screen import ProjectScreen
from ..core.wording import count

HEAD, REVIEW = "HEAD", "review"
READING = "Reading the version to compare with…"


class ChangesScreen(ProjectScreen):
    WHERE = "Changes"
    DEFAULT_CSS = """
    ChangesScreen #about {
        height: auto;
        padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("g", "leave", "Back", show=False, id="changes.back"),
        Binding("r", "switch", "Since review / last commit", id="changes.switch"),
        Binding("m", "markdown", "Markdown", id="changes.markdown"),
        Binding("c,y", "copy", "Copy", id="changes.copy"),
    ]

    def __init__(self, document, commit=None):
        """``commit`` (a :class:`history.Commit`): compare with it first, then the last commit and
        the review point."""
        super().__init__(document)
        self.bases: list = ([commit] if commit is not None else []) + [HEAD, REVIEW]
        self.base = 0  # which of the bases is shown
        self.words = ""  # the version compared with, in words: "the last commit", "review/2026-autumn"
        self.committed: Project | None = None
        self.problem = ""
        self.fmt = "text"
        self.text = ""

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Static(Text(READING), id="about")
        yield Preview(id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(TitleBar).show(self.document, self.WHERE)
        self.query_one(Preview).focus()
        self.read_commit()

    def action_switch(self) -> None:
        self.base = (self.base + 1) % len(self.bases)
        self.words, self.text = "", ""
        self.query_one("#about", Static).update(Text(READING))
        self.query_one(Preview).show("")
        self.read_commit()

    @work(thread=True, exclusive=True, group="git")
    def read_commit(self) -> None:
        """git show REV:./file, off the screen's thread (git can be slow on a big repository)."""
        from ..core import history
        from ..core.fileformat import ProjectFileError, parse

        path, base = self.document.path, self.bases[self.base]
        committed, problem, words = None, "", "the last commit"
        try:
            if base == HEAD:
                spec = f"HEAD:./{path.name}"
            elif base == REVIEW:
                tag = history.latest_review(path.parent)
                words = tag or "the review point"
                if tag is None:
                    raise changes.VersionError(f"there is no review tag (a git tag named review/…) yet; "
                                               f"{history.TAG_HOW}")
                spec = history.spec_at(path, tag)  # renames since the review followed
            else:
                spec, words = base.spec, f"commit {base.short} ({base.date})"
            committed = parse(changes.read_version(spec, cwd=str(path.parent)), spec)
        except changes.VersionError as exc:
            problem = str(exc)
        except ProjectFileError as exc:
            problem = f"the version at {words} cannot be read: {exc.problems[0].format(spec)}"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.loaded, committed, problem, words)

    def loaded(self, committed: Project | None, problem: str, words: str) -> None:
        self.committed, self.problem, self.words = committed, problem, words
        self.show_project(None)

    def show_project(self, old: Project | None) -> None:
        self.query_one(TitleBar).show(self.document, self.WHERE)
        about = self.query_one("#about", Static)
        name = self.document.path.name
        following = self.bases[(self.base + 1) % len(self.bases)]
        switch = key_for(self, "changes.switch")
        other = {HEAD: "the last commit", REVIEW: "the review point"}.get(following) or f"commit {following.short}"
        hint = f" · {switch}: since {other}" if switch else ""
        if not self.words:  # the version to compare with is still being read
            self.shown = self.document.project
            return
        if self.committed is None:
            about.update(Text(f"No committed version to compare with ({self.words}): {self.problem}{hint}"))
            self.text = ""
        else:
            found = changes.compare(self.committed, self.document.project)
            unsaved = " (unsaved edits included)" if self.document.dirty else ""
            about.update(Text(f"{count(len(found), 'change')} since {self.words}{unsaved}{hint}"))
            self.text = changes.render(found, f"{self.words} of {name}", "now", self.fmt)
        self.query_one(Preview).show(self.text)
        self.shown = self.document.project

    def action_markdown(self) -> None:
        self.fmt = "text" if self.fmt == "markdown" else "markdown"
        self.show_project(None)

    def action_copy(self) -> None:
        if self.text and not self.app.copy_text(self.text, "the changes"):
            self.notify("Too large for the clipboard; use tui-outcomes diff on the command line.",
                        severity="warning", timeout=6)
