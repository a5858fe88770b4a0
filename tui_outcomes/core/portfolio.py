"""A folder of project files: what each holds, or why it cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Mapping

from .fileformat import Problem, ProjectFileError, load
from .model import Project


@dataclass(frozen=True)
class Entry:
    path: Path
    project: Project | None  # None when the file has problems
    problems: tuple[Problem, ...] = ()
    review: Mapping[str, int] | None = None  # rows per status and "overdue" (core/review.py summary)

    @property
    def ok(self) -> bool:
        return self.project is not None

    def counts(self) -> tuple[int, ...]:
        return tuple(len(s.elements) for s in self.project.stages) if self.project else ()


def project_files(folder: Path) -> list[Path]:
    return sorted((p for p in folder.glob("*.toml") if p.is_file()), key=lambda p: p.name.lower())


def read_entry(path: Path, as_of: date | None = None) -> Entry:
    """The file's project and its review as of ``as_of`` (default today), or its problems: one file never
    stops the folder, whatever it holds."""
    try:
        project = load(path).project
    except ProjectFileError as exc:
        return Entry(path, None, tuple(exc.problems))
    except Exception as exc:  # e.g. the file vanished between listing and reading
        return Entry(path, None, (Problem("", f"cannot be read ({type(exc).__name__}: {exc})"),))
    from .review import review_project, summary

    return Entry(path, project, (), summary(review_project(project, as_of or date.today())))


def scan(folder: Path) -> list[Entry]:
    """Every project file in the folder; one bad file never stops the others."""
    return [read_entry(p) for p in project_files(folder)]
