"""Keys typed ahead of the screen, in one burst with no waits, reach what they were typed for."""

import shutil

import pytest

from tui_outcomes.app import OutcomesApp
from tui_outcomes.core.fileformat import load
from tui_outcomes.screens.logic_model import LogicModelScreen

from .apphelpers import burst, settle
from .conftest import EXAMPLE

SIZES = [(80, 24), (160, 50)]


def example_copy(tmp_path):
    path = tmp_path / "p.toml"
    shutil.copy(EXAMPLE, path)
    return path


def finals(path):
    return [e.text for e in load(path).project.stage("final_outcomes").elements]


@pytest.mark.parametrize("size", SIZES)
async def test_a_then_text_adds_an_element_and_no_letter_runs_as_a_command(tmp_path, size):
    path = example_copy(tmp_path)
    before = finals(path)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await burst(pilot, "1", "j", "a", *"Reading daily", "ctrl+s", "ctrl+s")  # d, g, i, R were commands
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        assert not app.document.dirty
    after = finals(path)
    assert after == before[:1] + ["Reading daily"] + before[1:]


async def test_long_text_then_save_keeps_every_character(tmp_path):
    path = example_copy(tmp_path)
    text = ("abcdefghij " * 150)[:1500]
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "1", "i", "ctrl+u", *text, "ctrl+s", "ctrl+s")
        await settle(pilot)
    introduction = load(path).project.stage("final_outcomes").introduction
    assert introduction.endswith(text) and len(introduction) >= 1500


async def test_enter_moves_to_the_next_field_of_the_row_form(tmp_path):
    path = example_copy(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "1", "j", "v", "a", *"S1", "enter", "enter", *"T1", "enter", *"M1", "enter", *"F1",
                          "enter", "ctrl+s")
        await settle(pilot)
    row = load(path).project.stage("final_outcomes").elements[0].evidence[-1]
    assert (row.source, row.baseline, row.target, row.data_method, row.frequency) == ("S1", "", "T1", "M1", "F1")


async def test_p_then_the_title(tmp_path):
    path = example_copy(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "p", "ctrl+u", *"New title", "ctrl+s", "ctrl+s")
        await settle(pilot)
    assert load(path).project.details.title == "New title"


async def test_save_then_quit_in_one_burst_saves_and_quits(tmp_path):
    path = example_copy(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "1", "j", "a", *"Kept", "ctrl+s", "ctrl+s", "ctrl+q")
        await settle(pilot)
    assert "Kept" in finals(path)
    assert app.return_code == 0 or app.return_code is None


def test_a_burst_through_tmux_adds_the_element_and_saves(tmp_path, user_config):
    import os
    import subprocess
    import time

    from .test_signals import Tmux

    if shutil.which("tmux") is None:
        pytest.skip("needs tmux")
    path = example_copy(tmp_path)
    env = {"TUI_OUTCOMES_STATE": os.environ["TUI_OUTCOMES_STATE"], "TUI_OUTCOMES_CONFIG": str(user_config),
           "TERM": "xterm-256color"}
    tmux = Tmux(tmp_path, env)
    try:
        pane = tmux.start(str(path))
        tmux.wait_for(pane, "Logic model")
        # one send-keys: everything arrives in one read, ahead of the screen
        tmux.keys(pane, "1", "j", "a", "Reading daily", "C-s", "C-s", "g")
        tmux.wait_for(pane, "Changes")  # g, typed after the save, acts on the saved project
        deadline = time.monotonic() + 10
        while "Reading daily" not in path.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert finals(path)[1] == "Reading daily"
    finally:
        subprocess.run(["tmux", "-L", tmux.server, "kill-server"], capture_output=True)
