"""civicflow's engine: the domain core. It imports no Flask."""


def warm_up(runtime) -> None:
    """Called once by a server process before its first requests
    (webapp/warmup.py): `runtime` is its engine (engine.cases.runtime.Engine)."""
    runtime.warm_up()
