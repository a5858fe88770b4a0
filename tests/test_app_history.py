"""The history screen and the changes screen's review point, driven by keys, with real git."""

from __future__ import annotations

import shutil

import pytest

from tui_outcomes.app import OutcomesApp
from tui_outcomes.core import changes, export
from tui_outcomes.core.fileformat import parse
from tui_outcomes.core.textsafe import terminal_safe
from tui_outcomes.screens.changes import ChangesScreen
from tui_outcomes.screens.history import CommitList, HistoryScreen
from tui_outcomes.screens.logic_model import LogicModelScreen
from tui_outcomes.widgets.preview import Preview

from .apphelpers import SIZES, burst, press, screen_text, settle, until
from .conftest import EXAMPLE
from .test_history import Repo, commit, git, init, repo  # noqa: F401 (repo is a fixture)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def words(app) -> str:
    return " ".join(screen_text(app).split())


async def shows(pilot, needle: str, what: str = "") -> None:
    """Wait until ``needle`` is on the screen (git runs in worker threads)."""
    await settle(pilot)
    await until(pilot, lambda: needle in words(pilot.app), what or repr(needle))


@pytest.mark.parametrize("size", SIZES)
async def test_history_by_keys_changes_as_it_was_and_compared_with_now(repo, size):
    h = repo.hashes
    path = repo / "projects" / "hearing-support.toml"
    app = OutcomesApp(repo, path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        await shows(pilot, "5 commits, newest first")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        preview = screen.query_one(Preview)
        assert screen.query_one(CommitList).option_count == 5
        assert f"{h[4]} 2026-11-01 Sam Jones: New target" in words(app)
        assert f"{h[3]} 2026-10-01 Sam Jones: Add an output [bold]" in words(app)  # literally, not markup
        await until(pilot, lambda: "target changed" in preview.text, "the newest commit's changes")
        assert "v: as it was · w: compared with now" in words(app)  # hints from the bindings

        await press(pilot, "j", "j")  # the rename: the version before is read at its old path
        await settle(pilot)
        await until(pilot, lambda: "Renamed from projects/hearing.toml." in preview.text, "the rename")
        assert "IO1 reworded" in preview.text and preview.text.startswith(f"{h[2]} 2026-05-01")

        await press(pilot, "v")  # the project as it was then, read-only
        await shows(pilot, f"{h[2]} as it was then (read-only)")
        then = parse(changes.read_version(f"{h[2]}:projects/hearing-support.toml", cwd=str(repo)))
        await until(pilot, lambda: preview.text == terminal_safe(export.render(then, "text")), "the old version")
        assert "Staff feel sure of the new approach" in preview.text
        assert "Termly reports to governors" not in preview.text  # added later
        await press(pilot, "v")
        await settle(pilot)
        await until(pilot, lambda: "IO1 reworded" in preview.text, "the commit's changes again")

        await press(pilot, "w")  # that version against the working copy, on the changes screen
        await shows(pilot, f"since commit {h[2]} (2026-05-01)")
        assert isinstance(app.screen, ChangesScreen)
        compared = " ".join(app.screen.query_one(Preview).text.split())
        assert "Added OP4 “Termly reports to governors”" in compared and "A 60% fall in incidents by July" in compared
        assert "IO1 reworded" not in compared
        await press(pilot, "g")  # the changes screen's own way back
        await settle(pilot)
        assert app.screen is screen
        await press(pilot, "h")
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        assert app.screen.document.project == app.screen.document.saved  # nothing was edited


async def test_history_keeps_up_with_a_burst_of_cursor_keys_and_is_in_the_palette(repo):
    h = repo.hashes
    app = OutcomesApp(repo, repo / "projects" / "hearing-support.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "History" in [c.title for c in app.get_system_commands(app.screen)]
        await burst(pilot, "h", "j", "j", "j", "j", "k")  # typed ahead of the screen
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and screen.commit.short == h[1]
        preview = screen.query_one(Preview)
        await until(pilot, lambda: preview.text.startswith(f"{h[1]} 2026-03-01"), "the highlighted commit")
        assert "Period changed: “Next academic year” → “Two academic years”" in preview.text


async def test_history_with_an_unreadable_version_and_outside_git(repo, tmp_path, monkeypatch):
    path = repo / "projects" / "hearing-support.toml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "<<<<<<< HEAD\n", encoding="utf-8")
    broken = commit(repo, "Merge gone wrong", "2026-11-02T10:00:00")
    path.write_text(good, encoding="utf-8")
    commit(repo, "Repaired", "2026-11-03T10:00:00")
    app = OutcomesApp(repo, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        await shows(pilot, "7 commits")
        preview = app.screen.query_one(Preview)
        await until(pilot, lambda: "The version before cannot be read" in preview.text, "the words")
        await press(pilot, "j", "v")
        await settle(pilot)
        await until(pilot, lambda: f"{broken}:projects/hearing-support.toml:" in preview.text, "why it cannot be read")
        assert "not valid TOML" in preview.text

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(EXAMPLE, outside / "x.toml")
    app = OutcomesApp(outside, outside / "x.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        await shows(pilot, "No history to show")
        assert "is not in a git repository, so there is no history to show" in words(app)
        await press(pilot, "w", "v")  # nothing to compare or view: said, never a crash
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await press(pilot, "h", "g", "r")  # the changes screen's review point, outside git
        await shows(pilot, "is not in a git repository, so there are no review tags")


@pytest.mark.parametrize("size", SIZES)
async def test_changes_screen_switches_between_the_last_commit_and_the_review_point(repo, size):
    app = OutcomesApp(repo, repo / "projects" / "hearing-support.toml")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "g")
        await shows(pilot, "0 changes since the last commit · r: since the review point")
        preview = app.screen.query_one(Preview)
        assert "No changes." in preview.text
        await press(pilot, "r")
        await shows(pilot, "1 change since review/2026-autumn · r: since the last commit")
        assert preview.text.startswith("Changes from review/2026-autumn of hearing-support.toml to now")
        assert "A 60% fall in incidents by July" in preview.text and "OP4" not in preview.text
        await press(pilot, "r")
        await shows(pilot, "0 changes since the last commit")
    # the older review point, from before the file was renamed: the rename is followed
    git(repo, "tag", "-d", "review/2026-autumn")
    app = OutcomesApp(repo, repo / "projects" / "hearing-support.toml")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await burst(pilot, "g", "r")
        await shows(pilot, "since review/2026-spring")
        text = " ".join(app.screen.query_one(Preview).text.split())
        assert "IO1 reworded" in text and "Added OP4" in text and "A 60% fall" in text


async def test_changes_screen_says_when_there_is_no_review_tag(tmp_path):
    repo = tmp_path / "r"
    init(repo)
    shutil.copy(EXAMPLE, repo / "x.toml")
    commit(repo, "first", "2026-01-01T10:00:00")
    app = OutcomesApp(repo, repo / "x.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "g", "r")
        await shows(pilot, "there is no review tag")
        assert "git tag review/2026-autumn" in words(app) and "r: since the last commit" in words(app)
        assert app.screen.query_one(Preview).text == ""
