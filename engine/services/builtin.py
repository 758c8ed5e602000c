"""The service functions civicflow ships (docs/modelling.md lists them)."""
from __future__ import annotations

from engine.resources import reservations
from engine.resources.reservations import ReservationRefused

from .registry import Context, service


@service("reserve_resource",
         args={"resource": "str", "starts_at": "instant", "ends_at": "instant", "field": "str",
               "min_capacity": "int"},
         result="dict")
def reserve_resource(ctx: Context, resource, starts_at, ends_at, field="", min_capacity=0):
    """Hold the car, driver or room `resource` (its code) for the case from
    `starts_at` to `ends_at`; refused, naming the case and time range that
    hold it, when another reservation overlaps, or when it seats or holds
    fewer than `min_capacity`. `field` names the form field the refusal is
    shown beside."""
    try:
        return reservations.reserve(ctx.conn, code=resource, case_id=ctx.case_id,
                                    starts_at=starts_at, ends_at=ends_at, now=ctx.now,
                                    min_capacity=min_capacity)
    except ReservationRefused as err:
        err.field = field or None
        raise


@service("release_reservations", args={}, result="int")
def release_reservations(ctx: Context):
    """Release every reservation the case holds (a cancelled trip or booking);
    how many were released."""
    return reservations.release_case(ctx.conn, ctx.case_id, ctx.now)


@service("free_resources",
         args={"kind": "str", "starts_at": "instant", "ends_at": "instant", "centre": "str",
               "field": "str"},
         result="list")
def free_resources(ctx: Context, kind, starts_at, ends_at, centre="", field=""):
    """The active cars, drivers or rooms (`kind`) of `centre` (any when
    empty) that no other case holds between `starts_at` and `ends_at`;
    a range that ends before it starts is refused beside `field`."""
    try:
        pairs = reservations.availability(ctx.conn, kind, starts_at, ends_at, centre,
                                          exclude_case=ctx.case_id)
    except ReservationRefused as err:
        err.field = field or None
        raise
    return [{"code": r.code, "name_zh": r.name_zh, "name_en": r.name_en,
             "centre": r.centre, "capacity": r.capacity} for r, held in pairs if held is None]
