"""An OptionList with a two-column gutter for marks that do not rely on colour,
which measures only the options it is about to show.

The cursor's option gets "▶" (so it shows with NO_COLOR and on monochrome
terminals), and subclasses may mark others (the logic model marks linked
elements with "»").  Marks are drawn at render time: changing them never
re-measures the list, which keeps keys fast in long lists.

Textual's OptionList wraps every option to learn its height before the first
frame; with hundreds of elements that is most of the time to open a screen.
Here options are measured up to two screens past the view (and always up to
the cursor); the height of the rest is estimated for the scrollbar and
measured as they come into view.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

GUTTER = 2


def item_id(kind: str, value: object = None) -> str:
    """The option id of an item (Textual needs a string id to find an option)."""
    return kind if value is None else f"{kind}:{value}"


class Item(Option):
    """A list option that carries what it stands for: ``kind`` ("element", "source", "row", "case",
    a pro-forma section key …) and ``value`` (an id, an index, an item number). Screens read these,
    never the option's id."""

    def __init__(self, prompt, kind: str, value: object = None, disabled: bool = False):
        super().__init__(prompt, id=item_id(kind, value), disabled=disabled)
        self.kind = kind
        self.value = value


class MarkedList(OptionList):
    DEFAULT_CSS = """
    /* The one rule for a list that fills its screen (the evidence table, the checklist, the checks). */
    MarkedList.screen-list, MarkedList.screen-list:focus {
        height: 1fr;
        border: round $accent;
        scrollbar-size-vertical: 1;
    }
    """
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.click_chain = 0  # 1 for a single click, 2 for a double click, 0 for keys
        self._marks_style = Style()

    def current_item(self) -> tuple[str, object]:
        """(kind, value) of the highlighted item; ("", None) for none or a plain option."""
        option = self.highlighted_option
        return (option.kind, option.value) if isinstance(option, Item) else ("", None)

    def highlight_item(self, kind: str, value: object = None) -> bool:
        """Put the cursor on the item; False (cursor unchanged) when there is no such item."""
        try:
            self.highlighted = self.get_option_index(item_id(kind, value))
        except OptionDoesNotExist:
            return False
        return True

    def mark(self, index: int, option: Option) -> str:
        """The mark for an option's first line (two cells); "▶ " for the cursor."""
        return "▶ " if self.is_cursor(index) else "  "

    def is_cursor(self, index: int) -> bool:
        return index == self.highlighted and self.has_focus

    # -- the mouse: a click highlights, a double click (or enter) chooses --------------
    def on_click(self, event) -> None:
        self.click_chain = event.chain  # seen before OptionList's own click handling chooses the option

    def on_key(self) -> None:
        self.click_chain = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.click_chain == 1:
            event.stop()  # a single click only moves the cursor there
        self.click_chain = 0

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _get_left_gutter_width(self) -> int:
        return GUTTER

    def _update_lines(self) -> None:
        """OptionList._update_lines, measuring lazily (see the module's docstring)."""
        region = self.scrollable_content_region
        if not region:
            return
        cache = self._line_cache
        lines = cache.lines
        options = self.options
        measured = lines[-1][0] + 1 if lines else 0
        width = region.width - self._get_left_gutter_width()
        if measured < len(options):
            enough = self.scroll_offset.y + 3 * region.height
            cursor = self.highlighted if self.highlighted is not None else -1
            padding = self.get_component_styles("option-list--option").padding
            get_visual = self._get_visual
            for index in range(measured, len(options)):
                if len(lines) >= enough and index > cursor:
                    break
                option = options[index]
                cache.index_to_line[index] = len(lines)
                # at least one cell wide: a pane squeezed to nothing (a tiny terminal) is measured at 1
                count = get_visual(option).get_height(self.styles, max(width - padding.width, 1)) + option._divider
                cache.heights[index] = count
                lines.extend([(index, line) for line in range(count)])
                measured = index + 1
        rest = len(options) - measured
        estimate = round(len(lines) / measured * rest) if measured else rest
        last_divider = bool(options) and options[-1]._divider and not rest
        virtual_size = Size(width, len(lines) + estimate - last_divider)
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def render_lines(self, crop) -> list[Strip]:
        self._marks_style = self.get_visual_style("option-list--option").rich_style + Style(bold=True)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        mark = "  "
        lines = self._line_cache.lines  # brought up to date by render_lines
        n = self.scroll_offset.y + y
        if n < len(lines) and lines[n][1] == 0:
            index = lines[n][0]
            mark = self.mark(index, self.options[index])
        return Strip([Segment(mark, self._marks_style), *strip], strip.cell_length + GUTTER)
