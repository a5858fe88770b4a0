"""Export: choose a part and a format, look through the preview, copy it or save it to a file.

The text is the one ``tui-outcomes export`` writes (one implementation, in the core). A Word
document is a file, not text: its preview is the plain text of the same part, and it is saved, not
copied. In a browser (``tui-outcomes serve``) saving is a download.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ..core import docx_export, export
from ..core.model import Project
from ..core.textsafe import terminal_safe
from ..widgets.key_bar import KeyBar, press
from ..widgets.preview import Preview
from ..widgets.title_bar import TitleBar
from .project_screen import ProjectScreen
from ..core.wording import count


class ExportScreen(ProjectScreen):
    WHERE = "Export"
    DEFAULT_CSS = """
    ExportScreen #choice {
        height: auto;
        padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("p", "part(1)", "Part", id="export.part"),
        Binding("P", "part(-1)", "Previous part", show=False, id="export.part_back"),
        Binding("f", "format(1)", "Format", id="export.format"),
        Binding("F", "format(-1)", "Previous format", show=False, id="export.format_back"),
        Binding("c,y", "copy", "Copy", id="export.copy"),
        Binding("s", "save_file", "Save to file", id="export.save"),
        Binding("a", "answered_only", "Answered only", id="export.answered"),
        Binding("x", "leave", "Back", show=False, id="export.back"),
    ]

    FORMATS = (*export.FORMATS, "docx")
    FORMAT_TITLES = {**export.FORMAT_TITLES, "docx": docx_export.TITLE}

    def __init__(self, document, part: str = "all", fmt: str = "text"):
        super().__init__(document)
        self.part = part
        self.fmt = fmt
        self.answered_only = False  # the pro-forma's unanswered items left out
        self.text = ""  # the whole export, as copied or saved ("" while it is being made)
        self.ready = asyncio.Event()  # set once ``text`` is the export of the current choice
        self.wanted: tuple = ()  # the project and choice whose text is to be made
        self.making = threading.Lock()  # held by the thread making a text

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Static(id="choice")
        yield Preview(id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_project(None)
        self.query_one(Preview).focus()

    def show_project(self, old: Project | None) -> None:
        """The choice line at once; the text is made in a thread (a big project's takes seconds), then
        shown in the preview, which draws only the lines in view."""
        project = self.document.project
        self.query_one(TitleBar).show(self.document, self.WHERE)
        self.text = ""
        self.ready.clear()
        self.show_choice(None)
        self.query_one(Preview).preparing()
        # a Word document's preview is the plain text of the same part
        self.wanted = (project, "text" if self.fmt == "docx" else self.fmt, self.part, self.answered_only)
        self.make_text(self.wanted)
        self.shown = project

    def show_choice(self, lines: int | None) -> None:
        choice = Text(no_wrap=True, overflow="ellipsis")
        choice.append("Part ", "dim")
        choice.append(f"‹ {export.PART_TITLES[self.part]} ›", "bold")
        choice.append("  Format ", "dim")
        choice.append(f"‹ {self.FORMAT_TITLES[self.fmt]} ›", "bold")
        if self.part in ("all", "checklist"):
            choice.append("  Checklist ", "dim")
            choice.append("‹ answered only ›" if self.answered_only else "‹ every item ›", "bold")
        choice.append(f"  {count(lines, 'line')}" if lines is not None else "  preparing…", "dim")
        if self.fmt == "docx":
            choice.append(f"\nA file, not text to copy: {press(self, 'export.save', 'to save it')}. "
                          "Below: the text it holds.", "dim")
        self.query_one("#choice", Static).update(choice)

    @work(thread=True, group="render")
    def make_text(self, asked: tuple) -> None:
        """Make the text of a choice, one at a time; a choice overtaken by another while it waited (``p p p``
        typed fast) is skipped."""
        with self.making:
            if asked is not self.wanted or not self.is_mounted:
                return
            project, fmt, part, answered_only = asked
            text = export.render(project, fmt, part, answered_only=answered_only)
        try:
            self.app.call_from_thread(self.made, asked, text)
        except RuntimeError:  # the app has gone
            pass

    def made(self, asked: tuple, text: str) -> None:
        if asked is not self.wanted or not self.is_mounted:
            return  # another choice (or edit) came since: its text is on its way
        self.text = text
        self.ready.set()
        self.show_choice(text.count("\n"))
        self.query_one(Preview).show(text, wrap=self.fmt != "csv")

    def parts(self) -> tuple[str, ...]:
        allowed = {"csv": export.CSV_PARTS, "docx": docx_export.PARTS}.get(self.fmt, export.PARTS)
        return tuple(p for p in export.PARTS if p in allowed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A Word document is not offered for copying (the line under the choice says why)."""
        return not (action == "copy" and self.fmt == "docx")

    def action_part(self, step: int) -> None:
        parts = self.parts()
        self.part = parts[(parts.index(self.part) + step) % len(parts)]
        self.show_project(None)

    def action_answered_only(self) -> None:
        self.answered_only = not self.answered_only
        if self.part not in ("all", "checklist"):
            self.notify(f"Answered only applies to the pro-forma checklist: {press(self, 'export.part', 'to choose the part')}.", timeout=4)
        self.show_project(None)

    def action_format(self, step: int) -> None:
        formats = self.FORMATS
        self.fmt = formats[(formats.index(self.fmt) + step) % len(formats)]
        if self.part not in self.parts():
            self.part = export.default_part(self.fmt)
            self.notify("A CSV file holds one table: showing the evidence tables." if self.fmt == "csv" else
                        f"Not available as {self.FORMAT_TITLES[self.fmt]}: showing the whole project.", timeout=3)
        self.refresh_bindings()
        self.show_project(None)

    # -- out of the app --------------------------------------------------------
    @work(exclusive=True, group="export")
    async def action_copy(self) -> None:
        await self.ready.wait()
        what = f"{export.PART_TITLES[self.part]} ({self.FORMAT_TITLES[self.fmt]})"
        if not self.app.copy_text(self.text, what):
            size = len(self.text.encode("utf-8")) // 1024
            choice = await self.app.ask(
                "Too large for the clipboard",
                f"{what} is {size} KB; most terminals take at most about 100 KB through the clipboard "
                "sequence (OSC 52), and drop the rest. Save it to a file instead?",
                [("save", "Save to a file"), ("cancel", "Cancel")])
            if choice == "save":
                await self.save_file()

    @work(exclusive=True, group="export")
    async def action_save_file(self) -> None:
        await self.save_file()

    def default_name(self) -> str:
        """A file name beside the project, such as ``my-project-evidence.csv``."""
        extension = docx_export.EXTENSION if self.fmt == "docx" else export.EXTENSIONS[self.fmt]
        return f"{self.document.path.stem}-{self.part.replace('_', '-')}.{extension}"

    async def file_data(self) -> bytes | None:
        """The export as a file holds it; None (and a message) when it cannot be made. A Word document
        is built in a thread (python-docx is slow on a big project): keys go on being answered."""
        if self.fmt != "docx":
            await self.ready.wait()
            return await asyncio.to_thread(export.file_bytes, self.text, self.fmt)
        from ..core.extras import MissingExtra

        try:
            return await asyncio.to_thread(docx_export.render, self.document.project, self.part,
                                           answered_only=self.answered_only)
        except (MissingExtra, export.ExportError) as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=8)
            return None

    async def save_file(self) -> None:
        from ..dialogs.text_dialog import TextDialog
        from ..core.fileformat import SaveError, write_atomic

        if self.app.is_web:  # served in a browser: the file is the browser's download
            data = await self.file_data()
            if data is not None:
                import io

                self.app.deliver_binary(io.BytesIO(data), save_filename=self.default_name())
                self.notify(terminal_safe(f"Sent {self.default_name()} to your browser as a download."),
                            timeout=4, markup=False)
            return
        typed = await self.app.push_screen_wait(TextDialog(
            "Save the export to a file", self.default_name(), multiline=False,
            hint="A path relative to the project's folder, or a full path. enter saves."))
        if not typed or not typed.strip():
            return
        path = Path(typed.strip()).expanduser()
        if not path.is_absolute():
            path = self.document.path.parent / path
        if path.resolve() == self.document.path.resolve():
            self.notify("That is the project file itself; choose another name.", severity="error", timeout=5)
            return
        if path.exists():
            choice = await self.app.ask(
                "Replace the file?", f"{path} already exists.", [("overwrite", "Overwrite it"), ("cancel", "Cancel")])
            if choice != "overwrite":
                return
        data = await self.file_data()
        if data is None:
            return
        try:  # in a thread: a big export takes a moment to write
            await asyncio.to_thread(write_atomic, path, data, force=True)
        except SaveError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=8)
            return
        self.notify(terminal_safe(f"Saved {path}"), timeout=4, markup=False)
