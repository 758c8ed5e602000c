"""The statements one API task completion sends, and the server executions
behind them (an executemany of n rows is n executions on PostgreSQL).

bench/http.py's petition, its officer's task completed through the Flask test
client (no server, nothing timed): prints the count and each statement's verb.

usage: python bench/api_statements.py [--database-url URL]   # default: a new SQLite file
--database-url: every table in it is dropped first.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from by_path import load  # bench/ is on the path: this script's own folder
from scratch import scratch_dir  # noqa: E402 (bench/ is still on the path here)

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url")
    args = ap.parse_args()
    url = args.database_url or f"sqlite:///{scratch_dir('cf-statements-')}/s.sqlite"
    os.environ.update(DATABASE_URL=url, SECRET_KEY="bench", SCHEDULER_ENABLED="0")
    sys.path.insert(0, str(ROOT))
    bh = load("http.py")
    env = bh.setup(url)
    ids = bh.open_handle_tasks(env["rt"], 2)
    from sqlalchemy import event
    from webapp import create_app
    from webapp.extensions import db
    app = create_app()
    with app.app_context():
        eng = db()
    sent = []
    event.listen(eng, "before_cursor_execute", lambda _c, _cur, stmt, params, _ctx, many:
                 sent.append((stmt.split()[0], len(params) if many else 1)))
    for tid in ids:   # the first completion warms the worker's caches up
        sent.clear()
        done = app.test_client().post(f"/api/v1/tasks/{tid}/complete", json={"data": bh.REPLY},
                                      headers={"Authorization": f"Bearer {env['tokens']['pwb1']}"})
        assert done.status_code == 200, done.get_json()
    print(f"{len(sent)} statements, {sum(n for _v, n in sent)} server executions: "
          + " ".join(verb + (f"x{n}" if n > 1 else "") for verb, n in sent))


if __name__ == "__main__":
    main()
