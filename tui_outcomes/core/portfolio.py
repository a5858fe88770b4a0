"""A folder of project files: what each holds, or why it cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .fileformat import Problem, ProjectFileError, load
from .model import Project


@dataclass(frozen=True)
class Entry:
    path: Path
    project: Project | None  # None when the file has problems
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.project is not None

    def counts(self) -> tuple[int, ...]:
        return tuple(len(s.elements) for s in self.project.stages) if self.project else ()


def project_files(folder: Path) -> list[Path]:
    return sorted((p for p in folder.glob("*.toml") if p.is_file()), key=lambda p: p.name.lower())


def read_entry(path: Path) -> Entry:
    """The file's project, or its problems: one file never stops the folder, whatever it holds."""
    try:
        return Entry(path, load(path).project)
    except ProjectFileError as exc:
        return Entry(path, None, tuple(exc.problems))
    except Exception as exc:  # e.g. the file vanished between listing and reading
        return Entry(path, None, (Problem("", f"cannot be read ({type(exc).__name__}: {exc})"),))


def scan(folder: Path) -> list[Entry]:
    """Every project file in the folder; one bad file never stops the others."""
    return [read_entry(p) for p in project_files(folder)]
