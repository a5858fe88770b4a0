"""What changed between two versions of a project, in plain language for a review meeting.

Elements and evidence rows are matched by id, so a reworded element is "changed", not
"removed and added", and reordering is reported as such. Used by ``tui-outcomes diff``
and by the app's "changes since the last commit".
"""

from typing import NamedTuple

from . import proforma
from .export import md, wrap
from .git import VersionError, run_git
from .model import DETAIL_FIELDS, Element, EvidenceRow, Project, Reading
from .stages import BY_KEY, EVIDENCE_COLUMNS, STAGE_KEYS

SHORT = 60  # characters of an element's text quoted to say which element is meant
# Section 2's two answer columns, said briefly (Section 1's are HI, VI, MSI as they stand).
COLUMN_WORDS = {"purpose": "used for this purpose", "plans": "used to inform Service Development Plans"}


class Change(NamedTuple):
    section: str  # "Project details", "1. Final outcomes", "Pro-forma checklist"
    text: str     # one sentence


def _quote(text: str, limit: int = 0) -> str:
    text = " ".join(text.split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”" if text else "(empty)"


def _was(old: str, new: str) -> str:
    return f"{_quote(old)} → {_quote(new)}"


def _answer(value) -> str:
    return "not answered" if value is None else ("Yes" if value else "No")


def compare(old: Project, new: Project) -> list[Change]:
    changes: list[Change] = []
    for name, label in DETAIL_FIELDS:
        before, after = getattr(old.details, name), getattr(new.details, name)
        if before != after:
            changes.append(Change("Project details", f"{label} changed: {_was(before, after)}"))
    old_refs, new_refs = old.refs(), new.refs()
    for key in STAGE_KEYS:
        section = f"{BY_KEY[key].number}. {BY_KEY[key].title}"
        changes += [Change(section, text) for text in _stage(old, new, key, old_refs, new_refs)]
    changes += [Change("Pro-forma checklist", text) for text in _checklist(old, new)]
    if old != new and not changes:
        changes.append(Change("Other", "Only details that the app does not show changed (extra x_ keys, "
                                       "or dismissed hints)."))
    return changes


def _stage(old: Project, new: Project, key: str, old_refs: dict, new_refs: dict) -> list[str]:
    before, after = old.stage(key), new.stage(key)
    out = []
    if before.introduction != after.introduction:
        out.append(f"Introduction changed: {_was(before.introduction, after.introduction)}")
    old_elements = {e.id: e for e in before.elements}
    new_elements = {e.id: e for e in after.elements}

    def name(element: Element, refs: dict) -> str:
        return f"{refs[element.id]} {_quote(element.text, SHORT)}"

    for element in before.elements:
        if element.id not in new_elements:
            rows = len(element.evidence)
            out.append(f"Removed {name(element, old_refs)}" + (f" with its {rows} evidence row"
                                                                + "s" * (rows != 1) if rows else ""))
    for element in after.elements:
        if element.id not in old_elements:
            out.append(f"Added {new_refs[element.id]} {_quote(element.text)}")
            out += [f"{new_refs[element.id]} supports {_link(link, new_refs)}" for link in element.supports]
            out += [f"{new_refs[element.id]}: added evidence row {_row(row)}" for row in element.evidence]
            continue
        was = old_elements[element.id]
        ref = new_refs[element.id]
        if was.text != element.text:
            out.append(f"{ref} reworded: {_was(was.text, element.text)}")
        out += _links(ref, was, element, old_refs, new_refs)
        out += _rows(name(element, new_refs), was.evidence, element.evidence)
    common_before = [e.id for e in before.elements if e.id in new_elements]
    common_after = [e.id for e in after.elements if e.id in old_elements]
    if common_before != common_after:
        out.append("Reordered: now " + ", ".join(f"{new_refs[i]} (was {old_refs[i]})" for i in common_after
                                                  if new_refs[i] != old_refs[i]))
    for source in after.evidence_sources:
        if source not in before.evidence_sources:
            out.append(f"Evidence source added: {_quote(source)}")
    for source in before.evidence_sources:
        if source not in after.evidence_sources:
            out.append(f"Evidence source removed: {_quote(source)}")
    return out


def _link(link, refs: dict) -> str:
    target = refs.get(link.id, link.id)
    return target + (f" because {_quote(link.because)}" if link.because else "")


def _links(ref: str, was: Element, now: Element, old_refs: dict, new_refs: dict) -> list[str]:
    out = []
    before = {link.id: link for link in was.supports}
    after = {link.id: link for link in now.supports}
    for link in now.supports:
        if link.id not in before:
            out.append(f"{ref} now supports {_link(link, new_refs)}")
        elif before[link.id].because != link.because:
            out.append(f"{ref} supports {new_refs.get(link.id, link.id)}: reason changed: "
                       f"{_was(before[link.id].because, link.because)}")
    for link in was.supports:
        if link.id not in after:
            out.append(f"{ref} no longer supports {old_refs.get(link.id, link.id)}")
    return out


def _row(row: EvidenceRow) -> str:
    return "; ".join(f"{label}: {_quote(getattr(row, field))}" for field, label in EVIDENCE_COLUMNS)


def _row_name(row: EvidenceRow) -> str:
    return f"the row {_quote(row.source, SHORT)}" if row.source else "a row without a source"


def _rows(name: str, before: tuple[EvidenceRow, ...], after: tuple[EvidenceRow, ...]) -> list[str]:
    out = []
    old_rows = {r.id: r for r in before}
    new_ids = {r.id for r in after}
    for row in before:
        if row.id not in new_ids:
            out.append(f"{name}: removed evidence row {_row(row)}")
    for row in after:
        was = old_rows.get(row.id)
        if was is None:
            out.append(f"{name}: added evidence row {_row(row)}")
            continue
        for field, label in EVIDENCE_COLUMNS:
            if getattr(was, field) != getattr(row, field):
                out.append(f"{name}, {_row_name(was)}: {label.lower()} changed: "
                           f"{_was(getattr(was, field), getattr(row, field))}")
        if was.direction != row.direction:
            out.append(f"{name}, {_row_name(was)}: direction changed: "
                       f"{_was(_direction(was.direction), _direction(row.direction))}")
        out += [f"{name}, {_row_name(was)}: {text}" for text in _readings(was.readings, row.readings)]
    if [r.id for r in before if r.id in new_ids] != [r.id for r in after if r.id in old_rows]:
        out.append(f"{name}: evidence rows reordered")
    return out


def _direction(direction: str) -> str:
    from .review import Direction

    return Direction.WORDS.get(direction, direction) if direction else "worked out from baseline and target"


def _reading(reading: Reading) -> str:
    parts = [f"{reading.date}: {_quote(reading.value)}"]
    if reading.status:
        parts.append(f"status {_quote(reading.status)}")
    if reading.note:
        parts.append(f"note {_quote(reading.note, SHORT)}")
    return ", ".join(parts)


def _without(these: tuple[Reading, ...], those: tuple[Reading, ...]) -> list[Reading]:
    """``these`` less one of each in ``those`` (a row holds a few dozen readings at most)."""
    rest, left = list(these), list(those)
    for reading in these:
        if reading in left:
            left.remove(reading)
            rest.remove(reading)
    return rest


def _readings(before: tuple[Reading, ...], after: tuple[Reading, ...]) -> list[str]:
    """Readings have no id: those only on one side are added or removed, and a removed and an
    added reading of the same date are one reading changed."""
    removed, added = _without(before, after), _without(after, before)
    out = []
    for was in removed:
        now = next((r for r in added if r.date == was.date), None)
        if now is None:
            out.append(f"removed reading {_reading(was)}")
            continue
        added.remove(now)
        what = [f"{label} {_was(getattr(was, field), getattr(now, field))}"
                for field, label in (("value", "value"), ("status", "status"), ("note", "note"))
                if getattr(was, field) != getattr(now, field)]
        out.append(f"reading of {was.date} changed: {'; '.join(what) or 'extra keys'}")
    out += [f"added reading {_reading(r)}" for r in added]
    return out


def _checklist(old: Project, new: Project) -> list[str]:
    out = []
    for section in proforma.SECTIONS:
        for item in section.items:
            was = old.checklist.answer(section.key, item.number)
            now = new.checklist.answer(section.key, item.number)
            if was == now:
                continue
            label = f"Section {section.number}, {item.number}"
            for column, heading in section.columns:
                before, after = was.values.get(column), now.values.get(column)
                if before != after:
                    out.append(f"{label} ({COLUMN_WORDS.get(column, heading)}): {_answer(before)} → {_answer(after)}")
            if was.specify != now.specify:
                what = "description" if item.free else "please specify"
                out.append(f"{label} {what}: {_was(was.specify, now.specify)}")
    before, after = old.checklist.case_studies, new.checklist.case_studies
    for i in range(max(len(before), len(after))):
        was = before[i] if i < len(before) else None
        now = after[i] if i < len(after) else None
        if was == now:
            continue
        if was is None:
            out.append(f"Case study {i + 1} added: {_quote(now.title)}")
        elif now is None:
            out.append(f"Case study {i + 1} removed: {_quote(was.title)}")
        else:
            out.append(f"Case study {i + 1} changed: {_quote(was.title, SHORT)}"
                       + (f" → {_quote(now.title, SHORT)}" if was.title != now.title else ""))
    return out


def read_version(spec: str, cwd: str | None = None) -> str:
    """The text of a project file, or of ``REV:path`` as ``git show`` reads it (``HEAD:./x.toml``
    is relative to the current folder, ``HEAD:projects/x.toml`` to the top of the repository)."""
    from pathlib import Path

    path = Path(cwd or ".") / spec
    if path.is_file() or ":" not in spec:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise VersionError(f"{spec}: cannot be read ({exc.strerror if isinstance(exc, OSError) else exc})") \
                from None
    result = run_git(["show", spec], cwd, spec)
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise VersionError(f"{spec}: {git_reason(spec, reason[-1] if reason else '', cwd)}")
    try:
        return result.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise VersionError(f"{spec}: is not UTF-8 text") from None


NO_EARLIER = "there is no earlier version to compare with"


def not_in_git(folder, name: str, why: str = NO_EARLIER) -> str:
    return f"{folder} is not in a git repository, so {why}. To keep the project's history: git init, " \
           f"then git add {name} and git commit"


def no_commits(name: str, why: str = NO_EARLIER) -> str:
    return f"the repository has no commits yet, so {why}. Commit the project once: git add {name} and git commit"


def never_committed(name: str, why: str = NO_EARLIER) -> str:
    return f"{name} has never been committed, so {why}. Commit it once: git add {name} and git commit"


def git_reason(spec: str, fatal: str, cwd: str | None = None) -> str:
    """What git's "fatal: …" about ``git show REV:path`` means, and what to do about it."""
    from pathlib import Path

    rev, _, name = spec.partition(":")
    name = name.removeprefix("./") or name
    folder = Path(cwd or ".").resolve()
    if "not a git repository" in fatal:
        return not_in_git(folder, name)
    if "exists on disk, but not in" in fatal:
        return never_committed(name)
    unknown = "invalid object name" in fatal or "unknown revision" in fatal or "bad revision" in fatal
    if unknown and rev == "HEAD":
        return no_commits(name)
    if unknown:
        return f"git has no revision called {rev!r} (git log lists them)"
    if "does not exist in" in fatal:
        return f"{name} is not in {rev}: it may have been added later, or renamed"
    return f"git cannot show it: {fatal or 'unknown error'}"


def render(changes: list[Change], old_name: str, new_name: str, fmt: str = "text") -> str:
    """The changes by section: plain text wrapped at 78 columns, or Markdown headings and lists."""
    title = f"Changes from {old_name} to {new_name}"
    if fmt == "markdown":
        out = [f"# {md(title)}"]
    else:
        out = [title, "=" * min(len(title), 78)]
    return "\n".join(out + render_sections(changes, fmt)) + "\n"


def render_sections(changes: list[Change], fmt: str = "text", level: int = 2) -> list[str]:
    """The lines under a title: each section's heading (Markdown at ``level``), then its changes."""
    if fmt == "markdown":
        heading = lambda name: ["", f"{'#' * level} {md(name)}", ""]  # noqa: E731
        bullet = lambda text: [f"- {md(text)}"]  # noqa: E731
    else:
        heading = lambda name: ["", name, "-" * len(name)]  # noqa: E731
        bullet = lambda text: wrap(text, "- ", "  ")  # noqa: E731
    out = ["", "No changes."] if not changes else []
    section = None
    for change in changes:
        if change.section != section:
            section = change.section
            out += heading(section)
        out += bullet(change.text)
    return out
