from hypothesis import given, strategies as st

from tui_outcomes.core.wording import count, plural


def test_counts_read_as_english():
    assert count(1, "row") == "1 row"
    assert count(2, "row") == "2 rows"
    assert count(0, "row") == "0 rows"
    assert count(1, "case study") == "1 case study"
    assert count(3, "case study") == "3 case studies"
    assert count(2, "reply") == "2 replies"
    assert count(2, "day") == "2 days"
    assert count(1200, "finding") == "1,200 findings"
    assert count(2, "comment line") == "2 comment lines"
    assert plural(2, "is") == "are"
    assert count(2, "child", "children") == "2 children"


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["row", "element", "case study", "line"]))
def test_one_is_singular_and_the_rest_plural(n, word):
    text = count(n, word)
    assert text.startswith(f"{n:,} ")
    assert text.endswith(word) == (n == 1)


def test_one_did_you_mean_for_every_file_the_user_writes():
    from tui_outcomes.core.wording import did_you_mean

    assert did_you_mean("titel", ["title", "period"]) == "did you mean 'title'?"
    assert did_you_mean("zzz", ["title"], "known keys: title") == "known keys: title"
    assert did_you_mean("zzz", ["title"]) == ""
