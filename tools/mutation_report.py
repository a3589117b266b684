"""The mutation score of a cosmic-ray session, per module: `make mutation` ends with it.

Usage: python -m tools.mutation_report build/mutation.sqlite [--fail-under 90] [--survivors]

For each mutated module: mutants killed (a test failed, or the run timed out), survived (every test passed),
equivalent (marked `# pragma: no mutate` on their line, so not run: they cannot change behaviour, and the README
lists them), and any the tests could not run against (incompetent) or not yet run (pending). The score is killed
out of the mutants that can change behaviour (all but the equivalent ones); it exits with 1 when a module scores
under `--fail-under`, or when a mutant is still pending or could not be run, since then the score is not known.
cosmic-ray's own `cr-rate` counts the skipped, equivalent mutants as killed: this report keeps them apart.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import pathlib
import sys

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult


def outcome(result: WorkResult | None) -> str:
    """killed, survived, equivalent, incompetent or pending."""
    if result is None:
        return "pending"
    if result.worker_outcome == WorkerOutcome.SKIPPED:
        return "equivalent"
    test_outcome = result.test_outcome
    if test_outcome == TestOutcome.KILLED:
        return "killed"
    if test_outcome == TestOutcome.SURVIVED:
        return "survived"
    return "incompetent"


def changed_line(diff: str | None) -> str:
    """The mutated line, as the mutant has it (from the diff cosmic-ray recorded)."""
    added = [
        line[1:].strip() for line in (diff or "").splitlines() if line.startswith("+") and not line.startswith("+++")
    ]
    return " / ".join(added) or "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("session", type=pathlib.Path)
    parser.add_argument("--fail-under", type=float, default=None, help="percent of mutants killed, per module")
    parser.add_argument("--survivors", action="store_true", help="list each surviving mutant")
    args = parser.parse_args(argv)

    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    survivors = []
    with use_db(str(args.session), WorkDB.Mode.open) as db:
        done = {item.job_id: result for item, result in db.completed_work_items}
        for item in db.work_items:
            result = done.get(item.job_id)
            kind = outcome(result)
            for mutation in item.mutations:
                module = pathlib.Path(mutation.module_path).as_posix()
                counts[module][kind] += 1
                if kind == "survived" and result is not None:
                    line = mutation.start_pos[0]
                    survivors.append(
                        f"{module}:{line} {mutation.operator_name} #{mutation.occurrence}: {changed_line(result.diff)}"
                    )

    reasons = []
    print(f"mutation score on {dt.date.today().isoformat()} (killed / mutants that can change behaviour):")
    for module, count in sorted(counts.items()):
        live = sum(count.values()) - count["equivalent"]
        score = 100.0 * count["killed"] / live if live else 100.0
        print(
            f"  {module}: {count['killed']}/{live} killed = {score:.1f}%"
            f" (survived {count['survived']}, equivalent and skipped {count['equivalent']},"
            f" incompetent {count['incompetent']}, pending {count['pending']})"
        )
        if count["pending"] or count["incompetent"]:
            reasons.append(f"{module}: some mutants were not run")
        if args.fail_under is not None and score < args.fail_under:
            reasons.append(f"{module}: under {args.fail_under:g}% of mutants killed")
    if args.survivors and survivors:
        print("survivors:")
        for survivor in survivors:
            print(f"  {survivor}")
    for reason in reasons:
        print(f"FAILED: {reason}", file=sys.stderr)
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())
