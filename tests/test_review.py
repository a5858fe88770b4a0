"""The review core: numbers, direction, progress, trend, status, due dates, references, JSON."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_outcomes.core import fileformat as ff
from tui_outcomes.core import review as rv
from tui_outcomes.core.model import Details, Project, Reading
from tui_outcomes.core.review import (
    STATUS_SYMBOLS, STATUS_WORDS, STATUSES, WORST_FIRST, element_status, find_ref, next_due, number_in,
    parse_date, review_project, review_row, summary, to_json,
)

AS_OF = date(2027, 1, 10)


def one_row(baseline="", target="", readings=(), frequency="", direction="", period=""):
    """A project with one final outcome holding one evidence row; (project, review of the row)."""
    project, element_id = Project(Details(title="T", period=period)).add_element("final_outcomes", "F")
    project, row_id = project.add_row(element_id, source="S", baseline=baseline, target=target,
                                      frequency=frequency)
    project = project.with_row(row_id, direction=direction)
    for reading in readings:
        project = project.add_reading(row_id, reading if isinstance(reading, Reading) else Reading(*reading))
    element = project.find(element_id)[2]
    return project, review_row(project, "final_outcomes", element, 0, AS_OF)


def test_the_statuses_have_words_symbols_and_an_order():
    assert set(STATUS_WORDS) == set(STATUSES) == set(STATUS_SYMBOLS) == set(WORST_FIRST)
    assert len(set(STATUS_SYMBOLS.values())) == len(STATUSES)  # distinct without colour


@pytest.mark.parametrize("text, number", [
    ("10 incidents", 10), ("62% at expected standard (2026)", 62), ("TROG 4y3m", None), ("Level 2b", None),
    ("7", 7), ("64%", 64), ("mostly positive", None), ("1.8% unauthorised absence", 1.8), ("£1,200", 1200),
    ("-0.3 (Progress 8)", -0.3), ("55% L2@KS1", 55), ("Pupil satisfaction 90%+", 90), ("n/a", None), ("", None),
])
def test_number_in_reads_the_first_number_standing_on_its_own(text, number):
    assert number_in(text) == number


def test_the_issue_example_lower_is_better():
    """Baseline "10 incidents", target "5 incidents", reading "7" → progress 0.6, improving after "8"."""
    _, r = one_row("10 incidents", "5 incidents", [("2026-10-20", "8"), ("2026-12-15", "7")])
    assert (r.baseline_value, r.target_value, r.direction, r.direction_explicit) == (10, 5, "down", False)
    assert r.progress == pytest.approx(0.6)
    assert r.trend == "improving"
    assert r.latest == Reading("2026-12-15", "7") and r.latest_date == date(2026, 12, 15)
    assert r.status == "on_track"  # no dates in the period: by the trend
    _, worse = one_row("10 incidents", "5 incidents", [("2026-10-20", "7"), ("2026-12-15", "8")])
    assert (worse.trend, worse.status) == ("worsening", "off_track")
    _, met = one_row("10 incidents", "5 incidents", [("2026-12-15", "4")])
    assert (met.status, met.progress) == ("met", pytest.approx(1.2))


def test_higher_is_better_with_percentages():
    _, r = one_row("62% at expected standard (2026)", "80% by July 2027", [("2026-12-15", "64%")])
    assert (r.direction, r.baseline_value, r.target_value) == ("up", 62, 80)
    assert r.progress == pytest.approx(2 / 18)
    assert (r.trend, r.status) == (None, "on_track")  # one reading that moved forward
    _, back = one_row("62%", "80%", [("2026-12-15", "60%")])
    assert back.progress < 0 and back.status == "at_risk"
    _, steady = one_row("62%", "80%", [("2026-10-01", "64%"), ("2026-12-01", "64%")])
    assert (steady.trend, steady.status) == ("steady", "at_risk")


def test_a_relative_target_is_read_against_the_baseline():
    _, r = one_row("10 incidents recorded last term", "50% reduction in disruptive incidents", [("2026-12-01", "6")])
    assert (r.target_value, r.direction) == (5, "down") and r.progress == pytest.approx(0.8)
    _, up = one_row("200 visits", "10% increase", [])
    assert up.target_value == pytest.approx(220) and up.direction == "up"


def test_text_with_no_number_has_no_progress_and_no_target_status():
    _, r = one_row("Existing anecdotal feedback is broadly negative", "Positive feedback from most parents",
                   [("2026-12-01", "mostly positive")])
    assert (r.baseline_value, r.target_value, r.direction, r.progress, r.trend) == (None, None, None, None, None)
    assert r.status == "no_target"
    _, words = one_row("10 incidents", "5 incidents", [("2026-10-01", "8"), ("2026-12-01", "fewer")])
    assert (words.progress, words.trend, words.status) == (None, None, "no_target")  # the latest has no number
    _, none = one_row("10", "5")
    assert none.status == "not_started" and none.latest is None


def test_explicit_direction_wins_and_a_range_is_judged_by_distance():
    # Numbers alone say "up" (5 → 10); the row says lower is better.
    _, r = one_row("5", "10", [("2026-12-01", "4")], direction="down")
    assert (r.direction, r.direction_explicit, r.status) == ("down", True, "met")
    # Attendance between 95% and 100%, from 90%.
    _, inside = one_row("90%", "95% to 100%", [("2026-10-01", "93%"), ("2026-12-01", "97%")], direction="range")
    assert inside.target_range == (95, 100) and inside.target_value is None
    assert (inside.status, inside.progress, inside.trend) == ("met", 1.0, "improving")
    _, part = one_row("90%", "between 95% and 100%", [("2026-12-01", "93%")], direction="range")
    assert part.progress == pytest.approx(0.6) and part.status == "on_track"
    _, over = one_row("90%", "95% to 100%", [("2026-10-01", "99%"), ("2026-12-01", "103%")], direction="range")
    assert (over.trend, over.status) == ("worsening", "off_track")
    _, equal = one_row("5", "5", [("2026-12-01", "6")])  # no direction from equal numbers
    assert equal.direction is None and equal.status == "no_target"


def test_a_status_set_by_hand_on_the_latest_reading_wins():
    _, r = one_row("10", "5", [("2026-10-01", "8", "off track"), ("2026-12-01", "9", "On_Track", "agreed")])
    assert (r.status, r.status_set_by_hand, r.trend) == ("on_track", True, "worsening")
    _, earlier = one_row("10", "5", [("2026-10-01", "8", "met"), ("2026-12-01", "9")])
    assert (earlier.status, earlier.status_set_by_hand) == ("off_track", False)  # only the latest counts
    _, other = one_row("10", "5", [("2026-12-01", "7", "good, I think")])  # not a status: kept, ignored
    assert (other.status, other.status_set_by_hand) == ("on_track", False)
    assert [rv.status_key(t) for t in ("met", "at risk", "NOT-STARTED", "no target", "ok", "")] == \
        ["met", "at_risk", "not_started", "no_target", None, None]


def test_status_against_the_share_of_the_period_passed():
    period = "September 2026 to July 2027"  # as of 10 January: 131 of 333 days, 0.39 of it passed
    _, ahead = one_row("10", "5", [("2026-12-01", "7")], period=period)  # progress 0.6
    _, level = one_row("10", "5", [("2026-10-01", "9"), ("2026-12-01", "8")], period=period)  # 0.4
    _, behind = one_row("10", "5", [("2026-12-01", "9")], period=period)  # 0.2: within 0.25 of 0.39
    _, off = one_row("10", "5", [("2026-10-01", "10"), ("2026-12-01", "9.9")], period=period)  # 0.02, improving
    assert (ahead.status, level.status, behind.status, off.status) == ("on_track", "on_track", "at_risk", "off_track")
    _, ended = one_row("10", "5", [("2026-12-01", "6")], period="September 2025 to July 2026")  # all passed
    assert ended.status == "at_risk"  # 0.8: within 0.25 of 1


@pytest.mark.parametrize("text, dates", [
    ("September 2026 to July 2027", (date(2026, 9, 1), date(2027, 7, 31))),
    ("Sept 2026 – Aug 2027", (date(2026, 9, 1), date(2027, 8, 31))),
    ("2026-09-07 to 2027-07-21", (date(2026, 9, 7), date(2027, 7, 21))),
    ("Academic year 2026/27", (date(2026, 9, 1), date(2027, 7, 31))),
    ("2026-2027", (date(2026, 9, 1), date(2027, 7, 31))),
    ("Next academic year", None), ("July 2027 to September 2026", None), ("2026/29", None), ("", None),
])
def test_periods_with_dates(text, dates):
    assert rv.period_dates(text) == dates


@pytest.mark.parametrize("frequency, last, due", [
    ("Weekly", "2026-12-29", "2027-01-05"),
    ("Fortnightly", "2026-12-22", "2027-01-05"),
    ("Monthly", "2026-12-31", "2027-01-31"),
    ("monthly", "2027-01-31", "2027-02-28"),
    ("Half-termly teacher assessment", "2026-12-15", "2027-02-14"),  # Autumn 2 → Spring 1
    ("half termly", "2026-12-28", "2027-02-14"),  # in the Christmas holiday: still Autumn 2
    ("Half-termly", "2027-07-15", "2027-10-24"),  # Summer 2 → Autumn 1 of the next school year
    ("Termly with interim check at half-term", "2026-12-15", "2027-03-31"),  # Autumn → Spring
    ("Termly", "2027-07-18", "2027-12-19"),  # Summer → Autumn
    ("Termly", "2027-04-05", "2027-07-20"),  # Easter holiday: still Spring → Summer
    ("Termly", "2026-10-23", "2026-12-19"),  # a half-term check: the term's own reading is still due
    ("Half-termly", "2026-11-02", "2026-12-19"),
    ("Annually", "2026-12-15", "2027-12-15"),
    ("Annual with data from FFT Live", "2028-02-29", "2029-02-28"),
    ("Contract reviewed yearly", "2026-09-01", "2027-09-01"),
])
def test_due_dates_for_each_frequency_word_across_a_year_boundary(frequency, last, due):
    assert next_due(frequency, parse_date(last), None, AS_OF) == parse_date(due)


def test_due_dates_before_any_reading_and_without_a_schedule():
    start = date(2026, 9, 1)
    assert next_due("Weekly", None, start, AS_OF) == date(2026, 9, 8)
    assert next_due("Termly", None, start, AS_OF) == date(2026, 12, 19)
    assert next_due("Half-termly", None, None, date(2026, 12, 22)) == date(2027, 2, 14)  # after this one's due day
    assert next_due("Monthly", None, None, AS_OF) == date(2027, 2, 10)  # from today when there is no start
    for text in ("ad hoc", "as needed", "At bid evaluation stage", ""):
        assert next_due(text, date(2026, 12, 1), start, AS_OF) is None


def test_overdue_rows_and_the_series_for_the_trend_line():
    _, r = one_row("10", "5", [("2026-11-03", "9"), ("2026-11-20", "8"), ("2026-12-29", "7")], frequency="Monthly",
                   period="September 2026 to July 2027")
    assert r.next_due == date(2027, 1, 29) and not r.overdue
    # months from 1 September: Sep, Oct gaps, Nov (latest of the month wins), Dec (29th), Jan none yet
    assert r.series == (None, None, 8, 7, None)
    _, late = one_row("10", "5", [("2026-11-03", "9")], frequency="Weekly")
    assert late.next_due == date(2026, 11, 10) and late.overdue
    _, never = one_row("10", "5", [], frequency="Weekly", period="September 2026 to July 2027")
    assert never.status == "not_started" and never.overdue  # due 8 September
    _, adhoc = one_row("10", "5", [("2026-11-03", "9"), ("2026-11-04", "n/a"), ("2026-11-05", "8")], frequency="ad hoc")
    assert adhoc.series == (9, 8) and adhoc.next_due is None and not adhoc.overdue


def test_readings_after_as_of_or_without_a_date_are_left_out():
    _, r = one_row("10", "5", [("2026-12-01", "8"), ("2027-03-01", "4"), ("soon", "3")])
    assert r.latest.value == "8" and r.status != "met"


def test_review_project_in_model_order_summary_element_status_and_json(example):
    project = example
    rows = review_project(project, AS_OF)
    assert [r.ref for r in rows][:4] == ["FO1.1", "FO1.2", "FO2.1", "FO2.2"]
    assert len(rows) == sum(len(e.evidence) for _, e in project.elements())
    counts = summary(rows)
    assert list(counts) == [*STATUSES, "overdue"] and sum(counts[s] for s in STATUSES) == len(rows)
    assert element_status([]) is None
    assert element_status([r._replace(status=s) for r, s in zip(rows, ("met", "at_risk", "on_track"))]) == "at_risk"
    data = to_json(rows, AS_OF)
    assert data["as_of"] == "2027-01-10" and data["summary"] == counts
    first = data["rows"][0]
    assert list(first) == ["element", "row", "id", "source", "baseline", "target", "latest", "readings", "progress",
                           "trend", "status", "status_set_by_hand", "next_due", "overdue"]
    assert (first["element"], first["row"], first["id"]) == ("FO1", 1, rows[0].row.id)


def test_find_ref_by_reference_or_id_with_did_you_mean():
    project, r = one_row("10", "5")
    assert find_ref(project, "FO1.1")[2] == 0 and find_ref(project, " fo1.1 ")[2] == 0
    assert find_ref(project, r.row.id)[1].id == r.element_id
    with pytest.raises(KeyError, match="FO1 has no row 2: it has only FO1.1"):
        find_ref(project, "FO1.2")
    with pytest.raises(KeyError, match="did you mean 'FO1.1'"):
        find_ref(project, "F01.1")
    with pytest.raises(KeyError, match="no evidence row 'IN3.1'"):
        find_ref(project, "IN3.1")


@pytest.mark.parametrize("text", ["2026-13-01", "15/12/2026", "2026-2-1", "", "0001-01-01", "tomorrow"])
def test_parse_date_refuses_anything_but_a_real_yyyy_mm_dd(text):
    with pytest.raises(ValueError, match="YYYY-MM-DD|years"):
        parse_date(text)


# -- properties --------------------------------------------------------------

NUMBERS = st.integers(-10_000, 10_000).map(lambda n: n / 4)  # quarters: exact in text and in floats


@given(NUMBERS, NUMBERS)
def test_progress_is_0_at_the_baseline_and_1_at_the_target(baseline, target):
    if baseline == target:
        return
    for value, progress in ((baseline, 0.0), (target, 1.0)):
        _, r = one_row(f"{baseline:g} things", f"{target:g} things", [("2026-12-01", f"{value:g}")])
        assert r.progress == pytest.approx(progress)
        assert r.direction == ("up" if target > baseline else "down")
    assert r.status == "met"


DATES = st.dates(date(1950, 1, 1), date(2950, 12, 31))


@settings(max_examples=300)
@given(st.sampled_from(["weekly", "fortnightly", "monthly", "half-termly", "termly", "annually", "annual",
                        "yearly"]), DATES, DATES)
def test_next_due_is_after_the_last_reading(frequency, last, as_of):
    due = next_due(frequency, last, None, as_of)
    assert due > last
    longest = {"half-termly": 140, "termly": 250}.get(frequency, 366)  # e.g. 15 April to 19 December
    assert due - last <= timedelta(days=longest)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(DATES.map(date.isoformat), st.sampled_from(["7", "8%", "n/a", "12", "-1"])), max_size=6),
       st.sampled_from(["Weekly", "Termly", "Half-termly", "Monthly", "Annually", "ad hoc"]),
       st.sampled_from(["", "up", "down", "range"]), st.sampled_from(["", "September 2026 to July 2027"]))
def test_any_readings_give_a_review_and_a_file_that_round_trips(readings, frequency, direction, period):
    project, r = one_row("10 incidents", "5 to 8 incidents", readings, frequency, direction, period)
    assert r.status in STATUSES and r.trend in (None, "improving", "worsening", "steady")
    assert len(r.series) <= rv.MAX_SERIES
    text = ff.dumps(project)
    assert ff.dumps(ff.parse(text)) == text and ff.parse(text) == project


def test_the_worked_example_has_illustrative_readings_the_review_reads(example):
    assert "readings (autumn 2025 to autumn 2026) are illustrative" in example.details.description
    rows = review_project(example, date(2026, 12, 4))
    counts = summary(rows)
    assert sum(len(r.row.readings) for r in rows) >= 20
    assert all(counts[s] for s in ("met", "on_track", "at_risk", "not_started")) and counts["overdue"]
    by_ref = {r.ref: r for r in rows}
    assert (by_ref["IO2.1"].status, by_ref["IO2.1"].trend) == ("on_track", "improving")  # attendance 1.8% → 1.0%
    assert by_ref["IO2.2"].direction_explicit and by_ref["FO1.2"].status_set_by_hand
    assert by_ref["FO1.1"].next_due == date(2026, 12, 19)  # termly, after a half-term check


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["reading", "target", "add", "move", "period"]),
                          st.integers(0, 10_000), st.integers(0, 30)), max_size=12))
def test_the_kept_reviews_are_what_a_fresh_review_gives(edits):
    """The document's review cache (re-working only the elements an edit changed) gives, after any
    edits, exactly what reviewing the whole project afresh gives."""
    from tui_outcomes.core.fileformat import load
    from tui_outcomes.core.model import Reading
    from tui_outcomes.core.review import Reviews, element_badges, review_project

    from .conftest import EXAMPLE

    project = load(EXAMPLE).project
    as_of = date(2026, 12, 4)
    kept = Reviews()
    kept.of(project, as_of)
    for kind, pick, n in edits:
        rows = [r for _, e in project.elements() for r in e.evidence]
        row = rows[pick % len(rows)]
        if kind == "reading":
            project = project.add_reading(row.id, Reading(f"2026-{1 + n % 12:02d}-10", str(n)))
        elif kind == "target":
            project = project.with_row(row.id, target=f"{n} by July")
        elif kind == "add":
            project, _ = project.add_element("outputs", f"New {n}", 0)
        elif kind == "move":
            element = [e for _, e in project.elements()][pick % 12]
            project = project.move_element(element.id, 1 if n % 2 else -1)
        else:
            project = project.with_details(period=f"September 2026 to July 20{27 + n % 3}")
        badges = kept.badges(project, as_of)  # the logic model's call, before (or without) the review screen's
        got = kept.of(project, as_of)
        fresh: dict[str, list] = {}
        for review in review_project(project, as_of):
            fresh.setdefault(review.element_id, []).append(review)
        assert got == {e.id: tuple(fresh.get(e.id, ())) for _, e in project.elements()}
        assert badges == element_badges(got)
