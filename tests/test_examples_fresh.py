"""Every public object's example runs when pasted into a fresh kernel.

tests/test_docstrings.py runs the examples in their module's namespace, where
``read_diary``, ``pd`` or ``EXAMPLES`` are already defined; a researcher who copies
the Examples section of ``help(timestudy.read_diary)`` into a new notebook has none of
them. Here each example of a name in ``timestudy.__all__``, and of a name in the
``__all__`` of a stage package (``timestudy.stats``, ``timestudy.plots``, ...), is
checked *statically* (parsed, never run): every name it reads must be a builtin or
bound earlier in the same example (an import, an assignment, a
``for``/``with``/``except`` target, a comprehension or lambda variable, a ``def``...).
"""

from __future__ import annotations

import ast
import builtins
import doctest
import importlib
import inspect
import pkgutil

import pytest

import timestudy

BUILTINS = frozenset(dir(builtins))


class _Reads(ast.NodeVisitor):
    """Names read before they are bound, visiting code in the order Python runs it."""

    def __init__(self, bound: set[str]) -> None:
        self.scopes = [bound]  # the example's namespace, then any nested scopes
        self.unbound: list[str] = []

    def _bind(self, name: str) -> None:
        self.scopes[-1].add(name)

    def _read(self, name: str) -> None:
        if name not in BUILTINS and not any(name in s for s in self.scopes):
            self.unbound.append(name)

    def _nested(self, names: set[str], nodes: list[ast.AST]) -> None:
        self.scopes.append(set(names))
        for node in nodes:
            self.visit(node)
        self.scopes.pop()

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._read(node.id)
        else:
            self._bind(node.id)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._bind(alias.asname or alias.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name == "*":
                self.unbound.append(f"* (from {node.module} import *)")
            self._bind(alias.asname or alias.name)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for target in node.targets:
            self.visit(target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
        self.visit(node.annotation)
        self.visit(node.target)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self._read(node.target.id)  # x += 1 reads x first
        self.visit(node.target)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self.visit(node.target)

    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        self.visit(node.target)
        for stmt in [*node.body, *node.orelse]:
            self.visit(stmt)

    visit_AsyncFor = visit_For

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self._bind(node.name)
        for stmt in node.body:
            self.visit(stmt)

    def _comprehension(self, node, results: list[ast.AST]) -> None:
        first, *rest = node.generators
        self.visit(first.iter)  # evaluated in the enclosing scope
        self.scopes.append(set())
        self.visit(first.target)
        for cond in first.ifs:
            self.visit(cond)
        for gen in rest:
            self.visit(gen.iter)
            self.visit(gen.target)
            for cond in gen.ifs:
                self.visit(cond)
        for result in results:
            self.visit(result)
        self.scopes.pop()

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self._comprehension(node, [node.elt])

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node, [node.key, node.value])

    def _arguments(self, args: ast.arguments) -> set[str]:
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.visit(default)
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        return {a.arg for a in every if a is not None}

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._nested(self._arguments(node.args), [node.body])

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        params = self._arguments(node.args)
        self._bind(node.name)
        local = {
            n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
        }  # a function's locals are bound throughout
        self._nested(params | local, node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expr in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.visit(expr)
        self._nested(set(), node.body)
        self._bind(node.name)


def unbound_names(docstring: str) -> list[str]:
    """Names the ``>>>`` examples of ``docstring`` read that nothing earlier bound."""
    reads = _Reads(set())
    for example in doctest.DocTestParser().get_examples(docstring):
        reads.visit(ast.parse(example.source))
    return list(dict.fromkeys(reads.unbound))


def public_objects() -> list[str]:
    """The functions and classes of ``timestudy.__all__`` (not ``__version__``, nor the
    callable package ``categorise``, whose examples are its modules')."""
    return [
        n
        for n in timestudy.__all__
        if inspect.isfunction(obj := getattr(timestudy, n)) or inspect.isclass(obj)
    ]


def _check(qualified: str, obj) -> None:
    docstring = obj.__doc__ or ""
    assert ">>>" in docstring, f"{qualified} has no example"
    missing = unbound_names(docstring)
    assert not missing, (
        f"{qualified}'s example uses {', '.join(missing)} without "
        "importing or defining it first: it fails with NameError when pasted "
        "into a fresh kernel (import it from the public API in its first lines)"
    )


@pytest.mark.parametrize("name", public_objects())
def test_public_example_runs_in_a_fresh_kernel(name):
    _check(f"timestudy.{name}", getattr(timestudy, name))


#: Stage packages whose examples still lean on their module's namespace (48 public
#: objects at 50d54eb): take a stage out once its examples import what they use.
NOT_YET = frozenset({"categorise", "guide", "ingest", "panels", "schema"})


def stages() -> list[str]:
    """Every subpackage of timestudy with an ``__all__`` (as tests/test_docstrings.py)."""
    found = []
    for info in pkgutil.iter_modules(timestudy.__path__):
        if info.ispkg and not info.name.startswith("_"):
            if hasattr(importlib.import_module(f"timestudy.{info.name}"), "__all__"):
                found.append(info.name)
    return sorted(found)


def stage_objects() -> dict[str, object]:
    """``timestudy.<stage>.<name>`` -> each function and class a checked stage exports,
    once, leaving out those of ``timestudy.__all__`` (checked above)."""
    seen = {id(getattr(timestudy, n)) for n in public_objects()}
    found = {}
    for stage in stages():
        if stage in NOT_YET:
            continue
        module = importlib.import_module(f"timestudy.{stage}")
        for name in module.__all__:
            obj = getattr(module, name)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and id(obj) not in seen:
                seen.add(id(obj))
                found[f"timestudy.{stage}.{name}"] = obj
    return found


STAGE_OBJECTS = stage_objects()


@pytest.mark.parametrize("qualified", sorted(STAGE_OBJECTS))
def test_stage_example_runs_in_a_fresh_kernel(qualified):
    _check(qualified, STAGE_OBJECTS[qualified])


def test_stages_checked():
    # a stage left out must be a stage; a new stage is checked unless listed in NOT_YET
    assert NOT_YET <= set(stages())
    checked = {q.split(".")[1] for q in STAGE_OBJECTS}
    assert set(stages()) - NOT_YET <= checked


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (">>> x = x + 1", ["x"]),  # read before it is bound
        (">>> x = 1\n>>> x += 1\n>>> y += 1", ["y"]),
        (">>> from timestudy import read_diary as rd\n>>> rd, read_diary", ["read_diary"]),
        (">>> import os.path\n>>> os.path.sep, path", ["path"]),
        (">>> [x for x in range(3) if x], x", ["x"]),  # a comprehension's own scope
        (">>> {k: v for k, v in d.items()}", ["d"]),
        (">>> [(i, j) for i in range(2) for j in range(i)]", []),
        (">>> f = lambda a, b=c: a + b + e", ["c", "e"]),
        (">>> def f(a, *args, k=1, **kw):\n...     z = a\n...     return z + w", ["w"]),
        (">>> def f():\n...     return f\n>>> f()", []),
        (">>> for i, (j, k) in enumerate([(1, 2)]):\n...     print(i + j + k)", []),
        (">>> with open(p) as fh, open(fh.name) as g:\n...     g.read()", ["p"]),
        (">>> try:\n...     1 / 0\n... except ZeroDivisionError as err:\n...     print(err)", []),
        (">>> try:\n...     pass\n... except MyError:\n...     pass", ["MyError"]),
        (">>> (n := 3) and n", []),
        (">>> class A(Base):\n...     x = 1\n...     y = x\n>>> A", ["Base"]),
        (">>> from timestudy import *", ["* (from timestudy import *)"]),
        ("No examples here.", []),
    ],
)
def test_unbound_names(source, expected):
    assert unbound_names(source) == expected
