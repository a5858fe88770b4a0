"""Property tests of the file format: whatever the project, nothing is lost or churned."""

import itertools
import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_outcomes.core import fileformat as ff
from tui_outcomes.core import proforma
from tui_outcomes.core.model import (
    ID_ALPHABET, Answer, CaseStudy, Checklist, Details, Dismissal, Element, EvidenceRow, Link, Project, Reading,
    Stage,
)
from tui_outcomes.core.fileformat import DIRECTIONS, HINT_CODES
from tui_outcomes.core.model import clean_text
from tui_outcomes.core.stages import CYCLE_STAGES, STAGE_KEYS

# Any text a person could put in a file: unicode, [brackets], quotes, backslashes, newlines,
# tabs, direction and zero-width characters -- but no lone surrogates (not encodable), no carriage
# returns (normalised to newlines on the way in) and no control characters (refused in text: see
# test_control_characters_are_refused_in_text). Extras (x_ keys) keep any text, controls included.
TRICKY = st.sampled_from(["[bold]", "[/]", "[link=x]", '"""', "'''", "\\", "\\n", "\n", "\t", "#", "=", " ",
                          "\u202e", "\u200b"])
ANY_TEXT = st.lists(st.one_of(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r")),
                              TRICKY, st.just("\x1b[31m")), max_size=4).map("".join)
TEXT = ANY_TEXT.map(clean_text)
IDS = st.text(ID_ALPHABET, min_size=6, max_size=6)
EXTRA_VALUES = st.one_of(ANY_TEXT, st.integers(-10**6, 10**6), st.booleans(), st.lists(ANY_TEXT, max_size=3))
EXTRAS = st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=5).map("x_".__add__),
                         EXTRA_VALUES, max_size=2)


@st.composite
def projects(draw, max_elements=4, TEXT=TEXT):
    prefix = draw(IDS)  # a random id, then numbered ones: unique however many are needed
    ids = (f"{prefix}{n}" for n in itertools.count())
    stages = []
    above: list[str] = []
    for key in STAGE_KEYS:
        elements = []
        for _ in range(draw(st.integers(0, max_elements))):
            rows = tuple(
                EvidenceRow(next(ids), *(draw(TEXT) for _ in range(5)),
                            readings=tuple(Reading(draw(TEXT), draw(TEXT), draw(TEXT), draw(TEXT))
                                           for _ in range(draw(st.integers(0, 2)))),
                            extras=draw(EXTRAS), direction=draw(st.sampled_from(("",) + DIRECTIONS)))
                for _ in range(draw(st.integers(0, 2)))
            )
            targets = draw(st.lists(st.sampled_from(above), unique=True, max_size=3)) if above else []
            links = tuple(Link(t, draw(TEXT)) for t in targets)
            dismissed = tuple(Dismissal(code, draw(TEXT)) for code in
                              draw(st.lists(st.sampled_from(HINT_CODES), unique=True, max_size=2)))
            elements.append(Element(next(ids), draw(TEXT), links, rows, draw(EXTRAS), dismissed))
        stages.append(Stage(key, draw(TEXT), tuple(draw(st.lists(TEXT, max_size=3))), tuple(elements),
                            draw(EXTRAS)))
        above = [e.id for e in elements]
    details = Details(draw(TEXT), draw(TEXT), draw(TEXT), draw(TEXT),
                      draw(st.sampled_from(("",) + CYCLE_STAGES)), draw(TEXT), draw(EXTRAS))
    sections = {}
    for section in proforma.SECTIONS:
        answers = {}
        for item in draw(st.lists(st.sampled_from(section.items), unique=True, max_size=5)):
            values = draw(st.dictionaries(st.sampled_from([k for k, _ in section.columns]), st.booleans()))
            answer = Answer(values, draw(TEXT) if item.specify else "")
            if not answer.is_empty():
                answers[item.number] = answer
        sections[section.key] = answers
    studies = tuple(CaseStudy(draw(TEXT), draw(TEXT)) for _ in range(draw(st.integers(0, 2))))
    checklist = Checklist(sections["analyses"], sections["applications"], studies)
    return Project(details, tuple(stages), checklist, draw(EXTRAS))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_save_load_is_lossless_and_second_save_identical(project):
    text = ff.dumps(project)
    loaded = ff.parse(text)
    assert loaded == project
    assert ff.dumps(loaded) == text


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects(max_elements=40, TEXT=st.sampled_from(["", "a [b]", 'q"\\', "x\ny"])))
def test_many_elements_round_trip(project):
    assert ff.parse(ff.dumps(project)) == project


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_files_give_a_clean_error_or_a_project(data):
    text = (ff.dumps(data.draw(projects(max_elements=2))))
    cut = data.draw(st.integers(0, len(text)))
    insert = data.draw(st.sampled_from(['"', "[", "]]", "=", "\n", "x = 1\n", "id = 3\n", "\x00", "[[inputs]]\n",
                                        'supports = ["zz"]\n', "format = 9\n", "}"]))
    mutated = text[:cut] + insert + text[cut + data.draw(st.integers(0, 5)):]
    try:
        project = ff.parse(mutated, "m.toml")
    except ff.ProjectFileError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.format("m.toml").startswith("m.toml")
    else:
        assert isinstance(project, Project)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_random_text_gives_a_clean_error_or_a_project(text):
    try:
        ff.parse(text, "r.toml")
    except ff.ProjectFileError as exc:
        assert exc.problems


@given(ANY_TEXT)
def test_control_characters_are_refused_in_text_and_removed_on_input(text):
    from tui_outcomes.core.model import CONTROL

    project = Project().with_details(title=text)
    assert not CONTROL.search(project.details.title)  # what is typed or pasted loses them
    assert ff.parse(ff.dumps(project)) == project
    raw = ff.dumps(Project()).replace('title = ""', "title = " + json.dumps(text, ensure_ascii=False), 1)
    try:
        loaded = ff.parse(raw, "c.toml")
    except ff.ProjectFileError as exc:
        assert CONTROL.search(text) and any("control character" in p.message for p in exc.problems)
    else:
        assert not CONTROL.search(text) and loaded.details.title == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects(), st.data())
def test_the_kept_element_texts_give_tomli_w_s_text_after_any_edit(project, data):
    """dumps keeps each element's text from the last call (core/fileformat.py _Fragments): after edits
    (a new element, short or long, a changed one, one moved to the top, one deleted), the file is still
    exactly what tomli-w makes of the whole project."""
    import tomli_w

    def whole(p):
        return tomli_w.dumps(ff.to_data(p), multiline_strings=True)

    assert ff.dumps(project, keep=True) == whole(project) == ff.dumps(project)
    for _ in range(data.draw(st.integers(1, 4))):
        elements = [e for _, e in project.elements()]
        kind = data.draw(st.sampled_from(["add", "text", "top", "delete"] if elements else ["add"]))
        if kind == "add":
            key = data.draw(st.sampled_from(STAGE_KEYS))
            text = data.draw(st.sampled_from(["", "short", "long " * 30, "two\nlines", '"""\\']))
            project, _ = project.add_element(key, text, data.draw(st.integers(0, 5)))
        else:
            element = data.draw(st.sampled_from(elements))
            if kind == "text":
                project = project.with_element_text(element.id, data.draw(TEXT))
            elif kind == "top":
                project = project.move_element(element.id, -10)
            else:
                project = project.delete_element(element.id)
        assert ff.dumps(project, keep=True) == whole(project)
