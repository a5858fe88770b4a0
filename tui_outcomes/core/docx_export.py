"""Word documents (.docx) of a project or a part, for plans that are Word documents.

Built with python-docx (the optional ``docx`` extra), imported only when a document is made. The
parts are those of ``export.PARTS``; a part this module cannot build is refused with an
ExportError that says so, never written half-done.

The document uses Word's built-in styles (Title, Heading 1-3, List Bullet, Quote, Table Grid), so
a user's own template restyles it. The page is A4 portrait throughout: the evidence table's six
columns are fitted to the page's width (smaller text in the tables) rather than put in a landscape
section, so the document prints, pages and pastes into a plan in one orientation. Every cell has
its width set (Word and LibreOffice read widths from the cells, not only the grid), the header
row of every table repeats on each page, and a paragraph always separates two tables (Word
otherwise merges adjacent tables into one). The content is deterministic: the same project gives
the same bytes (fixed document properties, fixed times inside the zip), so a .docx kept in git
changes only when the project does.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timezone

from . import export, proforma
from .extras import need
from .model import Project
from .stages import BY_KEY, CYCLE_HINTS, STAGE_KEYS, stage_below
from .textsafe import terminal_safe

EXTENSION = "docx"
TITLE = "Word document"
PARTS = ("all", "model", "evidence", "checklist", "review", *STAGE_KEYS)  # the parts built here
FIXED_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)  # the document's created and modified times
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Widths in centimetres on an A4 page (21 cm) with 2 cm margins: 17 cm of text.
_TEXT_WIDTH = 17.0
_EVIDENCE_WIDTHS = (3.4, 2.9, 2.7, 2.7, 2.8, 2.5)  # element, then the five evidence columns
_ITEM_WIDTH = 1.5
_REVIEW_WIDTHS = (1.5, 2.5, 2.4, 2.8, 2.4, 2.9, 2.5)  # row, source, baseline, latest, target, status, next due


def render(project: Project, part: str = "all", *, answered_only: bool = False, as_of: date | None = None) -> bytes:
    """The Word document of ``part``; ExportError for a part not built here, MissingExtra without
    python-docx. ``as_of`` is the day the ``review`` part reports on (default: today)."""
    if part not in export.PARTS:
        raise export.ExportError(f"unknown part '{part}'; choose one of {', '.join(export.PARTS)}")
    if part not in PARTS:
        raise export.ExportError(f"the part '{part}' cannot be written as a Word document yet; choose one of "
                                 f"{', '.join(PARTS)}, or another format")
    need("docx", "python-docx", "docx", "Word export")
    return _Builder(project, answered_only, as_of or date.today()).build(part)


class _Builder:
    def __init__(self, project: Project, answered_only: bool, as_of: date):
        import docx
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm

        self.project = project
        self.answered_only = answered_only
        self.as_of = as_of
        self.names = project.refs()
        self.below: dict[str, list[str]] = {}
        for _, element in project.elements():
            for link in element.supports:
                self.below.setdefault(link.id, []).append(element.id)
        self.doc = docx.Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))

    # -- blocks ----------------------------------------------------------------
    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(_safe(text), level)

    def paragraph(self, text: str = "", style: str | None = None, *, bold: str = "", italic: bool = False):
        p = self.doc.add_paragraph(style=style)
        if bold:
            p.add_run(_safe(bold)).bold = True
            if text:
                p.add_run(" ")
        if text:
            run = p.add_run(_safe(text))
            run.italic = italic or None
        return p

    def paragraphs(self, text: str, style: str | None = None) -> None:
        """Text as written: a blank line starts a paragraph, a single newline breaks the line."""
        for para in text.split("\n\n"):
            if para.strip():
                self.paragraph(para.strip("\n"), style)

    def table(self, headings: list[str] | None, rows: list[list[str]], widths: tuple[float, ...]) -> None:
        """A "Table Grid" table; ``headings`` (bold) repeat at the top of every page it runs onto."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        table = self.doc.add_table(rows=len(rows) + (headings is not None), cols=len(widths))
        table.style = "Table Grid"
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = Cm(width)
        if headings is not None:
            # python-docx has no setting for a repeating header row: w:tblHeader on the row's
            # properties (row._tr is the row's XML element, as python-docx's docs show).
            mark = OxmlElement("w:tblHeader")
            mark.set(qn("w:val"), "true")
            table.rows[0]._tr.get_or_add_trPr().append(mark)
        for r, cells in enumerate([headings, *rows] if headings is not None else rows):
            for cell, text, width in zip(table.rows[r].cells, cells, widths):
                cell.width = Cm(width)
                p = cell.paragraphs[0]
                run = p.add_run(_safe(text))
                run.font.size = Pt(9)
                if r == 0 and headings is not None:
                    run.bold = True
        # A paragraph after every table: two tables side by side in the body become one in Word,
        # and the text that follows gets room to breathe.
        self.paragraph()

    # -- the document ------------------------------------------------------------
    def build(self, part: str) -> bytes:
        d = self.project.details
        if part == "review":
            self.review()
        elif part == "all":
            self.heading(d.title or "Untitled project", 0)
            fields = [("Commissioner", d.commissioner), ("Setting and cohort", d.setting), ("Period", d.period),
                      ("Cycle stage", CYCLE_HINTS.get(d.cycle_stage, "").split(":")[0])]
            filled = [[label, value] for label, value in fields if value]
            if filled:
                self.table(None, filled, (4.0, _TEXT_WIDTH - 4.0))
            self.paragraphs(d.description)
        else:
            self.heading(f"{d.title or 'Untitled project'}: {export.PART_TITLES[part]}", 0)
        keys = (part,) if part in STAGE_KEYS else (STAGE_KEYS if part not in ("checklist", "review") else ())
        model = part in ("all", "model") or part in STAGE_KEYS
        rows = part in ("all", "evidence") or part in STAGE_KEYS
        for key in keys:
            self.stage(key, model, rows)
        if part in ("all", "checklist"):
            self.checklist()
        cp = self.doc.core_properties
        cp.title = _safe(d.title or "Untitled project")
        cp.subject = export.PART_TITLES[part]
        cp.author = _safe(d.commissioner)
        cp.last_modified_by = "tui-outcomes"
        cp.revision = 1
        cp.created = cp.modified = FIXED_TIME
        cp.last_printed = FIXED_TIME
        out = io.BytesIO()
        self.doc.save(out)
        return _fixed_zip(out.getvalue())

    def stage(self, key: str, model: bool, rows: bool) -> None:
        stage, info = self.project.stage(key), BY_KEY[key]
        self.heading(f"{info.number}. {info.title}", 1)
        self.paragraph(info.question, "Quote")
        if model:
            self.paragraphs(stage.introduction)
            if not stage.elements:
                self.paragraph("No elements yet.", italic=True)
            for element in stage.elements:
                self.paragraph(element.text or "(no text)", "List Bullet", bold=self.names[element.id])
                if key != STAGE_KEYS[0]:
                    supports = ", ".join(self.names[l.id] + (f" (because {l.because})" if l.because else "")
                                         for l in element.supports)
                    self.paragraph(f"Supports: {supports or 'nothing yet (not linked)'}", "List Bullet 2")
                if stage_below(key):
                    by = ", ".join(self.names[i] for i in self.below.get(element.id, []))
                    self.paragraph(f"Supported by: {by or 'nothing yet'}", "List Bullet 2")
            if stage.evidence_sources:
                self.heading("Evidence sources", 3)
                for source in stage.evidence_sources:
                    self.paragraph(source, "List Bullet")
        if rows:
            if model:
                self.heading(f"Evidence: {info.title.lower()}", 2)
            table_rows = export.evidence_table(stage, self.names)
            if table_rows:
                self.table(list(export.EVIDENCE_HEADINGS), table_rows, _EVIDENCE_WIDTHS)
            else:
                self.paragraph("No elements yet, so no evidence rows.", italic=True)

    def review(self) -> None:
        """The progress report: every evidence row's latest reading, status and next due date."""
        from . import review

        rows = review.review_project(self.project, self.as_of)
        self.heading(f"Progress as of {export.long_date(self.as_of)}", 0)
        self.paragraph(self.project.details.title or "Untitled project", "Subtitle")
        self.paragraph(export.review_summary(rows) + ".")
        if not rows:
            self.paragraph("No evidence rows yet.", italic=True)
        by_element: dict[str, list] = {}
        for r in rows:
            by_element.setdefault(r.element_id, []).append(r)
        for stage in self.project.stages:
            elements = [e for e in stage.elements if e.id in by_element]
            if not elements:
                continue
            info = BY_KEY[stage.key]
            self.heading(f"{info.number}. {info.title}", 1)
            for element in elements:
                self.heading(f"{self.names[element.id]} {' '.join(element.text.split()) or '(no text)'}", 2)
                table_rows = []
                for r in by_element[element.id]:
                    latest = export.latest_text(r) + (f"\nNote: {r.latest.note}" if r.latest and r.latest.note else "")
                    status = "; ".join(p for p in (export.status_text(r), r.trend or "", export.progress_text(r)) if p)
                    table_rows.append([r.ref, r.row.source, r.row.baseline, latest, r.row.target, status,
                                       export.due_text(r)])
                self.table(["Row", "Source", "Baseline", "Latest", "Target", "Status", "Next due"], table_rows,
                           _REVIEW_WIDTHS)

    def checklist(self) -> None:
        checklist = self.project.checklist
        self.heading(f"NatSIP pro-forma: {proforma.TITLE}", 1)
        for section in proforma.SECTIONS:
            answers = checklist.section(section.key)
            self.heading(f"Section {section.number}: {section.title}", 2)
            shown = 0
            answer_width = 1.6 if len(section.columns) > 2 else 3.2
            widths = (_ITEM_WIDTH, _TEXT_WIDTH - _ITEM_WIDTH - answer_width * len(section.columns),
                      *[answer_width] * len(section.columns))
            for category in section.categories:
                items = list(export.checklist_items(section, category.items, answers, self.answered_only))
                if not items:
                    continue
                shown += len(items)
                if category.title:
                    self.paragraph(bold=f"{category.number}. {category.title}")
                table_rows = []
                for item, answer in items:
                    label = item.label
                    if item.specify and answer.specify:
                        label = f"{label}: {answer.specify}" if label else answer.specify
                    table_rows.append([item.number, label or "(free row)"]
                                      + [export.answer_word(answer, k, "—") for k, _ in section.columns])
                self.table(["Item", section.question] + [h for _, h in section.columns], table_rows, widths)
            if not shown:
                self.paragraph("No answers yet.", italic=True)
            elif section.key == "analyses":
                self.paragraph(proforma.FOOTNOTE, italic=True)
        self.heading(proforma.APPENDIX_TITLE.capitalize(), 2)
        if not checklist.case_studies:
            self.paragraph("None yet.", italic=True)
        for study in checklist.case_studies:
            self.heading(study.title or "(untitled)", 3)
            self.paragraphs(study.text)


def _safe(text: str) -> str:
    """Project text as it is shown everywhere: direction and invisible characters made visible."""
    return terminal_safe(text)


def _fixed_zip(data: bytes) -> bytes:
    """The package again with every member's time fixed, so the same document gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info))
    return out.getvalue()
