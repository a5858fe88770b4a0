#!/usr/bin/env python3
"""Time the actions on a large project, headless (Textual's run_test and Pilot), against a bare action.

    python benchmarks/scale.py [--sizes 1000 5000] [--runs 5] [--size 100x30] [--folder /tmp/scale]

For each project size (elements per stage; the projects are made with make_projects.py when missing)
the app is started once on the project, and these actions run round-robin, ``--runs`` times each:

- ``bare``: a key no screen binds, handled and drawn (what any key costs through this harness);
- ``help open``/``help leave``: a screen with nothing of the project on it (a second reference:
  the cost of pushing and drawing any screen; ratios to it are printed too);
- ``checks open``/``checks leave``: ``w`` until the findings are on screen, ``escape`` back;
- ``export open``/``export leave``: ``x`` until the screen is up and takes keys, ``escape`` back;
  ``export text shown``: ``x`` until the whole export has been made and the preview shows it;
- ``export leave early``: ``escape`` as soon as the export screen is up, before its text is made,
  then ``key after leaving early`` (the thread making the text finishes on its own meanwhile);
- ``key while export made``: the bare key just after ``x``, while the text is made in a thread;
- ``add element``: ``ctrl+s`` in the new-element dialog until the element is in its pane, added after
  the first final outcome (then undone);
- ``key while saving``/``key while journal``: the bare key while ``ctrl+s`` writes the file in a thread,
  and while the recovery copy is written in a thread (the worst a person typing then meets).

Each figure is the median in ms, with the ratio to ``bare``. Memory is the process's resident size
after opening the project, after visiting the checks screen, the export screen, and after an edit, its
recovery copy and a save (each after gc.collect()).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def run_size(path: Path, runs: int, size: tuple[int, int]) -> dict:
    sys.path.insert(0, str(HERE.parent / "tests"))
    from apphelpers import _send, _working, screen_text, settle, until  # the suite's way of sending keys
    from textual import events
    from textual.pilot import WaitForScreenTimeout
    from tui_outcomes.app import OutcomesApp
    from tui_outcomes.screens.checks import ChecksScreen
    from tui_outcomes.screens.export import ExportScreen
    from tui_outcomes.screens.help import HelpScreen
    from tui_outcomes.screens.logic_model import LogicModelScreen

    times: dict[str, list[float]] = {}
    memory: dict[str, float] = {}
    gc.disable()  # as `tui-outcomes` starts (cli.run_app): the app freezes what start-up made and collects from then
    app = OutcomesApp(path.parent, path, config=None)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, timeout=120)
        await until(pilot, lambda: app.screen.checked, "the badges", 120)
        await settle(pilot, timeout=120)
        assert gc.isenabled()
        gc.collect()
        memory["opened"] = rss_mb()

        async def pause() -> None:
            try:
                await pilot.pause(0)
            except WaitForScreenTimeout:  # Pilot gives up after 30 s of a screen at work: wait on
                pass

        async def timed(name: str, keys, done, timeout: float = 120, start: float | None = None) -> None:
            start = time.perf_counter() if start is None else start
            _send(pilot, keys)
            deadline = start + timeout
            while not done():  # each pause(0): the messages sent handled, then the screen's update drawn
                now = time.perf_counter()
                if now > deadline:
                    raise AssertionError(f"waited {timeout:g} s for {name}")
                if now - start > 0.1:
                    # a long wait is work in a thread: polling without a break would keep the interpreter
                    # from it (a real terminal's app sits idle meanwhile), so look every 5 ms
                    await asyncio.sleep(0.005)
                await pause()
            await pause()  # the frame drawn after it
            times.setdefault(name, []).append((time.perf_counter() - start) * 1000)

        async def bare(name: str = "bare") -> None:
            screen = app.screen
            await timed(name, ["f19"], lambda: app.screen is screen and not app.keys_in_flight)

        def on(kind):
            """The screen is up, its keys handled and its workers (if any) done."""
            return lambda: isinstance(app.screen, kind) and app.screen.is_mounted and not _working(app)

        def showing(what: str) -> None:
            if what not in screen_text(app):  # checked after the timing, so it costs nothing timed
                raise AssertionError(f"{what!r} is not on the screen:\n{screen_text(app)}")

        for run in range(runs):
            await bare()
            await timed("help open", ["f1"], on(HelpScreen))
            await settle(pilot)
            await timed("help leave", ["escape"], on(LogicModelScreen))
            await settle(pilot)
            await timed("checks open", ["w"], on(ChecksScreen))
            await settle(pilot)
            showing("warning:")
            await bare("bare on checks")
            await timed("checks leave", ["escape"], on(LogicModelScreen))
            await settle(pilot)
            if run == 0:
                gc.collect()
                memory["after checks"] = rss_mb()
            start = time.perf_counter()
            await timed("export open", ["x"], lambda: isinstance(app.screen, ExportScreen)
                        and app.screen.is_mounted and app.keys_may_flow())
            await bare("key while export made")
            await timed("export text shown", [], on(ExportScreen), start=start)
            await settle(pilot, timeout=120)
            showing("Benchmark project")
            await bare("bare on export")
            await timed("export leave", ["escape"], on(LogicModelScreen))
            await settle(pilot)
            # leaving before the text is made (the thread making it finishes on its own)
            threads = threading.active_count()
            await timed("export open", ["x"], lambda: isinstance(app.screen, ExportScreen)
                        and app.screen.is_mounted and app.keys_may_flow())
            await timed("export leave early", ["escape"], on(LogicModelScreen))
            await bare("key after leaving early")
            while threading.active_count() > threads:
                await asyncio.sleep(0.01)
            await settle(pilot)
            if run == 0:
                gc.collect()
                memory["after export"] = rss_mb()
            # a new element: the dialog, its text as one paste, then ctrl+s (timed) until it is shown
            _send(pilot, ["1", "home", "down", "a"])  # after the first final outcome
            await settle(pilot)
            app.post_message(events.Paste(f"Pupils read better, run {run}"))
            await settle(pilot)
            before = app.document.project
            await timed("add element", ["ctrl+s"],
                        lambda: on(LogicModelScreen)() and app.document.project is not before
                        and app.screen.shown is app.document.project)
            await settle(pilot)
            # the recovery copy is written about a second after the edit, in a thread
            deadline = time.perf_counter() + 60
            while not any(w.group == "journal" and not w.is_finished for w in app.workers):
                if time.perf_counter() > deadline or not app.document.dirty:
                    break
                await asyncio.sleep(0.005)
            else:
                await bare("key while journal")
            while any(w.group == "journal" and not w.is_finished for w in app.workers):
                await asyncio.sleep(0.01)
            # a save, in a thread
            _send(pilot, ["ctrl+s"])
            await pilot.pause(0)
            await bare("key while saving")
            await until(pilot, lambda: not app.document.dirty, "the save", 120)
            await settle(pilot)
            _send(pilot, ["u"])  # the added element goes again (unsaved: the file stays as it is)
            await settle(pilot)
            if run == 0:
                gc.collect()
                memory["after an edit, its recovery copy, a save"] = rss_mb()
        gc.collect()
        memory["at the end"] = rss_mb()
        app.document.saved = app.document.project  # nothing to ask on the way out
        app.exit()
    return {"times": times, "memory": memory}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Figures: medians in ms, ratio to the bare key; RSS in MB.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000], metavar="N",
                        help="elements per stage (default: 1000 5000)")
    parser.add_argument("--runs", type=int, default=5, help="times each action runs (default 5)")
    parser.add_argument("--size", default="100x30", help="terminal size WxH (default 100x30)")
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "tui-outcomes-scale",
                        help="where the projects are made (default: a folder in the temp dir)")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    sys.path.insert(0, str(HERE))
    import make_projects
    from tui_outcomes.core.fileformat import save

    os.environ.setdefault("TUI_OUTCOMES_STATE", tempfile.mkdtemp(prefix="scale-state-"))
    args.folder.mkdir(parents=True, exist_ok=True)
    print(f"load before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, terminal {width}x{height}, "
          f"{args.runs} runs")
    for n in args.sizes:
        path = args.folder / f"project_{n}.toml"
        if not path.exists():
            save(path, make_projects.make(n), force=True)
        result = asyncio.run(run_size(path, args.runs, (width, height)))
        times = result["times"]
        bare = statistics.median(times["bare"])
        print(f"\n{n} per stage ({path.stat().st_size / 1e6:.1f} MB), load {os.getloadavg()[0]:.2f}")
        help_open = statistics.median(times["help open"])
        print(f"  {'action':<22} {'median ms':>10} {'min':>8} {'max':>8} {'× bare':>8} {'× help open':>12}")
        for name, values in times.items():
            median = statistics.median(values)
            print(f"  {name:<22} {median:>10.1f} {min(values):>8.1f} {max(values):>8.1f} {median / bare:>8.1f} "
                  f"{median / help_open:>12.2f}")
        print("  memory (RSS, MB): " + ", ".join(f"{k} {v:.0f}" for k, v in result["memory"].items()))
    print(f"\nload after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
