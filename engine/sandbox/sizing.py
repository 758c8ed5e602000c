"""Built-ins whose work is bounded before it starts.

A call such as `sorted(x, key=str)` or `str(nested)` runs in C: no tick of
the step meter happens inside it, so neither the time nor the size budget
could stop it. Here such built-ins measure their input first (its length,
or for str/repr the size of the text they would build), charge it to the
meter, and consume iterators without a length one metered item at a time.
A key function is metered per call, so sorting by a key stays interruptible.
"""
from __future__ import annotations

import builtins

_SCALARS = (int, float, bool, type(None), complex)
_CONTAINERS = (list, tuple, set, frozenset)
# Values that comparing or hashing walks whole, in C, with no tick between:
# a list holding one big list 100,000 times compares 10**10 items in one call.
_WALKED = frozenset((list, tuple, set, frozenset, dict))


def measure(value, cap: int) -> int:
    """About how many characters str(value) would print; stops past `cap`."""
    stack, total = [value], 0
    while stack and total <= cap:
        item = stack.pop()
        kind = type(item)
        if kind is str or kind is bytes:
            total += len(item)
        elif kind is int:
            total += 1 + (item.bit_length() >> 2)
        elif kind in _CONTAINERS:
            total += 1 + len(item)
            stack.extend(item)
        elif kind is dict:
            total += 1 + len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif kind is range or kind in _SCALARS:
            total += 1
        elif hasattr(item, "__len__") and hasattr(item, "__iter__"):  # dict views
            total += 1 + len(item)
            stack.extend(item)
        else:
            total += 1
    return total


class SizedType:
    """Stands for a built-in type: calling it is metered, isinstance() and
    attribute access (str.join, dict.fromkeys) reach the real type."""

    __slots__ = ("real", "call")

    def __init__(self, real, call):
        self.real, self.call = real, call

    def __call__(self, *args, **kwargs):
        return self.call(*args, **kwargs)

    def __instancecheck__(self, obj):
        return isinstance(obj, self.real)

    def __subclasscheck__(self, cls):
        return issubclass(cls, self.real)

    def __getattr__(self, name):
        return getattr(self.real, name)


class SizedBuiltins:
    """Mixed into the Meter: needs `limits`, `sized`, `tick` and `trip`."""

    __slots__ = ()

    def metered(self, iterable, what: str, deep: bool = False):
        """`iterable` itself when its length is known (charged), else a
        generator that ticks per item and stops past the size limit. `deep`:
        the built-in compares or hashes the items, so each is walked too."""
        if hasattr(iterable, "__len__"):
            self.sized(len(iterable), what)
            if deep:
                self.walked(iterable)
            return iterable
        return self._counted(iterable, what, deep)

    def _counted(self, iterable, what, deep=False):
        size, n = self.limits.size, 0
        for item in iterable:
            n += 1
            if n > size:
                self.sized(n, what)
            self.tick()
            yield self.walked(item) if deep else item
        self.sized(0, what)  # checks the clock once more after a long run

    def walked(self, value):
        """Guard for an operation that walks `value` whole in C (==, <, in,
        a dict or set key): its size, shared parts counted each time they
        are reached, is charged first; past the size limit it is refused."""
        if type(value) in _WALKED:
            cap = self.limits.size
            n = measure(value, cap)
            if n > cap:
                self.trip(f"comparing or looking up a value of over {cap} items "
                          f"(limit {cap})", "size")
            self.charge(n)
        return value

    def keyed(self, key):
        if key is None:
            return None

        def metered_key(value):   # the keys are what gets compared
            self.tick()
            return self.walked(key(value))
        return metered_key

    def shown(self, value):
        """Guard for text built from `value` (str, repr, f-strings, %)."""
        if type(value) not in _SCALARS:
            cap = self.limits.size
            self.sized(min(measure(value, cap), cap + 1), "text")
        return value

    def sorted(self, iterable, key=None, reverse=False):
        return builtins.sorted(self.metered(iterable, "sorted()", deep=key is None),
                               key=self.keyed(key), reverse=reverse)

    def _extreme(self, fn, args, kwargs):
        if "key" in kwargs:
            kwargs["key"] = self.keyed(kwargs["key"])
        if len(args) == 1:
            args = (self.metered(args[0], f"{fn.__name__}()", deep="key" not in kwargs),)
        else:
            args = tuple(self.walked(a) for a in args)
        return fn(*args, **kwargs)

    def min(self, *args, **kwargs):
        return self._extreme(builtins.min, args, kwargs)

    def max(self, *args, **kwargs):
        return self._extreme(builtins.max, args, kwargs)

    def sum(self, iterable, start=0):
        # sum() of lists is quadratic; civicflow sums numbers only.
        if not isinstance(start, (int, float)) and type(start).__name__ != "Decimal":
            raise TypeError("sum() adds numbers only")
        return builtins.sum(self.metered(iterable, "sum()"), start)

    def any(self, iterable):
        return builtins.any(self.metered(iterable, "any()"))

    def all(self, iterable):
        return builtins.all(self.metered(iterable, "all()"))

    def _build(self, kind, args, kwargs):
        if args:   # a set or dict hashes its items: walked whole
            deep = kind in (set, frozenset, dict)
            args = (self.metered(args[0], f"{kind.__name__}()", deep),) + args[1:]
        return kind(*args, **kwargs)

    def str(self, *args, **kwargs):
        if args:
            self.shown(args[0])
        return builtins.str(*args, **kwargs)

    def repr(self, value):
        return builtins.repr(self.shown(value))

    def list(self, *args):
        return self._build(builtins.list, args, {})

    def types(self) -> dict:
        """The type-like built-ins of one evaluation, bound to this meter."""
        build = self._build
        return {
            "str": SizedType(builtins.str, self.str),
            "list": SizedType(builtins.list, self.list),
            "tuple": SizedType(tuple, lambda *a: build(tuple, a, {})),
            "set": SizedType(set, lambda *a: build(set, a, {})),
            "frozenset": SizedType(frozenset, lambda *a: build(frozenset, a, {})),
            "dict": SizedType(dict, lambda *a, **k: build(dict, a, k)),
        }
