"""Inclusive and self shares per function from a py-spy raw (collapsed) file.

usage: python bench/pyspy_shares.py PROFILE [--only PATTERN] [--top N]

--only keeps the stacks that pass through a frame containing PATTERN (e.g.
"Engine.complete"), so the shares are of that part. Without it, samples whose
innermost frame is a wait (select, poll, socket reads, sleep) count as idle.
"""
from __future__ import annotations

import argparse
import collections
import re

IDLE = ("select (selectors", "poll (selectors", "wait (threading", "recv_into", "_recv_into",
        "accept (", "sleep (", "readinto (")
LINE = re.compile(r":\d+\)")


def shares(path: str, only: str | None):
    inclusive, own, busy, idle = collections.Counter(), collections.Counter(), 0, 0
    for line in open(path, encoding="utf-8"):
        stack, _, count = line.rstrip().rpartition(" ")
        n, frames = int(count), [LINE.sub(")", f) for f in stack.split(";")]
        if only and not any(only in f for f in frames):
            continue
        if not only and any(w in frames[-1] for w in IDLE):
            idle += n
            continue
        busy += n
        for frame in set(frames):
            inclusive[frame] += n
        own[frames[-1]] += n
    return inclusive, own, busy, idle


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("profile")
    ap.add_argument("--only")
    ap.add_argument("--top", type=int, default=60)
    args = ap.parse_args()
    inclusive, own, busy, idle = shares(args.profile, args.only)
    print(f"busy samples {busy}, idle {idle}")
    for title, counter in (("inclusive", inclusive), ("self", own)):
        print(f"--- {title}")
        for frame, n in counter.most_common(args.top):
            print(f"{100 * n / max(busy, 1):5.1f}% {frame[:150]}")


if __name__ == "__main__":
    main()
