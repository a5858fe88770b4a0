"""The project file: TOML in, TOML out, and nothing lost on the way.

* ``parse`` turns file text into a :class:`~tui_outcomes.core.model.Project`, or
  raises :class:`ProjectFileError` listing *every* problem with its field path
  (and its line, where it can be found);
* ``dumps`` writes the canonical text: the same project always gives the same
  bytes, and a file this module wrote loads and saves back unchanged;
* ``load`` / ``save`` do the file work; ``save`` is atomic and refuses to
  overwrite a file that changed on disk since it was read.

The format is documented in docs/file-format.md.
"""

import os
import re
import threading
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Callable, NamedTuple

try:  # hashlib.blake2b itself, without hashlib loading OpenSSL (1-3 ms of start-up)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python builds
    from hashlib import blake2b

from .model import (
    Answer,
    CaseStudy,
    Checklist,
    Conflict,
    Details,
    Dismissal,
    Element,
    EvidenceRow,
    Link,
    Project,
    Reading,
    Stage,
    CONTROL,
    clean_text,
)
from .wording import did_you_mean
from .stages import BY_KEY, CYCLE_STAGES, STAGE_KEYS, stage_above

FORMAT = 1  # the format this version writes
CONFLICTS = "merge_conflicts"  # the table of merge conflicts not yet resolved (core/merge.py)
CONFLICT_KINDS = ("project", *STAGE_KEYS, "element", "row", "checklist", "file")
HINT_CODES = ("specific", "measurable", "time-bound", "activity")  # the SMART hints of checks.py
DIRECTIONS = ("up", "down", "range")  # an evidence row's explicit direction (core/review.py reads it)
EXTRA_PREFIX = "x_"  # keys of the user's own, kept exactly as written

# Migrations from older formats: MIGRATIONS[n] turns format-n data into format n+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


# -- problems ----------------------------------------------------------------


class Problem(NamedTuple):
    """Something wrong with a file: where (field path, line, column) and what."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def format(self, filename: str) -> str:
        where = filename
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ProjectFileError(Exception):
    """A project file could not be read; ``problems`` lists everything found."""

    def __init__(self, filename: str, problems: list[Problem]):
        self.filename = filename
        self.problems = problems
        super().__init__("\n".join(p.format(filename) for p in problems))


class SaveError(Exception):
    """A save failed; the file on disk is as it was."""


class ConflictError(SaveError):
    """The file changed on disk since it was read; nothing was written."""


class FileGoneError(SaveError):
    """The file was deleted since it was read; nothing was written (``force`` recreates it)."""


class FolderGoneError(SaveError):
    """The file's folder no longer exists; nothing was written (save elsewhere)."""


class ReadOnlyError(SaveError):
    """The file is read-only; nothing was written (``force`` writes over it, keeping it read-only)."""


# -- reading -----------------------------------------------------------------

TYPE_NAMES: list[tuple[type, str]] = [
    (bool, "a boolean"),
    (int, "an integer"),
    (float, "a number"),
    (str, "a string"),
    (datetime, "a date-time"),
    (date, "a date"),
    (time, "a time"),
    (list, "an array"),
    (dict, "a table"),
]


def type_name(value: Any) -> str:
    for kind, name in TYPE_NAMES:
        if isinstance(value, kind):
            return name
    return type(value).__name__


class _Reader:
    """Turns parsed TOML into model objects, collecting every problem."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def table(self, value: Any, path: str, known: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
        """(known keys, extras) of a table; unknown keys are reported."""
        if not isinstance(value, dict):
            self.problem(path, f"expected a table, got {type_name(value)}")
            return {}, {}
        found: dict[str, Any] = {}
        extras: dict[str, Any] = {}
        for key, item in value.items():
            if key in known:
                found[key] = item
            elif key.startswith(EXTRA_PREFIX):
                extras[key] = item
            else:
                advice = did_you_mean(key, known, f"known keys: {', '.join(known)}")
                self.problem(
                    _join(path, key),
                    f"unknown key '{key}' ({advice} Keys of your own must start with '{EXTRA_PREFIX}')",
                )
        return found, extras

    def text(self, table: dict[str, Any], key: str, path: str) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            hint = "; put it in quotes" if isinstance(value, (int, float, date, time)) else ""
            self.problem(_join(path, key), f"expected a string, got {type_name(value)}{hint}")
            return ""
        if "\r" not in value and CONTROL.search(value) is None:
            return value  # the usual case, with no path worked out (a big file has tens of thousands)
        return self.checked_text(value, _join(path, key))

    def checked_text(self, value: str, path: str) -> str:
        """Text of a project field: control characters are refused (see docs/file-format.md)."""
        if (found := CONTROL.search(value.replace("\r", ""))) is not None:
            code = ord(found.group())
            self.problem(path, f"holds a control character (U+{code:04X}), which a terminal would obey: "
                               "remove it (only tab and line breaks are allowed in text)")
        return clean_text(value)

    def texts(self, table: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list):
            self.problem(_join(path, key), f"expected an array of strings, got {type_name(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append(self.checked_text(item, f"{_join(path, key)}[{i}]"))
            else:
                self.problem(f"{_join(path, key)}[{i}]", f"expected a string, got {type_name(item)}")
        return tuple(out)

    def tables(self, table: dict[str, Any], key: str, path: str) -> list[tuple[str, Any]]:
        """(path, item) for each table of an array of tables."""
        value = table.get(key, [])
        if not isinstance(value, list):
            self.problem(_join(path, key), f"expected an array of tables, got {type_name(value)}")
            return []
        return [(f"{_join(path, key)}[{i}]", item) for i, item in enumerate(value)]

    # -- the model ---------------------------------------------------------

    def project(self, data: dict[str, Any]) -> Project:
        known = ("format", "project", *STAGE_KEYS, "checklist", CONFLICTS)
        found, extras = self.table(data, "", known)
        details = self.details(found.get("project", {}))
        stages = tuple(self.stage(key, found.get(key, {})) for key in STAGE_KEYS)
        checklist = self.checklist(found["checklist"]) if "checklist" in found else Checklist()
        conflicts = tuple(self.conflict(path, item) for path, item in self.tables(found, CONFLICTS, ""))
        return Project(details, stages, checklist, extras, conflicts)

    def conflict(self, path: str, value: Any) -> Conflict:
        """A merge conflict: where (by identity), which field, and the values as written."""
        found, extras = self.table(value, path, ("path", "field", "base", "ours", "theirs"))
        for key in extras:
            self.problem(_join(path, key), f"unknown key '{key}' (a merge conflict holds path, field, base, "
                                           "ours and theirs)")
        where = found.get("path")
        if not isinstance(where, list) or not where or not all(isinstance(p, str) for p in where):
            self.problem(_join(path, "path"), "expected an array of strings naming the item, such as "
                                              '["element", "k3f9qz"]')
            where = ["file"]
        elif where[0] not in CONFLICT_KINDS:
            self.problem(_join(path, "path"), f"'{where[0]}' is not a kind of item (one of "
                                              f"{', '.join(CONFLICT_KINDS)})")
        field = found.get("field", "")
        if not isinstance(field, str):
            self.problem(_join(path, "field"), f"expected a string, got {type_name(field)}")
            field = ""
        if "ours" not in found and "theirs" not in found:
            self.problem(path, "a merge conflict needs ours or theirs (the two values); remove it if resolved")
        return Conflict(tuple(where), field, found.get("base"), found.get("ours"), found.get("theirs"))

    def details(self, value: Any) -> Details:
        keys = ("title", "commissioner", "setting", "period", "cycle_stage", "description")
        found, extras = self.table(value, "project", keys)
        fields = {k: self.text(found, k, "project") for k in keys}
        cycle = fields["cycle_stage"].strip().lower()
        if cycle and cycle not in CYCLE_STAGES:
            self.problem("project.cycle_stage",
                         f"'{fields['cycle_stage']}' is not a stage of the commissioning cycle; "
                         f"use one of {', '.join(CYCLE_STAGES)} or leave it empty")
        fields["cycle_stage"] = cycle
        return Details(**fields, extras=extras)

    def stage(self, key: str, value: Any) -> Stage:
        found, extras = self.table(value, key, ("introduction", "evidence_sources", "elements"))
        elements = tuple(self.element(path, item) for path, item in self.tables(found, "elements", key))
        return Stage(
            key,
            self.text(found, "introduction", key),
            self.texts(found, "evidence_sources", key),
            elements,
            extras,
        )

    def element(self, path: str, value: Any) -> Element:
        found, extras = self.table(value, path, ("id", "text", "supports", "evidence", "dismissed"))
        links = []
        supports = found.get("supports", [])
        if not isinstance(supports, list):
            self.problem(_join(path, "supports"), f"expected an array, got {type_name(supports)}")
            supports = []
        for i, item in enumerate(supports):
            link_path = f"{path}.supports[{i}]"
            if isinstance(item, str):  # shorthand: supports = ["k3f9qz"]
                links.append(Link(item))
                continue
            link, link_extras = self.table(item, link_path, ("id", "because"))
            if link_extras:
                self.problem(link_path, "a link holds only 'id' and 'because'")
            links.append(Link(self.text(link, "id", link_path), self.text(link, "because", link_path)))
        rows = tuple(self.row(p, item) for p, item in self.tables(found, "evidence", path))
        dismissed = []
        for p, item in self.tables(found, "dismissed", path):
            entry, entry_extras = self.table(item, p, ("hint", "reason"))
            if entry_extras:
                self.problem(p, "a dismissed hint holds only 'hint' and 'reason'")
            hint = self.text(entry, "hint", p)
            if hint not in HINT_CODES:
                self.problem(_join(p, "hint"), f"'{hint}' is not a hint that can be dismissed "
                                               f"(one of {', '.join(HINT_CODES)})")
            dismissed.append(Dismissal(hint, self.text(entry, "reason", p)))
        return Element(self.text(found, "id", path), self.text(found, "text", path), tuple(links), rows, extras,
                       tuple(dismissed))

    def row(self, path: str, value: Any) -> EvidenceRow:
        keys = ("id", "source", "baseline", "target", "data_method", "frequency")
        found, extras = self.table(value, path, (*keys, "direction", "readings"))
        readings = tuple(self.reading(p, item) for p, item in self.tables(found, "readings", path))
        direction = self.text(found, "direction", path)
        if direction.strip().lower() in DIRECTIONS:
            direction = direction.strip().lower()
        elif direction:
            self.problem(_join(path, "direction"),
                         f"'{direction}' is not a direction; use \"up\" (higher is better), \"down\" (lower is "
                         f"better) or \"range\" (the target gives a range, e.g. \"95% to 100%\"), or leave it "
                         "out to follow the baseline and target")
            direction = ""
        return EvidenceRow(*(self.text(found, k, path) for k in keys), readings=readings, extras=extras,
                           direction=direction)

    def reading(self, path: str, value: Any) -> Reading:
        keys = ("date", "value", "status", "note")
        found, extras = self.table(value, path, keys)
        return Reading(*(self.text(found, k, path) for k in keys), extras=extras)

    def checklist(self, value: Any) -> Checklist:
        from . import proforma  # only for files that have a checklist: faster start-up

        found, extras = self.table(value, "checklist", ("analyses", "applications", "case_studies"))
        sections = {s.key: self.answers(s, found.get(s.key, {})) for s in proforma.SECTIONS}
        studies = []
        for path, item in self.tables(found, "case_studies", "checklist"):
            study, study_extras = self.table(item, path, ("title", "text"))
            studies.append(CaseStudy(self.text(study, "title", path), self.text(study, "text", path), study_extras))
        return Checklist(sections["analyses"], sections["applications"], tuple(studies), extras)

    def answers(self, section, value: Any) -> dict[str, Answer]:
        from . import proforma

        path = f"checklist.{section.key}"
        if not isinstance(value, dict):
            self.problem(path, f"expected a table, got {type_name(value)}")
            return {}
        items = {i.number: i for i in section.items}
        columns = tuple(key for key, _ in section.columns)
        answers: dict[str, Answer] = {}
        for number, raw in value.items():
            item_path = _join(path, number)
            item = items.get(number)
            if item is None:
                self.problem(item_path, f"'{number}' is not an item of Section {section.number} of the pro-forma "
                                        f"(items: {', '.join(items)})")
                continue
            found, extras = self.table(raw, item_path, (*columns, "specify"))
            if extras:
                self.problem(item_path, f"an answer holds only {', '.join(columns)} and specify")
            values: dict[str, bool] = {}
            for column in columns:
                if column in found:
                    answer = found[column]
                    if answer in (proforma.YES, proforma.NO):
                        values[column] = answer == proforma.YES
                    else:
                        self.problem(_join(item_path, column),
                                     f"expected \"yes\" or \"no\", got {answer!r}; leave it out when unanswered")
            specify = self.text(found, "specify", item_path)
            if specify and not item.specify:
                self.problem(_join(item_path, "specify"),
                             f"item {number} takes no text; only the 'please specify' items do")
            answer = Answer(values, specify)
            if not answer.is_empty():
                answers[number] = answer
        return answers


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")  # a key TOML writes without quotes


def _join(path: str, key: str) -> str:
    if not _BARE_KEY.fullmatch(key):
        key = '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{path}.{key}" if path else key


def _check_references(project: Project, problems: list[Problem]) -> None:
    """Ids present and unique; links only to existing elements of the next stage up."""
    reported = {p.path for p in problems}  # an id already reported (say, not a string) is not reported again
    seen: dict[str, str] = {p: "" for p in reported}
    where: dict[str, str] = {}
    for stage in project.stages:
        for i, element in enumerate(stage.elements):
            path = f"{stage.key}.elements[{i}]"
            where[element.id] = stage.key
            _check_id(element.id, f"{path}.id", seen, problems)
            for j, row in enumerate(element.evidence):
                _check_id(row.id, f"{path}.evidence[{j}].id", seen, problems)
    for stage in project.stages:
        above = stage_above(stage.key)
        for i, element in enumerate(stage.elements):
            linked: set[str] = set()
            for j, link in enumerate(element.supports):
                path = f"{stage.key}.elements[{i}].supports[{j}]"
                target_stage = where.get(link.id)
                if above is None:
                    problems.append(Problem(path, "final outcomes support nothing above them; remove this link"))
                elif target_stage is None:
                    problems.append(Problem(path, f"links to '{link.id}', which is not the id of any element"))
                elif target_stage != above:
                    problems.append(Problem(
                        path,
                        f"links to '{link.id}', which is {_a(BY_KEY[target_stage].singular)}; "
                        f"{BY_KEY[stage.key].title.lower()} support only {BY_KEY[above].title.lower()}",
                    ))
                elif link.id in linked:
                    problems.append(Problem(path, f"links to '{link.id}' twice"))
                linked.add(link.id)


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _check_id(value: str, path: str, seen: dict[str, str], problems: list[Problem]) -> None:
    if path in seen:
        return
    if not value:
        problems.append(Problem(path, "missing id; give it a short id of letters and digits, unique in the file"))
    elif not _BARE_KEY.fullmatch(value):
        problems.append(Problem(path, f"id '{value}' may hold only letters, digits, '-' and '_'"))
    elif value in seen:
        problems.append(Problem(path, f"id '{value}' is already used at {seen[value]}"))
    else:
        seen[value] = path


MAX_DEPTH = 100  # arrays and tables inside each other: far beyond any project, well within what saves


def parse(text: str, filename: str = "<text>") -> Project:
    """The project in ``text``; :class:`ProjectFileError` if anything is wrong.

    Whatever the text holds, nothing else escapes: this is the boundary between a file from
    someone else and the program (a fuzz test holds it to that)."""
    try:
        return _parse(text, filename)
    except ProjectFileError:
        raise
    except RecursionError:
        raise ProjectFileError(filename, [Problem("", f"values are nested too deeply to read (more than "
                                                      f"{MAX_DEPTH} levels of [ ] or {{ }})", _deepest_line(text))]) \
            from None
    except MemoryError:
        raise ProjectFileError(filename, [Problem("", "the file is too large to read into memory")]) from None
    except Exception as exc:  # a case no check foresaw: still a message, never a traceback
        raise ProjectFileError(filename, [Problem("", f"cannot be read ({type(exc).__name__}: {exc})")]) from None


def _deepest_line(text: str) -> int | None:
    """The first line where brackets open deeper than MAX_DEPTH (roughly: strings are not skipped)."""
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        for c in line:
            depth += (c in "[{") - (c in "]}")
            if depth > MAX_DEPTH:
                return number
    return None


def _deeper_than_limit(value: dict | list) -> bool:
    """Whether any value is nested more than MAX_DEPTH deep (no paths worked out: the usual answer is no)."""
    stack = [(value, 0)]
    while stack:
        container, depth = stack.pop()
        children = container.values() if isinstance(container, dict) else container
        if depth >= MAX_DEPTH and children:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _too_deep(value: Any, path: str, depth: int = 0) -> str | None:
    """The path of the first value nested more than MAX_DEPTH deep, if any."""
    if depth == 0 and isinstance(value, (dict, list)) and not _deeper_than_limit(value):
        return None
    if depth > MAX_DEPTH:
        return path
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = ((f"[{i}]", v) for i, v in enumerate(value))
    else:
        return None
    for key, item in items:
        found = _too_deep(item, path + key if key.startswith("[") else _join(path, key), depth + 1)
        if found:
            return found
    return None


def _parse(text: str, filename: str) -> Project:
    import tomli

    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        from .toml_errors import explain

        message, line, column = explain(getattr(exc, "msg", str(exc)), text, line, column)
        raise ProjectFileError(filename, [Problem("", f"not valid TOML: {message}", line, column)]) from None
    except ValueError:  # Python's limit on digits in a number
        match = re.search(r"\d{4000,}", text)
        line = text.count("\n", 0, match.start()) + 1 if match else None
        raise ProjectFileError(filename, [Problem("", "a number has more digits than can be read (at most "
                                                      "4,300): write it as text in quotes", line)]) from None
    deep = _too_deep(data, "")
    if deep:
        problem = locate(text, Problem(deep, f"nested more than {MAX_DEPTH} levels deep (lists and tables "
                                             "inside each other), more than can be saved again; flatten it"))
        raise ProjectFileError(filename, [problem._replace(path=deep[:60] + "…" if len(deep) > 60 else deep)])
    problems = _migrate(data)
    if not problems:  # a format this version reads
        reader = _Reader()
        project = reader.project(data)
        problems = reader.problems
        _check_references(project, problems)
    if problems:
        index = LineIndex(text)
        located = [locate(index, p) for p in problems]
        located.sort(key=lambda p: (p.line is None, p.line or 0))  # in file order, stable
        raise ProjectFileError(filename, located)
    return project


def _migrate(data: dict[str, Any]) -> list[Problem]:
    version = data.pop("format", FORMAT)
    if isinstance(version, bool) or not isinstance(version, int):
        return [Problem("format", f"expected a whole number, got {type_name(version)}")]
    if version > FORMAT:
        return [Problem("format", f"this file is format {version}, written by a newer tui-outcomes; "
                                  f"this version reads formats up to {FORMAT}: upgrade tui-outcomes")]
    if version < 1:
        return [Problem("format", f"unknown format {version}; the first format is 1")]
    while version < FORMAT:
        data = MIGRATIONS[version](data)
        version += 1
    return []


# -- finding the line of a field path (best effort, for messages) ------------

_SEGMENT = re.compile(r'("(?:[^"\\]|\\.)*"|[^.\[\]]+)(?:\[(\d+)\])?')
_HEADER = re.compile(r"^\s*(\[\[?)\s*(.*?)\s*\]\]?\s*(#.*)?$")


class LineIndex:
    """The table headers of a file's text, read once, so that finding the line of any number of field
    paths costs time in proportion to the paths (not paths × lines: ``check`` on a big model)."""

    def __init__(self, text: str):
        from bisect import bisect_right

        self.bisect = bisect_right
        self.lines = text.splitlines()
        self.starts: list[int] = []  # line index of every header, in order
        self.by_name: dict[tuple[str, str], list[int]] = {}  # ("[[", "outputs.elements") -> line indexes
        for i, line in enumerate(self.lines):
            if m := _HEADER.match(line):
                self.starts.append(i)
                self.by_name.setdefault((m.group(1), re.sub(r"\s+", "", m.group(2).replace('"', ""))), []).append(i)

    def line_of(self, path: str) -> int | None:
        """The 1-based line where the field ``path`` (``outputs.elements[3].text``) is, best effort."""
        segments = [(m.group(1).strip('"'), m.group(2)) for m in _SEGMENT.finditer(path)]
        pos, prefix, found = 0, "", None
        for name, index in segments:
            full = f"{prefix}.{name}" if prefix else name
            hits = self.by_name.get(("[[" if index is not None else "[", full), [])
            first = self.bisect(hits, pos - 1)  # the first at or after pos
            nth = first + (int(index) if index is not None else 0)
            if nth < len(hits):
                pos, prefix, found = hits[nth], full, hits[nth] + 1
                continue
            # a key inside the current table, up to the next header
            key = re.compile(rf'^\s*"?{re.escape(name)}"?\s*=')
            after = self.bisect(self.starts, pos)
            end = self.starts[after] if after < len(self.starts) else len(self.lines)
            for i in range(pos, end):
                if key.match(self.lines[i]):
                    return i + 1
            return found
        return found


def locate(text: str | LineIndex, problem: Problem) -> Problem:
    """The problem with the line of its field path filled in, when it can be found. Give a
    :class:`LineIndex` of the text when locating many problems in one file."""
    if problem.line is not None or not problem.path:
        return problem
    index = text if isinstance(text, LineIndex) else LineIndex(text)
    line = index.line_of(problem.path)
    return Problem(problem.path, problem.message, line) if line is not None else problem


# -- writing -----------------------------------------------------------------


def to_data(project: Project, elements: bool = True) -> dict[str, Any]:
    """The canonical TOML document for a project, as Python data, keys in file order (``elements``
    False: the stages without their elements)."""
    d = project.details
    data: dict[str, Any] = {"format": FORMAT, **project.extras}
    data["project"] = {
        "title": d.title,
        "commissioner": d.commissioner,
        "setting": d.setting,
        "period": d.period,
        "cycle_stage": d.cycle_stage,
        "description": d.description,
        **d.extras,
    }
    for stage in project.stages:
        table: dict[str, Any] = {
            "introduction": stage.introduction,
            "evidence_sources": list(stage.evidence_sources),
            **stage.extras,
        }
        if stage.elements and elements:
            table["elements"] = [_element_data(e) for e in stage.elements]
        data[stage.key] = table
    checklist = _checklist_data(project.checklist)
    if checklist:
        data["checklist"] = checklist
    if project.conflicts:
        data[CONFLICTS] = [
            {"path": list(c.path), "field": c.field,
             **{side: value for side, value in (("base", c.base), ("ours", c.ours), ("theirs", c.theirs))
                if value is not None}}
            for c in project.conflicts]
    return data


def _element_data(element: Element) -> dict[str, Any]:
    table: dict[str, Any] = {"id": element.id, "text": element.text}
    if element.supports:
        table["supports"] = [{"id": l.id, "because": l.because} if l.because else {"id": l.id}
                             for l in element.supports]
    if element.dismissed:
        table["dismissed"] = [{"hint": d.hint, "reason": d.reason} for d in element.dismissed]
    table.update(element.extras)
    if element.evidence:
        table["evidence"] = [_row_data(r) for r in element.evidence]
    return table


def _row_data(row: EvidenceRow) -> dict[str, Any]:
    table: dict[str, Any] = {
        "id": row.id,
        "source": row.source,
        "baseline": row.baseline,
        "target": row.target,
        "data_method": row.data_method,
        "frequency": row.frequency,
        **({"direction": row.direction} if row.direction else {}),
        **row.extras,
    }
    if row.readings:
        table["readings"] = [
            {k: v for k, v in (("date", r.date), ("value", r.value), ("status", r.status), ("note", r.note))
             if v or k in ("date", "value")} | dict(r.extras)
            for r in row.readings
        ]
    return table


def _checklist_data(checklist: Checklist) -> dict[str, Any]:
    from . import proforma

    data: dict[str, Any] = dict(checklist.extras)
    for section in proforma.SECTIONS:
        answers = checklist.section(section.key)
        table: dict[str, Any] = {}
        for item in section.items:  # the form's order, whatever order they were given in
            answer = answers.get(item.number)
            if answer is None or answer.is_empty():
                continue
            entry: dict[str, Any] = {k: proforma.YES if answer.values[k] else proforma.NO
                                     for k, _ in section.columns if k in answer.values}
            if answer.specify:
                entry["specify"] = answer.specify
            table[item.number] = entry
        if table:
            data[section.key] = table
    if checklist.case_studies:
        data["case_studies"] = [{"title": s.title, "text": s.text, **s.extras} for s in checklist.case_studies]
    return data


def dumps(project: Project, keep: bool = False) -> str:
    """The file text of ``project``; :class:`SaveError` (never anything else) when it cannot be written.

    The text is tomli-w's of :func:`to_data`. With ``keep`` (the app, which writes one project again
    and again: saves, recovery copies), each element's part of the text is kept for the next such
    call, which then writes out again only the elements that changed (elements are immutable and
    shared between versions of a project); a property test holds it to tomli-w's text."""
    try:
        return _FRAGMENTS.dumps(project) if keep else _toml(to_data(project))
    except (RecursionError, ValueError, TypeError, MemoryError) as exc:
        raise SaveError(f"the project cannot be written as TOML ({type(exc).__name__}: {exc}); "
                        "nothing was saved") from None


def _toml(data: dict[str, Any]) -> str:
    import tomli_w

    return tomli_w.dumps(data, multiline_strings=True)


class _Fragments:
    """The text of each element as it stands in the file, kept for the elements of the last project
    written. A stage's elements are written as ``[[stage.elements]]`` tables one after another, each
    after a blank line, below the stage's own table; so the file is the rest of the project written
    by tomli-w, with the elements' texts put back in their places. A stage whose elements are all
    short enough for one line (tomli-w then writes them as an inline array) is written whole by
    tomli-w; so is the project when its merge conflicts would go on one line at the top."""

    # a table too long for one line: written after an element, it makes tomli-w lay the element out
    # as a table of the array whatever its size; its own text is then cut off again
    FILLER = {"x": "x" * 120}

    def __init__(self) -> None:
        self.kept: dict[int, list] = {}  # id(element) -> [element, stage key, its text, fits on one line]
        self.lock = threading.Lock()  # a save and a recovery copy may be written at once

    def entry(self, key: str, element: Element, kept: dict[int, list]) -> list:
        entry = kept.get(id(element))
        if entry is None or entry[0] is not element or entry[1] != key:
            data = _element_data(element)
            alone = _toml({key: {"elements": [data]}})
            if alone.startswith("[["):  # laid out as a table of the array: that is its text in the file
                return [element, key, alone, False]
            # short enough for one line: it is a table of the array only beside one that is not
            both = _toml({key: {"elements": [data, self.FILLER]}})
            filler = f"\n[[{key}.elements]]\nx = \"{self.FILLER['x']}\"\n"
            if not both.endswith(filler):
                raise _WholeFile
            entry = [element, key, both[:-len(filler)], True]
        return entry

    def dumps(self, project: Project) -> str:
        try:
            return self._assemble(project)
        except _WholeFile:
            return _toml(to_data(project))

    def _assemble(self, project: Project) -> str:
        with self.lock:
            kept = self.kept
        data = to_data(project, elements=False)
        stages = {stage.key for stage in project.stages}
        head = {k: v for k, v in data.items() if k not in stages and k not in ("checklist", CONFLICTS)}
        tail = {k: data[k] for k in ("checklist", CONFLICTS) if k in data}
        if CONFLICTS in tail and not _toml({CONFLICTS: tail[CONFLICTS]}).startswith("[["):
            raise _WholeFile
        parts = [_toml(head)]
        fresh: dict[int, list] = {}
        for stage in project.stages:
            entries = [self.entry(stage.key, e, kept) for e in stage.elements]
            for entry in entries:
                fresh[id(entry[0])] = entry
            if entries and all(entry[3] for entry in entries):  # an inline array among the stage's keys
                table = {**data[stage.key], "elements": [_element_data(e) for e in stage.elements]}
                parts.append("\n" + _toml({stage.key: table}))
                continue
            parts.append("\n" + _toml({stage.key: data[stage.key]}))
            parts.extend("\n" + entry[2] for entry in entries)
        if tail:
            parts.append("\n" + _toml(tail))
        with self.lock:
            self.kept = fresh
        return "".join(parts)


class _WholeFile(Exception):
    """This project is laid out in a way the kept texts do not cover: tomli-w writes it whole."""


_FRAGMENTS = _Fragments()


# -- files -------------------------------------------------------------------


def digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


class Loaded(NamedTuple):
    """A project as read from disk, with what is needed to save it back safely."""

    path: Path
    project: Project
    digest: str  # of the bytes read: a save checks the file still has them
    comment_lines: int  # hand-written comments, which a save does not keep


# One pass over the TOML's tokens that can hold a "#": strings (multi-line ones first) and
# comments. A "#" inside a string is part of the string; every other "#" starts a comment, on a
# line of its own or after a value (format = 1  # note).
_COMMENT_OR_STRING = re.compile(r'''
    """(?:[^"\\]+|\\.|"(?!""))*"{3,5}   # multi-line basic string (up to two quotes before its end)
  | \'\'\'[\s\S]*?\'{3,5}       # multi-line literal string
  | "(?:[^"\\\n]+|\\.)*"         # basic string
  | '[^'\n]*'                   # literal string
  | \#[^\n]*                    # a comment
''', re.VERBOSE | re.DOTALL)


def count_comments(text: str) -> int:
    """How many comments the TOML holds (whole-line and after a value): a save drops them all."""
    if "#" not in text:
        return 0
    return sum(1 for token in _COMMENT_OR_STRING.finditer(text) if token.group().startswith("#"))


def read_text(path: Path) -> tuple[bytes, str]:
    """Bytes and text of a file; ProjectFileError when it cannot be read as UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProjectFileError(str(path), [Problem("", f"cannot read the file: {exc.strerror or exc}")]) from None
    try:
        return raw, raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ProjectFileError(str(path), [Problem(
            "", "not UTF-8 text; save the file as UTF-8 and try again", line, column)]) from None


def load(path: str | os.PathLike[str]) -> Loaded:
    path = Path(path)
    raw, text = read_text(path)
    project = parse(text, str(path))
    return Loaded(path, project, digest(raw), count_comments(text))


def is_read_only(path: Path) -> bool:
    """Marked read-only (no write permission for anyone, as ``chmod 444`` leaves it), or not writable by us."""
    try:
        return not os.stat(path).st_mode & 0o222 or not os.access(path, os.W_OK)
    except OSError:
        return False


def file_stat(path: Path) -> tuple[int, int] | None:
    """(size, modification time in ns) of the file, None if it is not there: a cheap first look."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def current_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except (FileNotFoundError, NotADirectoryError):
        return None


def save(path: str | os.PathLike[str], project: Project, expect: str | None = None,
         *, force: bool = False, keep: bool = False) -> str:
    """Write atomically; return the digest of what was written.

    ``expect`` is the digest of the file as it was read (None for a new file):
    if the file on disk no longer has it, :class:`ConflictError` is raised and
    nothing is written, unless ``force``. ``keep``: see :func:`dumps`.
    """
    return write_atomic(Path(path), dumps(project, keep).encode("utf-8"), expect, force=force)


def write_atomic(path: Path, data: bytes, expect: str | None = None, *, force: bool = False) -> str:
    """Write ``data`` to ``path`` atomically; the digest written. Unless ``force``: ConflictError if
    the file no longer has the digest ``expect`` (None: a new file), FileGoneError if it was deleted,
    ReadOnlyError if it is read-only. FolderGoneError whatever ``force`` says."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FolderGoneError(f"could not save {path}: the folder {folder} does not exist (any more); "
                              "nothing was written")
    if not force:
        now = current_digest(path)
        if now is None and expect is not None:
            raise FileGoneError(f"{path} was deleted since it was opened; nothing was saved")
        if now is not None and now != expect:
            raise ConflictError(f"{path} changed on disk since it was opened; nothing was saved")
        if now is not None and is_read_only(path):
            raise ReadOnlyError(f"{path} is read-only; nothing was saved")
    import tempfile

    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp_name, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_folder(folder)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SaveError(f"could not save {path}: {reason}; the file on disk is unchanged") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return digest(data)


STALE_AFTER = 60.0  # seconds: a save's temporary file older than this belongs to a save that died


def remove_stale_temporaries(path: str | os.PathLike[str], older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the temporary files that killed saves of ``path`` left beside it (``.NAME.XXXXXXXX.tmp``,
    as :func:`write_atomic` names them), only those older than a running save could be; the ones removed."""
    import glob
    import time

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[A-Za-z0-9_]{{8}}\.tmp")
    removed = []
    try:
        candidates = [f for f in folder.glob(f".{glob.escape(path.name)}.*.tmp") if pattern.fullmatch(f.name)]
    except OSError:
        return removed
    now = time.time()
    for file in candidates:
        try:
            if now - file.lstat().st_mtime > older_than and file.is_file():
                file.unlink()
                removed.append(file)
        except OSError:
            pass
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
