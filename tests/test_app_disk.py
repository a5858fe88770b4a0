"""The file under an open project: changed, deleted, its folder removed, read-only; Save as; saving in
the background. Driven by keys, checked on screen and on disk."""

import shutil
import threading

from textual import events

from tui_outcomes.app import OutcomesApp
from tui_outcomes.core import templates
from tui_outcomes.core.fileformat import load, save
from tui_outcomes.dialogs.choice import ChoiceDialog

from .apphelpers import burst, press, running, screen_text, settle, type_text, until
from .conftest import EXAMPLE


def project(tmp_path, name="p.toml"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    save(path, templates.make("blank", "Reading support"))
    return path


def finals(path):
    return [e.text for e in load(path).project.stage("final_outcomes").elements]


async def add(pilot, text):
    await press(pilot, "1", "a")
    await settle(pilot)
    await type_text(pilot, text)
    await press(pilot, "ctrl+s")
    await settle(pilot)


async def buttons_fit(pilot) -> None:
    """Every button of the dialog on top shows its whole label on screen (at 80x24)."""
    app = pilot.app
    labels = [label for _, label in app.screen.choices]
    await until(pilot, lambda: labels[-1] in screen_text(app), "the dialog to be drawn")
    text = screen_text(app)
    for label in labels:
        assert label in text, (label, text)


async def test_a_change_on_disk_is_noticed_while_open_and_reload_takes_it(tmp_path):
    path = project(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        save(path, templates.make("blank", "Changed by a git pull"), force=True)
        app.post_message(events.AppFocus())
        await settle(pilot)
        assert "⚠ changed on disk" in screen_text(app).splitlines()[0]
        await press(pilot, "R")
        await settle(pilot)
        assert app.document.project.details.title == "Changed by a git pull"
        assert "changed on disk" not in screen_text(app).splitlines()[0]


async def test_with_unsaved_edits_the_change_is_noticed_and_save_asks(tmp_path):
    path = project(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await add(pilot, "mine")
        save(path, templates.make("blank", "Changed by a git pull"), force=True)
        app.check_disk()  # what the timer does every couple of seconds
        await settle(pilot)
        top = screen_text(app).splitlines()[0]
        assert "● unsaved" in top and "⚠ changed on disk" in top
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog) and "changed on disk" in screen_text(app)
        await buttons_fit(pilot)
        await press(pilot, "o")  # Overwrite
        await settle(pilot)
    assert finals(path) == ["mine"]


async def test_a_deleted_file_is_recreated_only_when_asked(tmp_path):
    path = project(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await add(pilot, "mine")
        path.unlink()
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "The file was deleted" in screen_text(app)
        await buttons_fit(pilot)
        assert not path.exists()
        await press(pilot, "r")  # Recreate
        await settle(pilot)
    assert finals(path) == ["mine"]


async def test_a_removed_folder_offers_save_as(tmp_path):
    path = project(tmp_path / "shared", "p.toml")
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await add(pilot, "rescued")
        shutil.rmtree(tmp_path / "shared")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        words = " ".join(screen_text(app).split())
        assert "The folder is gone" in words and "does not exist" in words and "unchanged" not in words
        await buttons_fit(pilot)
        await press(pilot, "s")  # Save as…
        await settle(pilot)
        await press(pilot, "ctrl+u")
        await type_text(pilot, str(tmp_path / "rescued"))
        await press(pilot, "enter")
        await settle(pilot)
        assert app.document.path == tmp_path / "rescued.toml" and not app.document.dirty
        assert "rescued.toml" in screen_text(app).splitlines()[0]
    assert finals(tmp_path / "rescued.toml") == ["rescued"]


async def test_a_read_only_file_is_written_over_only_when_asked(tmp_path):
    path = project(tmp_path)
    path.chmod(0o444)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await add(pilot, "mine")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "The file is read-only" in screen_text(app)
        await buttons_fit(pilot)
        assert finals(path) == []
        await press(pilot, "w")  # Write anyway
        await settle(pilot)
    assert finals(path) == ["mine"] and path.stat().st_mode & 0o777 == 0o444


async def test_save_as_from_the_keyboard(tmp_path):
    path = project(tmp_path)
    before = path.read_bytes()
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await add(pilot, "a copy")
        await burst(pilot, "S", "ctrl+u", *"copy", "enter")  # typed ahead of the dialog
        await settle(pilot)
    assert path.read_bytes() == before
    assert finals(tmp_path / "copy.toml") == ["a copy"]


async def test_saving_runs_beside_the_keys(tmp_path, monkeypatch):
    import tui_outcomes.core.document as document_module

    path = tmp_path / "p.toml"
    shutil.copy(EXAMPLE, path)
    gate = threading.Event()
    write = document_module.write_project

    def slow_write(*args):
        gate.wait(10)  # a big project: the write takes a while
        return write(*args)

    monkeypatch.setattr(document_module, "write_project", slow_write)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await press(pilot, "1", "j")
        await add(pilot, "during the save")
        await press(pilot, "ctrl+s")
        await press(pilot, "2")  # keys still work while the file is being written
        assert app.screen.focused_pane().info.key == "interim_outcomes"
        gate.set()
        await settle(pilot)
        assert not app.document.dirty
    assert "during the save" in finals(path)


def choice_dialogs_in_the_code():
    """(where, title, choices) of every ChoiceDialog the package opens, read from its source."""
    import ast
    from pathlib import Path

    import tui_outcomes

    found = []
    for path in sorted(Path(tui_outcomes.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node.func, "id", "") or getattr(node.func, "attr", "") if isinstance(node, ast.Call) else ""
            if name in ("ChoiceDialog", "ask") and len(node.args) == 3:
                try:
                    choices = ast.literal_eval(node.args[2])
                except ValueError:
                    continue
                found.append((f"{path.name}:{node.lineno}", choices))
    return found


async def test_every_choice_dialog_shows_every_button_whole_at_80x24_and_large(tmp_path):
    dialogs = choice_dialogs_in_the_code()
    assert len(dialogs) >= 8  # the unsaved, comments, conflict, deleted, read-only, folder, discard, replace …
    long_message = "An explanation of what each choice does, as long as the longest in the app, " * 3
    path = project(tmp_path)
    for size in [(80, 24), (200, 60)]:
        app = OutcomesApp(tmp_path, path)
        async with running(app, size) as pilot:
            for where, choices in dialogs:
                app.push_screen(ChoiceDialog("A question", long_message, choices))
                await settle(pilot)
                await buttons_fit(pilot)
                app.pop_screen()
                await settle(pilot)
