"""The app's list (widgets/marked_list.py): heights kept exactly, only what is shown measured, long
options wrapped at any width, the cursor kept in view, the mouse, and Textual's OptionList messages."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual import on
from textual.app import App
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_outcomes.widgets.marked_list import Heights, Item, MarkedList

from .apphelpers import burst, press, screen_text, settle


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40), st.integers(1, 4),
       st.lists(st.one_of(st.tuples(st.just("set"), st.integers(0, 39), st.integers(1, 7)),
                          st.tuples(st.just("guess"), st.integers(1, 4), st.just(0))), max_size=30))
def test_heights_know_every_options_first_line_and_the_option_at_every_line(count, guess, steps):
    heights = Heights(count, guess)
    real = [guess] * count
    for op, a, b in steps:
        if op == "set" and a < count:
            heights.set(a, b)
            real[a] = b
        elif op == "guess":
            heights.reguess(a)
            real = [heights.known.get(i, a) for i in range(count)]
    starts = [sum(real[:i]) for i in range(count)]
    assert heights.total == sum(real)
    assert [heights.start(i) for i in range(count)] == starts
    for line in range(sum(real) + 2):
        assert heights.at(line) == max(i for i in range(count) if starts[i] <= line)


WORDS = "the quick brown fox jumps over the lazy dog and keeps on running far away".split()


def long_text(n: int) -> str:
    """A text of a few lines at 80 columns, which ends with its own number."""
    return " ".join(WORDS[(n + i) % len(WORDS)] for i in range(8 + n % 30)) + f" end{n}"


class ListApp(App):
    """A screen-filling list of ``count`` wrapped options, with a heading every hundred; prompts are made
    lazily and counted."""

    def __init__(self, count: int):
        super().__init__()
        self.count = count
        self.made: list[int] = []
        self.highlighted: list[object] = []
        self.selected: list[object] = []

    def prompt(self, n: int) -> Text:
        self.made.append(n)
        return Text(long_text(n))

    def compose(self):
        yield MarkedList(id="list", classes="screen-list")

    def on_mount(self) -> None:
        options = []
        for n in range(self.count):
            if n % 100 == 0:
                options.append(Option(Text(f"Heading {n // 100}", style="bold"), disabled=True))
            options.append(Item(lambda n=n: self.prompt(n), "row", n))
        listing = self.query_one(MarkedList)
        listing.set_options(options)
        listing.action_first()
        listing.focus()

    @on(OptionList.OptionHighlighted)
    def moved(self, event: OptionList.OptionHighlighted) -> None:
        self.highlighted.append(event.option.value)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.selected.append(event.option.value)


def letters(text: str) -> str:
    """Only the letters and digits (a wrapped text read across lines, borders and marks)."""
    return "".join(c for c in text if c.isalnum())


def cursor_line(app) -> str:
    lines = [line for line in screen_text(app).splitlines() if "▶" in line]
    assert len(lines) == 1, lines
    return lines[0]


async def test_five_thousand_wrapped_options_measure_only_what_is_shown():
    app = ListApp(5000)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(MarkedList)
        shown = screen_text(app)
        assert "Heading 0" in shown and "end0" in shown and "▶" in shown
        measured = listing.measured
        assert measured < 3 * 22 and len(app.made) < 3 * 22  # the view and two screens below it, not 5,050
        await press(pilot, "end")
        await settle(pilot)
        assert listing.current_item() == ("row", 4999)
        assert "end4999" in screen_text(app) and "▶" in cursor_line(app)
        assert listing.measured < measured + 3 * 22
        for n in range(4998, 4960, -1):  # up through options that were guessed: the cursor stays on screen
            await press(pilot, "k")
            assert listing.current_item() == ("row", n)
            assert cursor_line(app)
        assert "end4961" in screen_text(app)
        await press(pilot, "home")
        await settle(pilot)
        assert listing.current_item() == ("row", 0) and "end0" in screen_text(app)
        assert len(app.made) < 300


async def test_long_options_wrap_whole_at_every_size_and_after_resizing():
    app = ListApp(300)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(MarkedList)
        for size in [(80, 24), (40, 12), (160, 50), (23, 9), (100, 30), (80, 24)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await press(pilot, "j", "j")
            await settle(pilot)
            kind, n = listing.current_item()
            assert letters(long_text(n)) in letters(screen_text(app))  # every word of the cursor's option, wrapped
            assert "▶" in cursor_line(app)
        await press(pilot, "pagedown", "pagedown")
        await settle(pilot)
        assert listing.current_item()[1] > n + 5
        assert letters(long_text(listing.current_item()[1])) in letters(screen_text(app))


async def test_keys_sent_at_once_the_mouse_and_the_messages():
    app = ListApp(250)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(MarkedList)
        await burst(pilot, *"jjjjjjjjjj", "up", "down", "down")
        await settle(pilot)
        assert listing.current_item() == ("row", 11)
        assert app.highlighted[-1] == 11 and 5 in app.highlighted
        await press(pilot, "enter")
        await settle(pilot)
        assert app.selected == [11]
        await press(pilot, "home", "up")  # the cursor goes round: from the first to the last
        await settle(pilot)
        assert listing.current_item() == ("row", 249)
        await press(pilot, "down", "down")  # and back past the heading (it cannot be chosen)
        assert listing.current_item() == ("row", 1)
        await pilot.click(listing, offset=(5, 1))  # the first line of row 0, under the heading
        await settle(pilot)
        assert listing.current_item() == ("row", 0) and app.selected == [11]  # one click only moves
        await pilot.click(listing, offset=(5, 1), times=2)
        await settle(pilot)
        assert app.selected == [11, 0]
        assert listing.highlight_item("row", 120) and listing.current_item() == ("row", 120)
        assert not listing.highlight_item("row", 999) and listing.current_item() == ("row", 120)
        listing.replace_option_prompt_at_index(listing.highlighted, Text("[b]replaced[/b] " + "word " * 30 + "tail"))
        await settle(pilot)
        assert listing.current_item() == ("row", 120)
        shown = screen_text(app)
        assert "[b]replaced[/b]" in shown and "tail" in shown  # never markup; re-measured: all of it shows


def inside(app) -> list[str]:
    """The list's lines inside its border, without the scroll bar."""
    lines = ["".join(c for c in line if c.isalnum() or c == " ").strip() for line in screen_text(app).splitlines()
             if line.strip()]
    return lines[1:-1]


async def test_scrolling_up_into_options_not_measured_yet_moves_the_screen_by_one_line():
    app = ListApp(2000)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.query_one(MarkedList)
        await press(pilot, "end")
        await settle(pilot)
        for _ in range(12):  # each step shows a line of an option above that was only guessed so far
            before = inside(app)
            listing.scroll_relative(y=-1, animate=False, immediate=True)
            await settle(pilot)
            after = inside(app)
            assert after[1:] == before[:-1]
