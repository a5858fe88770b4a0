#!/usr/bin/env python3
"""Generate projects of N elements per stage (2 evidence rows each) for benchmarks.

    python benchmarks/make_projects.py OUTDIR [N ...]     # default N: 10 100 1000
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from tui_outcomes.core.fileformat import save
from tui_outcomes.core.model import Details, Element, EvidenceRow, Link, Project, Stage, new_id
from tui_outcomes.core.stages import STAGE_KEYS

WORDS = ("pupils staff confidence attendance progress behaviour training provider feedback "
         "termly weekly baseline target survey reading cohort school parents outcome").split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def make(per_stage: int, seed: int = 1) -> Project:
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
            links = tuple(Link(t) for t in rng.sample(above, min(2, len(above))))
            elements.append(Element(fresh(), sentence(rng, 20), links, rows))
        stages.append(Stage(key, sentence(rng, 30), tuple(sentence(rng, 3) for _ in range(6)), tuple(elements)))
        above = [e.id for e in elements]
    return Project(Details(title=f"Benchmark project, {per_stage} per stage", cycle_stage="plan"), tuple(stages))


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Make benchmark projects of N elements per stage (2 evidence "
                                                 "rows each, linked), as OUTDIR/project_N.toml.")
    parser.add_argument("outdir", nargs="?", default="benchmarks/out", help="where (default: benchmarks/out)")
    parser.add_argument("sizes", nargs="*", type=int, metavar="N", help="elements per stage (default: 10 100 1000)")
    args = parser.parse_args(argv)
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    for n in args.sizes or [10, 100, 1000]:
        path = out / f"project_{n}.toml"
        save(path, make(n), force=True)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
