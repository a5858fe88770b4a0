"""The review screen, driven by keys: readings added, edited and deleted, status shown as it changes,
saved and read back; the filter; typing ahead into the reading form; the logic model's badges."""

import re
from datetime import date

import pytest

from tui_outcomes.app import OutcomesApp
from tui_outcomes.core.fileformat import load, save
from tui_outcomes.core.model import Reading, replace
from tui_outcomes.dialogs.reading_form import ReadingForm
from tui_outcomes.dialogs.readings import ReadingsDialog
from tui_outcomes.screens.logic_model import LogicModelScreen
from tui_outcomes.screens.review import ReviewScreen

from .apphelpers import SIZES, burst, press, running, screen_text, settle, type_text
from .conftest import EXAMPLE

TODAY = date(2026, 12, 4)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    """The review is as of a fixed day, so due dates and statuses do not move with the calendar."""
    monkeypatch.setattr("tui_outcomes.screens.review.today", lambda: TODAY)


def example_without_readings():
    project = load(EXAMPLE).project
    for _, element in list(project.elements()):
        rows = tuple(replace(row, readings=()) for row in element.evidence)
        project = project.with_element(replace(element, evidence=rows))
    return project


def first_row_id(project):
    return project.stage("final_outcomes").elements[0].evidence[0].id  # FO1.1: 10 incidents → 5 (50% fewer)


def project_file(tmp_path, readings=(), row=0):
    """The worked example without readings, with ``readings`` on FO1's row ``row``."""
    project = example_without_readings()
    element = project.stage("final_outcomes").elements[0]
    row_id = element.evidence[row].id
    for reading in readings:
        project = project.add_reading(row_id, reading)
    path = tmp_path / "p.toml"
    save(path, project)
    return path


def line_of(app, ref: str) -> str:
    """The screen line of an evidence row (its reference starts the line in the list)."""
    lines = [line for line in screen_text(app).splitlines() if re.search(rf"(?<![\w.]){re.escape(ref)}(?![\w.])", line)]
    assert lines, f"{ref} is not on the screen:\n{screen_text(app)}"
    return lines[0]


async def open_review(pilot):
    await press(pilot, "r")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_add_a_reading_by_keys_see_the_status_change_save_and_read_it_back(tmp_path, size):
    path = project_file(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, size) as pilot:
        await open_review(pilot)
        assert "○ not started" in line_of(app, "FO1.1")
        await press(pilot, "a")
        await settle(pilot)
        assert isinstance(app.screen, ReadingForm)
        assert "2026-12-04" in screen_text(app)  # the date is today's to start with
        await type_text(pilot, "8 incidents")
        await press(pilot, "enter")
        await type_text(pilot, "first count [b]not markup[/b]")
        await press(pilot, "enter", "enter")  # past the status (left to be worked out): applied
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        line = line_of(app, "FO1.1")
        assert "● on track" in line and "40%" in line  # 10 → 8 of the way to 5
        assert "▄" in line  # the trend line: 40% up the scale from baseline to target
        assert "first count [b]not markup[/b]" in screen_text(app)  # the latest note, as typed
        assert "● unsaved" in screen_text(app)
        # a second, worse reading: worsening, so off track
        await press(pilot, "a")
        await settle(pilot)
        await type_text(pilot, "9")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "✖ off track" in line_of(app, "FO1.1")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "● unsaved" not in screen_text(app)
        shown = app.document.project
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        assert "FO1 ↓3 ▤2 ✖" in screen_text(app)  # the worst status of its rows, as a badge
    readings = load(path).project.find_row(first_row_id(shown))[3].readings
    assert readings == (Reading("2026-12-04", "8 incidents", "", "first count [b]not markup[/b]"),
                        Reading("2026-12-04", "9"))
    again = OutcomesApp(tmp_path, path)
    async with running(again, size) as pilot:
        assert again.document.project == shown
        await open_review(pilot)
        assert "✖ off track" in line_of(again, "FO1.1")


async def test_edit_and_delete_readings_then_undo(tmp_path):
    path = project_file(tmp_path, [Reading("2026-11-01", "8"), Reading("2026-11-20", "9", note="worse")])
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await open_review(pilot)
        row_id = first_row_id(app.document.project)
        assert "✖ off track" in line_of(app, "FO1.1")
        await press(pilot, "e")
        await settle(pilot)
        assert isinstance(app.screen, ReadingsDialog)
        text = screen_text(app)
        assert "2026-11-01  8" in text and "2026-11-20  9  — worse" in text
        await press(pilot, "enter")  # the latest, where the list starts
        await settle(pilot)
        assert isinstance(app.screen, ReadingForm)
        await type_text(pilot, "7")  # the value was selected: the paste replaces it
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReadingsDialog)  # back to the list, to go on
        assert "2026-11-20  7  — worse" in screen_text(app)
        await press(pilot, "escape")
        await settle(pilot)
        assert "● on track" in line_of(app, "FO1.1")  # improving now
        assert app.document.project.find_row(row_id)[3].readings[1] == Reading("2026-11-20", "7", "", "worse")
        await press(pilot, "e")
        await settle(pilot)
        await press(pilot, "d")
        await settle(pilot)
        await press(pilot, "d")
        await settle(pilot)
        assert "No readings yet." in screen_text(app)
        await press(pilot, "escape")
        await settle(pilot)
        assert app.document.project.find_row(row_id)[3].readings == ()
        assert "○ not started" in line_of(app, "FO1.1")
        await press(pilot, "u")
        await settle(pilot)
        assert app.document.project.find_row(row_id)[3].readings == (Reading("2026-11-01", "8"),)
        assert "● on track" in line_of(app, "FO1.1")


async def test_a_status_set_by_hand_and_bad_input_in_the_form(tmp_path):
    path = project_file(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await open_review(pilot)
        row_id = first_row_id(app.document.project)
        await press(pilot, "a")
        await settle(pilot)
        await type_text(pilot, "8")
        await press(pilot, "shift+tab")  # to the date
        await type_text(pilot, "2026-13-01")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ReadingForm)  # not applied
        assert "is not a date" in screen_text(app) and "YYYY-MM-DD" in screen_text(app)
        await type_text(pilot, "2026-11-30")  # the date field has the focus back, its text selected
        await press(pilot, "tab", "tab", "tab")
        await type_text(pilot, "going great")
        await press(pilot, "enter")
        assert isinstance(app.screen, ReadingForm)
        assert "Status: leave it empty" in screen_text(app)
        await type_text(pilot, "At risk")
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.document.project.find_row(row_id)[3].readings == (Reading("2026-11-30", "8", "at_risk"),)
        assert "▲ at risk" in line_of(app, "FO1.1")
        assert "status set by hand" in screen_text(app)
        # escape with nothing typed closes the form at once; with typed text, asks first
        await press(pilot, "a")
        await settle(pilot)
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await press(pilot, "a")
        await settle(pilot)
        await type_text(pilot, "6")
        await press(pilot, "escape")
        await settle(pilot)
        assert "Discard your changes?" in screen_text(app)
        await press(pilot, "d")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert len(app.document.project.find_row(row_id)[3].readings) == 1


async def test_the_filter_shows_only_rows_off_track_or_overdue(tmp_path):
    project = example_without_readings()
    fo1 = project.stage("final_outcomes").elements[0]
    project = project.add_reading(fo1.evidence[0].id, Reading("2026-11-01", "8"))
    project = project.add_reading(fo1.evidence[0].id, Reading("2026-11-20", "9"))  # off track
    project = project.add_reading(fo1.evidence[1].id, Reading("2026-10-01", "some"))  # weekly: overdue
    path = tmp_path / "p.toml"
    save(path, project)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await open_review(pilot)
        assert "FO2.1" in screen_text(app)
        await press(pilot, "f")
        text = screen_text(app)
        assert "showing only rows off track or overdue" in " ".join(text.split())
        assert "✖ off track" in line_of(app, "FO1.1")
        assert "⚠ overdue 2026-10-08" in line_of(app, "FO1.2")
        assert "FO2.1" not in text and "FO3" not in text
        assert "nothing off track or overdue" in text  # the stages with nothing to show say so
        await press(pilot, "f")
        assert "FO2.1" in screen_text(app)


async def test_keys_typed_ahead_open_the_form_and_go_into_it(tmp_path, monkeypatch):
    """From the logic model, in one burst: open the review, add a reading, type it, apply it, add another."""
    path = project_file(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await burst(pilot, "r", "a", "8", "enter", "o", "k", "enter", "enter", "a", "9", "ctrl+s")
        await settle(pilot)
        row_id = first_row_id(app.document.project)
        readings = app.document.project.find_row(row_id)[3].readings
        assert isinstance(app.screen, ReviewScreen), (app.screen, app.screen.focused, readings)
        assert readings == (Reading("2026-12-04", "8", "", "ok"), Reading("2026-12-04", "9"))
        assert "✖ off track" in line_of(app, "FO1.1")


async def test_review_help_and_leaving_by_r_back_at_the_element(tmp_path):
    path = project_file(tmp_path, [Reading("2026-11-01", "8")])
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await press(pilot, "2", "down", "down")  # IO2
        await open_review(pilot)
        assert app.screen.current().ref == "IO2.1"  # the review opens at the element's first row
        palette = [command.title for command in app.get_system_commands(app.screen_stack[-2])]
        assert "Review: progress and readings" in palette  # the logic model's palette finds it
        await press(pilot, "question_mark")
        await settle(pilot)
        text = screen_text(app)
        assert "Add reading" in text and "Off track" in text and "Readings" in text
        await press(pilot, "escape")
        await press(pilot, "up", "up", "up")  # back up to IO1's row
        ref = app.screen.current().element_ref
        await press(pilot, "r")
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        pane = app.screen.focused_pane()
        assert app.screen.refs[pane.selected()[1]] == ref


async def test_no_colour_shows_symbols_and_words(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    path = project_file(tmp_path, [Reading("2026-11-01", "8"), Reading("2026-11-20", "9")])
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await open_review(pilot)
        assert "✖ off track" in line_of(app, "FO1.1")
        assert "○ not started" in line_of(app, "FO1.2")
        assert "▶ FO1.1" in screen_text(app)  # the cursor, without colour
