"""Statistics and plain-text tables for the bench output."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any


def summary(samples: Sequence[float]) -> dict[str, float]:
    """Median, interquartile range (q1, q3), min and max of `samples` (milliseconds or any unit)."""
    data = sorted(samples)
    if not data:
        return {
            "n": 0,
            "median": float("nan"),
            "q1": float("nan"),
            "q3": float("nan"),
            "min": float("nan"),
            "max": float("nan"),
        }
    if len(data) >= 4:
        q1, _, q3 = statistics.quantiles(data, n=4, method="inclusive")
    else:
        q1, q3 = data[0], data[-1]
    return {
        "n": len(data),
        "median": statistics.median(data),
        "q1": q1,
        "q3": q3,
        "min": data[0],
        "max": data[-1],
    }


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else float("nan")


def ms(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def spread(stats: dict[str, float]) -> str:
    """`median (q1–q3)` in milliseconds."""
    return f"{ms(stats['median'])} ({ms(stats['q1'])}–{ms(stats['q3'])})"


def verdict(value: float, goal: float) -> str:
    if value != value:  # NaN
        return "n/a"
    return "ok" if value <= goal else "OVER"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, indent: str = "  ") -> str:
    """A plain-text table; numbers right-aligned, text left-aligned."""
    cells = [[str(h) for h in headers], *[["" if c is None else str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    numeric = [
        all(_looks_numeric(r[i]) for r in cells[1:] if r[i]) and any(r[i] for r in cells[1:])
        for i in range(len(headers))
    ]

    def line(row: list[str]) -> str:
        parts = [c.rjust(w) if numeric[i] else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        return (indent + "  ".join(parts)).rstrip()

    rule = indent + "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def _looks_numeric(text: str) -> bool:
    stripped = text.replace(",", "").replace("×", "").replace("%", "").replace("$", "").replace("~", "").strip()
    try:
        float(stripped.split(" ")[0])
    except ValueError:
        return False
    return True


def heading(title: str) -> str:
    return f"\n== {title} " + "=" * max(0, 100 - len(title))
