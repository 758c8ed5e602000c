"""What the department's own services (bookings.py, department.py) share in
the demo: the seed report's half-year volumes scaled to the demo's size,
arrival times spread over the period, and a case started through its start
form with a refusal counted rather than raised."""
from __future__ import annotations

from datetime import datetime, timedelta

from engine.cases.starting import Start, start_filled
from engine.data.errors import EngineError
from .progress import note

SEED_DAYS = 189      # the days of the seed report's half-year
FULL_SIZE = 2500     # the demo's default number of cases: seed volumes at full scale


def scaled(volumes: dict[str, int], cases: int, days: int) -> dict[str, int]:
    """Cases of each process for a demo of `cases` cases over `days` days."""
    scale = days / SEED_DAYS * min(1.0, cases / FULL_SIZE)
    return {key: max(1, round(n * scale)) for key, n in volumes.items()}


def arrivals(rng, counts: dict[str, int], end: datetime, days: int,
             place=lambda at: at) -> list[tuple[datetime, str]]:
    """When each case arrives, spread over the period (`place` moves a time,
    e.g. into office hours), the last an hour before its end."""
    start = end - timedelta(days=days)
    out = []
    for key, n in counts.items():
        for _ in range(n):
            at = start + timedelta(seconds=rng.uniform(0, days * 86400 - 3600))
            out.append((min(place(at), end - timedelta(hours=1)), key))
    return out


def start_one(sim, key: str, start: Start, actor, steps) -> None:
    """Start one case and queue its later steps; a refused start is counted."""
    try:
        [ref] = start_filled(sim.engine, key, [start], actor=actor)
    except EngineError as exc:
        sim.stats.errors += 1
        sim.progress(note("start_refused", process=key, reason=f"{exc.message} {exc.detail}",
                          error=exc))
        return
    sim.stats.started[key] = sim.stats.started.get(key, 0) + 1
    sim.push(ref["id"], steps, sim.clock.now())
