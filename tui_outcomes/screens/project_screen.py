"""What every screen of an open project shares: one document, undo/redo, save, leave."""

from __future__ import annotations

from textual import work
from textual.binding import Binding
from textual.screen import Screen

from ..core.document import Document
from ..core.model import Project
from ..widgets.title_bar import TitleBar


class ProjectScreen(Screen):
    """Subclasses show the document and call :meth:`edit`; they implement :meth:`show_project`."""

    WHERE = ""  # the screen's name in the title bar
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="project.save"),
        Binding("u,ctrl+z", "undo", "Undo", id="project.undo"),
        Binding("U,ctrl+y", "redo", "Redo", show=False, id="project.redo"),
        Binding("R", "reload", "Reload from disk", show=False, id="project.reload"),
        Binding("S", "save_as", "Save as…", show=False, id="project.save_as"),
        Binding("escape", "leave", "Back", show=False, id="project.leave"),
    ]

    def __init__(self, document: Document):
        super().__init__()
        self.document = document
        self.shown: Project | None = None  # the project as last shown on this screen

    # -- for subclasses --------------------------------------------------
    def show_project(self, old: Project | None) -> None:
        """Bring the display up to date; ``old`` is the project shown before (None: everything).

        Implementations end by setting ``self.shown = self.document.project``."""
        raise NotImplementedError

    def edit(self, project: Project, label: str) -> bool:
        old = self.document.project
        if not self.document.apply(project, label):
            return False
        self.show_project(old)
        return True

    # -- shared actions --------------------------------------------------
    def on_screen_resume(self) -> None:
        if self.shown is not None and self.document.project is not self.shown:
            self.show_project(self.shown)  # another screen edited the document meanwhile

    def action_undo(self) -> None:
        self._step(self.document.undo, "Undid", "Nothing to undo.")

    def action_redo(self) -> None:
        self._step(self.document.redo, "Redid", "Nothing to redo.")

    def _step(self, step, done: str, nothing: str) -> None:
        old = self.document.project
        label = step()
        if label is None:
            self.notify(nothing, timeout=2)
            return
        self.show_project(old)
        self.show_touched(old)
        self.notify(f"{done}: {label}", timeout=2, markup=False)

    def show_touched(self, old: Project) -> None:
        """After an undo or redo: put the cursor on what it touched (screens with a cursor do)."""

    def action_save(self) -> None:
        self.app.save_started()
        self.save()

    @work(group="save")  # not exclusive: a save is never cancelled half-way; the app runs one at a time
    async def save(self) -> None:
        before = self.document.project
        try:
            await self.app.save_document(self.document)
        finally:
            self.app.save_finished()
        self._after_disk(before)

    @work(group="save")
    async def action_save_as(self) -> None:
        before = self.document.project
        await self.app.save_as(self.document)
        self._after_disk(before)

    @work(exclusive=True, group="save")
    async def action_reload(self) -> None:
        before = self.document.project
        await self.app.reload_document(self.document)
        self._after_disk(before)

    def _after_disk(self, before: Project) -> None:
        """After a save or a reload: a save changes only the unsaved mark on the title line; a
        reload (or a save that became one) redraws what the file on disk changed."""
        if self.document.project is before:
            self.query_one(TitleBar).redraw()
        else:
            self.show_project(before)

    def action_leave(self) -> None:
        """Back to the screen below, with what it may want to know (the one way to leave a screen)."""
        self.dismiss(self.leave_result())

    def leave_result(self):
        """What this screen gives back when left (the evidence table: the element it was on)."""
        return None
