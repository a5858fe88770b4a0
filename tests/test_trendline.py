"""The review screen's trend line: a fixed scale from baseline to target, gaps, clamping, direction."""

from hypothesis import given
from hypothesis import strategies as st

from tui_outcomes.core.trendline import BEHIND, BEYOND, BLOCKS, GAP, trend_line


def test_the_scale_is_fixed_from_baseline_to_target_not_the_data_range():
    # 10 → 13 on a scale of 10 to 20 stays low: Sparkline would draw it bottom to top
    assert trend_line([10, 11, 12, 13], 10, 20, 12) == "▁▂▂▃"
    assert trend_line([10, 20], 10, 20, 12) == BLOCKS[0] + BLOCKS[-1]
    assert trend_line([15], 10, 20, 12) in ("▄", "▅")


def test_missing_periods_are_gaps_that_show():
    assert trend_line([10, None, None, 20], 10, 20, 12) == f"▁{GAP}{GAP}█"
    assert trend_line([None], 10, 20, 12) == GAP


def test_values_beyond_the_target_or_behind_the_baseline_are_clamped_visibly():
    line = trend_line([8, 10, 20, 25], 10, 20, 12)
    assert line == f"{BEHIND}▁█{BEYOND}"
    assert BEHIND not in BLOCKS and BEYOND not in BLOCKS and GAP not in BLOCKS


def test_lower_is_better_climbs_towards_the_target():
    # baseline 10 incidents, target 5: fewer incidents draw higher
    assert trend_line([10, 8, 7, 5], 10, 5, 12) == "▁▄▅█"
    assert trend_line([12, 4], 10, 5, 12) == BEHIND + BEYOND


def test_only_the_latest_periods_that_fit_are_drawn():
    assert trend_line([10, 12, 14, 16, 18, 20], 10, 20, 3) == "▅▇█"
    assert len(trend_line(list(range(100)), 0, 99, 24)) == 24


def test_no_scale_no_line():
    assert trend_line([1, 2], None, 5, 12) == ""
    assert trend_line([1, 2], 5, None, 12) == ""
    assert trend_line([1, 2], 5, 5, 12) == ""
    assert trend_line([1, 2], 0, 5, 0) == ""


@given(series=st.lists(st.none() | st.floats(-1e6, 1e6), max_size=60),
       start=st.floats(-1e3, 1e3), end=st.floats(-1e3, 1e3), width=st.integers(1, 40))
def test_one_character_a_period_and_only_known_characters(series, start, end, width):
    line = trend_line(series, start, end, width)
    if start == end:
        assert line == ""
        return
    assert len(line) == min(len(series), width)
    assert set(line) <= set(BLOCKS) | {GAP, BEYOND, BEHIND}
    for value, char in zip(series[-width:], line):
        assert (char == GAP) == (value is None)
        if value is not None:
            share = (value - start) / (end - start)
            assert (char == BEYOND) == (share > 1) and (char == BEHIND) == (share < 0)
