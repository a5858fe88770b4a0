"""Checks of a logic model: work back from inputs, evidence gaps, SMART hints, completeness.

Plain Python, used by ``tui-outcomes check`` (and meant for the app).  Broken
links and bad ids are errors of the file itself (see fileformat); everything
here is advice about a model that reads fine: warnings and hints.
"""

import re
from typing import NamedTuple

from .model import Project
from .stages import BY_KEY, STAGE_KEYS, stage_above, stage_below
from .wording import count

WARNING, HINT = "warning", "hint"

NUMBER = re.compile(r"\d|%|\b(level|grade|scale|score|rate|all|every|none|half|double|twice)\b", re.I)
TIME = re.compile(
    r"\b(19|20)\d\d\b|\b(terms?|termly|half-terms?|half-termly|weeks?|weekly|months?|monthly|years?|annual|annually|"
    r"academic year|ks[1-5]|key stage|by (january|february|march|april|may|june|july|august|september|"
    r"october|november|december|the end)|spring|summer|autumn|deadline|date)\b", re.I)
ACTIVITY = re.compile(r"^\s*(provide|deliver|train|commission|develop|run|hold|offer|fund|procure|hire|buy|"
                      r"organise|organize|set up|write)\b", re.I)
VAGUE_WORDS = 4  # fewer words than this is too vague to test


class Finding(NamedTuple):
    severity: str  # "warning" or "hint"
    code: str  # short name of the rule, e.g. "unlinked"
    path: str  # field path in the file, e.g. "outputs.elements[1]"
    message: str  # one line that explains itself
    element_id: str = ""
    row_id: str = ""
    column: str = ""  # for a gap in an evidence row: the first empty column (a field name)
    reason: str = ""  # for a dismissed hint: why it does not apply


def _paths(project: Project) -> dict[str, str]:
    """Each element's field path (``outputs.elements[3]``), worked out once for the whole model."""
    return {element.id: f"{key}.elements[{i}]" for key in STAGE_KEYS
            for i, element in enumerate(project.stage(key).elements)}


def chain(project: Project) -> list[Finding]:
    """Working back from inputs: each element supports one above, and each is supported from below."""
    refs = project.refs()
    paths = _paths(project)
    counts = project.link_counts()
    out = []
    for key in reversed(STAGE_KEYS):
        if not project.stage(key).elements:
            first = key == STAGE_KEYS[0]
            out.append(Finding(WARNING, "empty-stage", key,
                               f"no {BY_KEY[key].title.lower()} yet" + (": a model starts from what should "
                                                                        "change for the children" if first else "")))
    for key in reversed(STAGE_KEYS):  # inputs first, as the model is tested
        for element in project.stage(key).elements:
            up, down = counts[element.id]
            path = paths[element.id]
            above, below = stage_above(key), stage_below(key)
            if above and not up:
                out.append(Finding(WARNING, "unlinked", path,
                                   f"{refs[element.id]} supports no {BY_KEY[above].singular}: link it (l) or "
                                   f"ask whether it is needed", element.id))
            if below and not down:
                out.append(Finding(WARNING, "unsupported", path,
                                   f"{refs[element.id]}: no {BY_KEY[below].singular} supports it, so nothing "
                                   f"in the model brings it about", element.id))
    return out


def evidence(project: Project) -> list[Finding]:
    refs = project.refs()
    paths = _paths(project)
    out = []
    for key, element in project.elements():
        path = paths[element.id]
        if not element.evidence:
            out.append(Finding(WARNING, "no-evidence", path,
                               f"{refs[element.id]} has no evidence rows: how will you know it happened?",
                               element.id))
        for i, row in enumerate(element.evidence):
            missing = [name for name in ("source", "baseline", "target", "data_method", "frequency")
                       if not getattr(row, name).strip()]
            if missing:
                out.append(Finding(WARNING, "evidence-gap", f"{path}.evidence[{i}]",
                                   f"{refs[element.id]} row {i + 1} has no "
                                   f"{', '.join(m.replace('_', ' ') for m in missing)}",
                                   element.id, row.id, missing[0]))
            out += _readings(row, f"{path}.evidence[{i}]", f"{refs[element.id]}.{i + 1}", element.id)
    return out


def _readings(row, path: str, ref: str, element_id: str) -> list[Finding]:
    """A reading the review cannot use: a date that is not YYYY-MM-DD, a status that is not one."""
    if not row.readings:
        return []
    from .review import STATUSES, parse_date, status_key

    out = []
    for j, reading in enumerate(row.readings):
        try:
            parse_date(reading.date)
        except ValueError as exc:
            out.append(Finding(WARNING, "reading-date", f"{path}.readings[{j}].date",
                               f"{ref} reading {j + 1}: {exc}; the review leaves it out", element_id, row.id))
        if reading.status.strip() and status_key(reading.status) is None:
            out.append(Finding(WARNING, "reading-status", f"{path}.readings[{j}].status",
                               f"{ref} reading {j + 1}: '{reading.status}' is not a status, so it sets none "
                               f"(use one of {', '.join(STATUSES)}, or move the text to the note)",
                               element_id, row.id))
    return out


def smart(project: Project) -> list[Finding]:
    """SMART hints for final and interim outcomes."""
    refs = project.refs()
    paths = _paths(project)
    out = []
    finals = project.stage(STAGE_KEYS[0]).elements
    if 0 < len(finals) < 2 or len(finals) > 10:
        out.append(Finding(HINT, "how-many", STAGE_KEYS[0],
                           f"{count(len(finals), 'final outcome')}: most models need between "
                           f"2 and 10 to be both complete and manageable"))
    for key in STAGE_KEYS[:2]:
        for element in project.stage(key).elements:
            path = paths[element.id]
            ref = refs[element.id]
            targets = " ".join(row.target for row in element.evidence)
            found = []
            if len(element.text.split()) < VAGUE_WORDS:
                found.append(Finding(HINT, "specific", path,
                                   f"{ref} is too short to be specific: say who changes, how, and by how much",
                                   element.id))
            if not NUMBER.search(targets) and not NUMBER.search(element.text):
                found.append(Finding(HINT, "measurable", path,
                                   f"{ref} has no measurable target (a number, percentage, level, grade or "
                                   f"scale)", element.id))
            # A time frame in the stage's introduction ("over the next three years") or the project's
            # period holds for every element of the stage.
            if not TIME.search(" ".join((element.text, targets, project.stage(key).introduction,
                                         project.details.period))):
                found.append(Finding(HINT, "time-bound", path,
                                   f"{ref} says nothing about when: give a date, term, key stage or year "
                                   f"(or say it in the stage's introduction or the project's period)",
                                   element.id))
            if ACTIVITY.search(element.text):
                found.append(Finding(HINT, "activity", path,
                                     f"{ref} reads like an output or activity (\"{element.text.split()[0]}…\"): "
                                     f"an outcome says what changes for the children or staff", element.id))
            dismissed = {d.hint for d in element.dismissed}
            out += [f for f in found if f.code not in dismissed]
    return out


def dismissed(project: Project) -> list[Finding]:
    """The hints dismissed by hand, each with the reason given (to look back at, or restore)."""
    refs = project.refs()
    paths = _paths(project)
    return [Finding(HINT, d.hint, paths[element.id],
                    f"{refs[element.id]}: {d.hint} hint dismissed", element.id, reason=d.reason)
            for key in STAGE_KEYS for element in project.stage(key).elements for d in element.dismissed]


def run(project: Project) -> list[Finding]:
    """Every finding, chain first (as the model is checked: from inputs back to final outcomes)."""
    return chain(project) + evidence(project) + smart(project)


class Completeness(NamedTuple):
    elements: int
    linked: int  # linked to the stage above (final outcomes: supported from below)
    evidenced: int  # with at least one evidence row
    rows: int
    rows_with_baseline_and_target: int

    def share(self) -> float:
        """One figure for a progress bar: the mean of the three shares (0..1)."""
        parts = []
        if self.elements:
            parts += [self.linked / self.elements, self.evidenced / self.elements]
        if self.rows:
            parts.append(self.rows_with_baseline_and_target / self.rows)
        return sum(parts) / len(parts) if parts else 0.0


def completeness(project: Project) -> dict[str, Completeness]:
    """Per stage and for the whole project (key "project")."""
    counts = project.link_counts()
    result = {}
    for key in STAGE_KEYS:
        elements = project.stage(key).elements
        rows = [r for e in elements for r in e.evidence]
        result[key] = Completeness(
            len(elements),
            sum(1 for e in elements if counts[e.id][0 if stage_above(key) else 1]),
            sum(1 for e in elements if e.evidence),
            len(rows),
            sum(1 for r in rows if r.baseline.strip() and r.target.strip()),
        )
    result["project"] = Completeness(*(sum(c[i] for c in result.values()) for i in range(5)))
    return result
