"""The app driven by keys alone: build a model from the blank template, save, and read the file back."""

import shutil
from pathlib import Path

import pytest

from tui_outcomes.core import templates
from tui_outcomes.app import OutcomesApp
from tui_outcomes.core.fileformat import load, save
from tui_outcomes.screens.logic_model import LogicModelScreen

from .apphelpers import SIZES, burst, press, running, settle, screen_text, type_keys, type_text
from .conftest import EXAMPLE

ELEMENTS = {
    "final_outcomes": ["Pupils reach KS2 reading level by July", "[bold]Attendance[/] rises to 96%"],
    "interim_outcomes": ["Pupils read aloud with confidence", "Parents read with children weekly"],
    "outputs": ["Weekly small-group sessions delivered", "Training for teaching assistants"],
    "inputs": ["Write the specification \\ brief", "Tender and award the contract"],
}


def blank(tmp_path: Path) -> Path:
    path = tmp_path / "p.toml"
    save(path, templates.make("blank"))
    return path


async def add_element(pilot, stage_number: int, text: str, typing=type_text) -> None:
    await press(pilot, str(stage_number), "a")
    await settle(pilot)
    await typing(pilot, text)
    await press(pilot, "ctrl+s")
    await settle(pilot)


@pytest.mark.parametrize("size, typing", [(SIZES[0], type_keys), (SIZES[1], type_text)])
async def test_build_a_model_from_blank_by_keyboard(tmp_path, size, typing):
    """Every kind of text field, filled in: key by key at 80×24, pasted at 160×50."""
    path = blank(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, size) as pilot:
        assert isinstance(app.screen, LogicModelScreen)

        # project details
        await press(pilot, "p")
        await settle(pilot)
        await press(pilot, "ctrl+u")
        await typing(pilot, "Reading support")
        await press(pilot, "tab")
        await typing(pilot, "Anyshire LA")
        await press(pilot, "tab")
        await typing(pilot, "Year 5 pupils with HI")
        await press(pilot, "tab")
        await typing(pilot, "2026-27")
        await press(pilot, "tab", "enter")  # open the cycle-stage list
        await settle(pilot)
        await press(pilot, "down", "down", "enter")  # understand, plan
        await settle(pilot)
        await press(pilot, "tab")
        await typing(pilot, "Why we commission this.\nSecond line.")
        await press(pilot, "ctrl+s")
        await settle(pilot)

        # two elements and a source per stage
        for number, (key, texts) in enumerate(ELEMENTS.items(), 1):
            for text in texts:
                await add_element(pilot, number, text, typing)
            await press(pilot, "s")
            await settle(pilot)
            await typing(pilot, f"Source for {key}")
            await press(pilot, "enter")
            await settle(pilot)

        # links: the second element of each lower stage supports both elements above,
        # the first supports the first, with a reason
        for number in (2, 3, 4):
            await press(pilot, str(number))
            await press(pilot, "home", "down")  # the first element, after the introduction line
            await press(pilot, "l")
            await settle(pilot)
            await press(pilot, "space", "tab")
            await typing(pilot, "it leads there")
            await press(pilot, "ctrl+s")
            await settle(pilot)
            await press(pilot, "down", "l")
            await settle(pilot)
            await press(pilot, "space", "down", "space", "ctrl+s")
            await settle(pilot)

        assert "● unsaved" in screen_text(app)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "● unsaved" not in screen_text(app)

    project = load(path).project
    d = project.details
    assert (d.title, d.commissioner, d.setting, d.period, d.cycle_stage) == (
        "Reading support", "Anyshire LA", "Year 5 pupils with HI", "2026-27", "plan")
    assert d.description == "Why we commission this.\nSecond line."
    for key, texts in ELEMENTS.items():
        stage = project.stage(key)
        assert [e.text for e in stage.elements] == texts
        assert stage.evidence_sources == (f"Source for {key}",)
    keys = list(ELEMENTS)
    for lower, upper in zip(keys[1:], keys):
        first, second = project.stage(lower).elements
        above = [e.id for e in project.stage(upper).elements]
        assert [(l.id, l.because) for l in first.supports] == [(above[0], "it leads there")]
        assert [l.id for l in second.supports] == above
    assert app.document is not None and not app.document.dirty


async def test_markup_and_control_characters_show_literally(tmp_path):
    project = templates.make("blank")
    project, _ = project.add_element("final_outcomes", "[bold]x[/] [link=x]y \\ tab\there \u202eevil\u202c zero\u200bwidth")
    path = tmp_path / "m.toml"
    save(path, project.with_details(title="[red]Title[/red]"))
    app = OutcomesApp(tmp_path, path)
    async with running(app, (120, 30)) as pilot:
        await press(pilot, "down")
        await settle(pilot)
        shown = screen_text(app)
        assert "[red]Title[/red]" in shown
        assert "[bold]x[/] [link=x]y \\" in shown
        assert "<U+202E>evil<U+202C>" in shown and "zero<U+200B>width" in shown
        assert "\u202e" not in shown and "\u200b" not in shown


async def test_undo_redo_and_unsaved_marker(tmp_path):
    path = blank(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await add_element(pilot, 1, "one")
        await add_element(pilot, 1, "two")
        stage = lambda: [e.text for e in app.document.project.stage("final_outcomes").elements]
        assert stage() == ["one", "two"]
        await press(pilot, "K")  # move "two" up
        assert stage() == ["two", "one"]
        await press(pilot, "u")
        assert stage() == ["one", "two"]
        await press(pilot, "u", "u")
        assert stage() == []
        assert "● unsaved" not in screen_text(app)
        await press(pilot, "U")
        assert stage() == ["one"]
        await press(pilot, "ctrl+y", "ctrl+y")
        assert stage() == ["two", "one"]
        assert "● unsaved" in screen_text(app)
        await press(pilot, "1", "home", "down", "d")  # the first element
        assert stage() == ["one"]
        await press(pilot, "u")
        assert stage() == ["two", "one"]


async def test_moves_and_undos_sent_in_bursts(tmp_path):
    """Keys that arrive faster than the app handles them (a held key, fast typing) are all applied,
    in order. (How many steps undo keeps is tested on the Document itself: test_document.py.)"""
    path = blank(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app) as pilot:
        await add_element(pilot, 1, "x")
        await add_element(pilot, 1, "y")
        await burst(pilot, *["K", "J"] * 10)  # 20 edits: move "y" up, then down again
        assert len(app.document.undo_stack) == 22
        await burst(pilot, *["u"] * 22)
        assert app.document.project == templates.make("blank")
        assert not app.document.dirty
        await burst(pilot, *["U"] * 3)
        assert [e.text for e in app.document.project.stage("final_outcomes").elements] == ["y", "x"]


async def test_leaving_with_unsaved_changes_asks(tmp_path):
    path = blank(tmp_path)
    before = path.read_bytes()
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await add_element(pilot, 1, "unsaved work")
        await press(pilot, "escape")
        await settle(pilot)
        assert "Unsaved changes" in screen_text(app)
        await press(pilot, "c")  # cancel: stay
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        await press(pilot, "ctrl+q")
        await settle(pilot)
        await press(pilot, "c")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, LogicModelScreen)
        await press(pilot, "escape")
        await settle(pilot)
        await press(pilot, "d")  # discard
        await settle(pilot)
        assert type(app.screen).__name__ == "PortfolioScreen"
    assert path.read_bytes() == before


async def test_quit_can_save_first(tmp_path):
    path = blank(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await add_element(pilot, 2, "saved on the way out")
        await press(pilot, "ctrl+q")
        await settle(pilot)
        await press(pilot, "s")
        await settle(pilot)
    assert not app.is_running
    assert [e.text for e in load(path).project.stage("interim_outcomes").elements] == ["saved on the way out"]


async def test_file_changed_on_disk_asks_before_overwriting(tmp_path):
    path = blank(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await add_element(pilot, 1, "mine")
        other = templates.make("blank", "Changed by a git pull")
        save(path, other, force=True)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "The file changed on disk" in screen_text(app)
        await press(pilot, "c")
        await settle(pilot)
        assert load(path).project == other  # nothing written
        await press(pilot, "ctrl+s")
        await settle(pilot)
        await press(pilot, "r")  # reload
        await settle(pilot)
        assert app.document.project == other and not app.document.dirty
        await press(pilot, "u")  # the reload can be undone
        assert [e.text for e in app.document.project.stage("final_outcomes").elements] == ["mine"]
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "The file changed on disk" not in screen_text(app)
    assert [e.text for e in load(path).project.stage("final_outcomes").elements] == ["mine"]


async def test_overwrite_after_conflict(tmp_path):
    path = blank(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await add_element(pilot, 1, "mine")
        save(path, templates.make("blank", "theirs"), force=True)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        await press(pilot, "o")
        await settle(pilot)
    assert [e.text for e in load(path).project.stage("final_outcomes").elements] == ["mine"]


async def test_escape_in_a_text_dialog_keeps_typed_text_unless_discarded(tmp_path):
    path = blank(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await press(pilot, "a")
        await settle(pilot)
        await type_text(pilot, "draft")
        await press(pilot, "escape")
        await settle(pilot)
        assert "Discard your changes?" in screen_text(app)
        await press(pilot, "k")  # keep editing
        await settle(pilot)
        await type_text(pilot, " more")
        await press(pilot, "escape")
        await settle(pilot)
        await press(pilot, "a")  # apply
        await settle(pilot)
        assert [e.text for e in app.document.project.stage("final_outcomes").elements] == ["draft more"]


async def test_too_small_then_recovers(tmp_path):
    path = blank(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (50, 15)) as pilot:
        assert "Terminal too small: 50×15, needs at least 60×18" in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        assert "Terminal too small" not in screen_text(app)


async def test_wide_layout_four_columns_and_widen(tmp_path):
    app = OutcomesApp(tmp_path, Path(__file__).parent.parent / "projects" / "worked-example.toml")
    async with running(app, (160, 50)) as pilot:
        panes = list(app.screen.query("StagePane"))
        assert len({p.region.y for p in panes}) == 1  # one row
        assert [p.region.x for p in panes] == sorted(p.region.x for p in panes)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert len({p.region.y for p in panes}) == 2  # two rows of two
        await press(pilot, "3", "z")
        await settle(pilot)
        visible = [p for p in panes if p.display]
        assert [p.info.key for p in visible] == ["outputs"] and visible[0].region.width >= 78


async def test_links_are_highlighted_in_neighbouring_panes(tmp_path):
    app = OutcomesApp(tmp_path, Path(__file__).parent.parent / "projects" / "worked-example.toml")
    async with running(app, (160, 50)) as pilot:
        await press(pilot, "2", "down")  # IO1: supports FO1, FO3; supported by OP1, OP3
        await settle(pilot)
        final = app.screen.pane("final_outcomes")
        outputs = app.screen.pane("outputs")
        refs = app.screen.refs
        assert sorted(refs[i] for i in final.related) == ["FO1", "FO3"]
        assert sorted(refs[i] for i in outputs.related) == ["OP1", "OP3"]
        assert "» FO1" in screen_text(app)


async def test_saving_warns_about_every_comment_even_after_a_value(tmp_path):
    path = tmp_path / "c.toml"
    save(path, templates.make("blank"))
    path.write_text(path.read_text(encoding="utf-8").replace("format = 1\n", "format = 1  # our note\n", 1),
                    encoding="utf-8")
    app = OutcomesApp(tmp_path, path)
    async with running(app) as pilot:
        await add_element(pilot, 1, "kept")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "Comments will be removed" in screen_text(app) and "1 hand-written comment" in screen_text(app)
        await press(pilot, "c")  # cancel: nothing written
        await settle(pilot)
        assert "# our note" in path.read_text(encoding="utf-8")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        await press(pilot, "s")  # save anyway
        await settle(pilot)
    assert "#" not in path.read_text(encoding="utf-8")
    assert [e.text for e in load(path).project.stage("final_outcomes").elements] == ["kept"]


async def test_saving_changes_the_title_line_only(tmp_path, monkeypatch):
    """A save redraws the unsaved mark: no pane is rebuilt and the checks are not run again."""
    from tui_outcomes.core import checks

    path = blank(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app) as pilot:
        await add_element(pilot, 2, "saved once")
        assert "● unsaved" in screen_text(app)
        panes = app.screen.panes()
        options = [[pane.get_option_at_index(i) for i in range(pane.option_count)] for pane in panes]
        runs = []
        smart = checks._element_smart  # the SMART rules, run on one element
        monkeypatch.setattr(checks, "_element_smart", lambda element, *context: runs.append(element.text)
                            or smart(element, *context))
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "● unsaved" not in screen_text(app) and not app.document.dirty
        assert all(a is b for before, pane in zip(options, panes)
                   for a, b in zip(before, (pane.get_option_at_index(i) for i in range(pane.option_count))))
        assert runs == []
        await add_element(pilot, 2, "then edited")
        assert runs == ["then edited"]  # an edit runs them on what it changed
    assert [e.text for e in load(path).project.stage("interim_outcomes").elements] == ["saved once"]


async def test_an_edit_redraws_only_the_panes_it_changed(tmp_path):
    """Adding an unlinked interim outcome rebuilds its pane (new element, new count) and no other; linking it
    to a final outcome rebuilds the final outcomes too (a badge there changes), and the badges are right."""
    path = tmp_path / "p.toml"
    shutil.copy(EXAMPLE, path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, size=(160, 50)) as pilot:
        def options():
            return {pane.info.key: [pane.get_option_at_index(i) for i in range(pane.option_count)]
                    for pane in app.screen.panes()}

        def rebuilt(before):
            now = options()
            return sorted(key for key in now if len(now[key]) != len(before[key])
                          or any(a is not b for a, b in zip(now[key], before[key])))

        before = options()
        await add_element(pilot, 2, "Pupils feel safe in class")
        assert rebuilt(before) == ["interim_outcomes"]
        assert "IO4 ↑0 ↓0 ▤0 ⚠unlinked ⚠unsupported" in screen_text(app)
        before = options()
        await press(pilot, "l")
        await settle(pilot)
        await press(pilot, "space", "ctrl+s")  # link it to FO1
        await settle(pilot)
        assert rebuilt(before) == ["final_outcomes", "interim_outcomes"]
        fo1 = app.document.project.stage("final_outcomes").elements[0]
        assert app.document.project.find(app.screen.focused_pane().selected()[1])[2].supports_ids() == [fo1.id]
        assert "↓4" in screen_text(app).split("FO1", 1)[1].split("\n")[0]
