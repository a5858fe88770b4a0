"""The evidence-table editor, driven by keys: re-enter the worked example's evidence table."""

import pytest

from tui_outcomes.app import OutcomesApp
from tui_outcomes.core.fileformat import load, save
from tui_outcomes.core.model import replace
from tui_outcomes.screens.evidence import EvidenceScreen
from tui_outcomes.screens.logic_model import LogicModelScreen
from tui_outcomes.core.stages import EVIDENCE_COLUMNS

from .apphelpers import SIZES, burst, press, running, settle, screen_text, type_text
from .conftest import EXAMPLE

FIELDS = [name for name, _ in EVIDENCE_COLUMNS]


def rows_of_element(element):
    return [tuple(getattr(r, f) for f in FIELDS) for r in element.evidence]


def rows_of(project):
    return [rows_of_element(e) for _, e in project.elements()]


def without_evidence(tmp_path):
    project = load(EXAMPLE).project
    for _, element in list(project.elements()):
        project = project.with_element(replace(element, evidence=()))
    path = tmp_path / "p.toml"
    save(path, project)
    return path


@pytest.mark.parametrize("size, stage", [(SIZES[0], "0"), (SIZES[1], "1")])
async def test_re_enter_the_worked_example_evidence_table(tmp_path, size, stage):
    """Every row of the worked example typed in again through the row form: all of them at 80×24
    (stage "0", all stages shown), the final outcomes' rows at 160×50."""
    expected = load(EXAMPLE).project
    if stage == "1":
        for _, element in list(expected.elements())[len(expected.stage("final_outcomes").elements):]:
            expected = expected.with_element(replace(element, evidence=()))
    path = without_evidence(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, size) as pilot:
        await press(pilot, "v")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
        assert "no evidence rows" in screen_text(app)
        await burst(pilot, stage, "home")
        shown = expected.stage("final_outcomes").elements if stage == "1" else [e for _, e in expected.elements()]
        for element in shown:
            for row in rows_of_element(element):
                await burst(pilot, "a")
                await settle(pilot)
                for value in row:
                    await type_text(pilot, value)
                    await burst(pilot, "enter")
                await settle(pilot)
            await burst(pilot, "down")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
    entered = load(path).project
    assert rows_of(entered) == rows_of(expected)
    assert sum(map(len, rows_of(entered))) == (24 if stage == "0" else 6)
    # sources typed that the stage did not list were added to its list
    for stage in entered.stages:
        listed = set(stage.evidence_sources)
        assert {r.source for e in stage.elements for r in e.evidence} <= listed


async def test_cells_gaps_na_duplicate_reorder_and_undo(tmp_path):
    path = without_evidence(tmp_path)
    app = OutcomesApp(tmp_path, path)
    long = "A long target that goes on " * 6 + "and ends here"
    async with running(app, (80, 24)) as pilot:
        await press(pilot, "down", "v")  # FO1
        await settle(pilot)
        await press(pilot, "a")
        await settle(pilot)
        await type_text(pilot, "Attendance records")
        await press(pilot, "ctrl+s")  # half-filled: kept as typed
        await settle(pilot)
        element = lambda: app.document.project.stage("final_outcomes").elements[0]
        assert [r.source for r in element().evidence] == ["Attendance records"]
        assert "⚠" in screen_text(app)  # baseline and target are empty
        await press(pilot, "right", "e")  # baseline cell
        await settle(pilot)
        await type_text(pilot, "n/a")
        await press(pilot, "enter")
        await settle(pilot)
        await press(pilot, "right", "e")
        await settle(pilot)
        await type_text(pilot, long)
        await press(pilot, "enter")
        await settle(pilot)
        row = element().evidence[0]
        assert (row.baseline, row.target) == ("n/a", long)
        assert "ends here" in screen_text(app)  # long text wraps, nothing cut off
        await press(pilot, "D")  # duplicate
        first, second = element().evidence
        assert first.id != second.id and first.target == second.target
        await press(pilot, "e")
        await settle(pilot)
        await press(pilot, "ctrl+u")
        await type_text(pilot, "second")
        await press(pilot, "enter")
        await settle(pilot)
        ids = [r.id for r in element().evidence]
        await press(pilot, "K")  # move the second row up
        assert [r.id for r in element().evidence] == ids[::-1]
        assert [r.target for r in element().evidence] == ["second", long]
        await press(pilot, "d")
        assert [r.target for r in element().evidence] == [long]
        await press(pilot, "u")
        assert [r.id for r in element().evidence] == ids[::-1]  # ids survive reordering and undo
        await press(pilot, "ctrl+s")
        await settle(pilot)
        await press(pilot, "v")  # back to the model, on the element
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        assert app.screen.focused_pane().selected() == ("element", element().id)
    again = load(path).project.stage("final_outcomes").elements[0]
    assert [r.id for r in again.evidence] == ids[::-1]
    assert [(r.baseline, r.target) for r in again.evidence] == [("n/a", "second"), ("n/a", long)]


async def test_escape_in_the_row_form_keeps_the_draft(tmp_path):
    path = without_evidence(tmp_path)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await press(pilot, "down", "v", "a")
        await settle(pilot)
        await type_text(pilot, "Draft source")
        await press(pilot, "escape")
        await settle(pilot)
        assert "Discard your changes?" in screen_text(app)
        await press(pilot, "a")  # apply
        await settle(pilot)
        assert app.document.project.stage("final_outcomes").elements[0].evidence[0].source == "Draft source"
