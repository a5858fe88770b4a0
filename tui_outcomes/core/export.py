"""Text to paste into plans: plain text, Markdown and CSV, of a project or a part.

One implementation for the app's export screen and the ``export`` command.
Parts: ``all``, ``model`` (stages and links, no evidence rows), ``evidence``
(the evidence tables), ``checklist`` (the pro-forma), ``review`` (progress as of a date, from the
readings: see core/review.py) or one stage by its key.
"""

from __future__ import annotations

import csv
import io
import textwrap
from datetime import date
from typing import Callable, Iterable

from . import proforma
from .model import Answer, Element, Project, Stage
from .textsafe import terminal_safe
from .stages import BY_KEY, CYCLE_HINTS, EVIDENCE_COLUMNS, STAGE_KEYS, STAGES, stage_below

FORMATS = ("text", "markdown", "csv")
PARTS = ("all", "model", "evidence", "checklist", "review", *STAGE_KEYS)
PART_TITLES = {
    "all": "Whole project",
    "model": "Logic model",
    "evidence": "Evidence tables",
    "checklist": "Pro-forma checklist",
    "review": "Progress report",
    **{s.key: f"Stage {s.number}: {s.title}" for s in STAGES},
}
WIDTH = 78
CSV_PARTS = ("evidence", "model", "checklist", "review", *STAGE_KEYS)


FORMAT_TITLES = {"text": "Plain text", "markdown": "Markdown", "csv": "CSV"}
EXTENSIONS = {"text": "txt", "markdown": "md", "csv": "csv"}


def file_bytes(text: str, fmt: str) -> bytes:
    """An export as written to a file: CSV gets a byte-order mark, so that spreadsheet programs
    read it as UTF-8 (Excel otherwise mangles "–" or "é"); the text itself is kept exactly."""
    return text.encode("utf-8-sig" if fmt == "csv" else "utf-8")


class ExportError(ValueError):
    """A part and format that do not go together."""


def default_part(fmt: str) -> str:
    return "evidence" if fmt == "csv" else "all"


def render(project: Project, fmt: str = "text", part: str | None = None, *, answered_only: bool = False,
           as_of: date | None = None) -> str:
    """The export of ``part`` in ``fmt``; ``answered_only`` leaves the pro-forma's unanswered items out
    (fifty unanswered Section 2 items are noise in a plan); ``as_of`` is the day the ``review`` part
    reports on (default: today)."""
    part = part or default_part(fmt)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    if part not in PARTS:
        raise ExportError(f"unknown part '{part}'; choose one of {', '.join(PARTS)}")
    if part == "review":
        text = _review(project, fmt, as_of or date.today())
        return text if fmt == "csv" else terminal_safe(text)
    if fmt == "csv":
        if part not in CSV_PARTS:
            raise ExportError("a CSV file holds one table: choose the part evidence, model, checklist or a stage")
        return _csv(project, part, answered_only)  # exact: a spreadsheet's data
    # Text and Markdown are read by people, wherever they go (a terminal, a pipe, a plan, an email):
    # control and invisible characters in project text are shown, never passed on.
    return terminal_safe((_text if fmt == "text" else _markdown)(project, part, answered_only))


def _parts(part: str) -> tuple[tuple[str, ...], bool, bool, bool, bool]:
    """(stages, with details, with the model, with evidence rows, with checklist)."""
    if part in STAGE_KEYS:
        return (part,), False, True, True, False
    return (
        STAGE_KEYS if part != "checklist" else (),
        part == "all",
        part in ("all", "model"),
        part in ("all", "evidence"),
        part in ("all", "checklist"),
    )


def _supported_by(project: Project) -> dict[str, list[str]]:
    below: dict[str, list[str]] = {}
    for _, element in project.elements():
        for link in element.supports:
            below.setdefault(link.id, []).append(element.id)
    return below


def checklist_items(section: proforma.Section, items, answers, answered_only: bool):
    """(item, answer) for the items to show: all of them, or those with an answer or text."""
    for item in items:
        answer = answers.get(item.number) or Answer()
        if not answered_only or any(v is not None for v in answer.values.values()) or answer.specify:
            yield item, answer


def answer_word(answer: Answer, column: str, unanswered: str) -> str:
    value = answer.values.get(column)
    return unanswered if value is None else ("Yes" if value else "No")


# -- plain text --------------------------------------------------------------


_TEXTWRAP_CHANGES = frozenset("\t\n\x0b\x0c\r")  # whitespace textwrap would turn into spaces


def wrap(text: str, indent: str = "", hanging: str | None = None, width: int = WIDTH) -> list[str]:
    """Wrap each line of ``text``; blank lines and a line's own indentation are kept."""
    hanging = indent if hanging is None else hanging
    out: list[str] = []
    first = True
    for line in text.split("\n"):
        lead = indent if first else hanging
        first = False
        if not line.strip():
            out.append("")
            continue
        own = line[: len(line) - len(line.lstrip())]
        text = line.strip()
        if len(lead) + len(own) + len(text) <= width and not _TEXTWRAP_CHANGES.intersection(text):
            out.append(lead + own + text)  # fits: what textwrap would give, without its cost
            continue
        out.extend(textwrap.wrap(line.strip(), width, initial_indent=lead + own,
                                 subsequent_indent=hanging + own, break_long_words=False,
                                 break_on_hyphens=False) or [lead])
    return out


def _heading(title: str, rule: str) -> list[str]:
    return [title, rule * min(len(title), WIDTH)]


def _text(project: Project, part: str, answered_only: bool = False) -> str:
    keys, details, model, rows, checklist = _parts(part)
    names = project.refs()
    below = _supported_by(project)
    out: list[str] = []
    if details:
        d = project.details
        out += _heading(d.title or "Untitled project", "=") + [""]
        fields = [("Commissioner", d.commissioner), ("Setting and cohort", d.setting), ("Period", d.period),
                  ("Cycle stage", CYCLE_HINTS.get(d.cycle_stage, "").split(":")[0])]
        for label, value in fields:
            if value:
                out += wrap(value, f"{label + ':':<20}", " " * 20)
        if d.description:
            out += [""] + wrap(d.description)
    for key in keys:
        stage, info = project.stage(key), BY_KEY[key]
        out += [""] + _heading(f"{info.number}. {info.title.upper()}", "-")
        out += wrap(info.question)
        if model and stage.introduction:
            out += [""] + wrap(stage.introduction)
        if not stage.elements:
            out += ["", "(no elements yet)"]
        for element in stage.elements:
            out.append("")
            out += wrap(element.text or "(no text)", f"{names[element.id]:<5}", " " * 5)
            if model:
                out += _text_links(project, element, key, names, below)
            if rows:
                out += _text_rows(element)
        if model and stage.evidence_sources:
            out += ["", "Evidence sources:"]
            for source in stage.evidence_sources:
                out += wrap(source, "  - ", "    ")
    if checklist:
        out += _text_checklist(project, answered_only)
    return "\n".join(out).strip("\n") + "\n"


def _text_links(project: Project, element: Element, key: str, names: dict[str, str],
                below: dict[str, list[str]]) -> list[str]:
    out: list[str] = []
    if key != STAGE_KEYS[0]:
        if any(link.because for link in element.supports):  # one line a link, with its reason
            for link in element.supports:
                reason = f" — because {link.because}" if link.because else ""
                out += wrap(f"Supports {names[link.id]}{reason}", " " * 5, " " * 7)
        elif element.supports:
            out += wrap("Supports: " + ", ".join(names[l.id] for l in element.supports), " " * 5, " " * 7)
        else:
            out.append("     Supports: nothing yet (not linked)")
    if stage_below(key):
        ids = below.get(element.id, [])
        out += wrap("Supported by: " + (", ".join(names[i] for i in ids) if ids else "nothing yet"),
                    " " * 5, " " * 7)
    return out


def _text_rows(element: Element) -> list[str]:
    if not element.evidence:
        return ["     Evidence: none yet"]
    out: list[str] = ["     Evidence:"]
    for n, row in enumerate(element.evidence, 1):
        for i, (name, heading) in enumerate(EVIDENCE_COLUMNS):
            lead = f"{str(n) + '.':<4}" if i == 0 else "    "
            out += wrap(getattr(row, name) or "-", f"     {lead}{heading + ':':<13}", " " * 22)
    return out


def _text_checklist(project: Project, answered_only: bool = False) -> list[str]:
    checklist = project.checklist
    out = [""] + _heading(f"NATSIP PRO-FORMA: {proforma.TITLE.upper()}", "-")
    for section in proforma.SECTIONS:
        answers = checklist.section(section.key)
        out += [""] + wrap(f"Section {section.number}: {section.title}")
        shown = 0
        for category in section.categories:
            items = list(checklist_items(section, category.items, answers, answered_only))
            if not items:
                continue
            if category.title:
                out += [""] + wrap(f"{category.number}. {category.title}", "  ", "     ")
            for item, answer in items:
                shown += 1
                label = item.label or "(free row)"
                if item.specify and answer.specify:
                    label = f"{label}: {answer.specify}" if item.label else answer.specify
                out += wrap(label, f"  {item.number:<5}", " " * 7)
                cells = "   ".join(f"{heading}: {answer_word(answer, key, 'not answered')}"
                                   for key, heading in _short_columns(section))
                out += wrap(cells, " " * 7)
        if not shown:
            out += ["  (no answers yet)"]
        if section.key == "analyses" and shown:
            out += [""] + wrap(proforma.FOOTNOTE, "  ", "  ")
    out += [""] + wrap(proforma.APPENDIX_TITLE.capitalize())
    if not checklist.case_studies:
        out.append("  (none)")
    for n, study in enumerate(checklist.case_studies, 1):
        out += [""] + wrap(study.title or "(untitled)", f"  {n}. ", "     ")
        out += wrap(study.text, "     ")
    return out


def _short_columns(section: proforma.Section) -> tuple[tuple[str, str], ...]:
    if section.key == "applications":
        return (("purpose", "Used for this purpose"), ("plans", "Informs Service Development Plans"))
    return section.columns


# -- Markdown ----------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def md(text: str) -> str:
    """Text for a Markdown paragraph: shown as written, never as formatting."""
    return text.translate(_MD_SPECIAL)


def md_cell(text: str) -> str:
    """Text for a Markdown table cell: escaped, with line breaks as <br>."""
    return "<br>".join(md(line) for line in text.split("\n")) if text else " "


def _md_table(headings: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    headings = list(headings)
    out = ["| " + " | ".join(md_cell(h) for h in headings) + " |", "|" + "---|" * len(headings)]
    out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return out


def _md_paragraphs(text: str) -> list[str]:
    return ["  \n".join(md(line) for line in para.split("\n")) for para in text.split("\n\n") if para.strip()]


EVIDENCE_HEADINGS = ("Element", *(heading for _, heading in EVIDENCE_COLUMNS))


def evidence_table(stage: Stage, names: dict[str, str]) -> list[list[str]]:
    """A stage's evidence table as rows of cells under EVIDENCE_HEADINGS (Markdown and Word): the
    element named on its first row, "(no evidence yet)" for an element without rows."""
    table_rows = []
    for element in stage.elements:
        label = f"{names[element.id]} {element.text}"
        if not element.evidence:
            table_rows.append([label, "(no evidence yet)", "", "", "", ""])
        for i, row in enumerate(element.evidence):
            table_rows.append([label if i == 0 else ""] + [getattr(row, n) for n, _ in EVIDENCE_COLUMNS])
    return table_rows


def _markdown(project: Project, part: str, answered_only: bool = False) -> str:
    keys, details, model, rows, checklist = _parts(part)
    names = project.refs()
    below = _supported_by(project)
    out: list[str] = []
    if details:
        d = project.details
        out += [f"# {md(d.title or 'Untitled project')}", ""]
        fields = [("Commissioner", d.commissioner), ("Setting and cohort", d.setting), ("Period", d.period),
                  ("Cycle stage", CYCLE_HINTS.get(d.cycle_stage, "").split(":")[0])]
        filled = [(label, value) for label, value in fields if value]
        if filled:
            out += _md_table(["", ""], filled) + [""]
        for para in _md_paragraphs(d.description):
            out += [para, ""]
    level = "##" if details else "#"
    for key in keys:
        stage, info = project.stage(key), BY_KEY[key]
        out += [f"{level} {info.number}. {info.title}", "", f"*{md(info.question)}*", ""]
        if model:
            for para in _md_paragraphs(stage.introduction):
                out += [para, ""]
            for element in stage.elements:
                out.append(f"- **{names[element.id]}** " + "  \n  ".join(md(l) for l in element.text.split("\n")))
                if key != STAGE_KEYS[0]:
                    sup = ", ".join(names[l.id] + (f" (because {md(l.because)})" if l.because else "")
                                    for l in element.supports)
                    out.append(f"  - Supports: {sup or 'nothing yet (not linked)'}")
                if stage_below(key):
                    by = ", ".join(names[i] for i in below.get(element.id, []))
                    out.append(f"  - Supported by: {by or 'nothing yet'}")
            if not stage.elements:
                out.append("*No elements yet.*")
            out.append("")
            if stage.evidence_sources:
                out += ["**Evidence sources:**", ""] + [f"- {md(s)}" for s in stage.evidence_sources] + [""]
        if rows:
            if model:
                out += [f"{level}# Evidence: {info.title.lower()}", ""]
            out += _md_table(EVIDENCE_HEADINGS, evidence_table(stage, names)) + [""]
    if checklist:
        out += _md_checklist(project, level, answered_only)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_checklist(project: Project, level: str, answered_only: bool = False) -> list[str]:
    checklist = project.checklist
    out = [f"{level} NatSIP pro-forma: {md(proforma.TITLE)}", ""]
    for section in proforma.SECTIONS:
        answers = checklist.section(section.key)
        out += [f"{level}# Section {section.number}: {md(section.title)}", ""]
        shown = 0
        for category in section.categories:
            items = list(checklist_items(section, category.items, answers, answered_only))
            if not items:
                continue
            shown += len(items)
            if category.title:
                out += [f"**{category.number}. {md(category.title)}**", ""]
            table_rows = []
            for item, answer in items:
                label = item.label
                if item.specify and answer.specify:
                    label = f"{label}: {answer.specify}" if label else answer.specify
                table_rows.append([item.number, label] + [answer_word(answer, k, "—") for k, _ in section.columns])
            out += _md_table(["Item", section.question] + [h for _, h in section.columns], table_rows) + [""]
        if not shown:
            out += ["*No answers yet.*", ""]
        elif section.key == "analyses":
            out += [md(proforma.FOOTNOTE), ""]
    out += [f"{level}# {md(proforma.APPENDIX_TITLE.capitalize())}", ""]
    if not checklist.case_studies:
        out += ["*None yet.*", ""]
    for study in checklist.case_studies:
        out += [f"**{md(study.title or '(untitled)')}**", ""]
        for para in _md_paragraphs(study.text):
            out += [para, ""]
    return out


# -- CSV ---------------------------------------------------------------------


def _csv(project: Project, part: str, answered_only: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = project.refs()
    write: Callable[[list[str]], object] = writer.writerow
    if part == "checklist":
        write(["Section", "Item", "Label", "HI", "VI", "MSI", "Used for this purpose",
               "Used to inform Service Development Plans", "Specify"])
        for section in proforma.SECTIONS:
            answers = project.checklist.section(section.key)
            for item, answer in checklist_items(section, section.items, answers, answered_only):
                cells = {k: answer_word(answer, k, "") for k in ("hi", "vi", "msi", "purpose", "plans")}
                write([str(section.number), item.number, item.label, cells["hi"], cells["vi"], cells["msi"],
                       cells["purpose"], cells["plans"], answer.specify])
        for n, study in enumerate(project.checklist.case_studies, 1):
            write(["Appendix", str(n), study.title, "", "", "", "", "", study.text])
        return buffer.getvalue()
    keys = (part,) if part in STAGE_KEYS else STAGE_KEYS
    if part == "model":
        below = _supported_by(project)
        write(["Stage", "Ref", "Element", "Supports", "Supported by", "Evidence rows", "Element id"])
        for key in keys:
            for element in project.stage(key).elements:
                write([BY_KEY[key].title, names[element.id], element.text,
                       ", ".join(names[l.id] for l in element.supports),
                       ", ".join(names[i] for i in below.get(element.id, [])),
                       str(len(element.evidence)), element.id])
        return buffer.getvalue()
    write(["Stage", "Ref", "Element"] + [h for _, h in EVIDENCE_COLUMNS] + ["Element id", "Row id"])
    for key in keys:
        stage: Stage = project.stage(key)
        for element in stage.elements:
            lead = [BY_KEY[key].title, names[element.id], element.text]
            if not element.evidence:  # keep the gap visible in the spreadsheet
                write(lead + [""] * len(EVIDENCE_COLUMNS) + [element.id, ""])
            for row in element.evidence:
                write(lead + [getattr(row, n) for n, _ in EVIDENCE_COLUMNS] + [element.id, row.id])
    return buffer.getvalue()


# -- the progress report (part "review") -------------------------------------


MONTHS = "January February March April May June July August September October November December".split()


def long_date(day: date) -> str:
    """"10 January 2027": a date for people, the same in any locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def review_summary(rows) -> str:
    """"Met 2, on track 1, …; overdue 1": the progress report's count by status (text, Markdown, Word)."""
    from . import review

    counts = review.summary(rows)
    parts = [f"{review.STATUS_WORDS[s]} {counts[s]}" for s in ("met", "on_track", "at_risk", "off_track",
                                                               "not_started")]
    if counts["no_target"]:
        parts.append(f"no target {counts['no_target']}")
    return (", ".join(parts) + f"; overdue {counts['overdue']}").capitalize()


def _review(project: Project, fmt: str, as_of: date) -> str:
    from . import review

    rows = review.review_project(project, as_of)
    summary_line = review_summary(rows)
    title = f"Progress as of {long_date(as_of)}"
    if fmt == "csv":
        return _review_csv(project, rows, as_of)
    by_element: dict[str, list] = {}
    for r in rows:
        by_element.setdefault(r.element_id, []).append(r)
    out: list[str] = []
    if fmt == "text":
        out += _heading(title, "=") + wrap(project.details.title or "Untitled project") + [""]
        out += wrap(summary_line + ".")
        if not rows:
            out += ["", "(no evidence rows yet)"]
    else:
        out += [f"# {title}", "", f"*{md(project.details.title or 'Untitled project')}*", "",
                md(summary_line) + ".", ""]
        if not rows:
            out += ["*No evidence rows yet.*", ""]
    names = project.refs()
    for stage in project.stages:
        elements = [e for e in stage.elements if e.id in by_element]
        if not elements:
            continue
        info = BY_KEY[stage.key]
        if fmt == "text":
            out += [""] + _heading(f"{info.number}. {info.title.upper()}", "-")
        else:
            out += [f"## {info.number}. {info.title}", ""]
        for element in elements:
            if fmt == "text":
                out.append("")
                out += wrap(element.text or "(no text)", f"{names[element.id]:<5}", " " * 5)
                for r in by_element[element.id]:
                    out += _review_text_row(r)
            else:
                out += [f"### {names[element.id]} " + md(" ".join(element.text.split()) or "(no text)"), ""]
                out += _md_table(["Row", "Source", "Baseline", "Latest", "Target", "Status", "Trend", "Next due",
                                  "Note"], [_review_cells(r) for r in by_element[element.id]]) + [""]
    return "\n".join(out).rstrip("\n") + "\n"


def status_text(r) -> str:
    from .review import STATUS_SYMBOLS, STATUS_WORDS

    return f"{STATUS_SYMBOLS[r.status]} {STATUS_WORDS[r.status]}" + (" (set by hand)" if r.status_set_by_hand else "")


def latest_text(r) -> str:
    return f"{r.latest.value} ({r.latest.date})" if r.latest else "no reading yet"


def due_text(r) -> str:
    if r.next_due is None:
        return "no schedule"
    return r.next_due.isoformat() + (" (overdue)" if r.overdue else "")


def progress_text(r) -> str:
    return "" if r.progress is None else f"{round(r.progress * 100)}% of the way"


def _review_text_row(r) -> list[str]:
    status = "; ".join(p for p in (status_text(r), r.trend or "", progress_text(r)) if p)
    fields = [("Baseline", r.row.baseline or "-"), ("Latest", latest_text(r)), ("Target", r.row.target or "-"),
              ("Status", status), ("Next due", due_text(r))]
    if r.latest and r.latest.note:
        fields.append(("Note", r.latest.note))
    out = wrap(r.row.source or "(no source)", f"     {r.ref:<7}", " " * 12)
    for label, value in fields:
        out += wrap(value, f"{'':12}{label + ':':<10}", " " * 22)
    return out


def _review_cells(r) -> list[str]:
    status = ", ".join(p for p in (status_text(r), progress_text(r)) if p)
    return [r.ref, r.row.source, r.row.baseline, latest_text(r), r.row.target, status, r.trend or "",
            due_text(r), r.latest.note if r.latest else ""]


def _review_csv(project: Project, rows, as_of: date) -> str:
    from .review import STATUS_WORDS

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = {e.id: e for _, e in project.elements()}
    writer.writerow(["As of", "Stage", "Ref", "Element", "Source", "Baseline", "Latest", "Latest date", "Target",
                     "Status", "Set by hand", "Progress", "Trend", "Next due", "Overdue", "Note", "Readings",
                     "Row id"])
    for r in rows:
        writer.writerow([as_of.isoformat(), BY_KEY[r.stage].title, r.ref, names[r.element_id].text, r.row.source,
                         r.row.baseline, r.latest.value if r.latest else "", r.latest.date if r.latest else "",
                         r.row.target, STATUS_WORDS[r.status], "yes" if r.status_set_by_hand else "no",
                         "" if r.progress is None else f"{r.progress:.2f}", r.trend or "",
                         r.next_due.isoformat() if r.next_due else "", "yes" if r.overdue else "no",
                         r.latest.note if r.latest else "", str(len(r.row.readings)), r.row.id])
    return buffer.getvalue()
