"""Rules of the code base that a reviewer would otherwise have to remember.

- Only views packages and `urls.py` import from a views module: reads live in selectors,
  writes in services, so reports, APIs and commands never depend on a page.
- No module imports a private name (`_name`) from another module.
- No function outside migrations is longer than MAX_FUNCTION_LINES lines.

`python tests/test_code_rules.py` prints every violation without running Django.
"""

import ast
import functools
import pathlib
import sys

import pytest

# The three rules read the same parsed modules (parsed once per process): one worker runs them.
pytestmark = pytest.mark.xdist_group(__name__)

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGES = ("npz_registry", "networks", "missions", "transition", "tests")
MAX_FUNCTION_LINES = 80


@functools.cache
def _modules() -> tuple:
    """Every module of PACKAGES outside migrations, parsed once for the three rules."""
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            found.append((path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))))
    return tuple(found)


def _is_views_module(dotted: str) -> bool:
    parts = dotted.split(".")
    return parts[0] in PACKAGES and "views" in parts


def _may_import_views(path: pathlib.Path, module: str) -> bool:
    """urls.py may import any view; a views module only views of its own app."""
    if path.name == "urls.py":
        return True
    is_views = "views" in path.parts or path.stem == "views"
    parts = path.relative_to(ROOT).parts
    # npz_registry holds project-level apps (npz_registry/reports/): each is its own app here.
    own_app = parts[:2] if parts[0] == "npz_registry" and len(parts) > 2 else parts[:1]
    return is_views and tuple(module.split(".")[: len(own_app)]) == own_app


def _imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node, node.module, [alias.name for alias in node.names]


def view_imports() -> list[str]:
    found = []
    for path, tree in _modules():
        for node, module, names in _imported_modules(tree):
            targets = [module] + [f"{module}.{name}" for name in names]
            if any(_is_views_module(t) for t in targets) and not _may_import_views(path, module):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module}")
    return found


def private_imports() -> list[str]:
    found = []
    for path, tree in _modules():
        for node, module, names in _imported_modules(tree):
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private and module.split(".")[0] in PACKAGES:
                found.append(
                    f"{path.relative_to(ROOT)}:{node.lineno} imports {', '.join(private)} from {module}"
                )
    return found


def long_functions(limit: int = MAX_FUNCTION_LINES) -> list[str]:
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                length = node.end_lineno - first + 1
                if length > limit:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} has {length} lines")
    return found


def test_only_views_and_urls_import_views():
    assert view_imports() == []


def test_no_module_imports_a_private_name_of_another():
    assert private_imports() == []


def test_no_function_is_longer_than_the_limit():
    assert long_functions() == []


if __name__ == "__main__":
    problems = view_imports() + private_imports() + long_functions()
    print("\n".join(problems) or "no violations")
    sys.exit(1 if problems else 0)
