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


def write_project(path: Path, project: Project, expect: str | None, force: bool = False) -> str:
    """Write ``project`` to ``path`` (safe in a worker thread: touches no Document); the digest written."""
    digest = fileformat.save(path, project, expect=expect, force=force, keep=True)
    fileformat.remove_stale_temporaries(path)
    return digest


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
    stat: tuple[int, int] | None = field(default=None, repr=False, compare=False)  # size, mtime when last seen
    changed_outside: bool = False  # the file on disk is no longer what was read or written (seen by the app)
    check_cache: object = field(default=None, repr=False, compare=False)  # see ``checker``
    review_cache: object = field(default=None, repr=False, compare=False)  # see ``reviews``

    def __post_init__(self) -> None:
        if self.saved is None:
            self.saved = self.project
        if self.stat is None and self.digest is not None:
            self.stat = fileformat.file_stat(self.path)

    @classmethod
    def open(cls, path: str | Path) -> Document:
        loaded = fileformat.load(path)
        fileformat.remove_stale_temporaries(loaded.path)
        return cls(loaded.path, loaded.project, loaded.digest, loaded.comment_lines)

    @property
    def checker(self):
        """The checks of this document's versions (core/checks.py ``Checker``): each version is checked
        once, and an edit re-checks only what it changed."""
        if self.check_cache is None:
            from .checks import Checker  # here: the checks are not needed to open a project

            self.check_cache = Checker()
        return self.check_cache

    @property
    def reviews(self):
        """The reviews of this document's evidence rows (core/review.py ``Reviews``), worked out again
        only for the elements an edit changed: shared by the logic model's badges and the review screen."""
        if self.review_cache is None:
            from .review import Reviews

            self.review_cache = Reviews()
        return self.review_cache

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
        self.saved_as(self.path, self.project, write_project(self.path, self.project, self.digest, force))

    def saved_as(self, path: Path, project: Project, digest: str) -> None:
        """Record that ``project`` (the current one, or an earlier one when edits went on during a save)
        is now in ``path`` with ``digest``."""
        self.path, self.digest, self.saved, self.comment_lines = path, digest, project, 0
        self.stat = fileformat.file_stat(path)
        self.changed_outside = False
        self.changed()

    def changed_on_disk(self) -> bool:
        """Whether the file differs from what was last read or written (a stat first: cheap when not)."""
        now = fileformat.file_stat(self.path)
        if now == self.stat and now is not None:
            return False
        changed = fileformat.current_digest(self.path) != self.digest
        if not changed:
            self.stat = now
        return changed

    def reload(self) -> None:
        """Replace the project with the file on disk (undoable); ProjectFileError if it is bad."""
        loaded = fileformat.load(self.path)
        self.apply(loaded.project, "reload from disk")
        self.saved = self.project
        self.digest = loaded.digest
        self.comment_lines = loaded.comment_lines
        self.stat = fileformat.file_stat(self.path)
        self.changed_outside = False
        self.changed()
