"""Time and memory budgets that hold inside long-running built-ins: sized
built-ins in-process, scripts in worker processes killed on overrun."""
import time

import pytest

from engine.sandbox import BudgetExceeded, Limits, SandboxEnvironment, SandboxError, check
from engine.sandbox.sizing import measure
from engine.sandbox.workers import Pool

MB = 2 ** 20


@pytest.fixture(scope="module")
def pool():
    shared = Pool(64 * MB, size=1)
    yield shared
    shared.close()


def stopped(env, script, data=None):
    began = time.monotonic()
    with pytest.raises(BudgetExceeded) as err:
        env.execute(script, data or {})
    return err.value.kind, time.monotonic() - began


def test_a_long_c_call_is_killed_at_the_wall_clock(pool):
    # Sizes far above the defaults let one comparison run for seconds.
    env = SandboxEnvironment(limits=Limits(seconds=0.5, size=10 ** 9, built=10 ** 9,
                                           steps=10 ** 12), pool=pool)
    kind, took = stopped(env, "a = [[0] * 10000] * 10000\nb = [[0] * 10000] * 10000\n"
                              "while a == b:\n    pass")
    # The loop never ends: any stop is the wall clock's. 3 s, not 1.5: with
    # make test's four runs on two cores, the kill was seen after 1.8 s once.
    assert kind == "time" and took < 3.0
    data = {"n": 1}
    env.execute("n = n + 1", data)  # the worker that overran was replaced
    assert data == {"n": 2} and all(w.proc.poll() is None for w in pool.idle)


def test_memory_is_capped_in_the_worker(pool):
    env = SandboxEnvironment(pool=pool)
    kind, took = stopped(env, "y = [list(range(10**6)) for i in range(40)]")
    assert kind == "memory" and took < 3


def test_text_of_a_huge_structure_is_refused_before_it_is_built(pool):
    env = SandboxEnvironment(pool=pool)
    assert stopped(env, "y = str([list(range(10**6))] * 40)")[0] == "size"
    assert stopped(env, "y = f'{[list(range(10**6))] * 40}'")[0] == "size"
    assert stopped(env, "y = '%s' % ([list(range(10**6))] * 40,)")[0] == "size"


def test_sorting_by_a_key_is_metered_per_item(pool):
    env = SandboxEnvironment(limits=Limits(seconds=0.5), pool=pool)
    script = "x = list(range(200000))\n" + "y = sorted(x, key=str)\n" * 40
    kind, took = stopped(env, script)
    assert kind in ("time", "steps") and took < 1.5


def test_in_process_expressions_stay_in_process_and_cheap():
    env = SandboxEnvironment(pool=object())  # any use of a worker would fail
    data = {"items": [3, 1, 2], "name": "ab", "d": {"k": 1}}
    assert env.evaluate("sorted(items, key=lambda v: -v)[0]", data) == 3
    assert env.evaluate("isinstance(name, str) and str.upper(name) + f'{name}'", data) == "ABab"
    assert env.evaluate("dict(d, j=2) == {'k': 1, 'j': 2} and list(d) == ['k']", data)
    assert env.evaluate("max(items) + min(items, key=str) + sum(items)", data) == 10
    assert env.evaluate("tuple(set(items)) == (1, 2, 3) and repr(items)", data) == "[3, 1, 2]"


def test_a_pure_expression_too_big_in_process_runs_again_in_a_worker(pool):
    env = SandboxEnvironment(pool=pool)
    assert env.evaluate("len(sorted(range(300000)))", {}) == 300000


def test_an_expression_calling_a_model_function_is_not_run_twice(pool):
    calls = []
    env = SandboxEnvironment(functions={"note": lambda: calls.append(1) or 1}, pool=pool)
    with pytest.raises(BudgetExceeded):
        env.evaluate("note() + len(sorted(range(300000)))", {})
    assert calls == [1]


def test_scripts_call_model_functions_in_the_parent_and_keep_data_semantics(pool):
    seen = []
    env = SandboxEnvironment(functions=lambda: {"notify": lambda kind, to="x": seen.append((kind, to)) or True},
                             pool=pool)
    data = {"a": [1], "gone": 1, "same": {"k": [1]}}
    env.execute("a.append(2)\ndel gone\nok = notify('reply', to='petitioner')\n"
                "f = lambda v: v", data)
    assert data == {"a": [1, 2], "same": {"k": [1]}, "ok": True}
    assert seen == [("reply", "petitioner")]


def test_a_failing_model_function_raises_its_own_error_in_the_parent(pool):
    class Refused(Exception):
        pass

    def cite(number):
        raise Refused(number)
    env = SandboxEnvironment(functions={"cite": cite}, pool=pool)
    with pytest.raises(Refused):
        env.execute("try:\n    cite('115-1')\nexcept Exception:\n    pass\nx = 1", {})


def test_script_errors_come_back_as_the_same_class_with_the_line(pool):
    env = SandboxEnvironment(pool=pool)
    with pytest.raises(ZeroDivisionError, match="line 2"):
        env.execute("x = 1\ny = x / 0", {})
    with pytest.raises(SandboxError, match="plain data"):
        env.execute("s = {1, 2}", {})


def test_measure_stops_at_the_cap():
    assert measure([1, "abc", {"k": (1, 2)}], 100) < 20
    huge = [list(range(10 ** 6))] * 40   # made before the clock starts
    began = time.monotonic()
    assert measure(huge, 1000) > 1000
    # Walking all 40 million items takes seconds; stopping at the cap, far
    # less. 2 s, not 0.5: under make test's load 0.58 s was seen once.
    assert time.monotonic() - began < 2.0


def test_check_still_accepts_what_models_use():
    assert check("str(x) + repr(y) + f'{z}'", "eval") is None


def test_deploy_time_check_refuses_what_is_statically_unbounded():
    assert "never ends" in check("while True:\n    x = 1", "exec")
    assert "range" in check("for i in range(10 ** 9):\n    pass", "exec")
    assert check("while True:\n    if x:\n        break", "exec") is None
    assert check("for i in range(100):\n    pass", "exec") is None


def test_in_process_the_clock_is_read_often_enough_for_long_steps():
    # Steps far out of reach: each comparison is charged the 45,000 items it
    # walks, so the default budget tripped first (~180 comparisons, 0.1-0.3 s)
    # whenever the machine was quick; the clock is what is tested here.
    env = SandboxEnvironment(limits=Limits(seconds=0.3, steps=10**9), pool=object())
    big = [[0] * 1000] * 45   # under the in-process size: compared in C, each a long step
    began = time.monotonic()
    with pytest.raises(BudgetExceeded) as err:
        env.evaluate("len([0 for i in range(100000) if a == b])", {"a": big, "b": [[0] * 1000] * 45})
    assert err.value.kind == "time" and time.monotonic() - began < 0.6


def test_a_script_may_not_write_megabytes_into_the_task_data(pool):
    env = SandboxEnvironment(pool=pool)
    data = {"keep": 1}
    with pytest.raises(BudgetExceeded, match="task data"):
        env.execute("big = 'x' * 900000\nmore = 'y' * 200000", data)
    assert data == {"keep": 1}


WALKS = [
    "[[0] * 100000] * 100000 == [[1 - 1] * 100000] * 100000",   # 10**10 items compared in C
    "[[0] * 100000] * 100000 in [[[1 - 1] * 100000] * 100000]",
    "len(sorted([[0.5] * 100000] * 100000))",
    "len(sorted(range(3), key=lambda i: [[0] * 100000] * 100000))",
    "max([[0] * 100000] * 100000, [[0] * 100000] * 100000)",
    "len({(tuple([0] * 100000),) * 100000: 1})",                 # a key hashed whole
    "len(set([(tuple([0] * 100000),) * 100000]))",
    "len(dict.fromkeys([(tuple([0] * 100000),) * 100000]))",
    "([[0] * 100000] * 100000).count([0] * 100000)",
    "{1: 2}.get((tuple([0] * 100000),) * 100000)",
]


@pytest.mark.parametrize("source", WALKS)
def test_operations_that_walk_a_value_in_c_are_charged_its_whole_size(pool, source):
    """One comparison or hash of a value that shares one big list 100,000
    times walks 10**10 items without a tick: refused in-process and in the
    worker before it starts, within the time limit."""
    env = SandboxEnvironment(pool=pool)
    began = time.monotonic()
    with pytest.raises(BudgetExceeded, match="comparing or looking up") as err:
        env.evaluate(source, {})
    assert err.value.kind == "size" and time.monotonic() - began < 1.5


def test_ordinary_comparisons_and_look_ups_still_work():
    env = SandboxEnvironment(pool=object())   # in-process only
    data = {"x": 1, "tags": ["a", "b"], "d": {("k", 1): 2}, "rows": [[2, 1], [1, 2]]}
    assert env.evaluate("x == 1 and 'b' in tags and d[('k', 1)] == 2 and {x, 2} == {1, 2}", data)
    assert env.evaluate("sorted(rows) == [[1, 2], [2, 1]] and tags.index('b') == 1", data)
    assert env.evaluate("d.get(('k', 1)) == 2 and {k: 1 for k in tags} == dict.fromkeys(tags, 1)",
                        data)


def test_scripts_run_in_process_on_a_copy_of_the_task_data():
    env = SandboxEnvironment(pool=object())   # any use of a worker would fail
    data = {"keep": [1], "n": 1}
    env.execute("n = n + 1\nt = (1, 2)", data)
    assert data == {"keep": [1], "n": 2, "t": [1, 2]}   # plain data, as a worker returns it
    with pytest.raises(ZeroDivisionError, match="line 2"):
        env.execute("keep.append(2)\nx = 1 / 0", data)
    assert data == {"keep": [1], "n": 2, "t": [1, 2]}   # nothing of a failed script stays


def test_a_model_function_gets_a_copy_of_its_arguments_in_process():
    calls = []
    env = SandboxEnvironment(functions={"notify": lambda kind, **p: calls.append(p) or True},
                             pool=object())
    env.execute("items = [1]\nok = notify('reply', items=items)\nitems.append(2)", {})
    assert calls == [{"items": [1]}]


def test_a_script_too_big_in_process_runs_again_in_a_worker_only_if_it_changed_nothing(pool):
    calls = []
    env = SandboxEnvironment(functions={"note": lambda: calls.append(1) or 1,
                                        "today": lambda: "2026-03-02"},
                             pool=pool, repeatable={"today"})
    data = {}
    env.execute("d = today()\nn = len(sorted(range(300000)))", data)
    assert data == {"d": "2026-03-02", "n": 300000}
    with pytest.raises(BudgetExceeded):
        env.execute("x = note()\nn = len(sorted(range(300000)))", {})
    assert calls == [1]   # a notice is never sent twice
