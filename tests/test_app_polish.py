"""Things a new user trips over in the first week (issue: first week), each shown by driving the app."""

import shutil

from tui_outcomes.app import OutcomesApp
from tui_outcomes.core.fileformat import load
from tui_outcomes.dialogs.link_picker import LinkPicker

from .apphelpers import screen_text, settle
from .conftest import EXAMPLE


def example_copy(tmp_path):
    path = tmp_path / "p.toml"
    shutil.copy(EXAMPLE, path)
    return path


def lines_with(text: str, needle: str) -> list[str]:
    found = [line for line in text.splitlines() if needle in line]
    assert text.strip(), "the screen is empty"
    return found


async def test_link_picker_shows_cursor_and_ticks_without_colour(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    path = example_copy(tmp_path)
    project = load(path).project
    io1 = project.stage("interim_outcomes").elements[0]
    ticked = {l.id for l in io1.supports}
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "j", "l")  # in one burst: the stage, its first element, links
        await settle(pilot)
        assert isinstance(app.screen, LinkPicker)
        finals = project.stage("final_outcomes").elements
        text = screen_text(app)
        first = "[✓]" if finals[0].id in ticked else "[ ]"
        assert lines_with(text, f"▶ {first} FO1"), text
        picker = [line for line in text.splitlines() if "[✓] FO" in line or "[ ] FO" in line]
        assert len(picker) == len(finals) and sum("▶ [" in line for line in picker) == 1
        await pilot.press("down")
        await settle(pilot)
        text = screen_text(app)
        assert lines_with(text, "▶ [✓] FO2") or lines_with(text, "▶ [ ] FO2")
        assert not lines_with(text, "▶ [✓] FO1") and not lines_with(text, "▶ [ ] FO1")
        before = "[✓]" if finals[1].id in ticked else "[ ]"
        after = "[ ]" if before == "[✓]" else "[✓]"
        await pilot.press("space")
        await settle(pilot)
        assert lines_with(screen_text(app), f"▶ {after} FO2")


async def test_editing_starts_at_the_end_and_end_keys_follow_the_text(tmp_path):
    from textual import events

    from tui_outcomes.dialogs.text_dialog import TextDialog, TextEditor

    path = example_copy(tmp_path)
    long_text = "First paragraph " + "word " * 40 + "end of the first line\nSecond line"
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "i")  # the first stage's introduction, in one burst
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        editor = dialog.query_one(TextEditor)
        assert editor.has_focus
        editor.text = long_text
        editor.move_cursor((0, 0))
        await pilot.press("end")  # the end of the line as written, not of the wrapped screen line
        assert editor.cursor_location == (0, len(long_text.split("\n")[0]))
        await pilot.press("ctrl+end")
        assert editor.cursor_location == (1, len("Second line"))
        await pilot.press("ctrl+home", "ctrl+e")
        assert editor.cursor_location == (0, len(long_text.split("\n")[0]))
    # editing an existing element: the cursor starts at the end of its text
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "e")  # the first final outcome
        await settle(pilot)
        editor = app.screen.query_one(TextEditor)
        lines = editor.text.split("\n")
        assert editor.cursor_location == (len(lines) - 1, len(lines[-1]))
        await pilot.press("x")
        assert editor.text.endswith("x")
        words = " ".join(screen_text(app).split())
        assert "end end of line" in words and "end of text" in words


async def test_dialog_key_hints_name_remapped_keys(tmp_path, user_config):
    (user_config / "settings.toml").write_text('[keymap]\n"text.done" = "f9"\n"text.cancel" = "ctrl+g"\n',
                                                encoding="utf-8")
    path = example_copy(tmp_path)
    app = OutcomesApp(tmp_path, path, config=user_config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "i")
        await settle(pilot)
        words = " ".join(screen_text(app).split())
        assert "f9 done" in words and "^g cancel" in words
        assert "^s done" not in words and "esc cancel" not in words


async def test_lines_fit_at_80_columns_and_the_key_bar_says_how_to_go_back(tmp_path):
    path = example_copy(tmp_path)
    title = load(path).project.details.title
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        top = lines[0]
        assert top.startswith(title[:45])  # the title keeps most of the line
        keys = [line for line in lines if "Help" in line][-1]
        assert "esc Back" in keys and "f1 Help" in keys
        assert keys.rstrip().endswith(("Help", "Quit", "palette"))  # whole labels, none cut
        await pilot.press("v", "0")  # the evidence table, all stages: its counts wrap rather than being cut
        await settle(pilot)
        words = " ".join(screen_text(app).split())
        assert "24 rows · ⚠ 0 with gaps · 0 elements without rows" in words
        assert "esc Back" in words
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        top = screen_text(app).splitlines()[0]
        assert top.startswith(title[:30])


async def test_forms_fit_at_80x24_with_every_field_and_the_keys_in_view(tmp_path):
    path = example_copy(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await settle(pilot)
        text = screen_text(app)
        for label in ("Title", "Commissioner", "Setting and cohort", "Period", "Cycle stage", "Description",
                      "^s done", "esc cancel"):
            assert label in text, label
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("v", "j", "f")  # the evidence table, the first row, its form
        await settle(pilot)
        text = screen_text(app)
        for label in ("Source", "Baseline", "Target", "Data method", "Frequency", "Termly with interim check",
                      "^s done", "esc cancel"):
            assert label in text, label


async def test_portfolio_and_dialog_buttons_show_the_cursor_without_colour(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("a.toml", "b.toml"):
        shutil.copy(EXAMPLE, tmp_path / name)
    app = OutcomesApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = [line for line in screen_text(app).splitlines() if ".toml" in line and "✓" in line]
        assert len(rows) == 2 and rows[0].lstrip("│ ").startswith("▶") and "▶" not in rows[1]
        await pilot.press("j")
        await settle(pilot)
        rows = [line for line in screen_text(app).splitlines() if ".toml" in line and "✓" in line]
        assert "▶" not in rows[0] and rows[1].lstrip("│ ").startswith("▶")
        await pilot.press("enter", "a")  # open b.toml, add an element (the dialog opens) ...
        await settle(pilot)
        await pilot.press("x", "ctrl+s", "ctrl+q")  # ... apply it, then quit: unsaved changes are asked about
        await settle(pilot)
        def focused_button() -> str:
            line = next(line for line in screen_text(app).splitlines() if "Cancel" in line)
            assert line.count("▶") == 1, line
            return line.split("▶")[1].split()[0]

        first = focused_button()
        await pilot.press("right")
        await settle(pilot)
        assert focused_button() != first


async def test_hints_in_sentences_name_remapped_keys(tmp_path, user_config):
    from tui_outcomes.core import templates
    from tui_outcomes.core.fileformat import save

    (user_config / "settings.toml").write_text(
        '[keymap]\n"model.add_element" = "n"\n"model.edit_intro" = "I"\n"evidence.add" = "plus"\n', encoding="utf-8")
    path = tmp_path / "p.toml"
    save(path, templates.make("blank"))
    app = OutcomesApp(tmp_path, path, config=user_config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        words = " ".join(screen_text(app).replace("│", " ").split())
        assert "(no elements yet: press n to add one)" in words
        assert "press a to add" not in words and "press i)" not in words
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("x", "ctrl+s", "v")  # an element; its evidence table
        await settle(pilot)
        words = " ".join(screen_text(app).replace("│", " ").split())
        assert "no evidence rows: press + or enter to add one" in words


async def test_the_cursor_after_undo_redo_and_delete_sits_on_what_changed(tmp_path):
    from tui_outcomes.core import templates
    from tui_outcomes.core.fileformat import save
    from tui_outcomes.screens.logic_model import LogicModelScreen

    from .apphelpers import burst, press, type_text

    path = tmp_path / "p.toml"
    save(path, templates.make("blank"))
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "a")
        await settle(pilot)
        await type_text(pilot, "first")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        await burst(pilot, "ctrl+s", "1", "u")  # save; another stage; undo: back where the edit was
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LogicModelScreen)
        assert screen.focused_pane().info.key == "interim_outcomes"
        assert screen.focused_pane().selected()[0] in ("intro", "element")  # something has the cursor
        await burst(pilot, "U")  # redo: on the restored element
        await settle(pilot)
        element = app.document.project.stage("interim_outcomes").elements[0]
        assert screen.focused_pane().selected() == ("element", element.id)
        assert "▶ IO1" in screen_text(app)
        await burst(pilot, "d")  # delete the stage's last element: the cursor stays in the pane
        await settle(pilot)
        assert screen.focused_pane().selected()[0] == "intro"
        await burst(pilot, "e")  # and keys act on what it is on: the introduction's editor
        await settle(pilot)
        assert "Introduction to interim outcomes" in screen_text(app)


async def test_links_of_the_highlighted_element_show_in_the_neighbouring_panes_at_80x24(tmp_path):
    path = example_copy(tmp_path)
    project = load(path).project
    refs = project.refs()
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "j", "j", "j")  # IO3: far down its pane
        await settle(pilot)
        io3 = project.stage("interim_outcomes").elements[2]
        ids = {l.id for l in io3.supports}
        above = ", ".join(refs[e.id] for e in project.stage("final_outcomes").elements if e.id in ids)
        below = ", ".join(refs[e.id] for e in project.stage("outputs").elements
                          if io3.id in {l.id for l in e.supports})
        text = screen_text(app)
        assert f"» linked: {above}" in text  # on the final outcomes pane's border
        assert f"» linked: {below}" in text  # on the outputs pane's border
        await pilot.press("1")  # in the final outcomes pane itself: its own border names nothing
        await settle(pilot)
        assert f"» linked: {above}" not in screen_text(app)


async def test_mouse_a_click_highlights_a_double_click_edits_and_the_key_bar_clicks(tmp_path):
    from tui_outcomes.dialogs.text_dialog import TextDialog
    from tui_outcomes.screens.logic_model import LogicModelScreen
    from tui_outcomes.widgets.key_bar import KeyBar

    path = example_copy(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        pane = screen.pane("interim_outcomes")
        await pilot.click(pane, offset=(5, 2))  # a single click on IO1's line
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)  # no editor opened
        assert screen.focused_pane() is pane and pane.selected()[0] == "element"
        await pilot.click(pane, offset=(5, 2), times=2)  # a double click edits
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("escape")
        await settle(pilot)
        bar = screen.query_one(KeyBar)
        line = str(bar.render())
        await pilot.click(bar, offset=(line.index("Links"), 0))  # the key bar is clickable too
        await settle(pilot)
        assert isinstance(app.screen, LinkPicker)
