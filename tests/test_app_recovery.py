"""Never lose a keystroke, in the app: the recovery copy follows unsaved edits; reopening offers it."""

import os
import socket

import pytest

from tui_outcomes import recovery
from tui_outcomes.app import OutcomesApp
from tui_outcomes.core import fileformat, journal
from tui_outcomes.dialogs.recovery import RecoveryDialog
from tui_outcomes.screens.logic_model import LogicModelScreen
from tui_outcomes.screens.portfolio import PortfolioScreen

from .apphelpers import SIZES, screen_text, settle, type_text
from .conftest import EXAMPLE
from .test_journal import copy_example, dead_pid


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(recovery, "DELAY", 0.05)  # the debounce, shortened for tests


async def until(pilot, condition, tries: int = 200):
    """Let the app run until ``condition()`` holds (the copy is written in a thread after a timer)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the condition never held")


def left_copy(path, project, based_on, pid=None):
    """A copy as a session that ended left it: written by a process that is no longer running."""
    box = journal.Journal(path)
    box.write(project, based_on)
    ended = box.file.with_name(f"{journal.key(path)}.{pid or dead_pid()}.toml")
    box.file.rename(ended)
    return ended


async def add(pilot, text):
    await pilot.press("a")
    await settle(pilot)
    await type_text(pilot, text)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_edits_get_a_copy_that_saving_removes(tmp_path):
    path = copy_example(tmp_path)
    on_disk = path.read_bytes()
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await add(pilot, "Pupils [read] daily")
        copies = lambda: journal.copies(path)  # noqa: E731
        await until(pilot, copies)
        assert path.read_bytes() == on_disk  # the project file is never written by the journal
        assert journal.read(copies()[0]).project == app.document.project
        await pilot.press("u")  # undone back to the file: nothing unsaved, no copy
        await until(pilot, lambda: not copies())
        await pilot.press("U")
        await until(pilot, copies)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.document.dirty and copies() == []
        assert b"Pupils [read] daily" in path.read_bytes()


async def test_discarding_at_quit_removes_the_copy(tmp_path):
    path = copy_example(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await add(pilot, "Thrown away")
        await until(pilot, lambda: journal.copies(path))
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("d")  # Discard changes
        await settle(pilot)
    assert journal.copies(path) == [] and b"Thrown away" not in path.read_bytes()


@pytest.mark.parametrize("size", SIZES)
async def test_reopening_offers_the_copy_and_restores_it_as_unsaved_undoable_edits(tmp_path, size):
    path = copy_example(tmp_path)
    loaded = fileformat.load(path)
    edited = loaded.project.add_element("outputs", "Weekly [bold]reading[/] clubs")[0]
    copy = left_copy(path, edited, loaded.digest)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RecoveryDialog)
        text = screen_text(app)
        assert "Recover unsaved edits to plan.toml?" in text and "changed since" not in text
        assert "Added OP4 “Weekly [bold]reading[/] clubs”" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        assert app.document.project == edited and app.document.dirty
        assert "● unsaved" in screen_text(app) and "3 Outputs (4)" in screen_text(app)
        assert path.read_bytes() == EXAMPLE.read_bytes()
        assert copy.exists()  # kept (and written on) until the edits are saved
        await pilot.press("u")
        await settle(pilot)
        assert app.document.project == loaded.project and not app.document.dirty
        await pilot.press("U", "ctrl+s")
        await settle(pilot)
        assert fileformat.load(path).project == edited
        assert journal.copies(path) == []


async def test_discard_removes_the_copy_and_later_keeps_it(tmp_path):
    path = copy_example(tmp_path)
    loaded = fileformat.load(path)
    edited = loaded.project.with_details(title="Edited title")
    copy = left_copy(path, edited, loaded.digest)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Title changed: “" in screen_text(app)
        await pilot.press("l")  # Later: the copy stays, the project is not opened
        await settle(pilot)
        assert isinstance(app.screen, PortfolioScreen) and app.document is None
        assert copy.exists()
        await until(pilot, lambda: "unsaved edits kept from a session that ended" in screen_text(app))  # the folder is read in a thread
        assert "↺  plan.toml" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecoveryDialog)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen) and not app.document.dirty
        assert not copy.exists() and app.document.project == loaded.project


async def test_recovery_when_the_file_changed_meanwhile(tmp_path):
    path = copy_example(tmp_path)
    loaded = fileformat.load(path)
    edited = loaded.project.add_element("inputs", "Buy the books")[0]
    left_copy(path, edited, loaded.digest)
    pulled = loaded.project.with_details(title="Pulled from git")
    fileformat.save(path, pulled, force=True)  # a git pull after the session ended
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "plan.toml itself has changed since" in text and "Added IN4" in text
        await pilot.press("enter")  # restore all the same
        await settle(pilot)
        assert app.document.project == edited and app.document.dirty
        await pilot.press("ctrl+s")  # the save notices the file is not the one the edits were made on
        await settle(pilot)
        assert "The file changed on disk" in screen_text(app)
        assert fileformat.load(path).project == pulled
        await pilot.press("o")  # overwrite it with the restored edits
        await settle(pilot)
        assert fileformat.load(path).project == edited and journal.copies(path) == []


async def test_a_project_open_in_another_session_says_who_has_it(tmp_path):
    path = copy_example(tmp_path)
    holder = journal.Presence(path)
    holder.file.parent.mkdir(parents=True)
    other = holder.file.with_name(f"{journal.key(path)}.{os.getppid()}.toml")
    other.write_text(f'host = "{socket.gethostname()}"\npid = {os.getppid()}\nsince = "2026-11-25T09:30:00+00:00"\n',
                     encoding="utf-8")
    # and a copy from that running session is not offered as if it had ended
    left_copy(path, fileformat.load(path).project.with_details(title="Theirs"), None, pid=os.getppid())
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Open in another tui-outcomes" in text
        assert f"process {os.getppid()} on {socket.gethostname()}, since 09:30" in text.replace("\n", " ") \
            or str(os.getppid()) in text
        assert holder.file.exists()  # this session says it has the project too
        await pilot.press("enter")  # go on
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen) and not app.document.dirty
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert not holder.file.exists() and other.exists()
