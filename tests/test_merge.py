"""Merging projects by meaning (core/merge.py): rules, order, conflicts and resolving them."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_outcomes.core import fileformat as ff
from tui_outcomes.core.merge import merge, merge_order, resolve
from tui_outcomes.core.model import CaseStudy, EvidenceRow, Link, Project, Reading
from tui_outcomes.core.stages import STAGE_KEYS, stage_above

from .test_properties import projects

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)


# -- order -------------------------------------------------------------------


def test_order_keeps_each_sides_moves_and_new_items_by_their_neighbours():
    base = list("abcde")
    assert merge_order(base, list("bcdea"), list("abcde"), "abcde") == list("bcdea")  # one move
    assert merge_order(base, list("bcdea"), list("abxcde"), "abcdex") == list("bxcdea")  # move + insert
    assert merge_order(base, list("abcdeX"), list("abcdeY"), "abcdeXY") == list("abcdeXY")  # both append
    assert merge_order(base, list("abcdeY"), list("abcdeX"), "abcdeXY") == list("abcdeXY")  # same either way
    assert merge_order(base, list("eabcd"), list("abcde"), "abcd") == list("abcd")  # moved, deleted by the other
    # moved by both sides to different places: it stays, never twice
    assert merge_order(base, list("bcdea"), list("bcade"), "abcde") == list("abcde")
    assert merge_order(base, list("bcdea"), list("bacde"), "abcde") == list("bcdea")  # a moved, b moved
    # moved by both to the same place: moved once
    assert merge_order(base, list("bcdea"), list("bcdea"), "abcde") == list("bcdea")


@settings(max_examples=200, deadline=None)
@given(st.permutations(range(8)), st.permutations(range(8)), st.sets(st.integers(0, 7)))
def test_order_is_symmetric_and_holds_every_kept_item_once(ours, theirs, dropped):
    keep = set(range(8)) - dropped
    merged = merge_order(list(range(8)), ours, theirs, keep)
    assert sorted(merged) == sorted(keep)
    assert merged == merge_order(list(range(8)), theirs, ours, keep)


# -- rules -------------------------------------------------------------------


def test_one_sided_changes_identical_changes_and_conflicts(example):
    io1 = example.stage("interim_outcomes").elements[0]
    row = io1.evidence[0]
    ours = example.with_details(title="Ours").with_row(row.id, target="Same")
    theirs = example.with_details(commissioner="Theirs").with_row(row.id, target="Same", baseline="T")
    merged = merge(example, ours, theirs)
    assert (merged.details.title, merged.details.commissioner) == ("Ours", "Theirs")
    assert merged.find_row(row.id)[3][1:4] == (row.source, "T", "Same") and not merged.conflicts
    clash = merge(example, example.with_row(row.id, target="A"), example.with_row(row.id, target="B"))
    (conflict,) = clash.conflicts
    assert (conflict.path, conflict.field, conflict.base, conflict.ours, conflict.theirs) == \
           (("row", row.id), "target", row.target, "A", "B")
    assert clash.find_row(row.id)[3].target == "A"
    assert ff.parse(ff.dumps(clash)) == clash  # kept in the file, read back the same


def test_every_field_of_a_row_merges_by_name(example):
    """Fields are merged over the NamedTuple's fields, x_ keys key by key: a field added to the model
    later merges with no change here."""
    row = example.stage("outputs").elements[0].evidence[0]
    ours = example.with_row(row.id, frequency="Weekly", extras={"x_a": 1})
    theirs = example.with_row(row.id, data_method="Survey", extras={"x_b": [1, 2]})
    merged = merge(example, ours, theirs).find_row(row.id)[3]
    assert (merged.frequency, merged.data_method) == ("Weekly", "Survey")
    assert dict(merged.extras) == {"x_a": 1, "x_b": [1, 2]}


def test_readings_case_studies_answers_sources_and_dismissed_hints(example):
    row = example.stage("final_outcomes").elements[0].evidence[0]
    element = example.stage("final_outcomes").elements[0]
    base = example.with_row(row.id, readings=(Reading("2026-10-01", "50%"),))
    ours = base.with_row(row.id, readings=(Reading("2026-10-01", "50%", "on track"), Reading("2027-03-01", "70%")))
    ours = ours.with_answer("analyses", "1", "hi", True).with_case_studies((CaseStudy("Ours", "o"),))
    ours = ours.with_sources("outputs", [*base.stage("outputs").evidence_sources, "Ours source"])
    ours = ours.dismiss_hint(element.id, "measurable", "ours reason")
    theirs = base.with_row(row.id, readings=(Reading("2026-12-01", "60%"), Reading("2026-10-01", "50%")))
    theirs = theirs.with_answer("analyses", "1", "vi", False).with_case_studies((CaseStudy("Theirs", "t"),))
    theirs = theirs.with_sources("outputs", [*base.stage("outputs").evidence_sources, "theirs SOURCE."])
    merged = merge(base, ours, theirs)
    assert merged.find_row(row.id)[3].readings == (Reading("2026-10-01", "50%", "on track"),
                                                   Reading("2026-12-01", "60%"), Reading("2027-03-01", "70%"))
    assert dict(merged.checklist.analyses["1"].values) == {"hi": True, "vi": False}
    assert [s.title for s in merged.checklist.case_studies] == ["Ours", "Theirs"]
    assert merged.stage("outputs").evidence_sources[-2:] == ("Ours source", "theirs SOURCE.")
    assert [d.reason for d in merged.find(element.id)[2].dismissed] == ["ours reason"]
    assert not merged.conflicts and merged == merge(base, theirs, ours)


def test_a_new_link_to_an_element_the_other_side_deleted_keeps_it(example):
    fo1 = example.stage("final_outcomes").elements[0]
    io = [e for e in example.stage("interim_outcomes").elements if fo1.id not in e.supports_ids()]
    if not io:  # every interim outcome supports it: take one link away in the base
        base_io = example.stage("interim_outcomes").elements[0]
        example = example.with_links(base_io.id, [l for l in base_io.supports if l.id != fo1.id])
        io = [example.find(base_io.id)[2]]
    ours = example.delete_element(fo1.id)
    theirs = example.with_links(io[0].id, [*io[0].supports, Link(fo1.id)])
    merged = merge(example, ours, theirs)
    assert fo1.id in merged.ids() and merged.conflicts[0].field == ""
    ff.parse(ff.dumps(merged))  # no link to a missing element


def test_resolving_takes_ours_theirs_or_a_text(example):
    io1 = example.stage("interim_outcomes").elements[0]
    clash = merge(example, example.with_element_text(io1.id, "A"), example.with_element_text(io1.id, "B"))
    assert resolve(clash, 0, "ours").find(io1.id)[2].text == "A"
    assert resolve(clash, 0, "theirs").find(io1.id)[2].text == "B"
    done = resolve(clash, 0, "text", "A and B")
    assert done.find(io1.id)[2].text == "A and B" and not done.conflicts
    gone = merge(example, example.delete_element(io1.id), example.with_element_text(io1.id, "kept"))
    assert io1.id not in resolve(gone, 0, "ours").ids() and io1.id in resolve(gone, 0, "theirs").ids()


def test_conflicts_in_the_file_are_checked(example):
    text = ff.dumps(example) + '\n[[merge_conflicts]]\npath = ["nowhere"]\nfield = 3\n'
    try:
        ff.parse(text, "x.toml")
    except ff.ProjectFileError as exc:
        messages = str(exc)
    else:
        raise AssertionError("accepted")
    assert "merge_conflicts[0].path: 'nowhere' is not a kind of item" in messages
    assert "merge_conflicts[0].field: expected a string" in messages and "needs ours or theirs" in messages


# -- properties --------------------------------------------------------------


def side_edits(data, project: Project, owned: set[str], stages: set[str], tag: str):
    """Random edits of one side: fields and rows of the elements it owns, and adding, deleting,
    moving and linking elements in the stages it owns. Each edit is a function of a project, so that
    the same edits can be applied after the other side's."""
    edits = []
    n = 0
    for key, element in list(project.elements()):
        if element.id not in owned:
            continue
        for _ in range(data.draw(st.integers(0, 2))):
            kind = data.draw(st.sampled_from(["text", "row", "edit_row", "delete_row", "reading", "link"]
                                             + (["add", "delete", "move"] if key in stages else [])))
            n += 1
            new_id = f"new{tag}{n}"
            value = data.draw(TEXT)
            i = element.id
            if kind == "text":
                edits.append(lambda p, i=i, v=value: p.with_element_text(i, v))
            elif kind == "row":
                edits.append(lambda p, i=i, r=new_id, v=value: p.with_rows(
                    i, p.find(i)[2].evidence + (EvidenceRow(r, v),)))
            elif kind in ("edit_row", "delete_row", "reading") and element.evidence:
                r = data.draw(st.sampled_from([row.id for row in element.evidence]))
                if kind == "edit_row":
                    field = data.draw(st.sampled_from(["source", "baseline", "target", "data_method", "frequency"]))
                    edits.append(lambda p, r=r, f=field, v=value: p.with_row(r, **{f: v}) if r in p.ids() else p)
                elif kind == "delete_row":
                    edits.append(lambda p, r=r: p.delete_row(r) if r in p.ids() else p)
                else:
                    edits.append(lambda p, r=r, v=value, n=n: p.with_row(
                        r, readings=tuple(sorted(p.find_row(r)[3].readings + (Reading(f"2027-{tag}{n}", v),),
                                                 key=lambda x: x.date))) if r in p.ids() else p)
            elif kind == "link" and stage_above(key):
                targets = [e.id for e in project.stage(stage_above(key)).elements if e.id in owned]
                if targets:
                    t = data.draw(st.sampled_from(targets))
                    edits.append(lambda p, i=i, t=t: p.with_links(
                        i, [*p.find(i)[2].supports, Link(t)]) if i in p.ids() and t in p.ids() and
                        t not in p.find(i)[2].supports_ids() else p)
            elif kind == "add":
                edits.append(lambda p, i=i, k=key, e=new_id, v=value: p.add_element(
                    k, v, p.stage(k).index_of(i) + 1 if i in p.ids() else None, element_id=e)[0])
            elif kind == "delete":
                edits.append(lambda p, i=i: p.delete_element(i) if i in p.ids() else p)
            elif kind == "move":
                offset = data.draw(st.sampled_from([-2, -1, 1, 3]))
                edits.append(lambda p, i=i, o=offset: p.move_element(i, o) if i in p.ids() else p)
    return edits


def apply(project: Project, edits) -> Project:
    for edit in edits:
        try:
            project = edit(project)
        except KeyError:  # an item this side deleted by an earlier edit: nothing to do
            pass
    return project


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(projects(max_elements=4, TEXT=TEXT), st.data())
def test_edits_of_different_ids_merge_to_both_applied_either_way(base, data):
    base = base._replace(conflicts=())
    ids = [e.id for _, e in base.elements()]
    mine = set(data.draw(st.sets(st.sampled_from(ids))) if ids else ())
    stages = set(data.draw(st.sets(st.sampled_from(STAGE_KEYS))))
    # each side owns its elements and rows; only one side adds, deletes or moves in a given stage
    a_edits = side_edits(data, base, mine, stages, "a")
    b_edits = side_edits(data, base, set(ids) - mine, set(STAGE_KEYS) - stages, "b")
    a, b = apply(base, a_edits), apply(base, b_edits)
    merged = merge(base, a, b)
    assert merged == apply(a, b_edits)
    assert merged == merge(base, b, a)
    assert not merged.conflicts


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(projects(max_elements=3, TEXT=TEXT), st.data())
def test_any_edits_merge_to_a_valid_project(base, data):
    """Both sides edit anything: the result still reads back (ids unique, links valid, conflicts kept),
    and, when no conflict arose, does not depend on which side is ours."""
    base = base._replace(conflicts=())
    ids = {e.id for _, e in base.elements()}
    a = apply(base, side_edits(data, base, ids, set(STAGE_KEYS), "a"))
    b = apply(base, side_edits(data, base, ids, set(STAGE_KEYS), "b"))
    merged = merge(base, a, b)
    assert ff.parse(ff.dumps(merged)) == merged
    if not merged.conflicts:
        assert merged == merge(base, b, a)
    while merged.conflicts:  # every conflict can be resolved, and then the file is done
        merged = resolve(merged, 0, data.draw(st.sampled_from(["ours", "theirs"])))
        ff.parse(ff.dumps(merged))


def test_the_documented_conflict_reads_as_documented():
    from .conftest import ROOT

    doc = (ROOT / "docs" / "file-format.md").read_text(encoding="utf-8")
    example, conflict = [block.split("```", 1)[0] for block in doc.split("```toml\n")[1:3]]
    project = ff.parse(example + "\n" + conflict)
    (found,) = project.conflicts
    assert found.path == ("element", "w4h8ct") and found.field == "text"
    assert found.ours == "Pupils read aloud with confidence in class by July 2027."
    assert ff.dumps(project) == example + "\n" + conflict  # written back as it was
