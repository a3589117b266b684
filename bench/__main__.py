"""`make bench` (`python -m bench`): measure, print the tables with their ratios, write bench/results/latest.json.

    python -m bench                     # everything (a few minutes)
    python -m bench --quick             # fewer runs, for a first look
    python -m bench --only calls,cost   # some sections: coldstart, calls, warm, rendering, size, cost
    python -m bench --build             # run `make build` first when .aws-sam/build is missing (size, cold as deployed)

Benchmarks, not tests: a figure over its goal is printed as OVER and never fails the command; a section that
crashes is reported, the others still run, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import platform
import subprocess
import sys
import time
import traceback
import warnings
from typing import Any

from bench.report import heading, table

RESULTS = pathlib.Path(__file__).resolve().parent / "results"
SECTIONS = ("coldstart", "calls", "warm", "rendering", "size", "cost")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    """Where and when: the figures mean little without it."""
    cpu = ""
    with_cpuinfo = pathlib.Path("/proc/cpuinfo")
    if with_cpuinfo.exists():
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in with_cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    root = pathlib.Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=False
            ).stdout.strip()
        except OSError:
            return ""

    versions: dict[str, str | None] = {}
    from importlib.metadata import PackageNotFoundError, version

    for name in (
        "boto3",
        "botocore",
        "aws-lambda-powertools",
        "pydantic",
        "pydantic-core",
        "jinja2",
        "icalendar",
        "moto",
    ):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "git_commit": git("rev-parse", "--short", "HEAD"),
        "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "versions": versions,
    }


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections ({', '.join(SECTIONS)})")
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs and iterations (a rough look in well under a minute)"
    )
    parser.add_argument("--runs", type=int, default=None, help="cold-start runs per scenario (default 11; quick 4)")
    parser.add_argument(
        "--deployed-runs", type=int, default=None, help="cold-start runs as deployed (default 3; quick 2)"
    )
    parser.add_argument("--iterations", type=int, default=None, help="warm runs per operation (default 40; quick 10)")
    parser.add_argument(
        "--instructions",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="count cold-start instructions with callgrind (default on; off with --quick)",
    )
    parser.add_argument("--build", action="store_true", help="run `make build` when .aws-sam/build is missing")
    parser.add_argument("--out", default=str(RESULTS / "latest.json"), help="where to write the JSON ('-' for nowhere)")
    args = parser.parse_args(argv)
    args.sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    args.runs = args.runs if args.runs is not None else (4 if args.quick else 11)
    args.deployed_runs = args.deployed_runs if args.deployed_runs is not None else (2 if args.quick else 3)
    args.iterations = args.iterations if args.iterations is not None else (10 if args.quick else 40)
    args.instructions = args.instructions if args.instructions is not None else not args.quick
    return args


def cold_durations(cold: dict[str, Any] | None) -> dict[str, float]:
    """Per function, the median INIT + first response of its main scenario (as deployed when measured)."""
    if not cold:
        return {}
    main = {
        "api": "api: GET /v1/interviews/{id}",
        "on_interview_change": "on_interview_change: INSERT",
        "deliver": "deliver: digest sent",
    }
    out = {}
    for function, scenario in main.items():
        rows = [r for r in cold["rows"] if r["scenario"] == scenario and r["total_ms"]["n"]]
        row = next((r for r in rows if r["kind"] == "deployed"), None) or next(
            (r for r in rows if r["kind"] == "function"), None
        )
        if row:
            out[function] = row["total_ms"]["median"]
    return out


def summary_rows(results: dict[str, Any]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    cold = results.get("coldstart")
    if cold:
        from bench.coldstart import goal_verdict

        for row in cold["rows"]:
            if row["kind"] == "function":
                goal = cold["goal_ratio"]
                instructions = row.get("ratio_instructions")
                rows.append(
                    (
                        "cold start",
                        row["scenario"],
                        f"{row['ratio_cpu']:.2f}× CPU"
                        + (f", {instructions:.2f}× instr." if instructions else "")
                        + f" ({row['ratio_total']:.2f}× wall)",
                        f"≤ {goal}×",
                        goal_verdict(row, goal, cold.get("stretch_ratio", 1.2)),
                    )
                )
        for row in cold["rows"]:
            if row["kind"] in ("deployed", "deployed_pyc"):
                rows.append(
                    (
                        "cold start as deployed" + (" + compileall" if row["kind"] == "deployed_pyc" else ""),
                        row["scenario"],
                        f"{row['ratio_cpu']:.2f}× CPU ({row['ratio_total']:.2f}× wall)",
                        "(no .pyc)" if row["kind"] == "deployed" else "(.pyc)",
                        "",
                    )
                )
    warm = results.get("warm")
    if warm:
        for row in warm["rows"]:
            goal = warm["goal_ratio"]
            rows.append(
                (
                    "warm overhead",
                    row["operation"],
                    f"{row['ratio']:.2f}×",
                    f"≤ {goal}×",
                    "ok" if row["ratio"] <= goal else "OVER",
                )
            )
    calls = results.get("calls")
    if calls:
        total = sum(calls["totals"].values())
        minimum = sum(calls["minimum_totals"].values())
        rows.append(
            (
                "AWS calls per lifecycle",
                f"{total} (minimum {minimum})",
                f"{total / minimum:.2f}×",
                "= documented",
                "ok" if not calls["mismatches"] else "CHANGED",
            )
        )
        rows.append(("Scan calls", calls["scans"], "", "0", "ok" if calls["scans"] == 0 else "FAIL"))
    cost = results.get("cost")
    if cost:
        rows.append(("cost per 1,000 interviews", "warm", f"${cost['warm']['total']:.3f}", "", ""))
        if cost.get("cold"):
            rows.append(("cost per 1,000 interviews", "every invocation cold", f"${cost['cold']['total']:.3f}", "", ""))
    size = results.get("size")
    if size and size.get("built"):
        worst = max(size["functions"].values(), key=lambda f: f["with_layer_bytes"])
        rows.append(
            (
                "size (function + layer)",
                worst["logical_id"],
                f"{worst['with_layer_bytes'] / 2**20:.1f} MB",
                "≤ 250 MB",
                "ok" if worst["share_of_limit"] <= 1 else "OVER",
            )
        )
    elif size:
        rows.append(("size", "not built", "", "make build", ""))
    rendering = results.get("rendering")
    if rendering:
        m = rendering["mean"]
        rows.append(("rendering", "digests per second", f"{m['digest_per_s']:,.0f}", "", ""))
        rows.append(("rendering", "thank-you emails per second", f"{m['thank_you_per_s']:,.0f}", "", ""))
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    results: dict[str, Any] = {"meta": machine()}
    meta = results["meta"]
    print(
        f"Interview Prep bench — {meta['date']} — {meta['machine']}, {meta['cpus']} CPUs ({meta['cpu_model'] or 'unknown CPU'}), "
        f"Python {meta['python']}, commit {meta['git_commit']}{' (dirty)' if meta['git_dirty'] else ''}, "
        f"load average {meta['load_average_at_start']}"
    )
    failed: list[str] = []
    started = time.perf_counter()
    lifecycle_warm: dict[str, Any] | None = None

    def section(name: str, title: str, body: Any) -> None:
        if name not in args.sections:
            return
        print(heading(title), flush=True)
        try:
            text = body()
        except Exception:  # one broken section must not hide the others
            failed.append(name)
            text = "  ! this section failed:\n" + "".join(
                "    " + line for line in traceback.format_exc().splitlines(True)
            )
        print(text, flush=True)

    def coldstart() -> str:
        from bench import coldstart as cs

        results["coldstart"] = cs.run(
            runs=args.runs, deployed_runs=args.deployed_runs, progress=progress, instructions=args.instructions
        )
        return cs.render(results["coldstart"])

    def calls() -> str:
        nonlocal lifecycle_warm
        from bench import calls as c

        first = c.run_lifecycle()
        second = c.run_lifecycle()  # the same lifecycle again, warm: its durations are the cost's warm ones
        results["calls"] = first.as_dict()
        lifecycle_warm = second.as_dict()
        results["calls"]["warm_invocation_ms"] = lifecycle_warm["invocation_ms"]
        if second.counts() != first.counts():
            results["calls"]["mismatches"].append(f"a second lifecycle counted {second.counts()}")
        return c.render(first)

    def warm() -> str:
        from bench import warm as w

        results["warm"] = w.run(iterations=args.iterations, progress=progress)
        return w.render(results["warm"])

    def rendering() -> str:
        from bench import rendering as r

        results["rendering"] = r.run(seconds=0.15 if args.quick else 0.4, progress=progress)
        return r.render(results["rendering"])

    def size() -> str:
        from bench import size as s

        results["size"] = s.run(build_if_missing=args.build, progress=progress)
        return s.render(results["size"])

    def cost() -> str:
        from bench import calls as c
        from bench import cost as k

        counted = results.get("calls") or c.run_lifecycle().as_dict()
        memory = k.memory_from_template()
        warm_ms = counted.get("warm_invocation_ms") or counted["invocation_ms"]
        usage = k.Usage.from_lifecycle(counted, memory, warm_ms)
        estimate_warm = k.estimate(usage)
        cold_ms = cold_durations(results.get("coldstart"))
        estimate_cold = None
        if cold_ms:
            cold_usage = k.Usage.from_lifecycle(
                counted, memory, {f: [cold_ms.get(f, max(d, default=0.0))] * len(d) for f, d in warm_ms.items()}
            )
            estimate_cold = k.estimate(cold_usage)
        results["cost"] = {
            "warm": estimate_warm,
            "cold": estimate_cold,
            "assumptions": list(k.ASSUMPTIONS),
            "prices": k.PRICES,
            "prices_as_of": k.PRICES_AS_OF,
            "memory_mb": memory,
        }
        return k.render(estimate_warm, estimate_cold, usage)

    section(
        "coldstart", "1. cold start: import + first response, fresh interpreter, vs a bare boto3 handler", coldstart
    )
    section("calls", "3. AWS calls over one interview lifecycle (counted with botocore events) vs the minimum", calls)
    section("warm", "2. warm overhead: through the handler vs the same AWS calls made directly (in-process moto)", warm)
    section("rendering", "6. rendering throughput", rendering)
    section("size", "5. size after `sam build` vs Lambda's limits", size)
    section("cost", "4. cost of 1,000 interviews at AWS list prices", cost)

    results["meta"]["duration_s"] = round(time.perf_counter() - started, 1)
    results["meta"]["load_average_at_end"] = (
        [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    )
    results["meta"]["sections"] = args.sections
    results["meta"]["quick"] = args.quick
    results["meta"]["failed_sections"] = failed
    print(heading("summary"))
    summary = summary_rows(results)
    results["summary"] = [
        dict(zip(("measure", "what", "figure", "goal", "verdict"), row, strict=True)) for row in summary
    ]
    print(table(("measure", "what", "figure", "goal", ""), summary))
    print(
        f"\n  {results['meta']['duration_s']:.0f} s; load average at the end {results['meta']['load_average_at_end']}"
        " (other work on the machine widens the spreads; ratios are measured interleaved)"
    )
    if args.out != "-":
        out = pathlib.Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp")
        tmp.write_text(json.dumps(results, indent=1, default=str, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(out)
        print(
            f"  results written to {out.relative_to(pathlib.Path.cwd()) if out.is_relative_to(pathlib.Path.cwd()) else out}"
        )
    if failed:
        print(f"  ! sections that failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
