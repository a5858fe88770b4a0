"""The app's list: options of any height (long text wraps), a cursor, and a two-column gutter for
marks that do not rely on colour. Built on Textual's Line API (a ``ScrollView`` that draws one line
at a time), so that a list of thousands of options costs what is on screen.

The cursor's option gets "▶" (so it shows with NO_COLOR and on monochrome terminals), and
subclasses may mark others (the logic model marks linked elements with "»"). Marks are drawn with
each line: changing them never measures anything again.

Only the options on screen are measured (wrapped to the width of the list). The others count as
``guess`` lines each (the mean height of the options measured so far) until they come into view;
a Fenwick tree over the heights finds the option at a line, and the line of an option, in
O(log n). The first paint, a key, ``End`` and a scroll to the middle each measure about a screen.
When options above what is on screen turn out taller or shorter than guessed, the list keeps the
cursor (or the first option already shown) where it was on screen.

The interface is Textual's ``OptionList``'s (``set_options``, ``highlighted``,
``get_option_index``, ``replace_option_prompt_at_index``, ``OptionList.OptionHighlighted`` and
``OptionSelected`` messages, the same component classes), plus typed ``Item`` payloads
(``current_item``, ``highlight_item``) and the marks. Prompts are never read as markup.
"""

from __future__ import annotations

from typing import ClassVar, Iterable, Sequence

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual, VisualType, visualize
from textual.widgets import OptionList
from textual.widgets.option_list import DuplicateID, Option, OptionDoesNotExist

GUTTER = 2


def item_id(kind: str, value: object = None) -> str:
    """The option id of an item (options are found by a string id)."""
    return kind if value is None else f"{kind}:{value}"


class Item(Option):
    """A list option that carries what it stands for: ``kind`` ("element", "source", "row", "case",
    a pro-forma section key …) and ``value`` (an id, an index, an item number). Screens read these,
    never the option's id.

    ``prompt`` may be a function of no arguments that makes it: it is called when the item is first
    drawn, so a list of thousands builds only the prompts that are shown."""

    def __init__(self, prompt, kind: str, value: object = None, disabled: bool = False):
        super().__init__("", id=item_id(kind, value), disabled=disabled)
        self.kind = kind
        self.value = value
        self._shown = prompt

    @property
    def prompt(self):
        if callable(self._shown):
            self._shown = self._shown()
        return self._shown

    def with_prompt(self, prompt) -> Item:
        """The same item shown with another prompt (a subclass with more fields overrides this)."""
        return Item(prompt, self.kind, self.value, self.disabled)


class Heights:
    """The height in lines of each of ``count`` options: measured, or ``guess`` until it is.

    A Fenwick tree holds each option's difference from the guess, so the first line of an option
    (``start``) and the option at a line (``at``) take O(log n), and a list of any length starts
    as a tree of zeros."""

    def __init__(self, count: int, guess: int = 1):
        self.count = count
        self.top = 1 << (count.bit_length() - 1) if count else 0  # the largest power of two <= count
        self.known: dict[int, int] = {}
        self.reguess(guess)

    def reguess(self, guess: int) -> None:
        """Count the options not measured yet as ``guess`` lines each."""
        known, self.known = self.known, {}
        self.guess = guess
        self.total = self.count * guess
        self.tree = [0] * (self.count + 1)
        for index, height in known.items():
            self.set(index, height)

    def height(self, index: int) -> int:
        return self.known.get(index, self.guess)

    def set(self, index: int, height: int) -> int:
        """Record a measured height; returns how many lines the options below it moved."""
        delta = height - self.known.get(index, self.guess)
        self.known[index] = height
        if delta:
            self.total += delta
            tree, i = self.tree, index + 1
            while i <= self.count:
                tree[i] += delta
                i += i & -i
        return delta

    def start(self, index: int) -> int:
        """The first line of an option (the sum of the heights above it)."""
        line, tree, i = index * self.guess, self.tree, index
        while i > 0:
            line += tree[i]
            i -= i & -i
        return line

    def at(self, line: int) -> int:
        """The option on ``line`` (the last option for a line past the end)."""
        index, below, step, tree, guess = 0, 0, self.top, self.tree, self.guess
        while step:
            nxt = index + step
            if nxt <= self.count and below + tree[nxt] + step * guess <= line:
                index = nxt
                below += tree[nxt] + step * guess
            step >>= 1
        return min(index, self.count - 1)


class MarkedList(ScrollView, can_focus=True):
    ALLOW_SELECT = False
    DEFAULT_CSS = """
    MarkedList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        scrollbar-gutter: stable;  /* the width does not change when the scroll bar comes: measured once */
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .option-list--option-highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .option-list--option-highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .option-list--option-disabled {
            color: $text-disabled;
        }
    }
    /* The one rule for a list that fills its screen (the evidence table, the checklist, the checks). */
    MarkedList.screen-list, MarkedList.screen-list:focus {
        height: 1fr;
        border: round $accent;
        scrollbar-size-vertical: 1;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "option-list--option", "option-list--option-highlighted", "option-list--option-disabled"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("down", "cursor_down", "Down", show=False, id="list.next"),
        Binding("up", "cursor_up", "Up", show=False, id="list.previous"),
        # no description: help and the palette list the screen's own keys, not every list's
        Binding("home", "first", "", show=False, id="list.first"),
        Binding("end", "last", "", show=False, id="list.last"),
        Binding("pagedown", "page_down", "", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "", show=False, id="list.page_up"),
        Binding("enter", "select", "", show=False, id="list.choose"),
    ]

    highlighted: reactive[int | None] = reactive(None)
    """The index of the option under the cursor, or None."""

    HEIGHT_GUESS: ClassVar[int] = 1
    """The lines an option is guessed to take before any has been measured: the nearer, the fewer
    options the first frame measures only to find they are out of view."""

    class OptionHighlighted(OptionList.OptionHighlighted):
        """The cursor moved onto an option (an ``OptionList.OptionHighlighted`` too, so
        ``@on(OptionList.OptionHighlighted)`` handles it)."""

    class OptionSelected(OptionList.OptionSelected):
        """An option was chosen with enter or a double click (an ``OptionList.OptionSelected`` too)."""

    def __init__(self, *content: Option | VisualType, name: str | None = None, id: str | None = None,
                 classes: str | None = None, disabled: bool = False):
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._entries: list[Option] = []
        self._index_of: dict[str, int] = {}  # option id -> index
        self._visuals: dict[int, Visual] = {}
        self._renders: LRUCache[tuple[int, object], list[Strip]] = LRUCache(1024)
        self._sizes = Heights(0, self.HEIGHT_GUESS)
        self._measured_width = 0  # the width the known heights were measured at
        self._cursor_wanted: bool | None = None  # scroll to the cursor once the list has a size (True: at the top)
        self._ahead = False  # measuring ahead after the next frame is asked for
        self.add_options(content)
        if self._entries:
            self.action_first()

    # -- the options -----------------------------------------------------------------
    @property
    def options(self) -> Sequence[Option]:
        """The options (read-only)."""
        return self._entries

    @property
    def option_count(self) -> int:
        return len(self._entries)

    @property
    def measured(self) -> int:
        """How many options have been measured (wrapped) at the list's width so far."""
        return len(self._sizes.known)

    @property
    def highlighted_option(self) -> Option | None:
        return None if self.highlighted is None else self._entries[self.highlighted]

    def set_options(self, options: Iterable[Option | VisualType]) -> MarkedList:
        """Replace every option; nothing is highlighted until the caller says so."""
        self._entries = []
        self._index_of = {}
        self.highlighted = None
        if self.is_mounted:
            self.scroll_to(y=0, animate=False, immediate=True)
        self._append(options)
        self._remeasure()
        return self

    def clear_options(self) -> MarkedList:
        return self.set_options([])

    def add_options(self, options: Iterable[Option | VisualType]) -> MarkedList:
        """Add options at the end (the heights measured so far are kept)."""
        known = self._sizes.known
        if self._append(options):
            self._remeasure(self._sizes.guess)
            for index, height in known.items():
                self._sizes.set(index, height)
        return self

    def _append(self, options: Iterable[Option | VisualType]) -> int:
        entries, index_of = self._entries, self._index_of
        count = len(entries)
        for option in options:
            if not isinstance(option, Option):
                option = Option(option)
            if option.id is not None:
                if option.id in index_of:
                    raise DuplicateID(f"Unable to add {option!r}: an option already has the id {option.id!r}")
                index_of[option.id] = len(entries)
            entries.append(option)
        return len(entries) - count

    def add_option(self, option: Option | VisualType) -> MarkedList:
        return self.add_options([option])

    def get_option(self, option_id: str) -> Option:
        return self._entries[self.get_option_index(option_id)]

    def get_option_index(self, option_id: str) -> int:
        try:
            return self._index_of[option_id]
        except KeyError:
            raise OptionDoesNotExist(f"There is no option with an id of {option_id!r}") from None

    def get_option_at_index(self, index: int) -> Option:
        if not 0 <= index < len(self._entries):
            raise OptionDoesNotExist(f"There is no option with an index of {index}")
        return self._entries[index]

    def replace_option_prompt_at_index(self, index: int, prompt: VisualType) -> MarkedList:
        """Show another prompt for the option (it is replaced by an equal option with the new prompt)."""
        option = self.get_option_at_index(index)
        self._entries[index] = (option.with_prompt(prompt) if isinstance(option, Item)
                                else Option(prompt, id=option.id, disabled=option.disabled))
        self._forget(index)
        if index == self.highlighted:
            self.scroll_to_highlight()  # it may have grown
        return self

    def replace_option_prompt(self, option_id: str, prompt: VisualType) -> MarkedList:
        return self.replace_option_prompt_at_index(self.get_option_index(option_id), prompt)

    def remove_option_at_index(self, index: int) -> MarkedList:
        self.get_option_at_index(index)
        options = self._entries[:index] + self._entries[index + 1:]
        highlighted = self.highlighted
        self.set_options(options)
        if highlighted is not None and options:
            self.highlighted = highlighted - (highlighted > index)
        return self

    def remove_option(self, option_id: str) -> MarkedList:
        return self.remove_option_at_index(self.get_option_index(option_id))

    def enable_option_at_index(self, index: int) -> MarkedList:
        self.get_option_at_index(index).disabled = False
        self._forget(index)
        return self

    def disable_option_at_index(self, index: int) -> MarkedList:
        self.get_option_at_index(index).disabled = True
        self._forget(index)
        if index == self.highlighted:
            self.action_cursor_down()
        return self

    def enable_option(self, option_id: str) -> MarkedList:
        return self.enable_option_at_index(self.get_option_index(option_id))

    def disable_option(self, option_id: str) -> MarkedList:
        return self.disable_option_at_index(self.get_option_index(option_id))

    # -- typed items and marks ----------------------------------------------------------
    def current_item(self) -> tuple[str, object]:
        """(kind, value) of the highlighted item; ("", None) for none or a plain option."""
        option = self.highlighted_option
        return (option.kind, option.value) if isinstance(option, Item) else ("", None)

    def highlight_item(self, kind: str, value: object = None) -> bool:
        """Put the cursor on the item; False (cursor unchanged) when there is no such item."""
        index = self._index_of.get(item_id(kind, value))
        if index is None:
            return False
        self.highlighted = index
        return True

    def mark(self, index: int, option: Option) -> str:
        """The mark for an option's first line (two cells); "▶ " for the cursor."""
        return "▶ " if self.is_cursor(index) else "  "

    def is_cursor(self, index: int) -> bool:
        return index == self.highlighted and self.has_focus

    # -- the cursor --------------------------------------------------------------------
    def validate_highlighted(self, index: int | None) -> int | None:
        if index is None or not self._entries:
            return None
        return max(0, min(index, len(self._entries) - 1))

    def watch_highlighted(self, index: int | None) -> None:
        if index is None or self._entries[index].disabled:
            return
        self.scroll_to_highlight()
        self.post_message(self.OptionHighlighted(self, self._entries[index], index))

    def _next_enabled(self, start: int, step: int, wrap: bool) -> int | None:
        count = len(self._entries)
        for n in range(count if wrap else (count - start if step > 0 else start + 1)):
            index = (start + step * n) % count
            if not self._entries[index].disabled:
                return index
        return None

    def action_cursor_down(self) -> None:
        """The next option that can be chosen (after the last: the first)."""
        if self._entries:
            start = 0 if self.highlighted is None else self.highlighted + 1
            self.highlighted = self._next_enabled(start % len(self._entries), 1, wrap=True)

    def action_cursor_up(self) -> None:
        if self._entries:
            start = len(self._entries) - 1 if self.highlighted is None else self.highlighted - 1
            self.highlighted = self._next_enabled(start % len(self._entries), -1, wrap=True)

    def action_first(self) -> None:
        if self._entries:
            self.highlighted = self._next_enabled(0, 1, wrap=False)

    def action_last(self) -> None:
        if self._entries:
            self.highlighted = self._next_enabled(len(self._entries) - 1, -1, wrap=False)

    def _move_page(self, step: int) -> None:
        if self.highlighted is None:
            self.action_first() if step < 0 else self.action_last()
            return
        sizes = self._sizes
        line = sizes.start(self.highlighted) + step * max(self.scrollable_content_region.height, 1)
        index = sizes.at(max(0, min(line, sizes.total - 1)))
        found = self._next_enabled(index, step, wrap=False)
        if found is None:
            found = self._next_enabled(index, -step, wrap=False)
        if found is not None:
            self.highlighted = found

    def action_page_down(self) -> None:
        self._move_page(1)

    def action_page_up(self) -> None:
        self._move_page(-1)

    def action_select(self) -> None:
        index = self.highlighted
        if index is not None and not self._entries[index].disabled:
            self.post_message(self.OptionSelected(self, self._entries[index], index))

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Bring the cursor's option into view (to the top of the list with ``top``)."""
        index = self.highlighted
        if index is None:
            return
        if not self._fit_width():  # no size yet: once it has one
            self._cursor_wanted = top
            return
        height = self._measure(index)
        self._update_virtual_size()
        self.scroll_to_region(Region(0, self._sizes.start(index), self.scrollable_content_region.width, height),
                              force=True, animate=False, top=top, immediate=True)

    # -- the mouse: a click highlights, a double click chooses ------------------------------
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._entries:
            return
        line = self.scroll_offset.y + offset.y
        if line >= self._sizes.total:
            return
        index = self._sizes.at(line)
        if not self._entries[index].disabled:
            self.highlighted = index
            if event.chain >= 2:
                self.action_select()

    def on_focus(self) -> None:
        self.refresh()  # the ▶ shows only in the focused list

    def on_blur(self) -> None:
        self.refresh()

    def on_show(self) -> None:
        self.scroll_to_highlight()

    # -- measuring ---------------------------------------------------------------------
    def _option_width(self) -> int:
        # at least one cell: a pane squeezed to nothing (a tiny terminal) is measured at 1
        return max(self.scrollable_content_region.width - GUTTER, 1)

    def _remeasure(self, guess: int | None = None) -> None:
        """Forget every height (new options, or a new width); the mean of those known is the new guess."""
        known = self._sizes.known
        if guess is None:
            guess = max(1, round(sum(known.values()) / len(known))) if known else self._sizes.guess
        self._sizes = Heights(len(self._entries), guess)
        self._visuals.clear()
        self._renders.clear()
        self.refresh()

    def _forget(self, index: int) -> None:
        """One option changed: measure it again when it is shown."""
        self._visuals.pop(index, None)
        self._renders.clear()
        sizes = self._sizes
        if index in sizes.known:
            if self.is_mounted and self.scrollable_content_region:
                self._measure(index, again=True)
                self._update_virtual_size()
            else:
                sizes.set(index, sizes.guess)
                del sizes.known[index]
        self.refresh()

    def _fit_width(self) -> bool:
        """Measure at the current width (everything again if it changed); False if there is no size yet."""
        if not self.is_mounted or not self.scrollable_content_region:
            return False
        width = self._option_width()
        if width != self._measured_width:
            self._measured_width = width
            self._remeasure()
            if self.highlighted is not None and self._cursor_wanted is None:
                self._cursor_wanted = False  # keep the cursor in view across a resize
        return True

    def _style(self, index: int):
        option = self._entries[index]
        if option.disabled:
            return self.get_visual_style("option-list--option", "option-list--option-disabled")
        if index == self.highlighted:
            return self.get_visual_style("option-list--option", "option-list--option-highlighted")
        return self.get_visual_style("option-list--option")

    def _render_option(self, index: int, mark: str | None = None) -> list[Strip]:
        """The option's lines in its current style, as wide as the list less the gutter; with ``mark``,
        the gutter in front (the mark on the first line)."""
        style = self._style(index)
        key = (index, style, mark)
        strips = self._renders.get(key)
        if strips is not None:
            return strips
        if mark is None:
            visual = self._visuals.get(index)
            if visual is None:
                visual = self._visuals[index] = visualize(self, self._entries[index].prompt, markup=False)
            width = self._measured_width
            rich_style = style.rich_style
            strips = [strip.extend_cell_length(width, rich_style).crop(0, width)
                      for strip in Visual.to_strips(self, visual, width, None, style)] or [Strip.blank(width, rich_style)]
        else:
            gutter = self.get_visual_style("option-list--option").rich_style + RichStyle(bold=True)
            strips = [Strip([Segment(mark if n == 0 else "  ", gutter), *strip], strip.cell_length + GUTTER)
                      for n, strip in enumerate(self._render_option(index))]
        self._renders[key] = strips
        return strips

    def _measure(self, index: int, again: bool = False) -> int:
        sizes = self._sizes
        if again or index not in sizes.known:
            sizes.set(index, len(self._render_option(index)))
        return sizes.known[index]

    def _update_virtual_size(self) -> None:
        size = Size(self.scrollable_content_region.width, self._sizes.total)
        if size != self.virtual_size:
            self.virtual_size = size

    def _measure_view(self) -> None:
        """Measure the options on screen. If that moves what was shown already (options above it were
        guessed), scroll so that the cursor, or the first option that was shown, stays in its place."""
        if self._cursor_wanted is not None:
            top, self._cursor_wanted = self._cursor_wanted, None
            self.scroll_to_highlight(top)
        sizes, entries = self._sizes, self._entries
        height = self.scrollable_content_region.height
        for _ in range(8):  # each round measures more; a few are enough
            y = self.scroll_offset.y
            first = sizes.at(y)
            line = sizes.start(first)
            anchor = None
            cursor = self.highlighted
            if cursor is not None and cursor in sizes.known and y <= sizes.start(cursor) < y + height:
                anchor = cursor
            missing = []
            index = first
            while index < len(entries) and line < y + height:
                if index not in sizes.known:
                    missing.append(index)
                elif anchor is None:
                    anchor = index
                line += sizes.height(index)
                index += 1
            if not missing:
                return
            before = sizes.start(anchor) - y if anchor is not None else None
            for index in missing:
                self._measure(index)
            if not self._ahead:
                self._ahead = self.call_after_refresh(self._measure_ahead)
            self._keep(anchor, before)

    def _keep(self, anchor: int | None, offset: int | None) -> None:
        """After heights changed: the new scroll size, and ``anchor`` back ``offset`` lines below the top."""
        self._update_virtual_size()
        self.refresh()
        if anchor is not None and self._sizes.start(anchor) - self.scroll_offset.y != offset:
            self.scroll_to(y=self._sizes.start(anchor) - offset, animate=False, immediate=True)

    def _measure_ahead(self) -> None:
        """Just after a frame: measure up to two screens below the view, and guess the others' height
        from all measured so far (a truer scroll bar; a short list is then measured whole)."""
        self._ahead = False
        if not self._entries or not self._fit_width():
            return
        sizes = self._sizes
        height = self.scrollable_content_region.height
        y = self.scroll_offset.y
        anchor = sizes.at(y)
        offset = sizes.start(anchor) - y
        index, line = anchor, sizes.start(anchor)
        while index < len(self._entries) and line < y + 3 * height:
            line += self._measure(index)
            index += 1
        known = sizes.known
        guess = max(1, round(sum(known.values()) / len(known)))
        if guess != sizes.guess:
            sizes.reguess(guess)
        self._keep(anchor, offset)

    # -- drawing (the Line API) ----------------------------------------------------------
    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """For ``height: auto``: a short list is measured whole, a long one counts its guessed lines."""
        if len(self._entries) > 50:
            return self._sizes.total
        return sum(visualize(self, option.prompt, markup=False).get_height(self.styles, max(width - GUTTER, 1))
                   for option in self._entries)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._entries and self._fit_width():
            self._measure_view()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        base = self.get_visual_style("option-list--option").rich_style
        sizes = self._sizes
        if not self._entries or line >= sizes.total or self._measured_width + GUTTER != width:
            return Strip.blank(width, base)
        index = sizes.at(line)
        offset = line - sizes.start(index)
        strips = self._render_option(index, self.mark(index, self._entries[index]))
        return strips[offset] if offset < len(strips) else Strip.blank(width, base)
