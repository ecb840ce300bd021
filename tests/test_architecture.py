"""The layers of docs/architecture.md ("Layers"), checked on every import the code makes,
those inside functions and migrations included:

    ishr_site  ->  impact  ->  programmes  ->  core

Each package may import those to its right; `ishr_site` names the apps in `urls.py` only.
Templates follow the same rule for the tag libraries they load.
"""

import ast
import re
from collections import defaultdict
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ishr_site", "impact", "programmes", "core")
# Who may import whom, beyond itself (ishr_site's apps: in urls.py only, below).
ALLOWED = {
    "ishr_site": {"impact", "programmes", "core"},
    "impact": {"programmes", "core"},
    "programmes": {"core"},
    "core": set(),
}
APPS_NAMED_ONLY_IN = {"ishr_site": {"ishr_site/urls.py"}}


def file_imports(path: Path) -> list[tuple[int, str]]:
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    return imported_modules(path.read_text(), package=package)


def imported_modules(source: str, *, package: str) -> list[tuple[int, str]]:
    """(line, module) for each `import` and `from … import` in `source` (a module of
    `package`), at any depth, and each `import_module("…")` with a literal name; relative
    imports made absolute."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def project_imports() -> list[tuple[str, int, str, str]]:
    """(file, line, from package, to package) for every import between project packages."""
    edges = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            for line, module in file_imports(path):
                target = module.split(".")[0]
                if target in PACKAGES and target != package:
                    edges.append((name, line, package, target))
    return edges


def cycles(edges: dict[str, set[str]]) -> str | None:
    """The packages of a cycle in `edges`, written as a path, or None."""
    try:
        tuple(TopologicalSorter(edges).static_order())
    except CycleError as error:
        return " -> ".join(error.args[1])
    return None


def test_the_package_graph_has_no_cycle():
    graph = defaultdict(set)
    for _file, _line, source, target in project_imports():
        graph[source].add(target)
    assert cycles(graph) is None


def test_the_cycle_check_finds_a_cycle():
    """The check above can fail: a two-way dependency is a cycle."""
    assert cycles({"impact": {"programmes"}, "programmes": {"impact"}}) is not None
    assert cycles({"impact": {"programmes", "core"}, "programmes": {"core"}}) is None


def test_each_package_imports_only_the_layers_below_it():
    wrong = [
        f"{file}:{line}: {source} imports {target}"
        for file, line, source, target in project_imports()
        if target not in ALLOWED[source]
    ]
    assert wrong == []


def test_the_top_layer_names_the_apps_in_its_urls_only():
    wrong = [
        f"{file}:{line}: {source} imports {target}"
        for file, line, source, target in project_imports()
        if source in APPS_NAMED_ONLY_IN
        and target in ("impact", "programmes")
        and file not in APPS_NAMED_ONLY_IN[source]
    ]
    assert wrong == []


def test_every_kind_of_import_counts():
    """A late import (in a function, to dodge a cycle at load time) is an import all the
    same, and so are relative ones and `import_module()`."""
    source = (
        "from . import models\n"
        "from ..views import home\n"
        "def f():\n"
        "    from impact import models\n"
        "    import programmes.views\n"
        "    return import_module('ishr_site.urls')\n"
    )
    assert [name for _line, name in imported_modules(source, package="core.templatetags")] == [
        "core.templatetags",
        "core.views",
        "impact",
        "programmes.views",
        "ishr_site.urls",
    ]


LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def tag_libraries() -> dict[str, str]:
    """Tag library name -> the package that defines it."""
    return {
        path.stem: package
        for package in PACKAGES
        for path in (ROOT / package / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }


@pytest.mark.parametrize("package", ["programmes", "core"])
def test_templates_load_tag_libraries_of_the_layers_below_only(package):
    libraries = tag_libraries()
    folders = [ROOT / "templates" / package, ROOT / "templates" / "admin" / package]
    wrong = []
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if not path.is_file():
                continue
            for match in LOAD.finditer(path.read_text()):
                for name in match.group(1).split():
                    owner = libraries.get(name)
                    if owner is not None and owner != package and owner not in ALLOWED[package]:
                        wrong.append(f"{path.relative_to(ROOT)} loads {name} ({owner})")
    assert wrong == []
