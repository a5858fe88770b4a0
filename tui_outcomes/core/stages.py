"""The four stages of the logic model, defined once, in model order.

The model is worked out from the end backwards: final outcomes first, inputs
last.  Each element of a stage *supports* elements of the stage before it in
this order (an input supports outputs, an output supports interim outcomes, an
interim outcome supports final outcomes).
"""

from typing import NamedTuple


class StageInfo(NamedTuple):
    key: str  # the table name in the project file
    number: int  # 1..4, model order
    title: str  # "Final outcomes"
    singular: str  # "final outcome"
    short: str  # two letters for compact references: "FO2" is the second final outcome
    question: str  # the guiding question, in our own words
    prompt: str  # what to write as an element
    evidence_hint: str  # the kinds of evidence that suit this stage


STAGES: tuple[StageInfo, ...] = (
    StageInfo(
        key="final_outcomes",
        number=1,
        title="Final outcomes",
        singular="final outcome",
        short="FO",
        question="What lasting difference should this make for the children and young people?",
        prompt="Results for the children themselves, stated so that you could tell by a date whether they happened.",
        evidence_hint="Attainment and progress data, test scores, levels, independence, sociability.",
    ),
    StageInfo(
        key="interim_outcomes",
        number=2,
        title="Interim outcomes",
        singular="interim outcome",
        short="IO",
        question="What will change for the people taking part: skills, behaviour, attitudes?",
        prompt="Changes in knowledge, skills, attitudes or behaviour that must last for the final outcomes to follow.",
        evidence_hint="Attendance, observation, feedback from pupils, parents and staff, confidence and engagement.",
    ),
    StageInfo(
        key="outputs",
        number=3,
        title="Outputs",
        singular="output",
        short="OP",
        question="What must the commissioned service produce or deliver?",
        prompt="What the provider must deliver and how people should engage with it; write these into the contract.",
        evidence_hint="Who took part, the quality of responses and delivery, feedback from participants, accreditation.",
    ),
    StageInfo(
        key="inputs",
        number=4,
        title="Inputs",
        singular="input",
        short="IN",
        question="What will we, the commissioner, do to make it happen?",
        prompt="Actions within the commissioner's control: the brief, the tender, the contract, the information given.",
        evidence_hint="Quality assurance of the process, tender comparisons, contract design, provider interest.",
    ),
)

STAGE_KEYS: tuple[str, ...] = tuple(s.key for s in STAGES)
BY_KEY: dict[str, StageInfo] = {s.key: s for s in STAGES}


def stage_info(key: str) -> StageInfo:
    return BY_KEY[key]


def stage_above(key: str) -> str | None:
    """The stage whose elements an element of ``key`` supports (None for final outcomes)."""
    i = STAGE_KEYS.index(key)
    return STAGE_KEYS[i - 1] if i > 0 else None


def stage_below(key: str) -> str | None:
    """The stage whose elements support elements of ``key`` (None for inputs)."""
    i = STAGE_KEYS.index(key)
    return STAGE_KEYS[i + 1] if i + 1 < len(STAGE_KEYS) else None


# The commissioning cycle a project can be at (stored lower-case in the file).
CYCLE_STAGES: tuple[str, ...] = ("understand", "plan", "do", "review")
CYCLE_HINTS: dict[str, str] = {
    "understand": "Understand: needs and evidence, before any decision",
    "plan": "Plan: how the decision about this service will be made",
    "do": "Do: commissioning the service",
    "review": "Review: what was learnt, for next time",
}

# The columns of an evidence row, in table order: (field name, heading).
EVIDENCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("source", "Source"),
    ("baseline", "Baseline"),
    ("target", "Target"),
    ("data_method", "Data method"),
    ("frequency", "Frequency"),
)
