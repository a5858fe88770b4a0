"""The model checks: each rule passing and failing, the worked example clean, the CLI."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_outcomes.core import checks
from tui_outcomes.cli import main
from tui_outcomes.core.fileformat import HINT_CODES, save
from tui_outcomes.core.model import Link, Project, Reading
from tui_outcomes.core.stages import STAGE_KEYS, stage_above

from .conftest import EXAMPLE


def codes(findings, element_id=None):
    return sorted(f.code for f in findings if element_id is None or f.element_id == element_id)


def small_model():
    p = Project().with_details(period="2026-27")
    p, f1 = p.add_element("final_outcomes", "80% of the cohort reach the expected reading standard by July 2027")
    p, f2 = p.add_element("final_outcomes", "Attendance of the cohort rises to 96% over the year")
    p, i1 = p.add_element("interim_outcomes", "Pupils read aloud with confidence in class each week")
    p, o1 = p.add_element("outputs", "Provide weekly small-group reading sessions")
    p, n1 = p.add_element("inputs", "Commission a reading specialist")
    p = p.with_links(i1, [Link(f1)]).with_links(o1, [Link(i1)]).with_links(n1, [Link(o1)])
    return p, f1, f2, i1, o1, n1


def test_worked_example_has_no_findings(example):
    assert checks.run(example) == []


def test_chain_works_back_from_inputs():
    p, f1, f2, i1, o1, n1 = small_model()
    findings = checks.chain(p)
    assert codes(findings) == ["unsupported"]  # f2: nothing below supports it
    assert findings[0].element_id == f2 and "FO2" in findings[0].message
    p, n2 = p.add_element("inputs", "Something unlinked")
    findings = checks.chain(p)
    assert [f.code for f in findings][0] == "unlinked" and findings[0].element_id == n2  # inputs come first


def test_evidence_rows_and_gaps():
    p, f1, *_ = small_model()
    assert "no-evidence" in codes(checks.evidence(p), f1)
    p, r = p.add_row(f1, source="KS2 results", baseline="n/a", target="80%", data_method="dataset")
    findings = [f for f in checks.evidence(p) if f.element_id == f1]
    assert [(f.code, f.row_id) for f in findings] == [("evidence-gap", r)]
    assert findings[0].message.endswith("has no frequency")  # "n/a" counts as a baseline
    p = p.with_row(r, frequency="Termly")
    assert codes(checks.evidence(p), f1) == []


def test_smart_hints():
    p, f1, f2, i1, o1, n1 = small_model()
    assert codes(checks.smart(p), f1) == []
    p = p.with_element_text(f1, "Better reading").with_details(period="")
    assert codes(checks.smart(p), f1) == ["measurable", "specific", "time-bound"]
    # A time frame in the stage's introduction counts for every element of the stage.
    p2 = p.with_introduction("final_outcomes", "Over the next three years we expect these results.")
    assert codes(checks.smart(p2), f1) == ["measurable", "specific"]
    assert "time-bound" in codes(checks.smart(p2.with_introduction("final_outcomes", "What we hope for.")), f1)
    p = p.with_element_text(i1, "Deliver training to all teaching assistants by July")
    assert codes(checks.smart(p), i1) == ["activity"]
    assert codes(checks.smart(p), o1) == []  # outputs are meant to read like deliverables


def test_how_many_final_outcomes():
    p = Project()
    assert checks.smart(p) == []
    p, _ = p.add_element("final_outcomes", "Only one outcome for the children by July 2027, 80%")
    assert [f.code for f in checks.smart(p)] == ["how-many"]


def test_completeness(example):
    c = checks.completeness(example)
    assert c["project"] == checks.Completeness(12, 12, 12, 24, 24)
    assert c["project"].share() == 1.0
    p, f1, *_ = small_model()
    c = checks.completeness(p)
    assert c["final_outcomes"] == checks.Completeness(2, 1, 0, 0, 0)
    assert 0 < c["project"].share() < 1


def test_cli_warnings_strict_and_json(tmp_path, capsys):
    p, *_ = small_model()
    path = tmp_path / "m.toml"
    save(path, p)
    assert main(["check", str(path)]) == 0  # warnings do not fail
    out, err = capsys.readouterr()
    line = next(l for l in out.splitlines() if "unsupported" in l or "no final" in l or "FO2" in l)
    assert line.startswith(f"{path}:") and ": warning: final_outcomes.elements[1]: FO2" in line
    assert "warnings and hints" in err
    assert main(["check", "--strict", str(path)]) == 1
    capsys.readouterr()
    assert main(["check", "--format", "json", str(path), str(EXAMPLE)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["file"] for r in records} == {str(path)}
    assert {"severity", "code", "path", "line", "message"} <= set(records[0])


async def test_enter_on_a_finding_lands_on_the_element(tmp_path):
    from tui_outcomes.app import OutcomesApp
    from tui_outcomes.screens.checks import ChecksScreen
    from tui_outcomes.screens.logic_model import LogicModelScreen

    from .apphelpers import press, running, settle, screen_text

    p, f1, f2, *_ = small_model()
    path = tmp_path / "m.toml"
    save(path, p)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        assert "IO1 ↑1 ↓1 ▤0 ✎1" in screen_text(app)  # badges: links, evidence, hints
        await press(pilot, "w")
        await settle(pilot)
        assert isinstance(app.screen, ChecksScreen)
        shown = screen_text(app)
        assert "FO2: no interim outcome supports it" in shown and "% complete" in shown
        await press(pilot, "enter")  # the first finding: FO2
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        assert app.screen.focused_pane().selected() == ("element", f2)


def test_dismissed_hint_stays_dismissed_through_save_and_load(tmp_path):
    from tui_outcomes.core.fileformat import load

    p, f1, *_ = small_model()
    p = p.with_element_text(f1, "Better reading for the whole cohort, sustained")
    assert "measurable" in codes(checks.smart(p), f1)
    p = p.dismiss_hint(f1, "measurable", "Judged by the reading lead [not a number]")
    assert "measurable" not in codes(checks.smart(p), f1)
    path = tmp_path / "d.toml"
    save(path, p)
    again = load(path).project
    assert again == p
    assert again.find(f1)[2].dismissed[0].reason == "Judged by the reading lead [not a number]"
    assert "measurable" not in codes(checks.smart(again), f1)
    text = path.read_text(encoding="utf-8")
    assert 'dismissed = [\n    { hint = "measurable", reason = "Judged by the reading lead [not a number]" },\n]' in text


def test_unknown_dismissed_hint_is_an_error():
    import pytest

    from tui_outcomes.core.fileformat import ProjectFileError, parse

    with pytest.raises(ProjectFileError, match="'sparkly' is not a hint"):
        parse('[[final_outcomes.elements]]\nid = "a1"\ntext = "x"\ndismissed = [{ hint = "sparkly" }]\n')


async def test_dismiss_a_hint_from_the_checks_screen(tmp_path):
    from tui_outcomes.app import OutcomesApp
    from tui_outcomes.core.fileformat import load

    from .apphelpers import press, running, settle, type_text

    p, f1, *_ = small_model()
    p = p.with_element_text(f1, "Better reading for the whole cohort, sustained")
    path = tmp_path / "m.toml"
    save(path, p)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await press(pilot, "w")
        await settle(pilot)
        screen = app.screen
        await down_to(pilot, screen, lambda f: f.code == "measurable" and f.element_id == f1)
        await press(pilot, "d")
        await settle(pilot)
        await type_text(pilot, "Judged by the reading lead")
        await press(pilot, "enter")
        await settle(pilot)
        assert not any(f.code == "measurable" and f.element_id == f1 for f in screen.by_option.values())
        await press(pilot, "ctrl+s")
        await settle(pilot)
    assert load(path).project.find(f1)[2].dismissed[0].hint == "measurable"


async def test_enter_on_a_row_finding_opens_the_evidence_table_at_that_cell(tmp_path):
    from tui_outcomes.app import OutcomesApp
    from tui_outcomes.screens.checks import ChecksScreen
    from tui_outcomes.screens.evidence import EvidenceScreen
    from tui_outcomes.screens.logic_model import LogicModelScreen

    from .apphelpers import press, running, settle

    p, f1, *_ = small_model()
    p, row = p.add_row(f1, source="KS2 results", target="80%")  # no baseline, data method, frequency
    path = tmp_path / "m.toml"
    save(path, p)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await press(pilot, "w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChecksScreen)
        await down_to(pilot, screen, lambda f: f.row_id == row)
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
        assert app.screen.current() == (f1, row)
        assert app.screen.column == 1  # Baseline: the first empty cell
        await press(pilot, "v")  # back: the logic model, at the element
        await settle(pilot)
        assert isinstance(app.screen, LogicModelScreen)
        assert app.screen.focused_pane().selected() == ("element", f1)


async def test_dismissed_hints_can_be_seen_with_their_reasons_and_restored(tmp_path):
    from tui_outcomes.app import OutcomesApp
    from tui_outcomes.core.fileformat import load

    from .apphelpers import press, running, screen_text, settle

    p, f1, *_ = small_model()
    p = p.with_element_text(f1, "Better reading for the whole cohort, sustained")
    p = p.dismiss_hint(f1, "measurable", "Judged by the reading lead")
    path = tmp_path / "m.toml"
    save(path, p)
    app = OutcomesApp(tmp_path, path)
    async with running(app, (80, 24)) as pilot:
        await press(pilot, "w")
        await settle(pilot)
        screen = app.screen
        words = " ".join(screen_text(app).split())
        assert "1 dismissed hint hidden (h)" in words and "Judged by the reading lead" not in words
        await press(pilot, "h")
        await settle(pilot)
        words = " ".join(screen_text(app).replace("│", " ").split())
        assert "dismissed: FO1: measurable hint dismissed, because: Judged by the reading lead" in words
        await down_to(pilot, screen, lambda f: f.reason)
        await press(pilot, "d", "ctrl+s")  # restore, then save, in one burst
        await settle(pilot)
    again = load(path).project
    assert again.find(f1)[2].dismissed == ()
    assert "measurable" in codes(checks.smart(again), f1)


def test_an_empty_model_fails_check_strict(tmp_path, capsys):
    from tui_outcomes.cli import main
    from tui_outcomes.core import templates

    blank = templates.make("blank")
    assert [(f.code, f.path) for f in checks.chain(blank)] == [
        ("empty-stage", "inputs"), ("empty-stage", "outputs"), ("empty-stage", "interim_outcomes"),
        ("empty-stage", "final_outcomes")]
    path = tmp_path / "blank.toml"
    save(path, blank)
    assert main(["check", str(path)]) == 0  # warnings only: a model being drafted passes a hook
    assert main(["check", "--strict", str(path)]) == 1
    assert "no final outcomes yet" in capsys.readouterr().out
    p, _ = blank.add_element("final_outcomes", "Children hear better in class by July 2027, 80%")
    assert "final_outcomes" not in [f.path for f in checks.chain(p) if f.code == "empty-stage"]


async def down_to(pilot, screen, wanted) -> None:
    """Press down on the checks screen until the highlighted finding is the first one ``wanted`` accepts."""
    from .apphelpers import press

    target = next(oid for oid, f in screen.by_option.items() if wanted(f))
    listing = screen.query_one("FindingList")
    while listing.highlighted_option.id != target:
        await press(pilot, "down")


# -- incremental checks: exactly what a full recompute gives ----------------------------------------


# Texts that pass and fail each SMART rule (short, no number, no time, an activity)
TEXTS = st.sampled_from(["", "Better reading", "80% of pupils read at the expected standard by July 2027",
                         "Provide weekly reading sessions", "Pupils attend more often than they did",
                         "Staff feel confident with the new approach this term", "[bold]x[/]"])
FIELDS = st.sampled_from(["", "n/a", "Termly", "80%", "KS2 results"])


def _pick(draw, items):
    return draw(st.sampled_from(items)) if items else None


@st.composite
def edit(draw, project):
    """One edit of any kind the app makes, drawn for ``project``."""
    elements = [e for _, e in project.elements()]
    rows = [r for e in elements for r in e.evidence]
    kind = draw(st.sampled_from(["add", "add", "delete", "text", "links", "add_row", "row", "delete_row",
                                 "move", "intro", "period", "dismiss", "restore", "reading"]))
    element, row = _pick(draw, elements), _pick(draw, rows)
    key = draw(st.sampled_from(STAGE_KEYS))
    if kind == "add" or element is None:
        n = len(project.stage(key).elements)
        return project.add_element(key, draw(TEXTS), draw(st.integers(0, n)))[0]
    if kind == "delete":
        return project.delete_element(element.id)
    if kind == "text":
        return project.with_element_text(element.id, draw(TEXTS))
    if kind == "links":
        above = stage_above(project.find(element.id)[0])
        targets = [e.id for e in project.stage(above).elements] if above else []
        return project.with_links(element.id, [Link(t) for t in draw(st.lists(st.sampled_from(targets), unique=True,
                                                                               max_size=2))] if targets else [])
    if kind == "add_row" or row is None:
        values = {name: draw(FIELDS) for name in ("source", "baseline", "target", "data_method", "frequency")}
        return project.add_row(element.id, **values)[0]
    if kind == "row":
        name = draw(st.sampled_from(["source", "baseline", "target", "data_method", "frequency"]))
        return project.with_row(row.id, **{name: draw(FIELDS)})
    if kind == "delete_row":
        return project.delete_row(row.id)
    if kind == "reading":  # a good one, or one whose date or status the review cannot use
        return project.add_reading(row.id, Reading(draw(st.sampled_from(["2026-10-01", "2026-13-01", "autumn"])),
                                                   "5", draw(st.sampled_from(["", "met", "weird"]))))
    if kind == "move":
        return project.move_element(element.id, draw(st.integers(-3, 3)))
    if kind == "intro":
        return project.with_introduction(key, draw(st.sampled_from(["", "Over the next three years", "Our aims"])))
    if kind == "period":
        return project.with_details(period=draw(st.sampled_from(["", "2026-27", "one term"])))
    if kind == "dismiss":
        return project.dismiss_hint(element.id, draw(st.sampled_from(HINT_CODES)), "does not apply")
    return project.restore_hint(element.id, draw(st.sampled_from(HINT_CODES)))


def full(project):
    """Everything the checks say about ``project``, worked out from nothing."""
    c = checks.Checker()
    return c.run(project), c.dismissed(project), c.hints(project), c.completeness(project)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_incremental_checks_give_exactly_the_findings_of_a_full_recompute(data):
    """One Checker follows random edit sequences (and undo: going back to an earlier version, whose
    stages are the objects it saw before); after every step it says exactly what a fresh one says."""
    versions = [small_model()[0]]
    checker = checks.Checker()
    for _ in range(data.draw(st.integers(1, 25))):
        if len(versions) > 1 and data.draw(st.integers(0, 5)) == 0:
            versions.pop()  # undo
        else:
            versions.append(data.draw(edit(versions[-1])))
        project = versions[-1]
        assert (checker.run(project), checker.dismissed(project), checker.hints(project),
                checker.completeness(project)) == full(project)
    assert checker.smart(project) == checks.smart(project) and checker.chain(project) == checks.chain(project)


def test_an_edit_rechecks_only_the_element_it_changed():
    """Adding an element runs the SMART rules on that element alone (the rest are kept by identity)."""
    from unittest import mock

    p = Project().with_details(period="2026-27")
    for i in range(50):
        p = p.add_element("final_outcomes", f"Outcome {i} for 80% of pupils by July")[0]
    checker = checks.Checker()
    checker.run(p)
    p2 = p.add_element("final_outcomes", "Better reading", 10)[0]
    with mock.patch.object(checks, "_element_smart", wraps=checks._element_smart) as smart_rules, \
            mock.patch.object(checks, "_element_evidence", wraps=checks._element_evidence) as evidence_rules:
        found = checker.run(p2)
    assert found == checks.run(p2)
    assert [c.args[0].text for c in smart_rules.call_args_list] == ["Better reading"]
    assert [c.args[0].text for c in evidence_rules.call_args_list] == ["Better reading"]
    assert "FO11" in " ".join(f.message for f in checker.run(p2) if f.code == "specific")


def test_readings_the_review_cannot_use_are_warned_about(example):
    from tui_outcomes.core.model import Reading

    project = example.add_reading("r2a8k", Reading("2026-12-15", "7", "On track")).add_reading(
        "r2a8k", Reading("15/12/2026", "6", "pretty good"))
    found = [f for f in checks.run(project) if f.code.startswith("reading-")]
    assert [(f.code, f.path) for f in found] == [
        ("reading-date", "final_outcomes.elements[0].evidence[0].readings[0].date"),
        ("reading-status", "final_outcomes.elements[0].evidence[0].readings[0].status")]
    assert "FO1.1 reading 1: '15/12/2026' is not a date" in found[0].message
    assert "'pretty good' is not a status" in found[1].message
