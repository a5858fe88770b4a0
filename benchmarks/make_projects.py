#!/usr/bin/env python3
"""Generate projects of N elements per stage (2 evidence rows each) for benchmarks.

    python benchmarks/make_projects.py OUTDIR [N ...]     # default N: 10 100 1000
    python benchmarks/make_projects.py --readings 12 OUTDIR 100   # with 12 readings per row
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from tui_outcomes.core.fileformat import save
from tui_outcomes.core.model import Details, Element, EvidenceRow, Link, Project, Reading, Stage, new_id
from tui_outcomes.core.stages import STAGE_KEYS

WORDS = ("pupils staff confidence attendance progress behaviour training provider feedback "
         "termly weekly baseline target survey reading cohort school parents outcome").split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


FREQUENCIES = ("Termly", "Half-termly", "Monthly", "Weekly", "Fortnightly", "Annually", "As needed")


def with_readings(rng: random.Random, row: EvidenceRow, n: int) -> EvidenceRow:
    """The row with numbers in its baseline and target, a frequency, and ``n`` readings from
    September 2025, roughly monthly, moving from the baseline towards the target with noise."""
    import datetime

    baseline, target = rng.randint(5, 60), rng.randint(5, 60)
    start = datetime.date(2025, 9, 15)
    readings = []
    for k in range(n):
        value = baseline + (target - baseline) * (k + 1) / (n + 2) + rng.uniform(-3, 3)
        day = start + datetime.timedelta(days=30 * k + rng.randint(0, 5))
        readings.append(Reading(day.isoformat(), f"{value:.0f}" + rng.choice(("", "%", " incidents")),
                                rng.choice(("", "", "", "on track")), sentence(rng, 5) if k % 3 == 0 else ""))
    return row._replace(baseline=f"{baseline} {sentence(rng, 3)}", target=f"{target} {sentence(rng, 4)}",
                        frequency=rng.choice(FREQUENCIES), readings=tuple(readings))


def make(per_stage: int, seed: int = 1, readings: int = 0) -> Project:
    """The benchmark project; ``readings`` > 0 gives every row numbers and that many readings (the
    project without readings is unchanged by the option)."""
    rng = random.Random(seed)
    taken: set[str] = set()

    def fresh() -> str:
        taken.add(i := new_id(taken))
        return i

    stages, above = [], []
    for key in STAGE_KEYS:
        elements = []
        for _ in range(per_stage):
            rows = tuple(EvidenceRow(fresh(), sentence(rng, 3), sentence(rng, 6), sentence(rng, 8),
                                     "Existing dataset", "Termly") for _ in range(2))
            if readings:
                rows = tuple(with_readings(rng, row, readings) for row in rows)
            links = tuple(Link(t) for t in rng.sample(above, min(2, len(above))))
            elements.append(Element(fresh(), sentence(rng, 20), links, rows))
        stages.append(Stage(key, sentence(rng, 30), tuple(sentence(rng, 3) for _ in range(6)), tuple(elements)))
        above = [e.id for e in elements]
    title = f"Benchmark project, {per_stage} per stage" + (f", {readings} readings per row" if readings else "")
    period = "September 2025 to July 2026" if readings else ""
    return Project(Details(title=title, period=period, cycle_stage="plan" if not readings else "do"), tuple(stages))


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Make benchmark projects of N elements per stage (2 evidence "
                                                 "rows each, linked), as OUTDIR/project_N.toml.")
    parser.add_argument("outdir", nargs="?", default="benchmarks/out", help="where (default: benchmarks/out)")
    parser.add_argument("sizes", nargs="*", type=int, metavar="N", help="elements per stage (default: 10 100 1000)")
    parser.add_argument("--readings", type=int, default=0, metavar="R",
                        help="give every row numbers and R readings (file: project_N_rR.toml)")
    args = parser.parse_args(argv)
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    for n in args.sizes or [10, 100, 1000]:
        path = out / (f"project_{n}_r{args.readings}.toml" if args.readings else f"project_{n}.toml")
        save(path, make(n, readings=args.readings), force=True)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
