"""Undefined names in a Python snippet: a small scope analysis on :mod:`ast` (what pyflakes'
"undefined name" does, without the dependency).

Python's rules, simplified where a slide snippet never goes: each module, function,
lambda, class and comprehension is a scope; a name is bound in a scope by assignment,
`for`/`with`/`except … as`, import, `def`/`class`, parameters, `global`/`nonlocal`,
walrus and `match` captures. A load resolves through the enclosing function scopes (class
bodies are skipped for nested functions, as Python does), then the module, then builtins.
Order is ignored (a name used before its assignment counts as defined), and a star import
disables the check for the block.
"""
from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field

MODULE_NAMES = {"__name__", "__file__", "__doc__", "__builtins__", "__spec__", "__loader__",
                "__package__", "__path__", "__annotations__", "__dict__", "__debug__"}
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp,
           ast.SetComp, ast.DictComp, ast.GeneratorExp)


@dataclass
class Scope:
    node: ast.AST
    parent: "Scope | None"
    bound: set[str] = field(default_factory=set)
    globals: set[str] = field(default_factory=set)

    @property
    def is_class(self) -> bool:
        return isinstance(self.node, ast.ClassDef)

    @property
    def is_comprehension(self) -> bool:
        return isinstance(self.node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))


class _Binder(ast.NodeVisitor):
    """First pass: which names each scope binds; remembers every load with its scope."""

    def __init__(self, module: ast.Module):
        self.module = Scope(module, None)
        self.scope = self.module
        self.loads: list[tuple[ast.Name, Scope]] = []
        self.star_import = False

    def bind(self, name: str) -> None:
        scope = self.scope
        if name in scope.globals:
            self.module.bound.add(name)
        else:
            scope.bound.add(name)

    def in_scope(self, node: ast.AST, body) -> None:
        saved, self.scope = self.scope, Scope(node, self.scope)
        for child in body:
            self.visit(child)
        self.scope = saved

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self.loads.append((node, self.scope))
        else:
            self.bind(node.id)

    def visit_FunctionDef(self, node) -> None:
        for item in (*node.decorator_list, *node.args.defaults, *node.args.kw_defaults):
            if item is not None:
                self.visit(item)
        for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
            if arg.annotation is not None:
                self.visit(arg.annotation)
        if getattr(node, "returns", None) is not None:
            self.visit(node.returns)
        self.bind(node.name)
        scope = Scope(node, self.scope)
        scope.bound |= {a.arg for a in _arguments(node.args)}
        saved, self.scope = self.scope, scope
        for child in node.body:
            self.visit(child)
        self.scope = saved

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for item in (*node.args.defaults, *node.args.kw_defaults):
            if item is not None:
                self.visit(item)
        saved, self.scope = self.scope, Scope(node, self.scope)
        self.scope.bound |= {a.arg for a in _arguments(node.args)}
        self.visit(node.body)
        self.scope = saved

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for item in (*node.decorator_list, *node.bases, *node.keywords):
            self.visit(item)
        self.bind(node.name)
        self.in_scope(node, node.body)

    def _comprehension(self, node, parts) -> None:
        self.visit(node.generators[0].iter)  # evaluated in the enclosing scope
        saved, self.scope = self.scope, Scope(node, self.scope)
        for i, gen in enumerate(node.generators):
            self.visit(gen.target)
            if i:
                self.visit(gen.iter)
            for cond in gen.ifs:
                self.visit(cond)
        for part in parts:
            self.visit(part)
        self.scope = saved

    def visit_ListComp(self, node) -> None:
        self._comprehension(node, [node.elt])

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node, [node.key, node.value])

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        scope = self.scope
        while scope.is_comprehension and scope.parent is not None:
            scope = scope.parent  # PEP 572: the target binds outside the comprehension
        scope.bound.add(node.target.id)

    def visit_Import(self, node) -> None:
        for alias in node.names:
            if alias.name == "*":
                self.star_import = True
            else:
                self.bind(alias.asname or alias.name.split(".")[0])

    visit_ImportFrom = visit_Import

    def visit_Global(self, node) -> None:
        self.scope.globals.update(node.names)

    def visit_Nonlocal(self, node) -> None:
        self.scope.bound.update(node.names)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.bind(node.name)
        self.generic_visit(node)

    def visit_MatchAs(self, node) -> None:
        if node.name:
            self.bind(node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node) -> None:
        if node.name:
            self.bind(node.name)

    def visit_MatchMapping(self, node) -> None:
        if node.rest:
            self.bind(node.rest)
        self.generic_visit(node)


def _arguments(args: ast.arguments):
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *extra]


def _resolves(name: str, scope: Scope, module: Scope) -> bool:
    first = True
    current: Scope | None = scope
    while current is not None and current is not module:
        if (first or not current.is_class) and name in current.bound:
            return True
        first = False
        current = current.parent
    return name in module.bound


def undefined_names(tree: ast.Module) -> list[ast.Name]:
    """Loads of names bound nowhere they could come from, in source order."""
    binder = _Binder(tree)
    binder.visit(tree)
    if binder.star_import:
        return []
    known = set(dir(builtins)) | MODULE_NAMES
    return [node for node, scope in binder.loads
            if node.id not in known and not _resolves(node.id, scope, binder.module)]
