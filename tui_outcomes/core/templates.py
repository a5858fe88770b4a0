"""Templates for new projects: the blank overall model and the shipped examples."""

from __future__ import annotations

from pathlib import Path

from .model import Details, Project

FOLDER = Path(__file__).parent.parent / "templates"
BLANK = "blank"


def names() -> list[str]:
    return [BLANK] + sorted(p.stem for p in FOLDER.glob("*.toml"))


def make(name: str = BLANK, title: str | None = None) -> Project:
    """A new project from a template; KeyError for an unknown template name."""
    if name == BLANK:
        project = Project(Details(title="Untitled project"))
    else:
        path = FOLDER / f"{name}.toml"
        if not path.is_file():
            raise KeyError(name)
        from .fileformat import parse

        project = parse(path.read_text(encoding="utf-8"), str(path))
    if title:
        project = project.with_details(title=title)
    return project


def example_path(name: str) -> Path:
    return FOLDER / f"{name}.toml"
