import pytest

from tui_outcomes.core.model import ID_ALPHABET, Answer, Link, Project, clean_text, new_id


def test_new_ids_are_short_readable_and_avoid_taken():
    ids = {new_id() for _ in range(500)}
    assert len(ids) == 500
    assert all(len(i) == 6 and set(i) <= set(ID_ALPHABET) for i in ids)
    taken = set(ids)
    assert new_id(taken) not in taken


def test_clean_text_normalises_line_endings():
    assert clean_text("a\r\nb\rc\n") == "a\nb\nc\n"


def build():
    p = Project()
    p, f1 = p.add_element("final_outcomes", "F one")
    p, f2 = p.add_element("final_outcomes", "F two")
    p, i1 = p.add_element("interim_outcomes", "I one")
    p = p.with_links(i1, [Link(f1, "because"), Link(f2)])
    return p, f1, f2, i1


def test_edits_return_new_projects_and_leave_the_old_alone():
    p, f1, f2, i1 = build()
    q = p.with_element_text(f1, "changed\r\n")
    assert p.find(f1)[2].text == "F one"
    assert q.find(f1)[2].text == "changed\n"
    assert q.stage("interim_outcomes") is p.stage("interim_outcomes")  # shared, not copied


def test_delete_element_removes_links_to_it():
    p, f1, f2, i1 = build()
    q = p.delete_element(f1)
    assert [e.id for e in q.stage("final_outcomes").elements] == [f2]
    assert q.find(i1)[2].supports_ids() == [f2]
    assert p.link_counts()[f1] == (0, 1)


def test_links_only_to_the_stage_above():
    p, f1, f2, i1 = build()
    p, o1 = p.add_element("outputs", "O")
    with pytest.raises(ValueError):
        p.with_links(o1, [Link(f1)])
    p = p.with_links(o1, [Link(i1)])
    assert [e.id for e in p.supported_by(i1)] == [o1]


def test_move_and_rows():
    p, f1, f2, i1 = build()
    p = p.move_element(f2, -1)
    assert [e.id for e in p.stage("final_outcomes").elements] == [f2, f1]
    assert p.move_element(f2, -1) is p
    p, r1 = p.add_row(f1, source="A")
    p, r2 = p.add_row(f1, source="B")
    p, r3 = p.duplicate_row(r1)
    assert [r.source for r in p.find(f1)[2].evidence] == ["A", "A", "B"]
    assert len({r1, r2, r3}) == 3
    p = p.move_row(r2, -2).with_row(r3, target="x").delete_row(r1)
    assert [(r.id, r.target) for r in p.find(f1)[2].evidence] == [(r2, ""), (r3, "x")]


def test_answers_are_three_valued():
    p = Project().with_answer("analyses", "1", "hi", True)
    p = p.with_answer("analyses", "1", "vi", False)
    answer = p.checklist.answer("analyses", "1")
    assert answer.values == {"hi": True, "vi": False}
    assert "msi" not in answer.values  # unanswered, not No
    p = p.with_answer("analyses", "1", "hi", None).with_answer("analyses", "1", "vi", None)
    assert "1" not in p.checklist.analyses
    p = p.with_answer("applications", "5.1", specify="Parent workshops")
    assert p.checklist.answer("applications", "5.1") == Answer({}, "Parent workshops")


def test_sources_named_in_rows_join_the_stage_list_with_care():
    from tui_outcomes.core.model import Project

    p = Project().with_sources("outputs", ["OT support assessment", "diagnosis/statement"])
    for same in ("OT support assessment.", "ot  support assessment", "diagnosis/ statement", " Diagnosis / Statement;"):
        assert p.with_source_noted("outputs", same) == (p, None)
    for nothing in ("", "   ", "n/a", "N/A", "na", "-"):
        assert p.with_source_noted("outputs", nothing) == (p, None)
    q, added = p.with_source_noted("outputs", "  Parent survey ")
    assert added == "Parent survey"
    assert q.stage("outputs").evidence_sources == ("OT support assessment", "diagnosis/statement", "Parent survey")


def test_first_difference_finds_the_place_an_edit_touched():
    from tui_outcomes.core.model import Project

    p, a = Project().add_element("outputs", "a")
    q, b = p.add_element("outputs", "b")
    assert q.first_difference(q) is None
    assert q.first_difference(p) == ("outputs", b, 1)  # b added (or restored by a redo)
    assert p.first_difference(q) == ("outputs", None, 1)  # b removed: nothing left at its place
    r = q.with_element_text(a, "a2")
    assert r.first_difference(q) == ("outputs", a, 0)


def test_readings_are_added_in_date_order_edited_and_deleted():
    from tui_outcomes.core.model import Reading

    p, f1, _, _ = build()
    p, row = p.add_row(f1, source="Records")
    p = p.add_reading(row, Reading("2026-12-01", "8"))
    p = p.add_reading(row, Reading("2026-10-01", "9"))
    p = p.add_reading(row, Reading("2026-12-01", "7\r\n", note="same day\x1b, second"))
    readings = p.find_row(row)[3].readings
    assert [(r.date, r.value) for r in readings] == [("2026-10-01", "9"), ("2026-12-01", "8"), ("2026-12-01", "7\n")]
    assert readings[2].note == "same day, second"  # control characters removed on the way in
    q = p.with_reading(row, 1, Reading("2026-12-01", "6", "met"))  # same date: stays in place
    assert [r.value for r in q.find_row(row)[3].readings] == ["9", "6", "7\n"]
    q = p.with_reading(row, 0, Reading("2027-01-05", "5"))  # a later date moves it to the end
    assert [r.value for r in q.find_row(row)[3].readings] == ["8", "7\n", "5"]
    q = p.delete_reading(row, -1)
    assert [r.value for r in q.find_row(row)[3].readings] == ["9", "8"]
    assert [r.value for r in p.find_row(row)[3].readings] == ["9", "8", "7\n"]  # the old project untouched
    with pytest.raises(IndexError):
        p.delete_reading(row, 3)
    with pytest.raises(IndexError):
        p.with_reading(row, 3, Reading("2026-01-01", "1"))
