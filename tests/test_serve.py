"""tui-outcomes serve: the page over HTTP on 127.0.0.1, each browser tab its own app (so the
"open in another tui-outcomes" notice works between tabs), the warning for another address, and
the message when the web extra is missing. Every server started here is stopped, bounded."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tui_outcomes.cli import main

from .conftest import EXAMPLE

pytest.importorskip("textual_serve", reason="the web extra is not installed: pip install -e '.[test,all]'")
aiohttp = pytest.importorskip("aiohttp")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(tmp_path: Path, *args: str):
    """A running `tui-outcomes serve ... --port P` on 127.0.0.1: yields (port, output file)."""
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "TUI_OUTCOMES_STATE": str(tmp_path / "state")}
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "tui_outcomes", "serve", *args, "--host", "127.0.0.1",
                                   "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, env=env,
                                  start_new_session=True)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    assert server.poll() is None, log.read_text(errors="replace")
                    assert time.monotonic() < deadline, "the server did not start in 30 s"
                    time.sleep(0.1)
            yield port, log
        finally:
            server.send_signal(signal.SIGINT)  # textual-serve stops cleanly on SIGINT
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)  # its session: the server and any app it started
                server.wait(timeout=5)


def tab_url(port: int) -> str:
    return f"ws://127.0.0.1:{port}/ws?width=100&height=30"


async def read_until(ws, wanted: str, timeout: float = 30.0) -> str:
    """What the tab's app draws (terminal output, escape sequences and all) until ``wanted`` shows."""
    received = b""
    deadline = time.monotonic() + timeout
    while wanted.encode() not in received:
        left = deadline - time.monotonic()
        assert left > 0, f"{wanted!r} not drawn in {timeout:g} s; got {received[-2000:]!r}"
        try:
            message = await ws.receive(timeout=left)
        except asyncio.TimeoutError:
            continue
        if message.type == aiohttp.WSMsgType.BINARY:
            received += message.data
        elif message.type != aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"the connection ended ({message.type}); got {received[-2000:]!r}")
    return received.decode("utf-8", "replace")


def in_tabs(port: int, *wanted: str) -> list[str]:
    """Open a tab (the page's terminal connection, as the browser makes it) for each of ``wanted``,
    one after another, each kept open while the next opens; what each drew. Closing a tab tells its
    app to quit, as when a browser tab closes."""

    async def tabs() -> list[str]:
        drawn: list[str] = []
        async with aiohttp.ClientSession() as session:
            async def open_next(i: int) -> None:
                async with session.ws_connect(tab_url(port)) as ws:
                    drawn.append(await read_until(ws, wanted[i]))
                    if i + 1 < len(wanted):
                        await open_next(i + 1)
            await open_next(0)
        return drawn

    return asyncio.run(asyncio.wait_for(tabs(), 90))


def test_serve_gives_the_page_and_the_portfolio_in_its_terminal(tmp_path):
    folder = tmp_path / "projects"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "worked-example.toml")
    with serving(tmp_path, str(folder)) as (port, log):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert response.status == 200
            page = response.read().decode("utf-8")
        assert f"ws://localhost:{port}/ws" in page  # the page's terminal connects back here
        (drawn,) = in_tabs(port, "Behaviour support")  # the title, read from the file
        assert "worked-example.toml" in drawn
    assert "warning" not in log.read_text(errors="replace")


def test_each_tab_is_its_own_app_and_sees_the_other(tmp_path):
    project = tmp_path / "p.toml"
    shutil.copy(EXAMPLE, project)

    with serving(tmp_path, str(project)) as (port, _):
        first, second = in_tabs(port, "Behaviour support", "also open in another tui-outcomes")
    assert "Open in another tui-outcomes" in second and "Open in another" not in first


def test_a_save_in_one_tab_is_noticed_in_the_other(tmp_path):
    project = tmp_path / "p.toml"
    shutil.copy(EXAMPLE, project)

    async def tabs(port: int) -> str:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(tab_url(port)) as first:
                await read_until(first, "Behaviour support")
                async with session.ws_connect(tab_url(port)) as second:
                    await read_until(second, "also open in another tui-outcomes")
                    await second.send_json(["stdin", "\r"])  # Go on
                    # The first tab adds an element and saves, typed ahead in one go: a, the text,
                    # ctrl+s (apply), ctrl+s (save).
                    for keys in ("a", *"Added in the first tab", "\x13", "\x13"):
                        await first.send_json(["stdin", keys])
                    return await read_until(second, "changed on disk")

    with serving(tmp_path, str(project)) as (port, _):
        asyncio.run(asyncio.wait_for(tabs(port), 90))
    assert "Added in the first tab" in project.read_text(encoding="utf-8")


def test_another_address_warns_there_is_no_login(tmp_path, capsys, monkeypatch):
    import textual_serve.server

    started = []
    monkeypatch.setattr(textual_serve.server.Server, "serve", lambda self, debug=False: started.append(self))
    assert main(["serve", str(tmp_path), "--host", "0.0.0.0", "--port", "8123"]) == 0
    err = capsys.readouterr().err
    assert "there is no login" in err and "ssh -L 8123:127.0.0.1:8123" in err
    (server,) = started
    assert (server.host, server.port) == ("0.0.0.0", 8123)
    assert server.command.endswith(f"-m tui_outcomes {tmp_path}")
    assert main(["serve", str(tmp_path)]) == 0  # the default: this machine only, no warning
    assert started[1].host == "127.0.0.1" and capsys.readouterr().err == ""


def test_serve_without_the_web_extra_names_it(tmp_path, capsys, monkeypatch):
    import tui_outcomes.core.extras as extras

    monkeypatch.setattr(extras, "find_spec", lambda name: None)
    assert main(["serve", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'tui-outcomes[web]'" in err


def test_serve_a_missing_folder_says_so(tmp_path, capsys):
    assert main(["serve", str(tmp_path / "nope")]) == 1
    assert "does not exist" in capsys.readouterr().err
