"""History: the commits that touched the project, newest first, and for the highlighted one what it
changed; one key shows the project as it was then (its plain-text export, read-only), one compares
that version with the working copy on the changes screen. Git runs in worker threads."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.worker import get_current_worker

from ..core.model import Project
from ..core.textsafe import one_line
from ..core.wording import count
from ..widgets.key_bar import KeyBar, key_for
from ..widgets.marked_list import Item, MarkedList
from ..widgets.preview import Preview
from ..widgets.title_bar import TitleBar
from .project_screen import ProjectScreen


class CommitList(MarkedList):
    """The commits, newest first: short hash, date, author, subject."""


class HistoryScreen(ProjectScreen):
    WHERE = "History"
    DEFAULT_CSS = """
    HistoryScreen #about {
        height: auto;
        padding: 0 1;
    }
    HistoryScreen #commits, HistoryScreen #commits:focus {
        height: 1fr;
        max-height: 14;
        border: round $accent;
        scrollbar-size-vertical: 1;
    }
    HistoryScreen #preview {
        height: 2fr;
    }
    """
    BINDINGS = [
        Binding("h", "leave", "Back", show=False, id="history.back"),
        Binding("v", "view", "As it was / its changes", id="history.view"),
        Binding("w", "compare", "Compare with now", id="history.compare"),
    ]

    def __init__(self, document):
        super().__init__(document)
        self.history = None  # core.history.History once read
        self.problem = ""
        self.as_it_was = False  # the preview shows the version itself, not what the commit changed
        self.text = ""  # what the preview shows, once read

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Static(Text("Reading the history…"), id="about")
        yield CommitList(id="commits")
        yield Preview(id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(TitleBar).show(self.document, self.WHERE)
        self.query_one(CommitList).focus()
        self.read_log()

    @work(thread=True, group="history")
    def read_log(self) -> None:
        """One git log for the list, in a thread; keys typed meanwhile wait for the list (this group
        is not one of typeahead's background groups), since they are meant for it."""
        from ..core import history
        from ..core.changes import VersionError

        try:
            found, problem = history.History(self.document.path).load(), ""
        except VersionError as exc:
            found, problem = None, str(exc)
        self.app.call_from_thread(self.listed, found, problem)

    def listed(self, found, problem: str) -> None:
        self.history, self.problem = found, problem
        commits = found.commits if found else []
        listing = self.query_one(CommitList)
        listing.set_options([Item(Text(one_line(c.title()), no_wrap=True, overflow="ellipsis"), "commit", i)
                             for i, c in enumerate(commits)])
        if commits:
            listing.highlighted = 0
        self.show_about()
        if not commits:
            self.query_one(Preview).show("")

    @property
    def commit(self):
        """The highlighted commit (None before the list is read, or when it is empty)."""
        option = self.query_one(CommitList).highlighted_option
        return self.history.commits[option.value] if self.history and isinstance(option, Item) else None

    @on(OptionList.OptionHighlighted)
    def moved(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.text = ""
        self.show_about()
        self.read_commit(self.commit)

    @work(thread=True, exclusive=True, group="git")  # keys go on meanwhile
    def read_commit(self, commit) -> None:
        """The highlighted commit's changes, or its version's export: read and parsed off the screen's
        thread, each version once (a burst of cursor keys leaves only the last one to show)."""
        from ..core import export, history
        from ..core.changes import VersionError

        try:
            if self.as_it_was:
                version = self.history.version(commit)
                text = export.render(version.project, "text") if version.project else version.problem
            else:
                text = "\n".join(history.render_entry(self.history.entries([commit])[0])) + "\n"
        except VersionError as exc:
            text = str(exc)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.commit_read, commit, text)

    def commit_read(self, commit, text: str) -> None:
        if commit is not self.commit:
            return  # the cursor has moved on; its own worker shows that commit
        self.text = text
        self.query_one(Preview).show(text, wrap=True)
        self.show_about()

    def show_about(self) -> None:
        about = self.query_one("#about", Static)
        if self.history is None:
            about.update(Text(f"No history to show: {self.problem}" if self.problem else "Reading the history…"))
            return
        commits = self.history.commits
        line = f"{count(len(commits), 'commit')}, newest first"
        commit = self.commit
        if commit is not None:
            view, compare = key_for(self, "history.view"), key_for(self, "history.compare")
            if self.as_it_was:
                line = f"{commit.short} as it was then (read-only)" + (f" · {view}: its changes" if view else "")
            elif view:
                line += f" · {view}: as it was"
            if compare:
                line += f" · {compare}: compared with now"
            if not self.text:
                line += " · reading…"
        about.update(Text(line))

    def action_view(self) -> None:
        self.as_it_was = not self.as_it_was
        if self.commit is not None:
            self.text = ""
            self.show_about()
            self.read_commit(self.commit)

    def action_compare(self) -> None:
        from .changes import ChangesScreen

        commit = self.commit
        if commit is None:
            self.notify("No commit to compare with.", timeout=3)
        elif commit.deleted:
            self.notify(f"{commit.short} deleted the file: there is no version to compare with.", timeout=4)
        else:
            self.app.push_screen(ChangesScreen(self.document, commit))

    def show_project(self, old: Project | None) -> None:
        """The working copy changed (undo, reload): only the title line shows it here."""
        self.query_one(TitleBar).show(self.document, self.WHERE)
        self.shown = self.document.project
