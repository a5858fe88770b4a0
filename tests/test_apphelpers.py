"""The test helpers themselves: the screen reader fails loudly instead of reading nothing, and keys
sent by the fast helpers arrive as the ones a terminal sends."""

import pytest
from textual.app import App
from textual.widgets import Input, Static

from .apphelpers import burst, press, running, screen_text, type_keys, type_text


class Blank(App):
    def compose(self):
        yield Static("")


class OneInput(App):
    def compose(self):
        yield Input()


async def test_screen_text_fails_on_an_empty_screen():
    async with running(Blank()) as pilot:
        with pytest.raises(AssertionError, match="no text"):
            screen_text(pilot.app)


async def test_screen_text_fails_when_it_cannot_read_the_screenshot(monkeypatch):
    async with running(OneInput()) as pilot:
        svg = pilot.app.export_screenshot()
        monkeypatch.setattr(pilot.app, "export_screenshot", lambda: svg.replace('clip-path=', 'data-clip='))
        with pytest.raises(AssertionError, match="SVG format"):
            screen_text(pilot.app)


async def test_keys_and_text_arrive_as_typed():
    async with running(OneInput()) as pilot:
        field = pilot.app.query_one(Input)
        await type_keys(pilot, "a b/c-d?é")
        await burst(pilot, "space", "minus", "question_mark")
        await type_text(pilot, "[x] –\tz")
        await press(pilot, "home", "delete")
        assert field.value == " b/c-d?é -?[x] –\tz"
        assert "b/c-d?é" in screen_text(pilot.app)
