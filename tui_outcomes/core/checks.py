"""Checks of a logic model: work back from inputs, evidence gaps, SMART hints, completeness.

Plain Python, used by ``tui-outcomes check`` (and meant for the app).  Broken
links and bad ids are errors of the file itself (see fileformat); everything
here is advice about a model that reads fine: warnings and hints.
"""

import re
import threading
from typing import NamedTuple

from .model import Element, Project
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


# -- the rules, one stage at a time ------------------------------------------------------------------
# Each stage's findings depend only on that stage, the stage below it (what supports its elements) and
# the project's period, and each element's evidence and SMART findings only on the element (and the
# stage's introduction and the period): the Checker below keeps them by object identity (the model is
# immutable; an edit shares every unchanged stage and element), so an edit re-checks what it changed.
# Messages start with the element's reference (FO3), which moves when elements are added above it,
# so what is kept per element is the rest of each finding; the findings are assembled per stage.

Template = tuple  # (severity, code, path after the element's, message after its reference, row id, column)


def _element_evidence(element: Element) -> list[Template]:
    if not element.evidence:
        return [(WARNING, "no-evidence", "", " has no evidence rows: how will you know it happened?", "", "")]
    out = []
    for i, row in enumerate(element.evidence):
        if not (row.source.strip() and row.baseline.strip() and row.target.strip() and row.data_method.strip()
                and row.frequency.strip()):  # most rows are full: those skip the list below
            missing = [name for name in ("source", "baseline", "target", "data_method", "frequency")
                       if not getattr(row, name).strip()]
            out.append((WARNING, "evidence-gap", f".evidence[{i}]",
                        f" row {i + 1} has no {', '.join(m.replace('_', ' ') for m in missing)}", row.id, missing[0]))
        if row.readings:
            out += _readings(row, i)
    return out


def _readings(row, i: int) -> list[Template]:
    """A reading the review cannot use: a date that is not YYYY-MM-DD, a status that is not one."""
    from .review import STATUSES, parse_date, status_key

    out = []
    for j, reading in enumerate(row.readings):
        try:
            parse_date(reading.date)
        except ValueError as exc:
            out.append((WARNING, "reading-date", f".evidence[{i}].readings[{j}].date",
                        f".{i + 1} reading {j + 1}: {exc}; the review leaves it out", row.id, ""))
        if reading.status.strip() and status_key(reading.status) is None:
            out.append((WARNING, "reading-status", f".evidence[{i}].readings[{j}].status",
                        f".{i + 1} reading {j + 1}: '{reading.status}' is not a status, so it sets none "
                        f"(use one of {', '.join(STATUSES)}, or move the text to the note)", row.id, ""))
    return out


def _element_smart(element: Element, introduction: str, period: str) -> list[Template]:
    targets = " ".join(row.target for row in element.evidence)
    found = []
    if len(element.text.split()) < VAGUE_WORDS:
        found.append(("specific", " is too short to be specific: say who changes, how, and by how much"))
    if not NUMBER.search(targets) and not NUMBER.search(element.text):
        found.append(("measurable", " has no measurable target (a number, percentage, level, grade or scale)"))
    # A time frame in the stage's introduction ("over the next three years") or the project's
    # period holds for every element of the stage.
    if not TIME.search(" ".join((element.text, targets, introduction, period))):
        found.append(("time-bound", " says nothing about when: give a date, term, key stage or year "
                                    "(or say it in the stage's introduction or the project's period)"))
    if ACTIVITY.search(element.text):
        found.append(("activity", f" reads like an output or activity (\"{element.text.split()[0]}…\"): "
                                  f"an outcome says what changes for the children or staff"))
    dismissed = {d.hint for d in element.dismissed}
    return [(HINT, code, "", message, "", "") for code, message in found if code not in dismissed]


def _assemble(key: str, elements, templates) -> list[Finding]:
    """The findings of a stage's elements from their templates (``templates[i]`` for ``elements[i]``)."""
    short = BY_KEY[key].short
    out = []
    for i, (element, kept) in enumerate(zip(elements, templates)):
        for severity, code, path, message, row_id, column in kept:
            out.append(Finding(severity, code, f"{key}.elements[{i}]{path}", f"{short}{i + 1}{message}",
                               element.id, row_id, column))
    return out


def _down_counts(project: Project, key: str) -> dict[str, int]:
    """element id (of stage ``key``) -> how many elements of the stage below support it."""
    below = stage_below(key)
    down: dict[str, int] = {}
    if below is not None:
        for element in project.stage(below).elements:
            for link in element.supports:
                down[link.id] = down.get(link.id, 0) + 1
    return down


def _stage_chain(project: Project, key: str) -> list[Finding]:
    above, below = stage_above(key), stage_below(key)
    down = _down_counts(project, key)
    short = BY_KEY[key].short
    out = []
    for i, element in enumerate(project.stage(key).elements, 1):
        if above and not element.supports:
            out.append(Finding(WARNING, "unlinked", f"{key}.elements[{i - 1}]",
                               f"{short}{i} supports no {BY_KEY[above].singular}: link it (l) or "
                               f"ask whether it is needed", element.id))
        if below and not down.get(element.id):
            out.append(Finding(WARNING, "unsupported", f"{key}.elements[{i - 1}]",
                               f"{short}{i}: no {BY_KEY[below].singular} supports it, so nothing "
                               f"in the model brings it about", element.id))
    return out


def _empty_stages(project: Project) -> list[Finding]:
    out = []
    for key in reversed(STAGE_KEYS):
        if not project.stage(key).elements:
            first = key == STAGE_KEYS[0]
            out.append(Finding(WARNING, "empty-stage", key,
                               f"no {BY_KEY[key].title.lower()} yet" + (": a model starts from what should "
                                                                        "change for the children" if first else "")))
    return out


def _how_many(project: Project) -> list[Finding]:
    finals = project.stage(STAGE_KEYS[0]).elements
    if 0 < len(finals) < 2 or len(finals) > 10:
        return [Finding(HINT, "how-many", STAGE_KEYS[0],
                        f"{count(len(finals), 'final outcome')}: most models need between "
                        f"2 and 10 to be both complete and manageable")]
    return []


SMART_STAGES = STAGE_KEYS[:2]  # SMART hints are for final and interim outcomes


class Checker:
    """The checks of successive versions of one project, each stage and element re-checked only when
    it changed (kept by identity, for the version last checked). Gives exactly what the module's
    functions give; the app keeps one per open document (``Document.checker``). Safe to use from a
    thread beside the screen's (one check runs at a time)."""

    def __init__(self):
        self.stages: dict[tuple[str, str], tuple[tuple, object]] = {}  # (rule, stage) -> (what it used, result)
        self.elements: dict[tuple[str, str], dict[int, tuple]] = {}  # (rule, stage) -> id(element) -> (element, …)
        self.last: dict[str, tuple[Project, object]] = {}  # whole-project results of the last version
        self.lock = threading.RLock()  # one check at a time: a thread may check while the screen does

    def _stage(self, rule: str, key: str, used: tuple, compute):
        with self.lock:
            return self._stage_kept(rule, key, used, compute)

    def _stage_kept(self, rule: str, key: str, used: tuple, compute):
        kept = self.stages.get((rule, key))
        if kept is not None and len(kept[0]) == len(used) and all(a is b for a, b in zip(kept[0], used)):
            return kept[1]
        result = compute()
        self.stages[(rule, key)] = (used, result)
        return result

    def _templates(self, rule: str, key: str, elements, make, *context: str) -> list[list[Template]]:
        """Per element: ``make(element, *context)``, kept while the element (and the context) stay."""
        old = self.elements.get((rule, key), {})
        new: dict[int, tuple] = {}
        out = []
        for element in elements:
            kept = old.get(id(element))
            if kept is None or kept[0] is not element or kept[1] != context:
                kept = (element, context, make(element, *context))
            new[id(element)] = kept
            out.append(kept[2])
        self.elements[(rule, key)] = new
        return out

    def _whole(self, name: str, project: Project, compute):
        with self.lock:
            kept = self.last.get(name)
            if kept is not None and kept[0] is project:
                return kept[1]
            result = compute()
            self.last[name] = (project, result)
            return result

    # -- per stage ------------------------------------------------------------------
    def stage_chain(self, project: Project, key: str) -> list[Finding]:
        below = stage_below(key)
        used = (project.stage(key),) + ((project.stage(below),) if below else ())
        return self._stage("chain", key, used, lambda: _stage_chain(project, key))

    def stage_evidence(self, project: Project, key: str) -> list[Finding]:
        stage = project.stage(key)
        return self._stage("evidence", key, (stage,), lambda: _assemble(
            key, stage.elements, self._templates("evidence", key, stage.elements, _element_evidence)))

    def stage_smart(self, project: Project, key: str) -> list[Finding]:
        stage = project.stage(key)
        period = project.details.period
        return self._stage("smart", key, (stage, period), lambda: _assemble(
            key, stage.elements,
            self._templates("smart", key, stage.elements, _element_smart, stage.introduction, period)))

    def stage_dismissed(self, project: Project, key: str) -> list[Finding]:
        stage = project.stage(key)
        short = BY_KEY[key].short

        def compute() -> list[Finding]:
            return [Finding(HINT, d.hint, f"{key}.elements[{i}]", f"{short}{i + 1}: {d.hint} hint dismissed",
                            element.id, reason=d.reason)
                    for i, element in enumerate(stage.elements) for d in element.dismissed]
        return self._stage("dismissed", key, (stage,), compute)

    # -- the whole project ---------------------------------------------------------------
    def chain(self, project: Project) -> list[Finding]:
        return self._whole("chain", project, lambda: _empty_stages(project) + [
            f for key in reversed(STAGE_KEYS) for f in self.stage_chain(project, key)])

    def evidence(self, project: Project) -> list[Finding]:
        return self._whole("evidence", project, lambda: [
            f for key in STAGE_KEYS for f in self.stage_evidence(project, key)])

    def smart(self, project: Project) -> list[Finding]:
        return self._whole("smart", project, lambda: _how_many(project) + [
            f for key in SMART_STAGES for f in self.stage_smart(project, key)])

    def dismissed(self, project: Project) -> list[Finding]:
        return self._whole("dismissed", project, lambda: [
            f for key in STAGE_KEYS for f in self.stage_dismissed(project, key)])

    def run(self, project: Project) -> list[Finding]:
        return self._whole("run", project, lambda: self.chain(project) + self.evidence(project) + self.smart(project))

    def hints(self, project: Project) -> dict[str, int]:
        """element id -> how many SMART hints it has (the logic model's ✎ badge)."""
        def compute() -> dict[str, int]:
            hints: dict[str, int] = {}
            for finding in self.smart(project):
                if finding.element_id:
                    hints[finding.element_id] = hints.get(finding.element_id, 0) + 1
            return hints
        return self._whole("hints", project, compute)

    def completeness(self, project: Project) -> dict[str, "Completeness"]:
        def compute() -> dict[str, Completeness]:
            result = {}
            for key in STAGE_KEYS:
                below = stage_below(key)
                used = (project.stage(key),) + ((project.stage(below),) if below and not stage_above(key) else ())
                result[key] = self._stage("completeness", key, used, lambda: _stage_completeness(project, key))
            result["project"] = Completeness(*(sum(c[i] for c in result.values()) for i in range(5)))
            return result
        return self._whole("completeness", project, compute)


def chain(project: Project) -> list[Finding]:
    """Working back from inputs: each element supports one above, and each is supported from below."""
    return Checker().chain(project)


def evidence(project: Project) -> list[Finding]:
    return Checker().evidence(project)


def smart(project: Project) -> list[Finding]:
    """SMART hints for final and interim outcomes."""
    return Checker().smart(project)


def dismissed(project: Project) -> list[Finding]:
    """The hints dismissed by hand, each with the reason given (to look back at, or restore)."""
    return Checker().dismissed(project)


def run(project: Project) -> list[Finding]:
    """Every finding, chain first (as the model is checked: from inputs back to final outcomes)."""
    return Checker().run(project)


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


def _stage_completeness(project: Project, key: str) -> "Completeness":
    elements = project.stage(key).elements
    down = _down_counts(project, key) if not stage_above(key) else {}
    rows = [r for e in elements for r in e.evidence]
    return Completeness(
        len(elements),
        # linked to the stage above; final outcomes: supported from below
        sum(1 for e in elements if (e.supports if stage_above(key) else down.get(e.id))),
        sum(1 for e in elements if e.evidence),
        len(rows),
        sum(1 for r in rows if r.baseline.strip() and r.target.strip()),
    )


def completeness(project: Project) -> dict[str, Completeness]:
    """Per stage and for the whole project (key "project")."""
    return Checker().completeness(project)
