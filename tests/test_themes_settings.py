"""Themes from TOML files, the user's settings file, NO_COLOR and the keymap."""

import contextlib
import os
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from tui_outcomes.core import settings
from tui_outcomes import theming
from tui_outcomes.app import OutcomesApp
from tui_outcomes.cli import main
from tui_outcomes.dialogs.text_dialog import TextDialog
from tui_outcomes.core.fileformat import load

from .apphelpers import SIZES, press, running, screen_text, settle, type_text, until
from .conftest import EXAMPLE, ROOT

SHIPPED = ["outcomes-dark", "outcomes-light", "high-contrast", "monochrome"]


def theme_file(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- theme files -------------------------------------------------------------------


def test_every_shipped_theme_reads_cleanly():
    files = theming.discover([theming.SHIPPED])
    assert sorted(f.name for f in files) == sorted(SHIPPED)
    for f in files:
        assert f.ok, f.problems
        assert f.path.stem == f.name and f.description
    assert {f.name: f.data["dark"] for f in files}["outcomes-light"] is False


@pytest.mark.parametrize("size", SIZES)
async def test_every_shipped_theme_registers_and_applies(tmp_path, size):
    app = OutcomesApp(EXAMPLE.parent, EXAMPLE)
    async with app.run_test(size=size) as pilot:
        assert app.theme == theming.DEFAULT
        for name in SHIPPED:
            assert name in app.available_themes
            app.theme = name
            await pilot.pause()
            assert app.current_theme.name == name
            assert "Final outcomes" in screen_text(app)


@pytest.mark.parametrize("text, expected", [
    ("name = 'x'\nprimary = = '#fff'\n", "bad.toml:2:11: "),
    ("name = 'x'\nprimary = 'blurple'\n", "bad.toml: primary: 'blurple' is not a colour"),
    ("primary = '#ffffff'\n", "bad.toml: name: missing"),
    ("name = 'x'\nprimry = '#ffffff'\n", "bad.toml: primry: unknown key; did you mean 'primary'?"),
    ("name = 'x'\n", "bad.toml: primary: missing"),
    ("name = 'x'\nprimary = '#ffffff'\ndark = 'yes'\n", "bad.toml: dark: must be true or false"),
    ("name = 'x'\nprimary = '#ffffff'\nvariables = { border = 3 }\n", "bad.toml: variables: must be a table"),
])
def test_bad_theme_files_are_rejected_with_file_and_field(tmp_path, text, expected):
    path = theme_file(tmp_path, "bad.toml", text)
    result = theming.read(path)
    assert not result.ok and not result.data
    assert any(expected in problem for problem in result.problems), result.problems
    assert all(problem.startswith(str(path)) for problem in result.problems)


async def test_a_bad_theme_file_is_skipped_and_reported_and_the_app_starts(tmp_path, notices):
    folder = tmp_path / "themes"
    theme_file(folder, "bad.toml", "name = 'broken'\nprimary = 'blurple'\n")
    theme_file(folder, "mine.toml", "name = 'mine'\nprimary = '#884400'\nbackground = '#101010'\n"
                                    "[variables]\nborder = '#ff0000'\n")
    app = OutcomesApp(EXAMPLE.parent, EXAMPLE, theme="mine", theme_folders=[folder])
    async with running(app, (80, 24)) as pilot:
        assert app.theme == "mine"
        assert "broken" not in app.available_themes
        messages = notices.messages()
        assert any("bad.toml: primary: 'blurple' is not a colour" in m for m in messages)
        assert "Final outcomes" in screen_text(app)


def test_a_user_theme_replaces_a_shipped_one_of_the_same_name(tmp_path):
    folder = tmp_path / "themes"
    theme_file(folder, "dark.toml", "name = 'outcomes-dark'\nprimary = '#123456'\n")
    winners = theming.usable(theming.discover([theming.SHIPPED, folder]))
    assert winners["outcomes-dark"].data["primary"] == "#123456"


def test_themes_command_lists_files_and_bad_ones(tmp_path, capsys, user_config):
    theme_file(theming.user_folder(user_config), "calm.toml", "name = 'calm'\nprimary = '#336699'\n")
    extra = tmp_path / "extra"
    theme_file(extra, "bad.toml", "name = 'x'\nprimary = 'blurple'\n")
    assert main(["themes", "--themes", str(extra)]) == 1
    out = capsys.readouterr().out
    for name in [*SHIPPED, "calm"]:
        assert name in out
    assert str(theming.SHIPPED / "high-contrast.toml") in out
    assert str(extra / "bad.toml") + ": not loaded" in out and "'blurple' is not a colour" in out
    assert main(["themes"]) == 0


def test_unknown_theme_on_the_command_line_is_a_clear_message(capsys):
    assert main(["--theme", "no-such-theme", str(EXAMPLE)]) == 2
    err = capsys.readouterr().err
    assert "there is no theme called 'no-such-theme'" in err and "high-contrast" in err


# -- settings ---------------------------------------------------------------------

keys_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@given(theme=st.none() | keys_text, folder=st.none() | keys_text, editor=st.none() | keys_text,
       keymap=st.dictionaries(keys_text, keys_text, max_size=4))
@hsettings(max_examples=60, deadline=None)
def test_settings_round_trip(tmp_path_factory, theme, folder, editor, keymap):
    path = tmp_path_factory.mktemp("s") / settings.FILE_NAME
    original = settings.Settings(theme, folder, editor, keymap)
    settings.save(path, original)
    loaded, _ = settings.load(path)
    assert loaded == original


def test_unknown_settings_are_kept_and_reported(tmp_path):
    path = tmp_path / settings.FILE_NAME
    path.write_text('theme = "monochrome"\nthem = 1\n[future]\nx = 1\n', encoding="utf-8")
    loaded, problems = settings.load(path)
    assert loaded.theme == "monochrome"
    assert any("them: unknown setting, kept as it is; did you mean 'theme'?" in p for p in problems)
    settings.save(path, loaded.replace(editor="nano"))
    again, _ = settings.load(path)
    assert again.extras == {"them": 1, "future": {"x": 1}} and again.editor == "nano"


def test_settings_with_wrong_types_are_reported_field_by_field(tmp_path):
    path = tmp_path / settings.FILE_NAME
    path.write_text('theme = 3\neditor = "vim"\nkeymap = ["x"]\n', encoding="utf-8")
    loaded, problems = settings.load(path)
    assert loaded == settings.Settings(editor="vim")
    assert any("theme: must be text" in p for p in problems)
    assert any("keymap: must be a table" in p for p in problems)


async def test_a_corrupt_settings_file_is_reported_defaults_used_and_backed_up(user_config, notices):
    path = user_config / settings.FILE_NAME
    corrupt = 'theme = "outcomes-light"\nkeymap = = 1\n'
    path.write_text(corrupt, encoding="utf-8")
    app = OutcomesApp(EXAMPLE.parent, EXAMPLE, config=user_config)
    async with running(app, (80, 24)) as pilot:
        assert app.theme == theming.DEFAULT
        assert any(f"{path}:2:" in message and "default settings" in message for title, message in notices)
        # The app remembers the folder it opened: the corrupt file is copied aside first.
    assert (user_config / "settings.toml.bak").read_text(encoding="utf-8") == corrupt
    assert settings.load(path) == (settings.Settings(last_folder=str(EXAMPLE.parent)), [])


async def test_theme_chosen_by_key_is_saved_and_used_next_time(user_config):
    app = OutcomesApp(EXAMPLE.parent, EXAMPLE, config=user_config)
    async with running(app, (80, 24)) as pilot:
        await press(pilot, "t")
        await settle(pilot)
        await type_text(pilot, "high-contrast")
        await press(pilot, "enter")
        await settle(pilot)
        assert app.theme == "high-contrast"
    assert settings.load(user_config / settings.FILE_NAME)[0].theme == "high-contrast"
    again = OutcomesApp(EXAMPLE.parent, EXAMPLE, config=user_config)
    async with again.run_test(size=(80, 24)) as pilot:
        assert again.theme == "high-contrast"
    # --theme is for one run: it neither changes nor is saved over the choice.
    once = OutcomesApp(EXAMPLE.parent, EXAMPLE, config=user_config, theme="outcomes-light")
    async with running(once, (80, 24)) as pilot:
        assert once.theme == "outcomes-light"
    assert settings.load(user_config / settings.FILE_NAME)[0].theme == "high-contrast"


async def test_a_saved_theme_that_is_gone_falls_back_with_a_message(user_config, notices):
    settings.save(user_config / settings.FILE_NAME, settings.Settings(theme="deleted-theme"))
    app = OutcomesApp(EXAMPLE.parent, EXAMPLE, config=user_config)
    async with running(app, (80, 24)) as pilot:
        assert app.theme == theming.DEFAULT
        assert any("'deleted-theme' in your settings is not installed" in message for title, message in notices)


async def test_editor_from_settings_is_used(user_config, tmp_path, monkeypatch, notices):
    script = tmp_path / "fake-editor"
    script.write_text("#!/bin/sh\nprintf 'from the editor' > \"$1\"\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", "/bin/false")
    settings.save(user_config / settings.FILE_NAME, settings.Settings(editor=str(script)))
    app = OutcomesApp(EXAMPLE.parent, EXAMPLE, config=user_config)
    # The headless test driver cannot hand the terminal over; the editor itself still runs.
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "i")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await press(pilot, "ctrl+o")
        await settle(pilot)
        assert app.screen.value == "from the editor", notices.messages()


# -- NO_COLOR ---------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_no_color_run_is_usable_and_marks_do_not_rely_on_colour(tmp_path, monkeypatch, size):
    monkeypatch.setenv("NO_COLOR", "1")
    path = tmp_path / "p.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    app = OutcomesApp(tmp_path, path)  # NO_COLOR is set before the App is built
    async with app.run_test(size=size) as pilot:
        assert app.no_color and app.theme == theming.NO_COLOR_THEME
        await press(pilot, "1", "a")
        await settle(pilot)
        await type_text(pilot, "A new outcome")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        text = screen_text(app)
        assert "● unsaved" in text          # unsaved
        assert "⚠unsupported" in text       # unlinked: nothing below supports the new outcome
        assert "▶" in text                  # the cursor
        await press(pilot, "v")               # evidence: the new element has no rows
        await settle(pilot)
        assert "⚠" in screen_text(app)
        await press(pilot, "v", "c")          # checklist: unanswered questions
        await settle(pilot)
        assert "—" in screen_text(app)
        await press(pilot, "escape", "w")     # checks: each finding carries its severity in words
        await settle(pilot)
        text = screen_text(app)
        assert "warning: FO4: no interim outcome supports it" in text and "hint: FO4" in text
        await press(pilot, "w", "ctrl+s")
        await settle(pilot)
    assert [e.text for e in load(path).project.stage("final_outcomes").elements][-1] == "A new outcome"


# -- keymap -----------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_a_keymap_override_changes_what_a_key_does(tmp_path, user_config, size):
    path = tmp_path / "p.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    settings.save(user_config / settings.FILE_NAME,
                  settings.Settings(keymap={"model.add_element": "n", "project.save": "ctrl+w"}))
    app = OutcomesApp(tmp_path, path, config=user_config)
    async with app.run_test(size=size) as pilot:
        await press(pilot, "2", "a")  # "a" no longer adds
        await settle(pilot)
        assert not isinstance(app.screen, TextDialog)
        await press(pilot, "n")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await type_text(pilot, "Added with n")
        await press(pilot, "ctrl+s", "ctrl+w")
        await settle(pilot)
        assert "n Add" in screen_text(app)  # the key bar shows the new key
    texts = [e.text for e in load(path).project.stage("interim_outcomes").elements]
    assert texts[-1] == "Added with n"


def test_multiplexer_keys_in_the_keymap_are_warned_about(tmp_path):
    path = tmp_path / settings.FILE_NAME
    path.write_text('[keymap]\n"model.links" = "ctrl+b"\n"app.help" = "f1,ctrl+a"\n', encoding="utf-8")
    loaded, problems = settings.load(path)
    assert loaded.keymap == {"model.links": "ctrl+b", "app.help": "f1,ctrl+a"}
    assert any("keymap.model.links: ctrl+b is the tmux prefix key" in p for p in problems)
    assert any("keymap.app.help: ctrl+a is the GNU screen prefix key" in p for p in problems)


async def test_unknown_binding_ids_in_the_keymap_are_reported(user_config, notices):
    settings.save(user_config / settings.FILE_NAME, settings.Settings(keymap={"model.ad_element": "n"}))
    app = OutcomesApp(EXAMPLE.parent, EXAMPLE, config=user_config)
    async with running(app, (80, 24)) as pilot:
        assert any("keymap: model.ad_element: no key binding has this id" in message for title, message in notices)


def test_readme_lists_every_binding_id():
    from tui_outcomes.app import OutcomesApp
    from tui_outcomes.keys import all_bindings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [b.id for b in all_bindings(OutcomesApp) if f"`{b.id}`" not in readme]
    assert not missing, f"README.md does not list these binding ids: {missing}"


def test_keys_command_shows_the_users_keymap(capsys, user_config):
    settings.save(user_config / settings.FILE_NAME,
                  settings.Settings(keymap={"model.links": "L", "app.help": "ctrl+b", "nope.x": "z"}))
    assert main(["keys"]) == 0
    out, err = capsys.readouterr()
    assert "keymap.app.help: ctrl+b is the tmux prefix key" in err and "nope.x: no key binding has this id" in err
    lines = {line[2:].split()[0]: line for line in out.splitlines()}
    assert lines["model.links"].startswith("* ") and " L " in lines["model.links"]
    assert " a " in lines["model.add_element"] and os.sep not in lines["model.add_element"]


async def test_settings_that_cannot_be_written_are_reported_and_the_app_goes_on(tmp_path, notices):
    config = tmp_path / "not-a-folder"
    config.write_text("", encoding="utf-8")  # the config "folder" is a file: nothing can be written there
    app = OutcomesApp(EXAMPLE.parent, EXAMPLE, config=config)
    async with running(app, (80, 24)) as pilot:
        assert not any(title == "Settings not saved" for title, message in notices)  # the folder: quietly
        await press(pilot, "t")
        await settle(pilot)
        await type_text(pilot, "monochrome")
        await press(pilot, "enter")
        await settle(pilot)
        assert app.theme == "monochrome"
        # the choice is saved once it settles (half a second after the last theme shown)
        await until(pilot, lambda: any(title == "Settings not saved" for title, message in notices),
                    "the failed save of the theme to be reported")
        assert "Final outcomes" in screen_text(app)
