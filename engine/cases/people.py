"""People's display names by account: the one read behind every page that
names a holder, an asker or an actor (the web layer's webapp/people.py
caches it per request; the workload names former members with it)."""
from __future__ import annotations

from sqlalchemy import select

from engine.data.schema import app_user


def display_names(conn, usernames) -> dict[str, str]:
    """{username: display name} of the accounts named, in one query; an
    account without a name, or none by that code, keeps its code (a clerk
    reads 工務局承辦人 where there is a name, never a blank). Empty ones are left out."""
    wanted = sorted({u for u in usernames if u})
    if not wanted:
        return {}
    found = dict(conn.execute(select(app_user.c.username, app_user.c.display_name)
                              .where(app_user.c.username.in_(wanted))).all())
    return {u: found.get(u) or u for u in wanted}
