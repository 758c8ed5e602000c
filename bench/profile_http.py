"""py-spy on one live gunicorn worker while a single client drives it.

The profile behind docs/performance.md's shares: bench/http.py's server (one
worker, one thread), then either single-client task completions or whole
petition lifecycles, sampled by py-spy into a raw (collapsed-stack) file that
bench/pyspy_shares.py reads.

usage: python bench/profile_http.py [--mode complete|lifecycle] [-n 600]
                                    [--out /tmp/profile.txt] [--database-url URL]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from by_path import load  # bench/ is on the path: this script's own folder
from scratch import scratch_dir  # noqa: E402 (bench/ is still on the path here)


def _worker_pid(master: int) -> int:
    for _ in range(100):
        kids = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if kids:
            return int(kids[0])
        time.sleep(0.05)
    raise SystemExit("gunicorn started no worker")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=("complete", "lifecycle"), default="complete")
    ap.add_argument("-n", type=int, default=600, help="completions, or lifecycles")
    ap.add_argument("--out", default="/tmp/profile.txt")
    ap.add_argument("--database-url", help="PostgreSQL (wiped first); default a new SQLite file")
    args = ap.parse_args()
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    bh = load("http.py")
    url = args.database_url or f"sqlite:///{scratch_dir('cf-profile-')}/b.sqlite"
    env = bh.setup(url)
    ids = bh.open_handle_tasks(env["rt"], args.n if args.mode == "complete" else 0)
    proc, port, _ = bh.server(url, argparse.Namespace(workers=1, threads=1))
    sampler = subprocess.Popen([spy, "record", "-p", str(_worker_pid(proc.pid)), "-r", "500",
                                "-f", "raw", "-o", args.out, "--nonblocking"])
    time.sleep(1.5)   # py-spy attached before the first request
    try:
        if args.mode == "complete":
            times = bh.single_completion(port, env["tokens"]["pwb1"], ids)
        else:
            times = bh.lifecycle(port, env["tokens"], args.n)
    finally:
        sampler.send_signal(2)
        sampler.wait()
        bh.stop(proc)
    print(f"{args.mode}: median {statistics.median(times) * 1000:.1f} ms over {len(times)}; "
          f"profile in {args.out} (python bench/pyspy_shares.py {args.out})")


if __name__ == "__main__":
    main()
