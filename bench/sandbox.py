"""bench/sandbox.py: what one evaluation of model code costs, per path.

Times, in the same run, against plain eval/exec of the same text:

  expression  a gateway condition / due expression, in-process in the sandbox
  dmn-cell    a DMN rule cell with an external value, in-process
  script      a script task's script, in-process on a copy of the task data
              (JSON changes out, as from a worker)
  script+fn   the same calling a model function
  worker      the script in a pre-started worker process, where code that
              outgrows the in-process sizes runs (pipe round trip, pickled
              task data in, JSON changes out)
  worker+fn   the same calling a model function (one round trip to the parent)

  .venv/bin/python bench/sandbox.py            # 2,000 rounds each
  .venv/bin/python bench/sandbox.py --rounds 500
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.sandbox import SandboxEnvironment  # noqa: E402

DATA = {"amount": 1200, "category": "noise", "items": [{"n": i} for i in range(20)],
        "title": "路燈不亮", "deadline_days": 6}
EXPRESSION = "amount > 1000 and category in ('noise', 'air') and len(items) < 50"
CELL = "? in ('noise', 'air')".replace("?", "dmninputexpr")
SCRIPT = "total = sum(i['n'] for i in items)\nlabel = title.strip() + str(total)"
SCRIPT_FN = "stamp = now()\nbig = amount > 1000"


def per_call(fn, rounds: int) -> float:
    """Median microseconds per call over 5 batches."""
    batch = max(rounds // 5, 1)
    times = []
    for _ in range(5):
        began = time.perf_counter()
        for _ in range(batch):
            fn()
        times.append((time.perf_counter() - began) / batch * 1e6)
    return statistics.median(times)


def plain_eval(source, external=None):
    code = compile(source, "<string>", "eval")
    return lambda: eval(code, dict(DATA, **(external or {})))  # noqa: S307 - the baseline


def plain_exec(source):
    code = compile(source, "<string>", "exec")
    return lambda: exec(code, dict(DATA))  # noqa: S102 - the baseline being measured


def rows(env: SandboxEnvironment):
    external = {"dmninputexpr": "noise"}
    yield ("expression", plain_eval(EXPRESSION), lambda: env.evaluate(EXPRESSION, DATA))
    yield ("dmn-cell", plain_eval(CELL, external), lambda: env.evaluate(CELL, DATA, external))
    yield ("script", plain_exec(SCRIPT), lambda: env.execute(SCRIPT, dict(DATA)))
    plain_fn = plain_exec(SCRIPT_FN.replace("now()", "'2026-03-02T09:00:00+08:00'"))
    yield ("script+fn", plain_fn, lambda: env.execute(SCRIPT_FN, dict(DATA)))
    # The worker's path as the environment takes it for code too big in-process.
    for name, source in (("worker", SCRIPT), ("worker+fn", SCRIPT_FN)):
        yield (name, plain_exec(SCRIPT) if name == "worker" else plain_fn,
               lambda source=source: env._delegate("exec", source, dict(DATA), env.functions(),
                                                   {}, env.limits))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    env = SandboxEnvironment(functions=lambda: {"now": lambda: "2026-03-02T09:00:00+08:00"})
    env._delegate("exec", "warm = 1", {}, {}, {}, env.limits)  # start the pool: not per call
    print(f"{'path':<12} {'plain µs':>10} {'sandbox µs':>11} {'ratio':>7}")
    for name, baseline, sandboxed in rows(env):
        base = per_call(baseline, args.rounds)
        cost = per_call(sandboxed, args.rounds)
        print(f"{name:<12} {base:>10.2f} {cost:>11.2f} {cost / base:>6.1f}x")


if __name__ == "__main__":
    main()
