#!/usr/bin/env python3
"""Opening the review screen against loading the same project: medians of interleaved runs and ratios.

    python benchmarks/review_screen.py [--runs 15] [--per-stage 100] [--readings 12] [--size 100x30]

The project is make_projects.make(PER_STAGE, readings=READINGS) (2 evidence rows per element, each
with numbers, a frequency and READINGS readings). The app runs headless (Textual's run_test) at SIZE
on it, the logic model up; then, round-robin so that the machine's drift touches both alike:

* ``load``: fileformat.load of the file (read, decode, parse, build and validate) — the reference;
* ``open review``: the logic model's review action (what ``r`` runs) until the review screen has
  been mounted, worked out every row's review and drawn its first frame; then back to the model;
* ``open review, edited``: the same after an edit elsewhere (a reading added to one row): what
  opening costs once the logic model's badges have their reviews cached;
* ``open review, cold``: the same with nothing cached (every row's review worked out on opening,
  as when ``r`` is pressed before the badges are up).

Target: opening the review screen ≤ 1.5× load. The screen draws only the rows in view (the list
measures its options lazily), so its cost is the review of every row plus one screen of rows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_projects import make  # noqa: E402

from tui_outcomes.core import fileformat  # noqa: E402
from tui_outcomes.core.model import Reading  # noqa: E402

AS_OF = date(2026, 3, 1)  # halfway through the readings: due dates, overdue rows and every status occur


def load_average() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cpus"
    except OSError:
        return "unknown"


async def measure(path: Path, runs: int, size: tuple[int, int]) -> dict[str, list[float]]:
    from tui_outcomes.app import OutcomesApp
    from tui_outcomes.screens import review
    from tui_outcomes.screens.review import ReviewScreen

    review.today = lambda: AS_OF
    app = OutcomesApp(path.parent, path)
    times: dict[str, list[float]] = {"load": [], "open review": [], "open review, edited": [],
                                     "open review, cold": []}
    async with app.run_test(size=size) as pilot:
        for _ in range(20):  # the first frame, then the badges just after it
            await pilot.pause()
        model = app.screen

        async def open_review() -> float:
            drawn = asyncio.Event()
            start = time.perf_counter()
            model.action_review()
            while not isinstance(app.screen, ReviewScreen) or not app.screen.is_mounted:
                await asyncio.sleep(0)
            app.screen.call_after_refresh(drawn.set)
            await drawn.wait()
            took = (time.perf_counter() - start) * 1000
            assert app.screen.query_one("#review-rows").option_count > 1000
            app.screen.action_leave()
            await pilot.pause()
            return took

        row_id = app.document.project.stage("inputs").elements[-1].evidence[0].id
        for i in range(runs):
            start = time.perf_counter()
            fileformat.load(path)
            times["load"].append((time.perf_counter() - start) * 1000)
            times["open review"].append(await open_review())
            project = app.document.project.add_reading(row_id, Reading(AS_OF.isoformat(), str(i)))
            model.edit(project, "benchmark reading")
            await pilot.pause()
            times["open review, edited"].append(await open_review())
            kept, app.document.review_cache = app.document.reviews, None
            times["open review, cold"].append(await open_review())
            app.document.review_cache = kept
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="rounds of every case (default: 15)")
    ap.add_argument("--per-stage", type=int, default=100, help="elements per stage (default: 100)")
    ap.add_argument("--readings", type=int, default=12, help="readings per evidence row (default: 12)")
    ap.add_argument("--size", default="100x30", help="terminal size, COLSxROWS (default: 100x30)")
    a = ap.parse_args()
    size = tuple(int(n) for n in a.size.lower().split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        # the benchmark's edits make recovery copies: in a folder of its own, never the user's
        os.environ["TUI_OUTCOMES_STATE"] = str(Path(tmp) / "state")
        path = Path(tmp) / "project.toml"
        fileformat.save(path, make(a.per_stage, readings=a.readings), force=True)
        print(f"# review screen benchmark: {a.per_stage} per stage, {a.readings} readings per row, "
              f"{path.stat().st_size / 1024:.0f} KiB, {a.size}; as of {AS_OF}; median of {a.runs} interleaved "
              f"runs; python {sys.version.split()[0]}")
        print(f"# machine load before: {load_average()}")
        times = asyncio.run(measure(path, a.runs, size))
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    base = medians["load"]
    print("| case | median ms | × load |")
    print("|---|---|---|")
    for name, ms in medians.items():
        print(f"| {name} | {ms:.1f} | {ms / base:.2f} |")
    print(f"# machine load after: {load_average()}")
    worst = max(ms for name, ms in medians.items() if name != "load") / base
    print(f"# target: opening the review screen ≤ 1.5× load: {'met' if worst <= 1.5 else 'NOT met'} ({worst:.2f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
