"""The house rules that no linter checks: no import cycle between khabar's modules, counting
the imports written inside functions (which hide a cycle from Python but not from a reader),
and a search read from a URL in one place only (``khabar/web/search_params.py``)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "khabar"


def module_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports, anywhere in its file."""
    files = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        files[name] = path

    def known(name: str) -> str | None:
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(known(a.name) for a in node.names if a.name.startswith("khabar"))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                if base.startswith("khabar"):
                    targets.update(known(f"{base}.{a.name}") for a in node.names)
        graph[name] = {t for t in targets if t and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_counts_imports_inside_functions(tmp_path: Path) -> None:
    root = tmp_path / "khabar"
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "one.py").write_text("def f():\n    from khabar.two import g\n")
    (root / "two.py").write_text("from khabar import one\n")
    assert cycles(module_graph(root)) == [["khabar.one", "khabar.two"]]


def test_khabar_has_no_import_cycle() -> None:
    assert cycles(module_graph()) == []


#: the one module that reads a search from a URL (``SearchParams``)
SEARCH_PARAMS_MODULE = "search_params.py"
#: what makes a URL a search, by Python name (``from``/``to`` are ``date_from``/``date_to``);
#: a ``category`` or ``source`` alone also narrows other lists (/api/top), so is not counted
SEARCH_PARAM_NAMES = {"q", "date_from", "date_to"}
ROUTE_METHODS = {"get", "post", "put", "patch", "delete", "api_route"}


def search_param_reads(path: Path) -> list[str]:
    """Where a file reads a search parameter from a URL itself: a route's ``q`` (or other
    search parameter) not sent in a form, a ``Query(alias="from")``, or
    ``request.query_params`` asked for ``q``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef) and _is_route(node):
            args = node.args.args + node.args.kwonlyargs
            defaults = [None] * (len(node.args.args) - len(node.args.defaults)) + list(
                node.args.defaults) + list(node.args.kw_defaults)
            for arg, default in zip(args, defaults):
                spelled = ast.unparse(arg.annotation) if arg.annotation else ""
                spelled += ast.unparse(default) if default is not None else ""
                if arg.arg in SEARCH_PARAM_NAMES and "Form(" not in spelled:
                    found.append(f"{path.name}:{node.lineno} {node.name}({arg.arg})")
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("Query"):
            for kw in node.keywords:
                if kw.arg == "alias" and isinstance(kw.value, ast.Constant) and \
                        kw.value.value in ("from", "to"):
                    found.append(f"{path.name}:{node.lineno} Query(alias={kw.value.value!r})")
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("query_params.get") \
                and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == "q":
            found.append(f"{path.name}:{node.lineno} query_params.get('q')")
    return found


def _is_route(node: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
               and d.func.attr in ROUTE_METHODS for d in node.decorator_list)


def test_the_search_check_finds_a_second_parse(tmp_path: Path) -> None:
    path = tmp_path / "page.py"
    path.write_text('@router.get("/x")\ndef x(q: str = Query("")): ...\n'
                    'def y(d: str = Query("", alias="from")): ...\n'
                    '@router.post("/alerts")\ndef z(q: Annotated[str, Form()] = ""): ...\n')
    assert search_param_reads(path) == ["page.py:2 x(q)", "page.py:3 Query(alias='from')"]


def test_only_search_params_reads_a_search_from_a_url() -> None:
    """The search page, /api/search and the search feeds take ``Depends(search_params)``;
    a route reading ``q`` (or ``from``/``to``…) itself would parse a search a second way."""
    found = [hit for path in sorted((PACKAGE / "web").rglob("*.py"))
             if path.name != SEARCH_PARAMS_MODULE for hit in search_param_reads(path)]
    assert found == []
