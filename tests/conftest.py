from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "projects" / "worked-example.toml"
BLANK = ROOT / "projects" / "blank-project.toml"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def example():
    from tui_outcomes.core.fileformat import load

    return load(EXAMPLE).project


@pytest.fixture(autouse=True)
def user_config(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own empty user config and state folders: no test reads or writes the real ones."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("TUI_OUTCOMES_CONFIG", str(folder))
    monkeypatch.setenv("TUI_OUTCOMES_STATE", str(tmp_path_factory.mktemp("state")))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return folder


def pytest_collection_modifyitems(items):
    """Tests that run the app (every async test) are marked ``app``: ``-m "not app"`` is the fast suite."""
    import inspect

    for item in items:
        if inspect.iscoroutinefunction(getattr(item, "function", None)):
            item.add_marker(pytest.mark.app)


class Notices(list):
    """Every notice the app shows, as ``(title, message)``, recorded through ``App.notify`` (public)."""

    def messages(self) -> list[str]:
        return [message for _, message in self]

    def titles(self) -> list[str]:
        return [title for title, _ in self]


@pytest.fixture
def notices(monkeypatch) -> Notices:
    """The notices of every app started in this test."""
    from textual.app import App

    seen = Notices()
    original = App.notify

    def notify(self, message, *, title="", **kwargs):
        seen.append((title, message))
        return original(self, message, title=title, **kwargs)

    monkeypatch.setattr(App, "notify", notify)
    return seen


@pytest.fixture
def clipboard(monkeypatch) -> list[str]:
    """Every text handed to Textual's ``App.copy_to_clipboard`` (which sends OSC 52) in this test."""
    from textual.app import App

    copied: list[str] = []
    original = App.copy_to_clipboard

    def copy(self, text):
        copied.append(text)
        return original(self, text)

    monkeypatch.setattr(App, "copy_to_clipboard", copy)
    return copied
