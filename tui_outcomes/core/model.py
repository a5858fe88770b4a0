"""The project model: plain, immutable Python objects.

Every edit returns a new :class:`Project` that shares the unchanged parts with
the old one, so undo is a list of earlier projects and "unsaved" is "not the
project that was last saved".  Nothing here knows about files or screens.
"""

import re
from collections import Counter
from types import MappingProxyType
from typing import Any, Iterator, Mapping, NamedTuple

from .stages import BY_KEY, STAGE_KEYS, stage_above, stage_below

Extras = Mapping[str, Any]  # keys starting "x_", kept as written (see docs/file-format.md)
NOTHING: Mapping[str, Any] = MappingProxyType({})  # an empty mapping that cannot be changed

# The model's classes are NamedTuples: immutable, compared by value, and much cheaper to
# define than frozen dataclasses (which matters for start-up time).


def replace(obj, **changes):
    """A copy of a model object with some fields changed."""
    return obj._replace(**changes)

ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: easy to read aloud
ID_LENGTH = 6  # 31**6 ≈ 887 million: two people adding items on two branches rarely collide


def new_id(taken: set[str] | frozenset[str] = frozenset()) -> str:
    import secrets  # here, not at the top: it costs start-up time and only edits need it

    while True:
        candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))
        if candidate not in taken:
            return candidate


NOT_A_SOURCE = {"n/a", "na", "none", "-", "—", "tbc", "unknown"}


def source_key(text: str) -> str:
    """What makes two evidence sources the same: case, spaces and final punctuation do not count
    ("OT support assessment." is "OT support assessment"; "diagnosis/ statement" is "diagnosis/statement")."""
    return "".join(text.split()).casefold().rstrip(".,;:!?")


# Control characters (C0 but tab and newline, DEL, C1): never part of a project's text, since
# a terminal would obey them (ESC starts escape sequences). The file format refuses them; text
# typed or pasted into the app has them removed on the way in.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Line endings normalised to ``\\n`` (the file keeps multi-line text as written); control
    characters other than tab and newline removed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", text)


class Reading(NamedTuple):
    """One reading of an evidence row over time (for monitoring)."""

    date: str
    value: str
    status: str = ""
    note: str = ""
    extras: Extras = NOTHING


def _clean_reading(reading: Reading) -> Reading:
    return replace(reading, date=clean_text(reading.date).strip(), value=clean_text(reading.value),
                   status=clean_text(reading.status), note=clean_text(reading.note))


class EvidenceRow(NamedTuple):
    id: str
    source: str = ""
    baseline: str = ""
    target: str = ""
    data_method: str = ""
    frequency: str = ""
    readings: tuple[Reading, ...] = ()  # as in the file; kept in date order by add_reading
    extras: Extras = NOTHING
    direction: str = ""  # "up", "down", "range", or "" to follow from the numbers (see core/review.py)


class Link(NamedTuple):
    """An element supports an element of the next stage up, optionally saying why."""

    id: str
    because: str = ""


class Dismissal(NamedTuple):
    """A check's hint the user has decided does not apply to this element, and why."""

    hint: str  # the hint's code, e.g. "measurable"
    reason: str = ""


class Element(NamedTuple):
    id: str
    text: str = ""
    supports: tuple[Link, ...] = ()
    evidence: tuple[EvidenceRow, ...] = ()
    extras: Extras = NOTHING
    dismissed: tuple[Dismissal, ...] = ()

    def supports_ids(self) -> list[str]:
        return [link.id for link in self.supports]


class Stage(NamedTuple):
    key: str
    introduction: str = ""
    evidence_sources: tuple[str, ...] = ()
    elements: tuple[Element, ...] = ()
    extras: Extras = NOTHING

    def index_of(self, element_id: str) -> int:
        for i, element in enumerate(self.elements):
            if element.id == element_id:
                return i
        raise KeyError(element_id)


class Details(NamedTuple):
    title: str = ""
    commissioner: str = ""
    setting: str = ""  # setting and cohort
    period: str = ""
    cycle_stage: str = ""  # one of stages.CYCLE_STAGES, or "" when not set
    description: str = ""
    extras: Extras = NOTHING


DETAIL_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("commissioner", "Commissioner"),
    ("setting", "Setting and cohort"),
    ("period", "Period"),
    ("cycle_stage", "Commissioning cycle stage"),
    ("description", "Description"),
)


class Answer(NamedTuple):
    """One row of the pro-forma: yes/no per column (absent = unanswered) and any text."""

    values: Mapping[str, bool] = NOTHING
    specify: str = ""

    def is_empty(self) -> bool:
        return not self.values and not self.specify


class CaseStudy(NamedTuple):
    title: str = ""
    text: str = ""
    extras: Extras = NOTHING


class Checklist(NamedTuple):
    analyses: Mapping[str, Answer] = NOTHING  # item number -> answer
    applications: Mapping[str, Answer] = NOTHING
    case_studies: tuple[CaseStudy, ...] = ()
    extras: Extras = NOTHING

    def section(self, key: str) -> Mapping[str, Answer]:
        return self.analyses if key == "analyses" else self.applications

    def answer(self, section_key: str, number: str) -> Answer:
        return self.section(section_key).get(number) or Answer()


class Conflict(NamedTuple):
    """A merge conflict kept in the project until resolved (see core/merge.py, docs/file-format.md).

    ``path`` names the item by identity, never by position: ("project",), (stage key,),
    ("element", id), ("element", id, "supports", target id), ("element", id, "dismissed", hint),
    ("row", id), ("row", id, "readings", date, value), ("checklist",),
    ("checklist", section, number), ("checklist", "case_studies", title), ("file",).
    ``field`` is the field's name in the file, or "" for the whole item (deleted on one side,
    edited on the other: the sides are then "deleted" and "edited"). ``base``, ``ours`` and
    ``theirs`` are the values as written in the file; None where a side has none. The project
    holds ours where ours has a value, else theirs."""

    path: tuple[str, ...]
    field: str
    base: Any
    ours: Any
    theirs: Any


def _empty_stages() -> tuple[Stage, ...]:
    return tuple(Stage(key) for key in STAGE_KEYS)


class Project(NamedTuple):
    details: Details = Details()
    stages: tuple[Stage, ...] = _empty_stages()  # in STAGE_KEYS order
    checklist: Checklist = Checklist()
    extras: Extras = NOTHING
    conflicts: tuple[Conflict, ...] = ()  # merge conflicts not yet resolved (core/merge.py)

    # -- reading ---------------------------------------------------------
    def stage(self, key: str) -> Stage:
        return self.stages[STAGE_KEYS.index(key)]

    def elements(self) -> Iterator[tuple[str, Element]]:
        for stage in self.stages:
            for element in stage.elements:
                yield stage.key, element

    def find(self, element_id: str) -> tuple[str, int, Element]:
        """(stage key, position, element) of an element id; KeyError if absent."""
        for stage in self.stages:
            for i, element in enumerate(stage.elements):
                if element.id == element_id:
                    return stage.key, i, element
        raise KeyError(element_id)

    def find_row(self, row_id: str) -> tuple[str, Element, int, EvidenceRow]:
        for stage in self.stages:
            for element in stage.elements:
                for i, row in enumerate(element.evidence):
                    if row.id == row_id:
                        return stage.key, element, i, row
        raise KeyError(row_id)

    def ids(self) -> set[str]:
        """Every element and row id (comprehensions: twice as fast as a loop at 20,000 elements)."""
        elements = [e for stage in self.stages for e in stage.elements]
        taken = {e.id for e in elements}
        taken.update([row.id for e in elements for row in e.evidence])
        return taken

    def supported_by(self, element_id: str) -> list[Element]:
        """Elements of the stage below that support this element."""
        key, _, _ = self.find(element_id)
        below = stage_below(key)
        if below is None:
            return []
        return [e for e in self.stage(below).elements if any(l.id == element_id for l in e.supports)]

    def refs(self) -> dict[str, str]:
        """element id -> short reference: FO1 is the first final outcome, IN2 the second input."""
        return {e.id: f"{BY_KEY[s.key].short}{i}" for s in self.stages for i, e in enumerate(s.elements, 1)}

    def link_counts(self) -> dict[str, tuple[int, int]]:
        """element id -> (links up, links down), for every element, in one pass."""
        elements = [e for stage in self.stages for e in stage.elements]
        down = Counter([link.id for e in elements for link in e.supports]).get
        return {e.id: (len(e.supports), down(e.id, 0)) for e in elements}

    # -- editing: each returns a new Project -----------------------------
    def with_details(self, **changes: str) -> "Project":
        changes = {k: clean_text(v) for k, v in changes.items()}
        return replace(self, details=replace(self.details, **changes))

    def with_stage(self, stage: Stage) -> "Project":
        i = STAGE_KEYS.index(stage.key)
        return replace(self, stages=self.stages[:i] + (stage,) + self.stages[i + 1:])

    def with_introduction(self, key: str, text: str) -> "Project":
        return self.with_stage(replace(self.stage(key), introduction=clean_text(text)))

    def with_element(self, element: Element) -> "Project":
        """Replace the element with the same id."""
        key, i, _ = self.find(element.id)
        stage = self.stage(key)
        elements = stage.elements[:i] + (element,) + stage.elements[i + 1:]
        return self.with_stage(replace(stage, elements=elements))

    def add_element(self, key: str, text: str = "", index: int | None = None,
                    element_id: str | None = None) -> "tuple[Project, str]":
        element_id = element_id or new_id(self.ids())
        stage = self.stage(key)
        index = len(stage.elements) if index is None else max(0, min(index, len(stage.elements)))
        element = Element(element_id, clean_text(text))
        elements = stage.elements[:index] + (element,) + stage.elements[index:]
        return self.with_stage(replace(stage, elements=elements)), element_id

    def with_element_text(self, element_id: str, text: str) -> "Project":
        return self.with_element(replace(self.find(element_id)[2], text=clean_text(text)))

    def delete_element(self, element_id: str) -> "Project":
        """Remove an element and every link that pointed to it."""
        key, i, _ = self.find(element_id)
        stage = self.stage(key)
        project = self.with_stage(replace(stage, elements=stage.elements[:i] + stage.elements[i + 1:]))
        below = stage_below(key)
        if below is not None:
            lower = project.stage(below)
            elements = tuple(
                replace(e, supports=tuple(l for l in e.supports if l.id != element_id))
                if any(l.id == element_id for l in e.supports) else e
                for e in lower.elements
            )
            project = project.with_stage(replace(lower, elements=elements))
        return project

    def move_element(self, element_id: str, offset: int) -> "Project":
        key, i, element = self.find(element_id)
        stage = self.stage(key)
        j = max(0, min(len(stage.elements) - 1, i + offset))
        if i == j:
            return self
        elements = list(stage.elements)
        elements.insert(j, elements.pop(i))
        return self.with_stage(replace(stage, elements=tuple(elements)))

    def first_difference(self, other: "Project") -> tuple[str, str | None, int] | None:
        """Where this project first differs from ``other`` in its elements: (stage key, the id of this
        project's element there or None when the stage is shorter, its index); None if they agree.
        The place an undo or redo touched, so the cursor can go there."""
        for key in STAGE_KEYS:
            mine, theirs = self.stage(key).elements, other.stage(key).elements
            if mine == theirs:
                continue
            for i in range(max(len(mine), len(theirs))):
                if i >= len(mine):
                    return key, None, i
                if i >= len(theirs) or mine[i] != theirs[i]:
                    # an element that moved or was removed: the one it touched is the first that differs
                    return key, mine[i].id, i
            return key, None, len(mine)
        return None

    def with_links(self, element_id: str, links: list[Link] | tuple[Link, ...]) -> "Project":
        """Set the elements (of the next stage up) that this element supports."""
        key, _, element = self.find(element_id)
        above = stage_above(key)
        allowed = {e.id for e in self.stage(above).elements} if above else set()
        for link in links:
            if link.id not in allowed:
                raise ValueError(f"{link.id} is not an element of the stage above {key}")
        cleaned = tuple(Link(l.id, clean_text(l.because)) for l in links)
        return self.with_element(replace(element, supports=cleaned))

    def dismiss_hint(self, element_id: str, hint: str, reason: str) -> "Project":
        element = self.find(element_id)[2]
        kept = tuple(d for d in element.dismissed if d.hint != hint)
        return self.with_element(replace(element, dismissed=kept + (Dismissal(hint, clean_text(reason)),)))

    def restore_hint(self, element_id: str, hint: str) -> "Project":
        """Take back a dismissal: the checks give the hint again."""
        element = self.find(element_id)[2]
        return self.with_element(replace(element, dismissed=tuple(d for d in element.dismissed if d.hint != hint)))

    # evidence sources (the stage's list of names)
    def with_sources(self, key: str, sources: list[str] | tuple[str, ...]) -> "Project":
        return self.with_stage(replace(self.stage(key), evidence_sources=tuple(clean_text(s) for s in sources)))

    def with_source_noted(self, key: str, source: str) -> tuple["Project", str | None]:
        """A source named in an evidence row joins the stage's list of evidence sources, unless it is
        blank, "n/a", or already listed (ignoring case, spacing and final punctuation).
        Returns the project and the source added (None when nothing was)."""
        source = clean_text(source).strip()
        listed = {source_key(s) for s in self.stage(key).evidence_sources}
        if not source_key(source) or source_key(source) in NOT_A_SOURCE or source_key(source) in listed:
            return self, None
        return self.with_sources(key, (*self.stage(key).evidence_sources, source)), source

    # evidence rows
    def with_rows(self, element_id: str, rows: tuple[EvidenceRow, ...]) -> "Project":
        return self.with_element(replace(self.find(element_id)[2], evidence=rows))

    def add_row(self, element_id: str, index: int | None = None, **values: str) -> "tuple[Project, str]":
        row_id = new_id(self.ids())
        rows = self.find(element_id)[2].evidence
        index = len(rows) if index is None else max(0, min(index, len(rows)))
        row = EvidenceRow(row_id, **{k: clean_text(v) for k, v in values.items()})
        return self.with_rows(element_id, rows[:index] + (row,) + rows[index:]), row_id

    def with_row(self, row_id: str, **values: Any) -> "Project":
        _, element, i, row = self.find_row(row_id)
        values = {k: clean_text(v) if isinstance(v, str) else v for k, v in values.items()}
        rows = element.evidence
        return self.with_rows(element.id, rows[:i] + (replace(row, **values),) + rows[i + 1:])

    def delete_row(self, row_id: str) -> "Project":
        _, element, i, _ = self.find_row(row_id)
        return self.with_rows(element.id, element.evidence[:i] + element.evidence[i + 1:])

    def duplicate_row(self, row_id: str) -> "tuple[Project, str]":
        _, element, i, row = self.find_row(row_id)
        copy_id = new_id(self.ids())
        rows = element.evidence
        return self.with_rows(element.id, rows[:i + 1] + (replace(row, id=copy_id),) + rows[i + 1:]), copy_id

    def move_row(self, row_id: str, offset: int) -> "Project":
        _, element, i, _ = self.find_row(row_id)
        rows = list(element.evidence)
        j = max(0, min(len(rows) - 1, i + offset))
        if i == j:
            return self
        rows.insert(j, rows.pop(i))
        return self.with_rows(element.id, tuple(rows))

    # readings (no ids: a reading is known by its position in the row's readings)
    def _with_readings(self, row_id: str, readings: tuple[Reading, ...]) -> "Project":
        _, element, i, row = self.find_row(row_id)
        rows = element.evidence
        return self.with_rows(element.id, rows[:i] + (replace(row, readings=readings),) + rows[i + 1:])

    def add_reading(self, row_id: str, reading: Reading) -> "Project":
        """Add a reading after every reading of the same date or earlier: date order, and a second
        reading of one day goes after the first."""
        readings = self.find_row(row_id)[3].readings
        reading = _clean_reading(reading)
        at = next((i for i in range(len(readings), 0, -1) if readings[i - 1].date <= reading.date), 0)
        return self._with_readings(row_id, readings[:at] + (reading,) + readings[at:])

    def with_reading(self, row_id: str, index: int, reading: Reading) -> "Project":
        """Replace the reading at ``index``; it stays in place unless its date moved it (then it goes
        where :meth:`add_reading` would put it). IndexError for a position that is not there."""
        readings = self.find_row(row_id)[3].readings
        index = range(len(readings))[index]  # IndexError, as for a list
        old = readings[index]
        reading = _clean_reading(reading)
        if reading.date == old.date:
            return self._with_readings(row_id, readings[:index] + (reading,) + readings[index + 1:])
        return self.delete_reading(row_id, index).add_reading(row_id, reading)

    def delete_reading(self, row_id: str, index: int) -> "Project":
        """Remove the reading at ``index``; IndexError for a position that is not there."""
        readings = self.find_row(row_id)[3].readings
        index = range(len(readings))[index]  # IndexError, as for a list
        return self._with_readings(row_id, readings[:index] + readings[index + 1:])

    # checklist
    def with_answer(self, section_key: str, number: str, column: str | None = None,
                    value: bool | None = None, specify: str | None = None) -> "Project":
        """Set one yes/no (``None`` = unanswered) and/or the item's text."""
        checklist = self.checklist
        answers = dict(checklist.section(section_key))
        old = answers.get(number) or Answer()
        values = dict(old.values)
        if column is not None:
            if value is None:
                values.pop(column, None)
            else:
                values[column] = value
        new = Answer(values, old.specify if specify is None else clean_text(specify))
        if new.is_empty():
            answers.pop(number, None)
        else:
            answers[number] = new
        return replace(self, checklist=replace(checklist, **{section_key: answers}))

    def with_case_studies(self, studies: tuple[CaseStudy, ...]) -> "Project":
        studies = tuple(replace(s, title=clean_text(s.title), text=clean_text(s.text)) for s in studies)
        return replace(self, checklist=replace(self.checklist, case_studies=studies))
