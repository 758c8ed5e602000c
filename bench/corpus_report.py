"""Validate every model of the shared BPMN corpus and print verdict tables.

    .venv/bin/python bench/corpus_report.py [CORPUS_DIR] [--json OUT]

One file per validation (as the SpiffWorkflow baseline did). Prints counts per
verdict, per tool folder, the most common problem codes, and the comparison
with baseline-spiffworkflow-3.2.json.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.models.validation import validate  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "bpmn-corpus"
SUFFIXES = (".bpmn", ".bpmn20.xml", ".dmn", ".xml")


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES))


def folder_of(rel: str) -> str:
    """miwg/<tool> for the interchange suite, else the source repository."""
    parts = rel.split("/")
    return "/".join(parts[:2]) if parts[0] == "miwg" else parts[0]


def run(root: Path) -> dict[str, object]:
    """relative path -> Report."""
    results = {}
    for path in corpus_files(root):
        rel = path.relative_to(root).as_posix()
        results[rel] = validate({path.name: path.read_bytes()})
    return results


def verdict_table(results) -> collections.Counter:
    return collections.Counter(r.verdict for r in results.values())


def folder_table(results) -> dict[str, collections.Counter]:
    table: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for rel, report in results.items():
        table[folder_of(rel)][report.verdict] += 1
    return table


def code_table(results) -> collections.Counter:
    return collections.Counter(r.problems[0].code for r in results.values() if r.problems)


def baseline_table(root: Path, results) -> collections.Counter:
    path = root / "baseline-spiffworkflow-3.2.json"
    if not path.exists():
        return collections.Counter()
    baseline = {row["path"]: row["outcome"] for row in json.loads(path.read_text())}
    return collections.Counter((baseline.get(rel, "-"), r.verdict) for rel, r in results.items())


def print_tables(root: Path, results, seconds: float) -> None:
    verdicts = ("deployable", "draft", "refused", "fault")
    print(f"{len(results)} files in {seconds:.1f} s\n")
    print("verdict       files")
    for verdict in verdicts:
        print(f"{verdict:<12} {verdict_table(results)[verdict]:>6}")
    print(f"\n{'folder':<58}" + "".join(f"{v:>11}" for v in verdicts))
    for folder, counts in sorted(folder_table(results).items()):
        print(f"{folder[:57]:<58}" + "".join(f"{counts[v]:>11}" for v in verdicts))
    print("\nfirst problem code of refused files")
    for code, n in code_table(results).most_common():
        print(f"  {code:<24} {n:>5}")
    print("\nbaseline outcome -> civicflow verdict")
    for (before, after), n in sorted(baseline_table(root, results).items()):
        print(f"  {before:<22} -> {after:<11} {n:>5}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=os.environ.get("CIVICFLOW_CORPUS", DEFAULT_CORPUS))
    parser.add_argument("--json", help="write every file's report to this file")
    args = parser.parse_args()
    root = Path(args.corpus)
    started = time.monotonic()
    results = run(root)
    print_tables(root, results, time.monotonic() - started)
    if args.json:
        Path(args.json).write_text(json.dumps(
            {rel: r.to_dict() for rel, r in results.items()}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
