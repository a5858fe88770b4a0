#!/usr/bin/env python3
"""``tui-outcomes review`` against loading the same project: medians of interleaved runs and ratios.

    python benchmarks/review_speed.py [--runs 15] [--per-stage 100] [--readings 12]

The project is make_projects.make(PER_STAGE, readings=READINGS): 2 evidence rows per element, each
with numbers in its baseline and target, a frequency, and READINGS readings. Cases, run
round-robin (A B C … A B C …) so that the machine's drift touches all alike:

* ``load``: fileformat.load (read, decode, parse, build and validate the model) — the reference;
* ``review text`` / ``review json``: the ``review`` command through cli.main (load + review +
  report, output thrown away);
* ``review core``: review.review_project on the loaded project (what the review screen computes).

Target: the ``review`` command ≤ 1.5× load.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_projects import make  # noqa: E402

from tui_outcomes.cli import main as cli_main  # noqa: E402
from tui_outcomes.core import fileformat, review  # noqa: E402

AS_OF = "2026-03-01"  # halfway through the readings: due dates, overdue rows and every status occur


def load_average() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cpus"
    except OSError:
        return "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="rounds of every case (default: 15)")
    ap.add_argument("--per-stage", type=int, default=100, help="elements per stage (default: 100)")
    ap.add_argument("--readings", type=int, default=12, help="readings per evidence row (default: 12)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "project.toml"
        fileformat.save(path, make(a.per_stage, readings=a.readings), force=True)
        project = fileformat.load(path).project
        rows = review.review_project(project, date.fromisoformat(AS_OF))
        print(f"# review benchmark: {a.per_stage} per stage, {len(rows)} rows, {a.readings} readings each, "
              f"{path.stat().st_size / 1024:.0f} KiB; as of {AS_OF}; median of {a.runs} interleaved runs; "
              f"python {sys.version.split()[0]}")
        print(f"# machine load before: {load_average()}")
        print(f"# summary: {review.summary(rows)}")

        def command(fmt: str):
            def run() -> None:
                with contextlib.redirect_stdout(io.StringIO()):
                    assert cli_main(["review", str(path), "--as-of", AS_OF, "--format", fmt]) == 0
            return run

        cases = {
            "load": lambda: fileformat.load(path),
            "review text": command("text"),
            "review json": command("json"),
            "review core": lambda: review.review_project(project, date.fromisoformat(AS_OF)),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(a.runs):
            for name, fn in cases.items():
                t = time.perf_counter()
                fn()
                times[name].append((time.perf_counter() - t) * 1000)
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    base = medians["load"]
    print("| case | median ms | × load |")
    print("|---|---|---|")
    for name, ms in medians.items():
        print(f"| {name} | {ms:.1f} | {ms / base:.2f} |")
    print(f"# machine load after: {load_average()}")
    worst = max(medians["review text"], medians["review json"]) / base
    print(f"# target: review ≤ 1.5× load: {'met' if worst <= 1.5 else 'NOT met'} ({worst:.2f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
