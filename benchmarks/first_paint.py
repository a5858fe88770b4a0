#!/usr/bin/env python3
"""First paint and key->screen latency in a real terminal (tmux), beside a bare Textual app.

    .venv/bin/python benchmarks/first_paint.py [--runs 12] [--size 100x30] [--project FILE]

Each run starts the program in a fresh session of a private tmux server and
polls `tmux capture-pane` until every marker is on screen: for the bare app its
one Static, for tui-outcomes the four pane titles and the first element of each
stage.  A second reference, `four_lists_app.py`, draws the same four panes as
plain OptionLists (the widgets without our code).  Cases alternate (bare,
reference, app, bare, ...) so that drift on a noisy machine hits all alike;
medians and the ratio to the bare app are printed.  Key
latency: after first paint, Down is sent and the screen polled until it
changes, a number of times per run.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SERVER = f"tui-outcomes-bench-{os.getpid()}"
# The app's own settings folder for the runs: the user's settings are neither read nor written.
CONFIG = f"/tmp/tui-outcomes-bench-config-{os.getpid()}"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SERVER, *args], capture_output=True, text=True).stdout


def capture(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def run_once(label: str, command: list[str], markers: list[str], size: tuple[int, int], presses: int,
             key: str, timeout: float = 20.0, open_key: str | None = None,
             open_marker: str | None = None) -> tuple[float | None, list[float], float | None]:
    session = f"{label}-{time.monotonic_ns()}"
    # its own state folder too: no run sees another's presence file or recovery copy (a killed run may
    # still be shutting down when the next starts)
    shell = (f"env TERM=xterm-256color TUI_OUTCOMES_CONFIG={CONFIG} TUI_OUTCOMES_STATE={CONFIG}-state/{session} "
             + " ".join(shlex.quote(c) for c in command))
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1]), shell)
    paint = None
    while time.perf_counter() - start < timeout:
        screen = capture(session)
        if all(m in screen for m in markers):
            paint = (time.perf_counter() - start) * 1000
            break
    latencies = []
    opened = None
    if paint is not None and open_key:
        time.sleep(0.3)
        t = time.perf_counter()
        tmux("send-keys", "-t", session, open_key)
        while time.perf_counter() - t < timeout:
            if open_marker in capture(session):
                opened = (time.perf_counter() - t) * 1000
                break
    if paint is not None:
        time.sleep(0.3)  # let start-up work settle before timing keys
        for _ in range(presses):
            before = capture(session)
            t = time.perf_counter()
            tmux("send-keys", "-t", session, key)
            while time.perf_counter() - t < 2:
                if capture(session) != before:
                    latencies.append((time.perf_counter() - t) * 1000)
                    break
    tmux("kill-session", "-t", session)
    return paint, latencies, opened


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=12)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--size", default="100x30")
    ap.add_argument("--project", default=str(ROOT / "projects" / "worked-example.toml"))
    ap.add_argument("--presses", type=int, default=8)
    ap.add_argument("--key", default="Down", help="the key pressed to time key->screen (tmux's name: Down, End, j)")
    ap.add_argument("--open-key", help="after first paint, press this key (e.g. v: the evidence table)...")
    ap.add_argument("--open-marker", default="Data method", help="...and time until this text is on screen")
    ap.add_argument("--no-lists-reference", action="store_true",
                    help="leave out the reference app with four plain option lists")
    ap.add_argument("--marker", action="append", default=[],
                    help="text that must be on screen for tui-outcomes' first paint (repeatable; default: the "
                         "four pane titles and FO1 IO1 OP1 IN1). For a folder: --marker Projects --marker NAME")
    ap.add_argument("--before", metavar="SCRIPT",
                    help="also run this Python script with the project's path, as 'tui-outcomes (before)': "
                         "the app from another checkout, for before/after figures in one interleaved run")
    a = ap.parse_args()
    size = tuple(int(n) for n in a.size.split("x"))
    bindir = Path(sys.executable).parent
    cases = {
        "bare textual app": ([sys.executable, str(HERE / "bare_app.py")], ["HELLO-MARKER"], "Down"),
        "four option lists (reference)": ([sys.executable, str(HERE / "four_lists_app.py"), a.project],
                                          ["1 Final outcomes", "2 Interim outcomes", "3 Outputs", "4 Inputs",
                                           "FO1", "IO1", "OP1", "IN1"], "Down"),
        "tui-outcomes": ([str(bindir / "tui-outcomes"), a.project],
                         a.marker or ["1 Final outcomes", "2 Interim outcomes", "3 Outputs", "4 Inputs",
                                      "FO1", "IO1", "OP1", "IN1"], a.key),
    }
    if a.before:
        cases["tui-outcomes (before)"] = ([sys.executable, a.before, a.project], *cases["tui-outcomes"][1:])
    if a.no_lists_reference or a.open_key:
        del cases["four option lists (reference)"]
    # A normal install has byte-code compiled by pip; an editable one under
    # PYTHONDONTWRITEBYTECODE has none, which would time the compiler, not the app.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "tui_outcomes")], check=True)
    tmux("new-session", "-d", "-s", "keepalive", "sleep 3600")
    paints: dict[str, list[float]] = {k: [] for k in cases}
    keys: dict[str, list[float]] = {k: [] for k in cases}
    opens: list[float] = []
    try:
        for i in range(a.warmup + a.runs):
            for label, (command, markers, key) in cases.items():
                ours = label.startswith("tui-outcomes")
                paint, latencies, opened = run_once(
                    "".join(c for c in label if c.isalnum() or c == "-"), command, markers, size, a.presses if ours else 0, key,
                    open_key=a.open_key if ours else None, open_marker=a.open_marker)
                if paint is None:
                    print(f"{label}: markers never appeared", file=sys.stderr)
                    return 1
                if i >= a.warmup:
                    paints[label].append(paint)
                    keys[label].extend(latencies)
                    if opened is not None:
                        opens.append(opened)
    finally:
        tmux("kill-server")
        shutil.rmtree(f"{CONFIG}-state", ignore_errors=True)
    bare = statistics.median(paints["bare textual app"])
    print(f"# first paint in tmux {a.size}, {a.runs} runs each (alternating, {a.warmup} warm-up), "
          f"{os.cpu_count()} cpus, load {os.getloadavg()[0]:.2f}")
    print("| case | first paint median ms (min-max) | × bare | key→screen median ms (n) |")
    print("|---|---|---|---|")
    for label in cases:
        p = paints[label]
        k = keys[label]
        key_s = f"{statistics.median(k):.1f} ({len(k)})" if k else ""
        print(f"| {label} | {statistics.median(p):.0f} ({min(p):.0f}-{max(p):.0f}) | "
              f"{statistics.median(p) / bare:.2f} | {key_s} |")
    if a.open_key:
        print(f"\nkey {a.open_key!r} -> {a.open_marker!r} on screen: median {statistics.median(opens):.0f} ms "
              f"({min(opens):.0f}-{max(opens):.0f}, n={len(opens)}); key->screen above is measured after it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
