"""Files and text from someone else: nothing crashes, nothing reaches the terminal to be obeyed."""

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from tui_outcomes.cli import main
from tui_outcomes.core import export, fileformat as ff
from tui_outcomes.core.model import Project
from tui_outcomes.core.portfolio import scan
from tui_outcomes.core.textsafe import is_safe

from .conftest import EXAMPLE

BASE = EXAMPLE.read_text(encoding="utf-8")
ESCAPES = "\x1b]0;owned\x07 \x1b[2J \x1bP1$r\x1b\\ \x1b]52;c;aGk=\x07 \u202eevil\u202c \u200bzero\u2060 \x9b31m"

# Found by benchmarks/fuzz.py and by hand: each once ended in a traceback.
CRASHERS = {
    "number of 5,000 digits": BASE.replace("format = 1", "format = 1\nx_big = " + "1" * 5000, 1),
    "arrays 2,000 deep": BASE.replace("format = 1", "format = 1\nx_deep = " + "[" * 2000 + "]" * 2000, 1),
    "inline tables 500 deep": BASE.replace("format = 1", "format = 1\nx_deep = " + "{a=" * 500 + "1" + "}" * 500, 1),
    "dotted key of 1,000 parts": BASE.replace("format = 1", "format = 1\n" + ".".join(["x_a"] * 1000) + " = 1", 1),
    "x_ value 300 deep (loaded, then could not be saved)":
        BASE.replace("format = 1", "format = 1\nx_deep = " + "[" * 300 + "]" * 300, 1),
}


@pytest.mark.parametrize("name", CRASHERS)
def test_files_that_crashed_get_a_clear_message(name, tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(CRASHERS[name], encoding="utf-8")
    with pytest.raises(ff.ProjectFileError) as info:
        ff.load(path)
    assert info.value.problems and all(p.message for p in info.value.problems)
    for command in (["check", str(path)], ["export", str(path)], ["fmt", "--check", str(path)], ["fmt", str(path)]):
        assert main(command) == 1, command
        out, err = capsys.readouterr()
        assert str(path) in out + err and "Traceback" not in out + err
    assert path.read_text(encoding="utf-8") == CRASHERS[name]  # untouched
    (entry,) = scan(tmp_path)  # the portfolio marks it and carries on
    assert not entry.ok and entry.problems


def test_no_traceback_from_the_command_itself(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text(CRASHERS["arrays 2,000 deep"], encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tui_outcomes", "check", str(path)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "nested too deeply" in result.stdout and "Traceback" not in result.stdout + result.stderr


def hostile_project():
    project = ff.load(EXAMPLE).project
    element = project.stage("final_outcomes").elements[0]
    project = project.with_element_text(element.id, f"Fewer incidents {ESCAPES}")
    project = project.with_details(title=f"Title {ESCAPES}")
    return project.with_row(element.evidence[0].id, baseline=f"10 {ESCAPES}")


def test_control_characters_never_get_into_a_project(tmp_path):
    project = hostile_project()
    title = project.details.title
    assert "\x1b" not in title and "\x07" not in title and "\x9b" not in title  # removed on the way in
    assert "\u202e" in title and "\u200b" in title  # direction and zero-width characters are text
    path = tmp_path / "h.toml"
    path.write_text(BASE.replace('title = "Behaviour', 'title = "\\u001b]0;owned\\u0007Behaviour', 1),
                    encoding="utf-8")
    with pytest.raises(ff.ProjectFileError) as info:
        ff.load(path)
    assert info.value.problems[0].format(str(path)) == (
        f"{path}:4: project.title: holds a control character (U+001B), which a terminal would obey: remove it "
        "(only tab and line breaks are allowed in text)")


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_show_invisible_characters_wherever_they_go(fmt, tmp_path, capsys):
    project = hostile_project()
    rendered = export.render(project, fmt)
    assert is_safe(rendered) and "<U+202E>evil<U+202C>" in rendered and "<U+200B>" in rendered
    path = tmp_path / "h.toml"
    ff.save(path, project)
    assert main(["export", str(path), "-f", fmt]) == 0  # stdout is a pipe here, not a terminal
    assert is_safe(capsys.readouterr().out)
    assert main(["export", str(path), "-f", fmt, "-o", str(tmp_path / "out")]) == 0
    assert is_safe((tmp_path / "out").read_text(encoding="utf-8"))


def test_csv_and_json_keep_the_data_exactly(tmp_path, capsys):
    import csv
    import io

    project = hostile_project()
    baseline = project.stage("final_outcomes").elements[0].evidence[0].baseline
    path = tmp_path / "h.toml"
    ff.save(path, project)
    assert main(["export", str(path), "-f", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert any(cell == baseline for row in rows for cell in row)
    bad = tmp_path / "x\u202e.toml"  # a name with an override: JSON keeps it, escaped
    ff.save(bad, Project())  # an empty model: warnings name the file
    assert main(["check", "--format", "json", str(bad)]) == 0
    out = capsys.readouterr().out
    assert is_safe(out) and "\\u202e" in out
    json.loads(out)


def test_file_names_are_shown_not_obeyed(tmp_path, capsys):
    path = tmp_path / "x\x1b]0;owned\x07.toml"
    path.write_text(BASE.replace("format = 1\n", "format = 1\n\n\n", 1), encoding="utf-8")
    assert main(["fmt", "--check", str(path)]) == 1
    assert main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "would be reformatted" in out and is_safe(out) and is_safe(err)
    assert "␛]0;owned␇" in out


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_hostile_values_give_a_clean_error_or_a_project_that_saves(data):
    kind = data.draw(st.sampled_from(["deep", "int", "dotted", "bytes"]))
    n = data.draw(st.integers(1, 1200))
    if kind == "deep":
        open_, close = data.draw(st.sampled_from([("[", "]"), ("{a=", "}")]))
        value = open_ * n + ("1" if open_ != "[" else "") + close * n
        text = BASE.replace("format = 1", f"format = 1\nx_v = {value}", 1)
    elif kind == "int":
        text = BASE.replace("format = 1", "format = 1\nx_v = " + "9" * n * 5, 1)
    elif kind == "dotted":
        text = BASE.replace("format = 1", "format = 1\n" + ".".join(["x_a"] * n) + " = 1", 1)
    else:
        raw = bytearray(BASE.encode("utf-8"))
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
        text = raw.decode("utf-8", "replace")
    try:
        project = ff.parse(text, "h.toml")
    except ff.ProjectFileError as exc:
        assert exc.problems
    else:
        assert ff.parse(ff.dumps(project)) == project  # what loads, saves


async def test_resizing_never_crashes_and_keys_still_work(tmp_path):
    import random
    import shutil

    from textual.events import Resize
    from textual.geometry import Size

    from tui_outcomes.app import OutcomesApp
    from tui_outcomes.screens.logic_model import LogicModelScreen

    path = tmp_path / "p.toml"
    shutil.copy(EXAMPLE, path)
    app = OutcomesApp(tmp_path, path)
    rng = random.Random(3)
    async with app.run_test(size=(80, 24)) as pilot:
        for size in [(120, 30), (23, 9), (80, 24)]:  # the sequence that crashed
            await pilot.resize_terminal(*size)
            await pilot.pause()
        for i in range(300):  # a storm: resizes arrive faster than the screen is laid out, keys between
            size = Size(rng.randint(20, 250), rng.randint(8, 80))
            app.post_message(Resize(size, size))
            if i % 10 == 0:
                await pilot.press(rng.choice(["j", "k", "2", "3", "down", "up"]))
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LogicModelScreen)  # running, and back from "too small"
        await pilot.press("1", "home", "j")
        await pilot.pause()
        assert app.screen.focused_pane().info.key == "final_outcomes"
        assert app.screen.focused_pane().selected()[0] == "element"


async def test_pasted_control_characters_never_reach_the_field_or_the_project(tmp_path):
    import shutil

    from textual import events

    from tui_outcomes.app import OutcomesApp
    from tui_outcomes.widgets.text_fields import TextEditor, TextInput

    from .apphelpers import settle

    path = tmp_path / "p.toml"
    shutil.copy(EXAMPLE, path)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await settle(pilot)
        editor = app.screen.query_one(TextEditor)
        app.post_message(events.Paste("Reading \x1b]0;owned\x07better\x1b[2J by July"))
        await settle(pilot)
        assert editor.text == "Reading ]0;ownedbetter[2J by July"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("p")  # a one-line field too
        await settle(pilot)
        field = app.screen.query_one("#field-title", TextInput)
        app.post_message(events.Paste(" \x9b31mX"))
        await settle(pilot)
        assert "\x9b" not in field.value and field.value.endswith(" 31mX")
        await pilot.press("ctrl+s", "ctrl+s")
        await settle(pilot)
    text = path.read_text(encoding="utf-8")
    assert "Reading ]0;ownedbetter[2J by July" in text and "\\u001b" not in text and "\\u009b" not in text


def test_in_tmux_no_file_or_text_retitles_the_pane(tmp_path, user_config):
    import os
    import shutil

    from .test_signals import Tmux

    if shutil.which("tmux") is None:
        pytest.skip("needs tmux")
    folder = tmp_path / "projects"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "a\x1b]2;owned-by-name\x07.toml")  # a file name that would set the title
    (folder / "b.toml").write_text(  # text that would set the title: refused, and shown as a problem
        BASE.replace('title = "Behaviour', 'title = "\\u001b]2;owned-by-text\\u0007Behaviour', 1), encoding="utf-8")
    env = {"TUI_OUTCOMES_STATE": os.environ["TUI_OUTCOMES_STATE"], "TUI_OUTCOMES_CONFIG": str(user_config),
           "TERM": "xterm-256color"}
    tmux = Tmux(tmp_path, env)
    try:
        pane = tmux.start(str(folder))
        screen = tmux.wait_for(pane, "b.toml")
        assert "a␛]2;owned" in screen
        tmux.keys(pane, "Enter")  # open a…: its name is in the title line
        tmux.wait_for(pane, "Logic model")
        tmux.keys(pane, "j", "e")  # and its first element's text in the editor
        tmux.wait_for(pane, "esc cancel")
        tmux.keys(pane, "Escape", "Escape")
        tmux.wait_for(pane, "Projects")
        tmux.keys(pane, "j", "Enter")  # b.toml: its problem, with the field and line
        screen = tmux.wait_for(pane, "control character")
        assert "project.title" in screen
        title = tmux("display", "-p", "-t", pane, "#{pane_title}")
        assert "owned" not in title
    finally:
        subprocess.run(["tmux", "-L", tmux.server, "kill-server"], capture_output=True)


async def test_the_portfolio_marks_files_that_crashed_and_the_rest_open(tmp_path):
    import shutil

    from tui_outcomes.app import OutcomesApp
    from tui_outcomes.dialogs.problems import ProblemsDialog
    from tui_outcomes.screens.logic_model import LogicModelScreen

    from .apphelpers import screen_text, settle

    for i, text in enumerate(CRASHERS.values()):
        (tmp_path / f"bad{i}.toml").write_text(text, encoding="utf-8")
    shutil.copy(EXAMPLE, tmp_path / "good.toml")
    app = OutcomesApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        rows = [line for line in text.splitlines() if "cannot be read: 1" in line]
        assert sum("✗" in line for line in rows) == len(CRASHERS) and "good.toml" in text
        await pilot.press("enter")  # bad0: its problem, with the line
        await settle(pilot)
        assert isinstance(app.screen, ProblemsDialog)
        assert "more digits than can be read" in " ".join(screen_text(app).split())
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press(*["j"] * len(CRASHERS), "enter")  # the good one, last, still opens
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
