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
