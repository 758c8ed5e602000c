"""What sandboxed code runs against: safe builtins and the guards that the
instrumented code calls (a step/time meter and size checks on operators that
can allocate a lot)."""
import builtins
import functools
import re
import threading
import time
from dataclasses import dataclass

from .sizing import SizedBuiltins, SizedType



class SandboxError(Exception):
    """Refused or stopped sandboxed code; the message is for the modeller."""


class BudgetExceeded(SandboxError):
    """Code stopped on a budget; `kind` is steps, time, size or memory."""

    def __init__(self, message: str, kind: str = "steps"):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Limits:
    steps: int = 1_000_000      # loop rounds, comprehension items, calls; plus size / 8
    seconds: float = 2.0        # wall clock per evaluation
    size: int = 1_000_000       # longest str/list/tuple an operator may build
    int_bits: int = 100_000     # biggest integer an operator may build
    width: int = 10_000         # biggest width/precision in % formatting
    memory: int = 64 * 2 ** 20  # bytes a script's worker may allocate (RLIMIT_AS)
    built: int = 8_000_000      # items all sized operations of one evaluation may build
    data_bytes: int = 1_000_000  # JSON a script may write into the task data
    clock_every: int = 512      # steps between two reads of the clock


class Meter(SizedBuiltins):
    """Per-evaluation budget. Once tripped it stays tripped, so code that
    catches the error is stopped again at its next loop round or call."""

    __slots__ = ("limits", "left", "next_clock", "deadline", "tripped", "built")

    def __init__(self, limits: Limits):
        self.reset(limits)

    def reset(self, limits: Limits) -> None:
        """Ready for a new evaluation (a meter and its builtins are reused)."""
        self.limits = limits
        self.left = limits.steps
        self.next_clock = limits.steps - limits.clock_every
        self.deadline = time.monotonic() + limits.seconds
        self.tripped = None
        self.built = 0

    def tick(self):
        """One step; returns True so it can sit among a comprehension's ifs."""
        self.left -= 1
        if self.left < self.next_clock:
            self._check()
        return True

    def charge(self, size: int) -> None:
        self.left -= size >> 3
        if self.left < self.next_clock:
            self._check()

    def _check(self):
        if self.tripped:
            raise BudgetExceeded(*self.tripped)
        if self.left <= 0:
            self.trip(f"the script ran more than {self.limits.steps} steps")
        if time.monotonic() > self.deadline:
            self.trip(f"the script ran longer than {self.limits.seconds:g} s", "time")
        self.next_clock = self.left - self.limits.clock_every

    def trip(self, message: str, kind: str = "steps"):
        self.tripped = (message, kind)
        self.next_clock = self.left + 1  # every later tick re-raises
        raise BudgetExceeded(message, kind)

    def finish(self, value):
        if self.tripped:
            raise BudgetExceeded(*self.tripped)
        return value

    # -- operators rewritten by the instrumenter ---------------------------
    def sized(self, n: int, what: str) -> None:
        if n > self.limits.size:
            self.trip(f"{what} would build a value of {n} items (limit {self.limits.size})", "size")
        self.built += n
        if self.built > self.limits.built:
            self.trip(f"the code built more than {self.limits.built} items in all", "memory")
        self.charge(n)

    def bits(self, n: int) -> None:
        if n > self.limits.int_bits:
            self.trip(f"a number of about {n} bits is too large (limit {self.limits.int_bits})", "size")

    def mul(self, a, b):
        if isinstance(a, int) and isinstance(b, int):
            self.bits(a.bit_length() + b.bit_length())
        else:
            n = _repeat_len(a, b)
            if n is not None:
                self.sized(n, "repetition")
        return a * b

    def imul(self, a, b):
        n = _repeat_len(a, b)
        if n is not None:
            self.sized(n, "repetition")
        a *= b
        return a

    def pow(self, a, b):
        if isinstance(a, int) and isinstance(b, int) and b > 0 and abs(a) > 1:
            self.bits(a.bit_length() * b)
        return a ** b

    def lshift(self, a, b):
        if isinstance(a, int) and isinstance(b, int) and a:
            self.bits(a.bit_length() + b)
        return a << b

    def add(self, a, b):
        if isinstance(a, _SEQUENCES) and isinstance(b, _SEQUENCES):
            self.sized(len(a) + len(b), "concatenation")
        return a + b

    def iadd(self, a, b):
        if isinstance(a, _SEQUENCES) and hasattr(b, "__len__"):
            self.sized(len(a) + len(b), "concatenation")
        a += b
        return a

    def mod(self, a, b):
        if isinstance(a, (str, bytes)):
            widest = _widest_format(a)
            if widest > self.limits.width:
                self.trip(f"a %-format width of {widest} is too large", "size")
            self.shown(b)
        return a % b

    def method(self, obj, name):
        """str/bytes methods whose result can be far larger than their input;
        container methods that compare or hash their arguments (and, for
        count/index/remove/sort, every item) in C."""
        fn = getattr(obj, name)
        if name in WALKING_METHODS and type(obj) in _WALKING_OWNERS:
            return self._walking(obj, name, fn)
        if not isinstance(obj, (str, bytes)):
            return fn

        def guarded(*args, **kwargs):
            args = _list_join_arg(name, args, self)
            self.sized(_method_result_len(obj, name, args, kwargs), f"{name}()")
            return fn(*args, **kwargs)
        return guarded

    def _walking(self, obj, name, fn):
        def guarded(*args, **kwargs):
            if name in SCANNING_METHODS:
                self.walked(obj)
            for value in (*args, *kwargs.values()):
                self.walked(value)
            return fn(*args, **kwargs)
        return guarded

    def range(self, *args):
        r = range(*args)
        self.sized(len(r), "range()")
        return r


_SEQUENCES = (str, bytes, list, tuple)


def _repeat_len(a, b):
    if isinstance(a, _SEQUENCES) and isinstance(b, int):
        return len(a) * max(b, 0)
    if isinstance(b, _SEQUENCES) and isinstance(a, int):
        return len(b) * max(a, 0)
    return None


_FORMAT = re.compile(rb"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


@functools.lru_cache(maxsize=1024)
def _widest_format(fmt) -> int:
    data = fmt.encode("utf-8", "replace") if isinstance(fmt, str) else fmt
    widest = 0
    for width, precision in _FORMAT.findall(data):
        for part in (width, precision):
            if part == b"*":
                return 10 ** 9  # a width taken from the data: refuse
            if part:
                widest = max(widest, int(part))
    return widest


def _list_join_arg(name, args, meter):
    # join() may be given a generator: materialise it once so it can be measured.
    if name == "join" and args and not isinstance(args[0], (list, tuple)):
        return (meter.list(args[0]),) + args[1:]
    return args


def _method_result_len(obj, name, args, kwargs) -> int:
    try:
        if name in ("ljust", "rjust", "center", "zfill"):
            return max(int(args[0] if args else kwargs.get("width", 0)), len(obj))
        if name == "expandtabs":
            tab = args[0] if args else kwargs.get("tabsize", 8)
            return len(obj) + obj.count("\t" if isinstance(obj, str) else b"\t") * max(tab, 0)
        if name == "replace":
            old, new = args[0], args[1]
            hits = obj.count(old) if old else len(obj) + 1
            return len(obj) + hits * max(len(new) - len(old), 0)
        if name == "join":
            items = args[0]
            return sum(len(x) for x in items) + len(obj) * max(len(items) - 1, 0)
    except (TypeError, IndexError, ValueError):
        return 0  # the real call raises the proper error
    return len(obj)


SIZED_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs", "replace", "join"})
# Container methods that walk every item (compare them) or hash their arguments.
SCANNING_METHODS = frozenset({"count", "index", "remove", "sort"})
WALKING_METHODS = SCANNING_METHODS | frozenset({
    "get", "pop", "setdefault", "add", "discard", "update", "union", "intersection",
    "difference", "symmetric_difference", "issubset", "issuperset", "isdisjoint", "fromkeys"})
# dict.fromkeys is reached through the sized `dict` built-in.
_WALKING_OWNERS = frozenset((list, tuple, dict, set, frozenset, SizedType))


_SAFE = {
    name: getattr(builtins, name)
    for name in (
        "abs all any bool chr dict divmod enumerate filter float frozenset int "
        "isinstance len list map max min ord repr reversed round set sorted str "
        "tuple zip ArithmeticError AssertionError Exception IndexError KeyError "
        "LookupError TypeError ValueError ZeroDivisionError"
    ).split()
}


_local = threading.local()


def borrow(limits: Limits):
    """(meter, builtins) for one evaluation: this thread's spare pair reset,
    as building the table costs more than the evaluation of a condition."""
    spare = _local.__dict__.pop("spare", None)
    if spare is None:
        meter = Meter(limits)
        return meter, safe_builtins(meter)
    spare[0].reset(limits)
    return spare


def give_back(pair) -> None:
    _local.spare = pair


def safe_builtins(meter: Meter) -> dict:
    """The builtins of one evaluation, with the guards bound to its meter."""
    table = dict(_SAFE)
    table.update(
        range=meter.range, _cf_tick=meter.tick, _cf_mul=meter.mul,
        _cf_imul=meter.imul, _cf_pow=meter.pow, _cf_lshift=meter.lshift,
        _cf_add=meter.add, _cf_iadd=meter.iadd, _cf_mod=meter.mod,
        _cf_method=meter.method, _cf_shown=meter.shown, _cf_walked=meter.walked,
        sorted=meter.sorted, repr=meter.repr, min=meter.min, max=meter.max,
        sum=meter.sum, any=meter.any, all=meter.all, **meter.types(),
    )
    return table


def run_code(code, scope, meter):
    try:
        return eval(code, scope)  # noqa: S307 - code was whitelisted and instrumented
    except RecursionError:
        raise SandboxError("the script recursed too deeply") from None
    except MemoryError:
        raise BudgetExceeded("the script ran out of memory", "memory") from None
    except SandboxError:
        raise
    except Exception:
        # A limit hit inside user code may have been caught there; report it.
        meter.finish(None)
        raise
