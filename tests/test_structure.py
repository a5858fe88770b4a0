"""The shape of the code: no import cycles between the package's modules (function-level imports
count too: a cycle is a cycle, however late it bites)."""

import ast
from pathlib import Path

import tui_outcomes

PACKAGE = Path(tui_outcomes.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for branch in ast.walk(tree) if isinstance(branch, ast.If)
                       and getattr(branch.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(branch)}
        for node in ast.walk(tree):
            if id(node) in typing_only:  # for type checkers only: never imported at run time
                continue
            targets = []
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module" and node.args \
                    and isinstance(node.args[0], ast.Constant):  # importlib.import_module(".app", __package__)
                target = node.args[0].value
                targets = [f"tui_outcomes{target}" if target.startswith(".") else target]
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")
                    parent = parent[: len(parent) - node.level + 1]
                    base = ".".join(parent + ([node.module] if node.module else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            for target in targets:
                if target in modules and target != name and not (name.startswith(target + ".")):
                    graph[name].add(target)
    return graph


def test_the_module_graph_has_no_cycles():
    graph = imports()
    assert "tui_outcomes.app" in graph and graph["tui_outcomes.app"]
    cycles = []
    state: dict[str, int] = {}

    def visit(node, stack):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)
