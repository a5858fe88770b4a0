"""SIGHUP, SIGTERM and SIGKILL against a real app process in tmux, with unsaved edits.

The terminal must be put back (alternate screen left, mouse tracking off, cursor shown), the
project file left alone, and reopening must offer the edits back. Few and quick: each test
starts the app twice.
"""

import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_outcomes.core import journal

from .conftest import EXAMPLE

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
TIMEOUT = 30.0
SERVERS = itertools.count()


class Tmux:
    def __init__(self, folder, env):
        # a server of its own for each test: a name reused by the next test in this process could
        # meet the previous test's server while it is still shutting down
        self.server = f"tui-outcomes-test-{os.getpid()}-{next(SERVERS)}"
        self.folder = folder
        self.env = env

    def __call__(self, *args) -> str:
        return subprocess.run(["tmux", "-L", self.server, *args], capture_output=True, text=True,
                              check=True).stdout

    def start(self, *app_args, python=("-m", "tui_outcomes")) -> str:
        """Run the app in a new window; the shell after it prints its exit status and waits."""
        command = " ".join([sys.executable, *python, *app_args])
        shell = f"sh -c '{command}; echo rc=$?; sleep 600'"
        env = [arg for name, value in self.env.items() for arg in ("-e", f"{name}={value}")]
        if self.server_running():
            return self("new-window", "-P", "-F", "#{pane_id}", "-c", str(self.folder), *env, shell).strip()
        return self("new-session", "-d", "-P", "-F", "#{pane_id}", "-x", "100", "-y", "30", "-c", str(self.folder),
                    *env, shell).strip()

    def server_running(self) -> bool:
        return subprocess.run(["tmux", "-L", self.server, "has-session"], capture_output=True).returncode == 0

    def screen(self, pane: str) -> str:
        return self("capture-pane", "-p", "-J", "-t", pane)

    def wait_for(self, pane: str, text: str) -> str:
        end = time.monotonic() + TIMEOUT
        while time.monotonic() < end:
            screen = self.screen(pane)
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen(pane)}")

    def flags(self, pane: str) -> str:
        return self("display", "-p", "-t", pane, "alt=#{alternate_on} cursor=#{cursor_flag} "
                    "mouse=#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag}").strip()

    def app_pid(self, pane: str) -> int:
        shell = self("display", "-p", "-t", pane, "#{pane_pid}").strip()
        out = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
        return int(out[0])

    def keys(self, pane: str, *keys: str) -> None:
        self("send-keys", "-t", pane, *keys)


@pytest.fixture
def tmux(tmp_path, user_config):
    env = {"TUI_OUTCOMES_STATE": os.environ["TUI_OUTCOMES_STATE"], "TUI_OUTCOMES_CONFIG": str(user_config),
           "TERM": "xterm-256color"}
    session = Tmux(tmp_path, env)
    yield session
    socket = subprocess.run(["tmux", "-L", session.server, "display", "-p", "#{socket_path}"],
                            capture_output=True, text=True).stdout.strip()
    subprocess.run(["tmux", "-L", session.server, "kill-server"], capture_output=True)
    if socket:  # tmux leaves it behind
        Path(socket).unlink(missing_ok=True)


def until(condition):
    end = time.monotonic() + TIMEOUT
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("the condition never held")


def add_two_elements(tmux, pane):
    tmux.wait_for(pane, "Logic model")
    for stage, text, added in (("1", "Brand new outcome", "1 Final outcomes (4)"),
                               ("3", "Weekly reading clubs", "3 Outputs (4)")):
        tmux.keys(pane, stage, "a")
        tmux.wait_for(pane, " done · ")  # the add dialog is up
        tmux.keys(pane, "-l", text)
        tmux.wait_for(pane, text)
        tmux.keys(pane, "C-s")
        tmux.wait_for(pane, added)
    tmux.wait_for(pane, "● unsaved")


def reopen_and_restore(tmux, path):
    pane = tmux.start(path.name)
    tmux.wait_for(pane, "Recover unsaved edits to plan.toml?")
    screen = tmux.wait_for(pane, "Added OP4 “Weekly reading clubs”")  # the dialog's body, drawn after its title
    assert "Added FO4 “Brand new outcome”" in screen
    tmux.keys(pane, "Enter")
    tmux.wait_for(pane, "● unsaved")
    tmux.keys(pane, "C-s")
    until(lambda: b"Weekly reading clubs" in path.read_bytes())
    assert b"Brand new outcome" in path.read_bytes()
    until(lambda: journal.copies(path) == [])
    tmux.keys(pane, "C-q")
    tmux.wait_for(pane, "rc=0")


@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM])
def test_hangup_and_terminate_keep_the_edits_and_restore_the_terminal(tmux, tmp_path, number):
    path = tmp_path / "plan.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    pane = tmux.start(path.name)
    add_two_elements(tmux, pane)
    assert tmux.flags(pane).startswith("alt=1 cursor=0")  # the app has the terminal
    os.kill(tmux.app_pid(pane), number)  # at once: no waiting for the copy's timer
    screen = tmux.wait_for(pane, f"rc={128 + number}")
    assert tmux.flags(pane) == "alt=0 cursor=1 mouse=0000"
    copies = journal.copies(path)
    assert len(copies) == 1
    why = "hung up (SIGHUP)" if number == signal.SIGHUP else "terminated (SIGTERM)"
    assert f"tui-outcomes: {why}; unsaved edits to plan.toml are in {copies[0]}" in screen.replace("\n", "")
    assert path.read_bytes() == EXAMPLE.read_bytes()  # the project file is never written on a signal
    reopen_and_restore(tmux, path)


def test_sigkill_after_the_debounce_loses_nothing(tmux, tmp_path):
    path = tmp_path / "plan.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    pane = tmux.start(path.name)
    add_two_elements(tmux, pane)
    until(lambda: journal.copies(path) and b"Weekly reading clubs" in journal.copies(path)[0].read_bytes())
    os.kill(tmux.app_pid(pane), signal.SIGKILL)
    tmux.wait_for(pane, "rc=137")
    assert path.read_bytes() == EXAMPLE.read_bytes()
    reopen_and_restore(tmux, path)


CRASH = ("from tui_outcomes.app import OutcomesApp; from tui_outcomes.cli import main; import sys\n"
         "def broken(self): raise ZeroDivisionError('a bug')\n"
         "OutcomesApp.action_help = broken\n"
         "sys.exit(main(sys.argv[1:]))")


def test_a_crash_exits_non_zero_and_keeps_the_edits(tmux, tmp_path):
    path = tmp_path / "plan.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "crash.py").write_text(CRASH, encoding="utf-8")
    pane = tmux.start(path.name, python=("crash.py",))  # the help key raises: a stand-in for any bug
    add_two_elements(tmux, pane)
    tmux.keys(pane, "?")
    screen = tmux.wait_for(pane, "rc=1")
    assert "ZeroDivisionError" in screen
    assert f"tui-outcomes: stopped by an error; unsaved edits to plan.toml are in {journal.copies(path)[0]}" \
        in screen.replace("\n", "")
    assert tmux.flags(pane) == "alt=0 cursor=1 mouse=0000"
    assert path.read_bytes() == EXAMPLE.read_bytes()
    reopen_and_restore(tmux, path)


def test_a_shutdown_that_never_ends_is_ended_after_a_hangup(tmux, tmp_path):
    """With the terminal gone, Textual's output thread and its shutdown were once seen waiting on each
    other for ever. Here that wait is made to happen: the copy is still written, and the process still
    ends (129) a few seconds after the hangup, saying where the copy is."""
    path = tmp_path / "plan.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    script = tmp_path / "stuck.py"
    script.write_text("import time\n"
                      "from textual.drivers import linux_driver\n"
                      "linux_driver.LinuxDriver.close = lambda self: time.sleep(3600)  # a shutdown that hangs\n"
                      "from tui_outcomes.cli import main\n"
                      "raise SystemExit(main())\n", encoding="utf-8")
    pane = tmux.start(path.name, python=(str(script),))
    add_two_elements(tmux, pane)
    os.kill(tmux.app_pid(pane), signal.SIGHUP)
    screen = tmux.wait_for(pane, "rc=129")
    copies = journal.copies(path)
    assert len(copies) == 1 and f"unsaved edits to plan.toml are in {copies[0]}" in screen.replace("\n", "")
    assert path.read_bytes() == EXAMPLE.read_bytes()
