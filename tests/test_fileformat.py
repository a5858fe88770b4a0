import os
import stat

import pytest
import tomli_w
from hypothesis import given, strategies as st

from tui_outcomes.core import fileformat as ff
from tui_outcomes.core.model import Project

from .conftest import BLANK


def test_shipped_files_are_canonical(example_text):
    assert ff.dumps(ff.parse(example_text)) == example_text
    blank = BLANK.read_text(encoding="utf-8")
    assert ff.dumps(ff.parse(blank)) == blank


def test_format_number_first_and_stages_in_model_order(example_text):
    assert example_text.startswith("format = 1\n")
    order = [example_text.index(f"[{key}]") for key in
             ("project", "final_outcomes", "interim_outcomes", "outputs", "inputs")]
    assert order == sorted(order)


def test_worked_example_keeps_the_seed_figures(example):
    rows = {(r.source, r.baseline, r.target) for _, e in example.elements() for r in e.evidence}
    assert ("Disciplinary records", "10 incidents recorded last term",
            "50% reduction in disruptive incidents recorded next term") in rows
    assert ("Attendance records", "1.8% unauthorised absence in cohort",
            "0.8% unauthorised absence in cohort") in rows
    assert ("School/class Key Stage results/assessments", "55% L2@KS1", "85% L2@KS1 in 2013") in rows
    for stage in example.stages:
        assert len(stage.elements) == 3
        for element in stage.elements:
            assert len(element.evidence) == 2
            if stage.key != "final_outcomes":
                assert element.supports


def test_multiline_text_written_as_multiline_string():
    p, eid = Project().add_element("final_outcomes", "line one\r\nline two")
    text = ff.dumps(p)
    assert 'text = """\nline one\nline two"""' in text
    assert ff.parse(text) == p


def test_crlf_file_reads_like_lf(example_text):
    assert ff.parse(example_text.replace("\n", "\r\n")) == ff.parse(example_text)


def test_bom_is_ignored(example_text):
    assert ff.parse("\ufeff" + example_text) == ff.parse(example_text)


def test_syntax_error_names_line_and_column():
    with pytest.raises(ff.ProjectFileError) as info:
        ff.parse('format = 1\n[project]\ntitle = "unterminated\n', "p.toml")
    problem, = info.value.problems
    assert (problem.line, problem.column) == (3, 22)
    assert str(info.value).startswith("p.toml:3:22: not valid TOML")


def test_every_schema_problem_is_reported_with_path_and_line(example_text):
    broken = example_text.replace('target = "0.8% unauthorised absence in cohort"', "target = 8", 1)
    broken = broken.replace('title = "Behaviour', 'titel = "Behaviour', 1)
    broken = broken.replace('cycle_stage = "plan"', 'cycle_stage = "planning"', 1)
    with pytest.raises(ff.ProjectFileError) as info:
        ff.parse(broken, "x.toml")
    messages = [p.format("x.toml") for p in info.value.problems]
    lines = broken.splitlines()
    target_line = next(i for i, l in enumerate(lines, 1) if l == "target = 8")
    assert f"x.toml:{target_line}: interim_outcomes.elements[1].evidence[0].target: expected a string, " \
           f"got an integer; put it in quotes" in messages
    assert any("project.titel: unknown key 'titel' (did you mean 'title'?" in m for m in messages)
    assert any("project.cycle_stage: 'planning' is not a stage" in m for m in messages)
    assert len(messages) == 3


def test_links_to_missing_ids_or_wrong_stage_are_errors(example_text):
    broken = example_text.replace('{ id = "f7k2mq" },', '{ id = "nope99" },', 1)
    broken = broken.replace('supports = [\n    { id = "o2nw8j" },', 'supports = [\n    { id = "f3xh9c" },', 1)
    with pytest.raises(ff.ProjectFileError) as info:
        ff.parse(broken)
    messages = [f"{p.path}: {p.message}" for p in info.value.problems]
    assert "interim_outcomes.elements[0].supports[0]: links to 'nope99', which is not the id of any element" \
        in messages
    assert ("inputs.elements[0].supports[0]: links to 'f3xh9c', which is a final outcome; "
            "inputs support only outputs") in messages


def test_duplicate_and_missing_ids(example_text):
    broken = example_text.replace('id = "f3xh9c"', 'id = "f7k2mq"').replace('id = "r2a8k"\n', "")
    with pytest.raises(ff.ProjectFileError) as info:
        ff.parse(broken)
    messages = [f"{p.path}: {p.message}" for p in info.value.problems]
    assert any(m.startswith("final_outcomes.elements[0].evidence[0].id: missing id") for m in messages)
    assert any("final_outcomes.elements[1].id: id 'f7k2mq' is already used" in m for m in messages)


def test_user_keys_are_kept_and_other_unknown_keys_refused():
    text = ('format = 1\nx_owner = "Sam"\n\n[project]\ntitle = "T"\nx_budget = 12000\n\n'
            '[final_outcomes]\n\n[[final_outcomes.elements]]\nid = "abc123"\ntext = "t"\n'
            'x_tags = ["a", "b"]\n')
    p = ff.parse(text)
    assert p.extras == {"x_owner": "Sam"}
    assert p.details.extras == {"x_budget": 12000}
    assert p.find("abc123")[2].extras == {"x_tags": ["a", "b"]}
    again = ff.dumps(p)
    assert ff.parse(again) == p and ff.dumps(ff.parse(again)) == again
    with pytest.raises(ff.ProjectFileError, match="unknown key 'owner'"):
        ff.parse('format = 1\nowner = "Sam"\n')


def test_newer_format_is_refused_with_advice():
    with pytest.raises(ff.ProjectFileError, match="newer tui-outcomes.*upgrade"):
        ff.parse("format = 2\n")
    with pytest.raises(ff.ProjectFileError, match="format: expected a whole number"):
        ff.parse('format = "1"\n')


def test_missing_format_reads_as_current():
    assert ff.parse('[project]\ntitle = "T"\n').details.title == "T"


def test_checklist_answers_keyed_by_item_number():
    p = Project().with_answer("applications", "4.5", "purpose", True).with_answer("analyses", "3", "msi", False)
    p = p.with_answer("applications", "1.3", "plans", False).with_answer("applications", "1.3", specify="Dashboards")
    text = ff.dumps(p)
    assert '[checklist.analyses.3]\nmsi = "no"\n' in text
    assert ('[checklist.applications."1.3"]\nplans = "no"\nspecify = "Dashboards"\n\n'
            '[checklist.applications."4.5"]\npurpose = "yes"\n') in text
    assert ff.parse(text) == p
    with pytest.raises(ff.ProjectFileError) as info:
        ff.parse('[checklist.applications]\n"9.9" = { purpose = "yes" }\n"1.1" = { purpose = "No", specify = "x" }\n')
    messages = [f"{p.path}: {p.message}" for p in info.value.problems]
    assert any(m.startswith('checklist.applications."9.9": \'9.9\' is not an item') for m in messages)
    assert any(m.startswith('checklist.applications."1.1".purpose: expected "yes" or "no"') for m in messages)
    assert any(m.startswith('checklist.applications."1.1".specify: item 1.1 takes no text') for m in messages)


def test_load_reports_non_utf8_with_position(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_bytes(b'format = 1\n[project]\ntitle = "caf\xe9"\n')
    with pytest.raises(ff.ProjectFileError) as info:
        ff.load(path)
    assert str(info.value) == f"{path}:3:13: not UTF-8 text; save the file as UTF-8 and try again"


def test_comment_lines_are_counted(tmp_path, example_text):
    path = tmp_path / "c.toml"
    path.write_text("# my notes\n" + example_text, encoding="utf-8")
    assert ff.load(path).comment_lines == 1


def test_comments_after_a_value_are_counted_and_hashes_in_strings_are_not(tmp_path, example_text):
    path = tmp_path / "c.toml"
    text = example_text.replace("format = 1\n", "format = 1  # note\n", 1)
    text = text.replace('[project]\n', '[project] # the details\nx_tag = "#1 not a comment"\n'
                        "x_literal = '# nor this'\nx_long = \"\"\"\n# a heading, not a comment\n\"\"\"  # but this is\n", 1)
    path.write_text(text, encoding="utf-8")
    assert ff.load(path).comment_lines == 3
    assert ff.count_comments(example_text) == 0


@given(st.dictionaries(st.text(alphabet="ab#'\"\\\n ", max_size=6), st.text(alphabet="ab#'\"\\\n ", max_size=12),
                       max_size=5), st.booleans())
def test_a_hash_inside_any_string_is_not_a_comment(values, multiline):
    text = tomli_w.dumps({"t": values}, multiline_strings=multiline)
    assert ff.count_comments(text) == 0
    assert ff.count_comments("x = 1  # c\n" + text + "# end\n") == 2


def test_save_is_atomic_and_keeps_the_old_file_on_failure(tmp_path, example, monkeypatch):
    path = tmp_path / "p.toml"
    digest = ff.save(path, example)
    before = path.read_bytes()
    assert ff.digest(before) == digest

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ff.SaveError, match="No space left on device; the file on disk is unchanged"):
        ff.save(path, example.with_details(title="changed"), expect=digest)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.toml"]  # no temporary file left behind


def test_save_where_no_file_can_be_made_fails_cleanly(tmp_path, example):
    not_a_folder = tmp_path / "plain-file"
    not_a_folder.write_text("x", encoding="utf-8")
    with pytest.raises(ff.FolderGoneError, match="could not save .*: the folder .* does not exist .*nothing was written"):
        ff.save(not_a_folder / "p.toml", example)


def test_save_says_when_the_file_was_deleted_or_is_read_only(tmp_path, example):
    path = tmp_path / "p.toml"
    digest = ff.save(path, example)
    path.unlink()
    with pytest.raises(ff.FileGoneError, match="was deleted"):
        ff.save(path, example, expect=digest)
    assert not path.exists()
    digest = ff.save(path, example, expect=digest, force=True)  # recreate, when asked
    path.chmod(0o444)
    with pytest.raises(ff.ReadOnlyError, match="read-only"):
        ff.save(path, example.with_details(title="x"), expect=digest)
    ff.save(path, example.with_details(title="x"), expect=digest, force=True)
    assert path.stat().st_mode & 0o777 == 0o444 and 'title = "x"' in path.read_text(encoding="utf-8")


def test_save_refuses_a_file_changed_on_disk(tmp_path, example):
    path = tmp_path / "p.toml"
    digest = ff.save(path, example)
    path.write_text(path.read_text() + "\n", encoding="utf-8")  # someone else's edit
    with pytest.raises(ff.ConflictError):
        ff.save(path, example, expect=digest)
    ff.save(path, example, expect=digest, force=True)
    assert path.read_text(encoding="utf-8") == ff.dumps(example)


def test_save_keeps_file_mode(tmp_path, example):
    path = tmp_path / "p.toml"
    path.write_text("", encoding="utf-8")
    path.chmod(0o640)
    ff.save(path, example, expect=ff.digest(b""))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_locate_finds_lines_for_paths(example_text):
    lines = example_text.splitlines()
    index = ff.LineIndex(example_text)
    line = index.line_of("outputs.elements[2].evidence[1].frequency")
    assert lines[line - 1] == 'frequency = "At bid evaluation stage"'
    assert lines[index.line_of("project.cycle_stage") - 1] == 'cycle_stage = "plan"'
    assert lines[index.line_of("inputs.elements[1]") - 1] == "[[inputs.elements]]"
    assert index.line_of("inputs.elements[99]") is None or lines[index.line_of("inputs.elements[99]") - 1]
    problem = ff.locate(example_text, ff.Problem("final_outcomes.elements[0].text", "x"))
    assert lines[problem.line - 1].startswith("text = ")


def test_one_index_locates_every_element_of_a_big_model():
    """One index, then each path looked up without reading the file again (the time is measured in
    benchmarks/README.md, check on the 1000-per-stage project)."""
    from tui_outcomes.core.model import Project

    project = Project()
    for n in range(1000):
        project, element = project.add_element("outputs", f"element {n}")
        project, _ = project.add_row(element, source=f"source {n}")  # a table of its own in the file
    index = ff.LineIndex(ff.dumps(project))
    lines = [index.line_of(f"outputs.elements[{n}].text") for n in range(1000)]
    assert len(set(lines)) == 1000 and lines == sorted(lines)


def test_documented_example_is_valid_and_canonical():
    from .conftest import ROOT

    doc = (ROOT / "docs" / "file-format.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    project = ff.parse(example)
    assert ff.dumps(project) == example
    assert project.checklist.answer("analyses", "1").values == {"hi": True, "vi": False}


@pytest.mark.parametrize("depth", [100, 101])
def test_nesting_by_dotted_keys_is_refused_just_past_the_limit(depth):
    """Tables nested by a dotted key (no brackets to count on the line): the limit is exact, and the
    refusal names the key."""
    from tui_outcomes.core.fileformat import MAX_DEPTH, ProjectFileError, parse

    assert MAX_DEPTH == 100
    key = "x_deep." + ".".join(f"k{i}" for i in range(depth - 1))
    text = f"format = 1\n{key} = 1\n"
    if depth <= MAX_DEPTH:
        assert parse(text, "x.toml").extras["x_deep"]
        return
    with pytest.raises(ProjectFileError) as caught:
        parse(text, "x.toml")
    assert "x_deep.k0.k1" in str(caught.value) and "nested more than 100 levels deep" in str(caught.value)
