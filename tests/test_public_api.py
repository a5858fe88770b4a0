"""The package uses Textual and Rich through their public API only: no class of ours overrides or
shadows an underscore-named member of a Textual or Rich class, no code of ours reads one, and
nothing imports a private Textual or Rich module. Textual may change any of those in any release.

Found by reading the source: Textual's and Rich's (every name with one leading underscore that a
class of theirs defines or assigns on ``self``) and ours (every attribute access). Dunder names are
the language's; the package's own private names are its own business."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from functools import cache
from pathlib import Path

import rich
import textual

import tui_outcomes

PACKAGE = Path(tui_outcomes.__file__).parent
THEIRS = ("textual", "rich")


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def self_attributes(node: ast.AST) -> set[str]:
    """Private names a class body assigns on ``self`` (``self._x = …``, ``self._x: T = …``)."""
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and isinstance(sub.ctx, ast.Store) and private(sub.attr) \
                and isinstance(sub.value, ast.Name) and sub.value.id == "self":
            names.add(sub.attr)
    return names


def class_members(node: ast.ClassDef) -> set[str]:
    """Private names defined in a class body: methods, class attributes, and those set on self."""
    names = set()
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(item.name)
        elif isinstance(item, ast.Assign):
            names.update(t.id for t in item.targets if isinstance(t, ast.Name))
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
    return {n for n in names if private(n)} | self_attributes(node)


@cache
def their_private_members() -> dict[tuple[str, str], set[str]]:
    """(module, class qualname) -> private members, for every class in Textual and Rich."""
    found: dict[tuple[str, str], set[str]] = {}
    for package in (textual, rich):
        root = Path(package.__file__).parent
        for path in root.rglob("*.py"):
            module = ".".join(path.relative_to(root.parent).with_suffix("").parts).removesuffix(".__init__")
            tree = ast.parse(path.read_text(encoding="utf-8"))

            def visit(node: ast.AST, prefix: str) -> None:
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.ClassDef):
                        qualname = prefix + child.name
                        found[(module, qualname)] = class_members(child)
                        visit(child, qualname + ".")

            visit(tree, "")
    return found


@cache
def all_their_private_names() -> frozenset[str]:
    return frozenset(n for names in their_private_members().values() for n in names)


def our_modules() -> list[str]:
    return ["tui_outcomes"] + [m.name for m in pkgutil.walk_packages(tui_outcomes.__path__, "tui_outcomes.")
                               if not m.name.endswith(".__main__")]  # (running it would start the app)


def our_sources() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in sorted(PACKAGE.rglob("*.py"))}


def overrides(cls: type) -> set[str]:
    """Private members of a Textual or Rich base class that ``cls`` (one of ours) defines again in its source
    (names that Textual's machinery sets on every subclass, such as ``_css_type_name``, are not ours)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    ours = class_members(next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)))
    theirs: set[str] = set()
    for base in cls.__mro__[1:]:
        if base.__module__.split(".")[0] in THEIRS:
            theirs |= {n for n in vars(base) if private(n)}
            theirs |= their_private_members().get((base.__module__, base.__qualname__), set())
    return ours & theirs


def test_their_private_names_are_found():
    """The collection itself works: it knows OptionList's line cache and Widget's private hooks."""
    members = their_private_members()
    assert {"_update_lines", "_line_cache", "_get_visual"} <= members[("textual.widgets._option_list", "OptionList")]
    assert "_divider" in members[("textual.widgets._option_list", "Option")]
    assert "_driver" in members[("textual.app", "App")]
    assert "_scroll_update" in all_their_private_names()


def test_no_class_of_ours_overrides_a_private_textual_or_rich_member():
    problems = []
    for name in our_modules():
        module = importlib.import_module(name)
        for cls in vars(module).values():
            if isinstance(cls, type) and cls.__module__ == name:
                for member in sorted(overrides(cls)):
                    problems.append(f"{name}.{cls.__qualname__} defines {member}")
    assert problems == []


def our_private_names(sources: dict[Path, ast.Module]) -> set[str]:
    """Every private name the package defines: in its classes, on self, at module level."""
    names = set()
    for tree in sources.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                names |= class_members(node)
        for item in tree.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and private(item.name):
                names.add(item.name)
            elif isinstance(item, ast.Assign):
                names.update(t.id for t in item.targets if isinstance(t, ast.Name) and private(t.id))
    return names


def private_uses(tree: ast.Module, ours: set[str], theirs: frozenset[str]) -> list[tuple[int, str]]:
    """(line, what) for each read of a Textual/Rich private member and each private module imported."""
    modules = {alias.asname or alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names if alias.name.split(".")[0] not in THEIRS}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr) and node.attr in theirs and node.attr not in ours:
            if not (isinstance(node.value, ast.Name) and node.value.id in modules):  # os._exit is not Textual's
                found.append((node.lineno, f"reads {ast.unparse(node)}"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("getattr", "setattr", "hasattr", "delattr") and len(node.args) > 1 \
                and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str) \
                and private(node.args[1].value) and node.args[1].value in theirs and node.args[1].value not in ours:
            found.append((node.lineno, f"{node.func.id}(…, {node.args[1].value!r})"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in THEIRS:
            parts = node.module.split(".") + [alias.name for alias in node.names]
            if any(private(p) for p in parts[1:]):
                found.append((node.lineno, f"imports from {node.module}: {', '.join(a.name for a in node.names)}"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in THEIRS and any(private(p) for p in alias.name.split(".")):
                    found.append((node.lineno, f"imports {alias.name}"))
    return found


def test_no_code_of_ours_reads_a_private_textual_or_rich_member():
    sources = our_sources()
    ours = our_private_names(sources)
    theirs = all_their_private_names()
    problems = [f"{path.relative_to(PACKAGE.parent)}:{line}: {what}"
                for path, tree in sources.items() for line, what in private_uses(tree, ours, theirs)]
    assert problems == []


OLD_MARKED_LIST = '''
from textual.widgets import OptionList
class MarkedList(OptionList):
    def _get_left_gutter_width(self) -> int:
        return 2
    def _update_lines(self) -> None:
        cache = self._line_cache
        count = self._get_visual(option).get_height(self.styles, 1) + option._divider
        self._scroll_update(virtual_size)
'''


def test_the_checks_catch_the_old_marked_list(tmp_path, monkeypatch):
    """What the list used to do (from tui_outcomes/widgets/marked_list.py before it was rebuilt) is caught."""
    (tmp_path / "old_marked_list.py").write_text(OLD_MARKED_LIST, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    old = importlib.import_module("old_marked_list").MarkedList
    assert overrides(old) >= {"_get_left_gutter_width", "_update_lines"}
    uses = [what for _, what in private_uses(ast.parse(OLD_MARKED_LIST), set(), all_their_private_names())]
    assert {"reads self._line_cache", "reads self._get_visual", "reads option._divider",
            "reads self._scroll_update"} <= set(uses)
    uses = [what for _, what in private_uses(ast.parse("from textual._loop import loop_last\nimport os\nos._exit(1)\n"
                                                       "app._driver.write('x')\n"), set(), all_their_private_names())]
    assert sorted(uses) == ["imports from textual._loop: loop_last", "reads app._driver"]
