"""The pro-forma checklist screen, driven by keys: answers, text, case studies, save and reload."""

import pytest

from tui_outcomes.core import templates
from tui_outcomes.app import OutcomesApp
from tui_outcomes.core.export import render
from tui_outcomes.core.fileformat import load, save
from tui_outcomes.core.model import Answer, CaseStudy
from tui_outcomes.screens.checklist import ChecklistScreen
from tui_outcomes.screens.logic_model import LogicModelScreen

from .apphelpers import SIZES, press, running, settle, screen_text, type_text


@pytest.mark.parametrize("size", SIZES)
async def test_answer_both_sections_and_add_a_case_study(tmp_path, size):
    path = tmp_path / "p.toml"
    save(path, templates.make("blank"))
    app = OutcomesApp(tmp_path, path)
    async with running(app, size) as pilot:
        await press(pilot, "c")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        # Section 1, item 1: HI yes, VI no, MSI left unanswered
        await press(pilot, "y", "right", "n")
        # item 7 (Other): MSI yes by cycling, and its text
        for _ in range(6):
            await press(pilot, "down")
        await press(pilot, "right", "space")
        await press(pilot, "e")
        await settle(pilot)
        await type_text(pilot, "Pupil voice [survey]")
        await press(pilot, "enter")
        await settle(pilot)
        # Section 2: 1.1 used for this purpose yes; informs plans no, then cleared again
        await press(pilot, "2", "y", "l", "n", "backspace")
        # 2.3 (Ofsted): purpose no, plans yes
        for _ in range(4):  # 1.2, 1.3, 2.1, 2.2, 2.3 (the category line is skipped)
            await press(pilot, "j")
        await press(pilot, "j", "h", "n", "l", "y")
        # free row 5.1: a description and "yes" for purpose
        await press(pilot, "3", "up", "up", "up", "up")  # from the appendix back up to 5.1
        await press(pilot, "e")
        await settle(pilot)
        await type_text(pilot, "Briefing for governors")
        await press(pilot, "enter")
        await settle(pilot)
        await press(pilot, "h", "y")
        # a case study
        await press(pilot, "a")
        await settle(pilot)
        await type_text(pilot, "Trend data at the governors' meeting")
        await press(pilot, "tab")
        await type_text(pilot, "We showed three years of results.\nThey asked for more.")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        shown = screen_text(app)
        assert "Section 1: 3/21" in shown and "Section 2: 4/50" in shown
        await press(pilot, "ctrl+s")
        await settle(pilot)
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)

    checklist = load(path).project.checklist
    assert checklist.analyses == {
        "1": Answer({"hi": True, "vi": False}),
        "7": Answer({"msi": True}, "Pupil voice [survey]"),
    }
    assert checklist.applications == {
        "1.1": Answer({"purpose": True}),
        "2.3": Answer({"purpose": False, "plans": True}),
        "5.1": Answer({"purpose": True}, "Briefing for governors"),
    }
    assert checklist.case_studies == (
        CaseStudy("Trend data at the governors' meeting", "We showed three years of results.\nThey asked for more."),)
    text = path.read_text(encoding="utf-8")
    assert "msi" not in text.split("[checklist.analyses.1]")[1].split("[")[0]  # unanswered is not written

    # reload in a new app: the answers are there, and unanswered items still are
    app = OutcomesApp(tmp_path, path)
    async with running(app, size) as pilot:
        await press(pilot, "c")
        await settle(pilot)
        assert app.document.project.checklist == checklist
        assert app.document.project.checklist.answer("analyses", "1").values.get("msi") is None


async def test_undo_and_case_study_order(tmp_path):
    path = tmp_path / "p.toml"
    project = templates.make("blank").with_case_studies((CaseStudy("A"), CaseStudy("B")))
    save(path, project)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await press(pilot, "c", "3")
        await settle(pilot)
        await press(pilot, "J")
        titles = lambda: [s.title for s in app.document.project.checklist.case_studies]
        assert titles() == ["B", "A"]
        await press(pilot, "d")
        assert titles() == ["B"]
        await press(pilot, "u", "u")
        assert titles() == ["A", "B"]
        await press(pilot, "1", "y")
        assert app.document.project.checklist.answer("analyses", "1").values == {"hi": True}
        await press(pilot, "u")
        assert app.document.project.checklist.analyses == {}


def test_checklist_markdown_matches_answers(tmp_path):
    project = templates.make("blank").with_answer("analyses", "2", "vi", True)
    markdown = render(project, "markdown", "checklist")
    assert "| 2 | LA HI/VI/MSI outcomes against data sets for other pupils/SEN groups within the LA | — | Yes | — |" \
        in markdown
