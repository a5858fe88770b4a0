"""Three-way merge of projects by meaning: items matched by identity, never by line or position.

``merge(base, ours, theirs)`` is what ``tui-outcomes merge`` (git's merge driver) and
``tui-outcomes resolve`` do; ``resolve(project, index, choice)`` settles one conflict (the app's
conflicts screen). Plain Python, no Textual.

Identities: elements and evidence rows by id; links by the id they point to; dismissed hints by
hint code; evidence sources by ``model.source_key``; case studies by title; readings by date and
value; checklist answers by item number and column; project details, introductions and ``x_``
keys by name. (A second item of the same identity in one list is matched with the other side's
second.)

Rules, for every item and field:

* added on one side: kept; deleted on one side and untouched on the other: deleted (an element
  that only lost its links to elements that side deleted is untouched: deleting an element drops
  the links to it);
* a field changed on one side takes that side's value; changed on both to the same value: clean;
  changed on both to different values: a :class:`~tui_outcomes.core.model.Conflict` (the project
  holds ours, the conflict holds base, ours and theirs as written);
* deleted on one side and edited on the other (a new link to an element counts as editing it):
  the edited item is kept, with a conflict (field "") that says which side deleted it; links
  that the deleting side dropped only because it deleted their target are kept with it;
* order: a move is a change of one item's place (found as the items outside the longest run that
  kept base order), never a delete plus an insert. Items neither side moved keep base order; each
  side's moved and new items follow the item they follow on that side; an item both sides moved
  to different places stays where it was. Items placed after the same item by both sides are
  ordered by identity, so the result does not depend on which side is ours. Readings are a set
  in date order.

Known limits (edits only made by hand): an evidence row moved to another element while the other
side edits it gives two copies (``check`` then reports the repeated id); an element moved to two
different stages goes to ours's.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Any, Callable, Hashable, Iterable, Mapping

from .model import NOTHING, Answer, Checklist, Conflict, Element, EvidenceRow, Project, Stage, clean_text, source_key
from .stages import STAGE_KEYS

if TYPE_CHECKING:
    import subprocess

EDITED, DELETED = "edited", "deleted"  # the two sides of a whole-item conflict (field "")
YES, NO = "yes", "no"  # checklist answers as the file writes them


# -- order -------------------------------------------------------------------


def _longest_increasing(seq: list[int]) -> list[int]:
    """Indexes of one longest increasing subsequence of ``seq`` (deterministic)."""
    tails: list[int] = []
    tail_at: list[int] = []
    before = [-1] * len(seq)
    for i, value in enumerate(seq):
        j = bisect_left(tails, value)
        if j == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[j] = value
            tail_at[j] = i
        before[i] = tail_at[j - 1] if j else -1
    out = []
    k = tail_at[-1] if tail_at else -1
    while k != -1:
        out.append(k)
        k = before[k]
    return out[::-1]


def _moved(base_at: dict, side: list) -> set:
    """The items of ``side`` that it moved: those outside its longest run in base order."""
    common = [x for x in side if x in base_at]
    stay = {common[i] for i in _longest_increasing([base_at[x] for x in common])}
    return {x for x in common if x not in stay}


def merge_order(base: list, ours: list, theirs: list, keep: Iterable) -> list:
    """The order of the items in ``keep`` (the merged list's members), from the three orders."""
    keep = set(keep)
    kept_ours = [x for x in ours if x in keep]
    if len(kept_ours) == len(keep) and kept_ours == [x for x in theirs if x in keep]:
        return kept_ours
    base_at = {x: i for i, x in enumerate(base)}
    moved_o, moved_t = _moved(base_at, ours), _moved(base_at, theirs)
    stable = {x for x in base if x in keep and x not in moved_o and x not in moved_t}

    def anchors(side: list) -> dict:  # item -> the unmoved item it follows on that side (None: the start)
        out, anchor = {}, None
        for x in side:
            if x in stable:
                anchor = x
            else:
                out[x] = anchor
        return out

    after_o, after_t = anchors(ours), anchors(theirs)
    disputed = {x for x in moved_o & moved_t if x in keep and after_o[x] != after_t[x]}  # moved to two places: stays
    runs: dict[Any, list[list]] = {}
    for side, after, moved in ((ours, after_o, moved_o), (theirs, after_t, moved_t)):
        by_anchor: dict[Any, list] = {}
        for x in side:
            if x in keep and x not in stable and x not in disputed and (x not in base_at or x in moved):
                by_anchor.setdefault(after[x], []).append(x)
        for anchor, run in by_anchor.items():
            runs.setdefault(anchor, []).append(run)
    out: list = []
    seen: set = set()

    def emit(items: Iterable) -> None:
        for x in items:
            if x not in seen:
                seen.add(x)
                out.append(x)

    def emit_runs(anchor: Any) -> None:
        for run in sorted(runs.get(anchor, ()), key=lambda r: [repr(x) for x in r]):
            emit(run)

    emit_runs(None)
    for x in base:
        if x in stable or x in disputed:
            emit([x])
            emit_runs(x)
    emit(sorted(keep - seen, key=repr))  # nothing should be left; never lose one if it is
    return out


# -- items -------------------------------------------------------------------


def _keyed(items: Iterable, key: Callable[[Any], Hashable]) -> dict:
    """key -> item, in list order; a repeated key gets its occurrence: (key, 1), (key, 2) …"""
    out: dict = {}
    for item in items:
        k = key(item)
        if k in out:
            n = 1
            while (k, n) in out:
                n += 1
            k = (k, n)
        out[k] = item
    return out


def _key_path(k: Hashable) -> tuple[str, ...]:
    """A key as path segments: a repeated key's occurrence as a last segment."""
    if isinstance(k, tuple) and len(k) == 2 and isinstance(k[1], int):
        return (*_key_path(k[0]), str(k[1]))
    return tuple(k) if isinstance(k, tuple) else (str(k),)


class _Merge:
    def __init__(self) -> None:
        self.conflicts: list[Conflict] = []

    def value(self, path: tuple[str, ...], field: str, b: Any, o: Any, t: Any) -> Any:
        """One value (None: absent): the side that changed it, or ours with a conflict."""
        if o == t and type(o) is type(t):
            return o
        if o == b and type(o) is type(b):
            return t
        if t == b and type(t) is type(b):
            return o
        self.conflicts.append(Conflict(path, field, b, o, t))
        return o if o is not None else t

    def mapping(self, path: tuple[str, ...], b: Mapping, o: Mapping, t: Mapping) -> dict:
        """``x_`` keys (or any name -> value table): key by key, in merged order."""
        b = b or NOTHING
        if o == t:
            return o
        if o == b:
            return t
        if t == b:
            return o
        out = {}
        merged = {k: self.value(path, k, b.get(k), o.get(k), t.get(k)) for k in sorted({*b, *o, *t})}
        for k in merge_order(list(b), list(o), list(t), [k for k, v in merged.items() if v is not None]):
            out[k] = merged[k]
        return out

    def fields(self, path: tuple[str, ...], b: Any, o: Any, t: Any,
               special: Mapping[str, Callable[[Any, Any, Any], Any]] = NOTHING) -> Any:
        """A NamedTuple, field by field over its fields (so fields added later merge too); ``extras``
        key by key, ``special`` fields by their own function."""
        if o == t:
            return o
        if o == b:
            return t
        if t == b:
            return o
        changes = {}
        for name in o._fields:
            bv, ov, tv = (getattr(b, name) if b is not None else None), getattr(o, name), getattr(t, name)
            if name in special:
                changes[name] = special[name](bv, ov, tv)
            elif name == "extras":
                changes[name] = self.mapping(path, bv, ov, tv)
            else:
                changes[name] = self.value(path, name, bv, ov, tv)
        return o._replace(**changes)

    def items(self, path: Callable[[Hashable], tuple[str, ...]], b: dict, o: dict, t: dict,
              merge_one: Callable[[Hashable, Any, Any, Any], Any],
              touched_o: set = frozenset(), touched_t: set = frozenset(), conflicts: bool = True,
              base_o: Mapping = NOTHING, base_t: Mapping = NOTHING) -> dict:
        """key -> merged item, for the items kept (see the module's rules). ``touched_o``: keys ours
        edited though its item equals base; ``base_o``: base items as ours's other changes alone leave
        them (an item equal to its one there was not edited); likewise for theirs."""
        out = {}
        for k in sorted({*o, *t}, key=repr):  # in a fixed order: conflicts are listed in it
            bv, ov, tv = b.get(k), o.get(k), t.get(k)
            if ov is not None and tv is not None:
                out[k] = merge_one(k, bv, ov, tv)
            elif bv is None:
                out[k] = ov if ov is not None else tv  # added on one side
            else:  # deleted on one side
                kept, touched, left = (ov, touched_o, base_o) if ov is not None else (tv, touched_t, base_t)
                if (kept in (bv, left.get(k)) and k not in touched) or not conflicts:
                    continue
                self.conflicts.append(Conflict(path(k), "", None, EDITED if ov is not None else DELETED,
                                               EDITED if tv is not None else DELETED))
                out[k] = kept
        return out

    def ordered(self, path, b: list, o: list, t: list, key, merge_one, **options) -> tuple:
        """A list of items: matched by ``key``, merged by ``merge_one``, in merged order."""
        if o == t or o == b:
            return tuple(t)
        if t == b:
            return tuple(o)
        bk, ok, tk = _keyed(b, key), _keyed(o, key), _keyed(t, key)
        merged = self.items(path, bk, ok, tk, merge_one, **options)
        return tuple(merged[k] for k in merge_order(list(bk), list(ok), list(tk), merged))

    # -- the project --------------------------------------------------------

    def project(self, base: Project, ours: Project, theirs: Project) -> Project:
        details = self.fields(("project",), base.details, ours.details, theirs.details)
        extras = self.mapping(("file",), base.extras, ours.extras, theirs.extras)
        checklist = self.checklist(base.checklist, ours.checklist, theirs.checklist)
        stages = self.stages(base, ours, theirs)
        earlier = self.ordered(lambda k: ("file",), list(base.conflicts), list(ours.conflicts),
                               list(theirs.conflicts), lambda c: (c.path, c.field), lambda k, b, o, t: o,
                               conflicts=False)
        return Project(details, stages, checklist, extras, earlier + tuple(self.conflicts))

    def stages(self, base: Project, ours: Project, theirs: Project) -> tuple[Stage, ...]:
        def placed(project: Project) -> dict[str, tuple[str, Element]]:
            return {e.id: (s.key, e) for s in project.stages for e in s.elements}

        def links(project: Project) -> set[tuple[str, str]]:
            return {(e.id, l.id) for _, e in project.elements() for l in e.supports}

        b, o, t = placed(base), placed(ours), placed(theirs)
        base_links = links(base)
        # a new link to an element is an edit of it: it is not deleted under the link
        touched_o = {target for source, target in links(ours) - base_links}
        touched_t = {target for source, target in links(theirs) - base_links}

        def left_by_deletes(side: dict) -> dict:  # base elements without their links to elements side deleted
            gone = b.keys() - side.keys()
            return {i: e._replace(supports=tuple(l for l in e.supports if l.id not in gone))
                    for i, (_, e) in b.items() if any(l.id in gone for l in e.supports)}

        def element_stage(i: str) -> str:
            if i in o and i in t:  # an element moved to another stage (by hand) goes where a side moved it
                return t[i][0] if o[i][0] == (b[i][0] if i in b else None) else o[i][0]
            return (o if i in o else t)[i][0]

        merged = self.items(lambda i: ("element", i), {i: e for i, (_, e) in b.items()},
                            {i: e for i, (_, e) in o.items()}, {i: e for i, (_, e) in t.items()},
                            lambda i, be, oe, te: self.element(be, oe, te), touched_o, touched_t,
                            base_o=left_by_deletes(o), base_t=left_by_deletes(t))
        # the deleting side's version of an element kept by a conflict left out links to it: put back;
        # links to an element deleted go with it (an element kept by a conflict may still hold one)
        for i, element in list(merged.items()):
            element = self._restore_links(element, b, o, t, merged)
            if any(l.id not in merged for l in element.supports):
                element = element._replace(supports=tuple(l for l in element.supports if l.id in merged))
            merged[i] = element
        stage_of = {i: element_stage(i) for i in merged}
        stages = []
        for stage_b, stage_o, stage_t in zip(base.stages, ours.stages, theirs.stages):
            key = stage_b.key
            members = [i for i in merged if stage_of[i] == key]
            order = merge_order([e.id for e in stage_b.elements], [e.id for e in stage_o.elements],
                                [e.id for e in stage_t.elements], members)
            path = (key,)
            stages.append(Stage(
                key,
                self.value(path, "introduction", stage_b.introduction, stage_o.introduction, stage_t.introduction),
                self.ordered(lambda k: path, list(stage_b.evidence_sources), list(stage_o.evidence_sources),
                             list(stage_t.evidence_sources), source_key,
                             lambda k, bs, os_, ts: ts if os_ == bs else os_ if ts == bs else min(os_, ts),
                             conflicts=False),
                tuple(merged[i] for i in order),
                self.mapping(path, stage_b.extras, stage_o.extras, stage_t.extras),
            ))
        return tuple(stages)

    @staticmethod
    def _restore_links(element: Element, b: dict, o: dict, t: dict, kept: dict) -> Element:
        if element.id not in b:
            return element
        have = {l.id for l in element.supports}
        back = [l for l in b[element.id][1].supports
                if l.id not in have and l.id in kept and (l.id not in o or l.id not in t)
                and any(element.id in side and l.id in side and
                        any(x.id == l.id for x in side[element.id][1].supports) for side in (o, t))]
        return element._replace(supports=element.supports + tuple(back)) if back else element

    def element(self, b: Element | None, o: Element, t: Element) -> Element:
        path = ("element", o.id)

        def supports(bl, ol, tl):
            return self.ordered(lambda k: (*path, "supports", *_key_path(k)), list(bl or ()), list(ol), list(tl),
                                lambda l: l.id,
                                lambda k, x, y, z: self.fields((*path, "supports", *_key_path(k)), x, y, z))

        def dismissed(bd, od, td):
            return self.ordered(lambda k: (*path, "dismissed", *_key_path(k)), list(bd or ()), list(od), list(td),
                                lambda d: d.hint,
                                lambda k, x, y, z: self.fields((*path, "dismissed", *_key_path(k)), x, y, z))

        def evidence(br, or_, tr):
            return self.ordered(lambda k: ("row", k), list(br or ()), list(or_), list(tr), lambda r: r.id, self.row)

        return self.fields(path, b, o, t, {"supports": supports, "dismissed": dismissed, "evidence": evidence})

    def row(self, k: str, b: EvidenceRow | None, o: EvidenceRow, t: EvidenceRow) -> EvidenceRow:
        path = ("row", o.id)

        def readings(br, or_, tr):
            br = br or ()
            if or_ == tr or or_ == br:
                return tr
            if tr == br:
                return or_
            merged = self.ordered(lambda k: (*path, "readings", *_key_path(k)), list(br), list(or_), list(tr),
                                  lambda r: (r.date, r.value),
                                  lambda k, x, y, z: self.fields((*path, "readings", *_key_path(k)), x, y, z))
            return tuple(sorted(merged, key=lambda r: r.date))  # a set in date order (stable: ties as merged)

        return self.fields(path, b, o, t, {"readings": readings})

    def checklist(self, b: Checklist, o: Checklist, t: Checklist) -> Checklist:
        if o == t or o == b:
            return t
        if t == b:
            return o

        def answers(section: str) -> dict[str, Answer]:
            bs, os_, ts = b.section(section), o.section(section), t.section(section)
            out = {}
            for number in sorted({*bs, *os_, *ts}):
                ba, oa, ta = (s.get(number) or Answer() for s in (bs, os_, ts))
                path = ("checklist", section, number)
                if oa == ta or oa == ba:
                    answer = ta
                elif ta == ba:
                    answer = oa
                else:
                    values = {}
                    for column in sorted({*ba.values, *oa.values, *ta.values}):
                        v = self.value(path, column, *(_yes_no(a.values.get(column)) for a in (ba, oa, ta)))
                        if v is not None:
                            values[column] = v == YES
                    answer = Answer(values, self.value(path, "specify", ba.specify, oa.specify, ta.specify))
                if not answer.is_empty():
                    out[number] = answer
            return out

        studies = self.ordered(lambda k: ("checklist", "case_studies", *_key_path(k)), list(b.case_studies),
                               list(o.case_studies), list(t.case_studies), lambda s: s.title,
                               lambda k, x, y, z: self.fields(("checklist", "case_studies", *_key_path(k)), x, y, z))
        return Checklist(answers("analyses"), answers("applications"), studies,
                         self.mapping(("checklist",), b.extras, o.extras, t.extras))


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else YES if value else NO


def merge(base: Project, ours: Project, theirs: Project) -> Project:
    """The merged project; its ``conflicts`` hold what could not be decided (ours is in place)."""
    if ours == theirs or base == theirs:
        return ours
    if base == ours:
        return theirs
    return _Merge().project(base, ours, theirs)


# -- resolving ---------------------------------------------------------------


def resolve(project: Project, index: int, choice: str, text: str | None = None) -> Project:
    """The project with conflict ``index`` settled: ``choice`` "ours", "theirs", or "text" (``text``
    as the field's value). An item gone meanwhile just loses its conflict."""
    conflict = project.conflicts[index]
    value = conflict.ours if choice == "ours" else conflict.theirs if choice == "theirs" else clean_text(text or "")
    rest = project.conflicts[:index] + project.conflicts[index + 1:]
    try:
        project = _set(project, conflict.path, conflict.field, value)
    except (KeyError, IndexError, ValueError):
        pass
    return project._replace(conflicts=rest)


def _put(obj, field: str, value: Any):
    """A model object with a field (or an x_ key) set; None clears it (absent)."""
    if field in obj._fields and field != "extras":
        current = getattr(obj, field)
        return obj._replace(**{field: "" if value is None and isinstance(current, str) else value})
    extras = dict(obj.extras)
    if value is None:
        extras.pop(field, None)
    else:
        extras[field] = value
    return obj._replace(extras=extras)


def _pick(items: tuple, key, segments: tuple[str, ...]) -> int:
    """The index of the item a path's last segments name (with a repeated key's occurrence)."""
    keyed = list(_keyed(items, key))
    for i, k in enumerate(keyed):
        if _key_path(k) == segments:
            return i
    raise KeyError(segments)


def _with_row(project: Project, row: EvidenceRow) -> Project:
    _, element, i, _ = project.find_row(row.id)
    return project.with_rows(element.id, element.evidence[:i] + (row,) + element.evidence[i + 1:])


def _set(project: Project, path: tuple[str, ...], field: str, value: Any) -> Project:
    whole = field == ""
    drop = whole and value == DELETED
    kind = path[0]
    if kind == "file":
        extras = dict(project.extras)
        extras.pop(field, None) if value is None else extras.__setitem__(field, value)
        return project._replace(extras=extras)
    if kind == "project":
        return project._replace(details=_put(project.details, field, value))
    if kind in STAGE_KEYS:
        return project.with_stage(_put(project.stage(kind), field, value))
    if kind == "element":
        element = project.find(path[1])[2]
        if len(path) == 2:
            return project.delete_element(element.id) if drop else \
                project if whole else project.with_element(_put(element, field, value))
        part = path[2]
        items = getattr(element, part)
        i = _pick(items, (lambda l: l.id) if part == "supports" else (lambda d: d.hint), path[3:])
        new = () if drop else (items[i],) if whole else (_put(items[i], field, value),)
        return project.with_element(element._replace(**{part: items[:i] + new + items[i + 1:]}))
    if kind == "row":
        row = project.find_row(path[1])[3]
        if len(path) == 2:
            if whole:
                return project.delete_row(row.id) if drop else project
            return _with_row(project, _put(row, field, value))
        i = _pick(row.readings, lambda r: (r.date, r.value), path[3:])
        new = () if drop else (row.readings[i],) if whole else (_put(row.readings[i], field, value),)
        return _with_row(project, row._replace(readings=row.readings[:i] + new + row.readings[i + 1:]))
    if kind == "checklist":
        checklist = project.checklist
        if len(path) == 1:
            return project._replace(checklist=_put(checklist, field, value))
        if path[1] == "case_studies":
            studies = checklist.case_studies
            i = _pick(studies, lambda s: s.title, path[2:])
            new = () if drop else (studies[i],) if whole else (_put(studies[i], field, value),)
            return project._replace(checklist=checklist._replace(case_studies=studies[:i] + new + studies[i + 1:]))
        section, number = path[1], path[2]
        if field == "specify":
            return project.with_answer(section, number, specify=value or "")
        return project.with_answer(section, number, field, None if value is None else value == YES)
    raise KeyError(kind)


# -- describing --------------------------------------------------------------


def where(project: Project, conflict: Conflict) -> str:
    """The conflict's place as a field path of the file (``outputs.elements[2].text``), best effort."""
    path, field = conflict.path, conflict.field
    kind = path[0]
    suffix = f".{field}" if field else ""
    try:
        if kind == "element" or kind == "row":
            if kind == "element":
                key, i, element = project.find(path[1])
                place = f"{key}.elements[{i}]"
                rest = path[2:]
                if rest:
                    items = getattr(element, rest[0])
                    j = _pick(items, (lambda l: l.id) if rest[0] == "supports" else (lambda d: d.hint), rest[1:])
                    place += f".{rest[0]}[{j}]"
            else:
                key, element, j, row = project.find_row(path[1])
                place = f"{key}.elements[{project.find(element.id)[1]}].evidence[{j}]"
                if path[2:]:
                    place += f".readings[{_pick(row.readings, lambda r: (r.date, r.value), path[3:])}]"
            return place + suffix
        if kind == "checklist" and len(path) > 1 and path[1] == "case_studies":
            return f"checklist.case_studies[{_pick(project.checklist.case_studies, lambda s: s.title, path[2:])}]" \
                   + suffix
    except (KeyError, IndexError, ValueError):
        pass
    if kind == "file":
        return field or "(top of the file)"
    return ".".join(path) + suffix


def shown(value: Any) -> str:
    """A conflict's value for a message: text as it is; absent as "(none)"."""
    if value is None:
        return "(none)"
    return value if isinstance(value, str) else repr(value)


def describe(project: Project, conflict: Conflict) -> str:
    """One line: where, and the two versions."""
    place = where(project, conflict)
    if conflict.field == "":
        deleted = "ours" if conflict.ours == DELETED else "theirs"
        return f"{place}: deleted on one side ({deleted}), edited on the other; kept until you choose"
    return f"{place}: changed on both sides: ours {_short(conflict.ours)}, theirs {_short(conflict.theirs)}"


def _short(value: Any, limit: int = 40) -> str:
    text = " ".join(shown(value).split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# -- merges git did line by line ----------------------------------------------


class MergeError(Exception):
    """A merge could not be done; nothing was changed. The message says why and what to do."""


MARKERS = ("<<<<<<< ", "=======", ">>>>>>> ")


def has_conflict_markers(text: str) -> bool:
    """Whether a file holds git's conflict markers (a line merge that clashed)."""
    lines = text.splitlines()
    return any(line.startswith(MARKERS[0]) for line in lines) and any(line.startswith(MARKERS[2]) for line in lines)


def _git(args: list[str], cwd: str, what: str) -> subprocess.CompletedProcess[bytes]:
    from .git import VersionError, run_git

    try:
        return run_git(args, cwd, what)
    except VersionError as exc:
        raise MergeError(str(exc)) from None


def index_versions(path) -> list[str | None]:
    """Base, ours and theirs of a file in a conflicted merge, from git's index (``git show :1:`` …);
    base None when the file was added on both branches."""
    from pathlib import Path

    path = Path(path)
    cwd = str(path.parent) if str(path.parent) else "."
    texts: list[str | None] = []
    for stage, side in ((1, "base"), (2, "ours"), (3, "theirs")):
        shown = _git(["show", f":{stage}:./{path.name}"], cwd, str(path))
        if shown.returncode != 0:
            if stage == 1:
                texts.append(None)
                continue
            raise MergeError(f"{path}: git has no {side} version of it, so there is no merge of it to redo (git "
                             "status shows whether a merge with a conflict in this file is under way); nothing "
                             "was changed")
        try:
            texts.append(shown.stdout.decode("utf-8"))
        except UnicodeDecodeError:
            raise MergeError(f"{path}: the {side} version in git is not UTF-8 text; nothing was changed") from None
    return texts


def merge_texts(texts: list[str | None], names: list[str]) -> Project:
    """Merge base, ours, theirs file texts (None: an empty project); ProjectFileError if one is unreadable
    (every problem of every version)."""
    from .fileformat import Problem, ProjectFileError, parse

    projects, problems = [], []
    for text, name in zip(texts, names):
        try:
            projects.append(Project() if text is None else parse(text, name))
        except ProjectFileError as exc:
            problems += [Problem("", p.format(name)) for p in exc.problems]  # each says which version
    if problems:
        raise ProjectFileError("", problems)
    return merge(*projects)


def resolve_from_index(path) -> tuple[Project, bool]:
    """Redo the conflicted merge of ``path`` by meaning (from git's index), write the result there and,
    when no conflicts are left, stage it (git add). (merged project, staged); MergeError when it
    cannot be done (the file is then as it was)."""
    from pathlib import Path

    from .fileformat import ProjectFileError, SaveError, dumps, write_atomic

    path = Path(path)
    texts = index_versions(path)
    try:
        merged = merge_texts(texts, [f":1:{path.name} (base)", f":2:{path.name} (ours)", f":3:{path.name} (theirs)"])
    except ProjectFileError as exc:
        raise MergeError("; ".join(p.message for p in exc.problems[:3]) +
                         f" — a version cannot be read as a project, so {path} keeps git's line merge: "
                         "fix it by hand") from None
    try:
        write_atomic(path, dumps(merged).encode("utf-8"), force=True)
    except SaveError as exc:
        raise MergeError(str(exc)) from None
    staged = False
    if not merged.conflicts:
        staged = _git(["add", "--", path.name], str(path.parent), str(path)).returncode == 0
    return merged, staged
