"""An open project: its file, its undo history and whether it has unsaved changes.

Plain Python (no Textual): the app's screens share one Document per project,
so the logic model, the evidence tables and the checklist have one history
and one save.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import fileformat
from .model import Project

UNDO_LIMIT = 500


@dataclass
class Document:
    path: Path
    project: Project
    digest: str | None  # of the file as last read or written; None if not on disk yet
    comment_lines: int = 0  # hand-written comments that the next save will drop
    saved: Project | None = None  # the project as it is on disk
    undo_stack: list[tuple[Project, str]] = field(default_factory=list)
    redo_stack: list[tuple[Project, str]] = field(default_factory=list)
    # Called after every change of ``project`` or ``saved`` (an edit, undo, redo, save, reload), so
    # the app can keep the recovery copy up to date; may be called from a worker thread.
    on_change: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.saved is None:
            self.saved = self.project

    @classmethod
    def open(cls, path: str | Path) -> Document:
        loaded = fileformat.load(path)
        fileformat.remove_stale_temporaries(loaded.path)
        return cls(loaded.path, loaded.project, loaded.digest, loaded.comment_lines)

    def changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    @property
    def dirty(self) -> bool:
        return self.project is not self.saved

    def apply(self, project: Project, label: str) -> bool:
        """Make ``project`` current, remembering the old one; False if nothing changed."""
        if project is self.project:
            return False
        self.undo_stack.append((self.project, label))
        del self.undo_stack[:-UNDO_LIMIT]
        self.redo_stack.clear()
        self.project = project
        self.changed()
        return True

    def undo(self) -> str | None:
        """Go back one edit; its label, or None when there is nothing to undo."""
        if not self.undo_stack:
            return None
        project, label = self.undo_stack.pop()
        self.redo_stack.append((self.project, label))
        self.project = project
        self.changed()
        return label

    def redo(self) -> str | None:
        if not self.redo_stack:
            return None
        project, label = self.redo_stack.pop()
        self.undo_stack.append((self.project, label))
        self.project = project
        self.changed()
        return label

    def save(self, force: bool = False) -> None:
        """Write atomically; ConflictError if the file changed on disk (unless ``force``)."""
        self.digest = fileformat.save(self.path, self.project, expect=self.digest, force=force)
        self.saved = self.project
        self.comment_lines = 0
        fileformat.remove_stale_temporaries(self.path)
        self.changed()

    def changed_on_disk(self) -> bool:
        return fileformat.current_digest(self.path) != self.digest

    def reload(self) -> None:
        """Replace the project with the file on disk (undoable); ProjectFileError if it is bad."""
        loaded = fileformat.load(self.path)
        self.apply(loaded.project, "reload from disk")
        self.saved = self.project
        self.digest = loaded.digest
        self.comment_lines = loaded.comment_lines
        self.changed()
