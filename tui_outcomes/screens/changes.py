"""Changes since the last commit: the open project (unsaved edits included) against git's HEAD."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ..core import changes
from ..core.model import Project
from ..widgets.key_bar import KeyBar
from ..widgets.preview import Preview
from ..widgets.title_bar import TitleBar
from .project_screen import ProjectScreen
from ..core.wording import count


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
        Binding("m", "markdown", "Markdown", id="changes.markdown"),
        Binding("c,y", "copy", "Copy", id="changes.copy"),
    ]

    def __init__(self, document):
        super().__init__(document)
        self.committed: Project | None = None
        self.problem = ""
        self.fmt = "text"
        self.text = ""

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Static(Text("Reading the last commit…"), id="about")
        yield Preview(id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(TitleBar).show(self.document, self.WHERE)
        self.query_one(Preview).focus()
        self.read_commit()

    @work(thread=True, exclusive=True, group="git")
    def read_commit(self) -> None:
        """git show HEAD:./file, off the screen's thread (git can be slow on a big repository)."""
        from ..core.fileformat import ProjectFileError, parse

        path = self.document.path
        try:
            committed = parse(changes.read_version(f"HEAD:./{path.name}", cwd=str(path.parent)), f"HEAD:{path.name}")
            problem = ""
        except changes.VersionError as exc:
            committed, problem = None, str(exc)
        except ProjectFileError as exc:
            committed, problem = None, f"the committed version cannot be read: {exc.problems[0].format('HEAD')}"
        self.app.call_from_thread(self.loaded, committed, problem)

    def loaded(self, committed: Project | None, problem: str) -> None:
        self.committed, self.problem = committed, problem
        self.show_project(None)

    def show_project(self, old: Project | None) -> None:
        self.query_one(TitleBar).show(self.document, self.WHERE)
        about = self.query_one("#about", Static)
        name = self.document.path.name
        if self.committed is None:
            about.update(Text(f"No committed version to compare with: {self.problem}"))
            self.text = ""
        else:
            found = changes.compare(self.committed, self.document.project)
            unsaved = " (unsaved edits included)" if self.document.dirty else ""
            about.update(Text(f"{count(len(found), 'change')} since the last commit{unsaved}"))
            self.text = changes.render(found, f"the last commit of {name}", "now", self.fmt)
        self.query_one(Preview).show(self.text)
        self.shown = self.document.project

    def action_markdown(self) -> None:
        self.fmt = "text" if self.fmt == "markdown" else "markdown"
        self.show_project(None)

    def action_copy(self) -> None:
        if self.text and not self.app.copy_text(self.text, "the changes"):
            self.notify("Too large for the clipboard; use tui-outcomes diff on the command line.",
                        severity="warning", timeout=6)
