"""Static side of the sandbox: the AST whitelist and the instrumenter."""
import ast
import copy
import re

from .runtime import SIZED_METHODS, WALKING_METHODS, Limits

_LIMITS = Limits()

ALLOWED = (
    ast.Module, ast.Expression, ast.Expr, ast.Assign, ast.AugAssign, ast.For,
    ast.While, ast.If, ast.Break, ast.Continue, ast.Pass, ast.Return,
    ast.FunctionDef, ast.Lambda, ast.arguments, ast.arg, ast.Try,
    ast.ExceptHandler, ast.Raise, ast.Delete, ast.Assert, ast.IfExp,
    ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Compare, ast.Call, ast.keyword,
    ast.Attribute, ast.Subscript, ast.Slice, ast.Name, ast.Constant,
    ast.List, ast.Tuple, ast.Dict, ast.Set, ast.ListComp, ast.SetComp,
    ast.DictComp, ast.GeneratorExp, ast.comprehension, ast.Starred,
    ast.JoinedStr, ast.FormattedValue, ast.NamedExpr,
    ast.operator, ast.cmpop, ast.boolop, ast.unaryop, ast.expr_context,
)

_READABLE = {
    "Import": "import", "ImportFrom": "import", "Global": "global",
    "Nonlocal": "nonlocal", "ClassDef": "class definition",
    "With": "with", "Yield": "yield", "YieldFrom": "yield",
    "AsyncFunctionDef": "async", "Await": "await", "AsyncFor": "async",
    "AsyncWith": "async", "Match": "match", "TryStar": "except*",
    "AnnAssign": "annotated assignment",
}

# Calls to these are refused outright: they reach the interpreter itself.
FORBIDDEN_CALLS = frozenset(
    "eval exec compile open getattr setattr delattr hasattr globals locals vars "
    "dir type input breakpoint help memoryview object super classmethod "
    "staticmethod property exit quit __import__ id".split())

# Attributes without a leading underscore that still lead to frames, code or
# the string formatter's attribute lookup ("{0.__class__}".format(x)).
FORBIDDEN_ATTRS = frozenset({"format", "format_map", "mro", "cell_contents"})
FORBIDDEN_ATTR_PREFIXES = ("_", "gi_", "cr_", "ag_", "f_", "tb_", "co_", "func_", "im_")

_DIGITS = re.compile(r"\d+")


def check_tree(tree: ast.AST) -> str | None:
    """None when every node of `tree` is acceptable, else the first reason."""
    for node in ast.walk(tree):
        reason = _check_node(node)
        if reason:
            line = getattr(node, "lineno", None)
            return f"{reason} (line {line})" if line else reason
    return None


def _check_node(node) -> str | None:
    if not isinstance(node, ALLOWED):
        kind = type(node).__name__
        return f"not allowed in model expressions and scripts: {_READABLE.get(kind, kind)}"
    checker = _CHECKS.get(type(node))
    return checker(node) if checker else None


def _check_name(node: ast.Name):
    if node.id.startswith("_"):
        return f"names starting with '_' are not allowed: {node.id}"


def _check_attribute(node: ast.Attribute):
    if node.attr in FORBIDDEN_ATTRS or node.attr.startswith(FORBIDDEN_ATTR_PREFIXES):
        return f"the attribute '.{node.attr}' is not allowed"
    if not isinstance(node.ctx, ast.Load):
        return "assigning to or deleting attributes is not allowed"


def _check_call(node: ast.Call):
    if isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
        return f"{node.func.id}() is not available in model expressions and scripts"
    if isinstance(node.func, ast.Name) and node.func.id == "range":
        bounds = [_const_int(arg) for arg in node.args]
        if any(b is not None and abs(b) > _LIMITS.size for b in bounds):
            return f"a range of more than {_LIMITS.size} numbers would be stopped when it runs"


def _check_while(node: ast.While):
    """`while True:` with no way out is refused at deploy: it could only be
    stopped by its time budget, with every case that reaches it."""
    endless = isinstance(node.test, ast.Constant) and bool(node.test.value)
    exits = (ast.Break, ast.Return, ast.Raise)
    if endless and not any(isinstance(n, exits) for n in ast.walk(node)):
        return "this loop never ends (while with a constant true test and no break)"


def _check_identifier(name: str | None):
    if name and name.startswith("_"):
        return f"names starting with '_' are not allowed: {name}"


def _check_function(node: ast.FunctionDef):
    if node.decorator_list:
        return "decorators are not allowed"
    return _check_identifier(node.name)


def _check_comprehension(node: ast.comprehension):
    if node.is_async:
        return "async comprehensions are not allowed"


def _check_formatted(node: ast.FormattedValue):
    spec = node.format_spec
    if spec is None:
        return None
    if any(isinstance(part, ast.FormattedValue) for part in spec.values):
        return "a format width taken from data is not allowed in f-strings"
    text = "".join(str(part.value) for part in spec.values)
    if any(int(d) > _LIMITS.width for d in _DIGITS.findall(text)):
        return f"an f-string width above {_LIMITS.width} is not allowed"


def _check_binop(node: ast.BinOp):
    """Refuse constant size bombs early ('x' * 10**9, 2 ** 10**8)."""
    if isinstance(node.op, ast.Pow):
        base, exp = _const_int(node.left), _const_int(node.right)
        if base is not None and exp is not None and abs(base) > 1 and exp > 0 \
                and base.bit_length() * exp > _LIMITS.int_bits:
            return "this power is too large to compute"
    if isinstance(node.op, ast.Mult):
        for seq, times in ((node.left, node.right), (node.right, node.left)):
            n, k = _const_len(seq), _const_int(times)
            if n is not None and k is not None and n * k > _LIMITS.size:
                return "this repetition builds too large a value"
    if isinstance(node.op, ast.LShift):
        shift = _const_int(node.right)
        if shift is not None and shift > _LIMITS.int_bits:
            return "this shift builds too large a number"


def _const_int(node):
    """The value of a constant integer expression; huge ones come back as
    2**int_bits so callers see 'too big' without computing them."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Pow, ast.Mult))):
        return None
    left, right = _const_int(node.left), _const_int(node.right)
    if left is None or right is None or right < 0:
        return None
    power = isinstance(node.op, ast.Pow)
    bits = left.bit_length() * right if power else left.bit_length() + right.bit_length()
    if bits > _LIMITS.int_bits:
        return 1 << _LIMITS.int_bits
    return left ** right if power else left * right


def _const_len(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return len(node.value)
    if isinstance(node, (ast.List, ast.Tuple)):
        return len(node.elts)
    return None


_CHECKS = {
    ast.Name: _check_name, ast.Attribute: _check_attribute, ast.Call: _check_call,
    ast.FunctionDef: _check_function, ast.comprehension: _check_comprehension,
    ast.While: _check_while,
    ast.FormattedValue: _check_formatted, ast.BinOp: _check_binop,
    ast.arg: lambda node: _check_identifier(node.arg),
    ast.keyword: lambda node: _check_identifier(node.arg),
    ast.ExceptHandler: lambda node: _check_identifier(node.name),
}

_BINOPS = {ast.Mult: "_cf_mul", ast.Pow: "_cf_pow", ast.LShift: "_cf_lshift",
           ast.Add: "_cf_add", ast.Mod: "_cf_mod"}
_AUGOPS = {**_BINOPS, ast.Mult: "_cf_imul", ast.Add: "_cf_iadd"}


def _call(name: str, *args) -> ast.Call:
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


def _tick_stmt(at) -> ast.Expr:
    return ast.copy_location(ast.Expr(value=_call("_cf_tick")), at)


def _walked(node):
    """`node` guarded as a value an operation walks whole (literals need not be)."""
    if isinstance(node, (ast.Constant, ast.Slice)):
        return node
    return ast.copy_location(_call("_cf_walked", node), node)


def called_names(tree: ast.AST) -> frozenset:
    """Names the code calls directly: tells whether it may call a model
    function (and so may not be run twice)."""
    return frozenset(node.func.id for node in ast.walk(tree)
                     if isinstance(node, ast.Call) and isinstance(node.func, ast.Name))


class Instrumenter(ast.NodeTransformer):
    """Meter loops, comprehensions and calls; guard sized operators.

    The helpers are named `_cf_*`: user code cannot name or shadow them
    because names starting with '_' are refused by check_tree."""

    def _loop(self, node):
        self.generic_visit(node)
        node.body.insert(0, _tick_stmt(node))
        return node

    visit_While = visit_For = visit_FunctionDef = _loop

    def visit_Lambda(self, node):
        self.generic_visit(node)
        node.body = ast.BoolOp(op=ast.And(), values=[_call("_cf_tick"), node.body])
        return node

    def visit_comprehension(self, node):
        self.generic_visit(node)
        node.ifs.insert(0, _call("_cf_tick"))
        return node

    def visit_BinOp(self, node):
        self.generic_visit(node)
        helper = _BINOPS.get(type(node.op))
        if helper is None:
            return node
        return ast.copy_location(_call(helper, node.left, node.right), node)

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        helper = _AUGOPS.get(type(node.op))
        if helper is None:
            return node
        current = copy.deepcopy(node.target)
        current.ctx = ast.Load()
        value = _call(helper, current, node.value)
        return ast.copy_location(ast.Assign(targets=[node.target], value=value), node)

    def visit_FormattedValue(self, node):
        # f"{x}" formats without calling str(): measure what it would print.
        self.generic_visit(node)
        node.value = _call("_cf_shown", node.value)
        return node

    def visit_Compare(self, node):
        self.generic_visit(node)
        node.left = _walked(node.left)
        node.comparators = [_walked(c) for c in node.comparators]
        return node

    def visit_Subscript(self, node):
        self.generic_visit(node)
        node.slice = _walked(node.slice)   # a dict key is hashed whole
        return node

    def visit_Dict(self, node):
        self.generic_visit(node)
        node.keys = [None if k is None else _walked(k) for k in node.keys]
        return node

    def visit_Set(self, node):
        self.generic_visit(node)
        node.elts = [_walked(e) for e in node.elts]
        return node

    def visit_DictComp(self, node):
        self.generic_visit(node)
        node.key = _walked(node.key)
        return node

    def visit_SetComp(self, node):
        self.generic_visit(node)
        node.elt = _walked(node.elt)
        return node

    def visit_Attribute(self, node):
        self.generic_visit(node)
        if node.attr in SIZED_METHODS | WALKING_METHODS and isinstance(node.ctx, ast.Load):
            return ast.copy_location(_call("_cf_method", node.value, ast.Constant(node.attr)), node)
        return node
