"""The shape of the code: no import cycle between packages, no private name reached into."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("portal", "forms")


def _modules() -> dict[str, ast.Module]:
    """Every module of the project by dotted name, parsed (migration scripts left out)."""
    found = {}
    for top in SOURCES:
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[0] == "forms":  # installed as portal.forms
                parts.insert(0, "portal")
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def _package(module: str, modules: dict) -> str:
    """The package a module belongs to (a package's __init__ belongs to itself)."""
    if any(name.startswith(module + ".") for name in modules):
        return module
    return module.rpartition(".")[0] or module


def _imports(tree: ast.Module) -> list[tuple[str, list[str]]]:
    """(module, names) of every import statement, at any depth (lazy imports included)."""
    result = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            result += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            result.append((node.module, [alias.name for alias in node.names]))
    return result


def _resolve(target: str, names: list[str], modules: dict) -> set[str]:
    """The project modules an import reaches: `from a import b` may name module a.b."""
    reached = {f"{target}.{name}" for name in names if f"{target}.{name}" in modules}
    if target in modules and (not names or len(reached) < len(names)):
        reached.add(target)
    return reached


def package_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, tree in modules.items():
        source = _package(name, modules)
        for target, names in _imports(tree):
            for reached in _resolve(target, names, modules):
                dest = _package(reached, modules)
                if dest != source and not source.startswith(dest + ".") \
                        and not dest.startswith(source + "."):
                    graph[source].add(dest)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one package (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle_of_three():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_between_packages():
    assert _cycles(package_graph()) == []


def _is_view_module(tree: ast.Module) -> bool:
    """A module of the view layer: it makes or imports a blueprint's `bp`, or is templating."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(a.name == "bp" for a in node.names):
            return True
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "bp" for t in node.targets):
            return True
    return False


def test_services_never_import_the_view_layer():
    modules = _modules()
    views = {name for name, tree in modules.items() if _is_view_module(tree)}
    views.add("portal.main.templating")
    assert "portal.agency.views" in views
    offenders = [f"{name} -> {target}" for name, tree in modules.items()
                 if name.startswith(("portal.services", "portal.rules", "portal.workflow",
                                     "portal.models", "portal.pdf", "portal.formatting"))
                 for target, names in _imports(tree)
                 for reached in _resolve(target, names, modules) if reached in views]
    assert offenders == []


def _private_imports(name: str, tree: ast.Module) -> list[str]:
    found = []
    imported_modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            package = name.rpartition(".")[0]
            for part in node.module.split("."):
                # A package's own _helpers module is its private business; anything else
                # whose path has a private part is someone else's internals.
                if part.startswith("_") and not part.startswith("__") and not (
                        part == "_helpers" and
                                                 node.module.startswith(package + ".")):
                    found.append(f"{name}: from {node.module} import ...")
            found += [f"{name}: from {node.module} import {alias.name}" for alias in node.names
                      if alias.name.startswith("_") and not alias.name.startswith("__")]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                imported_modules.add((alias.asname or alias.name).split(".")[0])
                if any(p.startswith("_") for p in alias.name.split(".")):
                    found.append(f"{name}: import {alias.name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                and not node.attr.startswith("__") and isinstance(node.value, ast.Name) \
                and node.value.id in imported_modules:
            found.append(f"{name}: {node.value.id}.{node.attr}")
    return found


def test_forms_are_imported_as_portal_forms_only():
    """The distribution installs forms/ as portal.forms; a bare `forms` would be a second copy."""
    bare = [f"{name}: {target}" for name, tree in _modules().items()
            for target, _names in _imports(tree) if target.split(".")[0] == "forms"]
    assert bare == []


def test_the_private_name_check_sees_an_import_and_an_attribute():
    tree = ast.parse("import flask_babel\nfrom reportlab.lib import _x\nflask_babel._ctx()\n")
    assert len(_private_imports("portal.x", tree)) == 2


def test_no_module_reaches_into_a_private_name():
    offenders = [line for name, tree in _modules().items()
                 for line in _private_imports(name, tree)]
    assert offenders == []
