"""Rendering throughput: prep digests and thank-you drafts rendered per second, for the example interviews.

Pure CPU in this process (templates compiled and the playbook loaded by a first, untimed render): what one warm
deliver invocation spends on the email itself. The examples are `interview_prep.domain.examples` (dated from its `NOW`).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from bench.report import table


def _rate(action: Callable[[], Any], seconds: float) -> tuple[float, float]:
    """(renders per second, ms per render): repeat `action` for about `seconds`, after one untimed call."""
    action()
    count, start = 0, time.perf_counter()
    deadline = start + seconds
    while True:
        action()
        count += 1
        now = time.perf_counter()
        if now >= deadline:
            break
    elapsed = now - start
    return count / elapsed, elapsed * 1000 / count


def run(seconds: float = 0.4, progress: Any = print) -> dict[str, Any]:
    from interview_prep.domain.calendar import ics_attachment
    from interview_prep.domain.digest import render_digest
    from interview_prep.domain.drafts import build_drafts, render_thank_you
    from interview_prep.domain.examples import MANAGE_URL, NOW, UNSUBSCRIBE_URL, example_interviews
    from interview_prep.domain.mail import Links

    links = Links(manage_url=MANAGE_URL, unsubscribe_url=UNSUBSCRIBE_URL)
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for slug, _, interview in example_interviews(NOW):
        digest_rate, digest_ms = _rate(functools.partial(render_digest, interview, links, NOW), seconds)
        drafts_rate, drafts_ms = _rate(lambda i=interview: render_thank_you(i, build_drafts(i), links), seconds)  # type: ignore[misc]
        ics_rate, ics_ms = _rate(functools.partial(ics_attachment, interview), seconds / 2)
        html = render_digest(interview, links, NOW).html
        rows.append(
            {
                "example": slug,
                "digest_per_s": digest_rate,
                "digest_ms": digest_ms,
                "digest_html_bytes": len(html.encode()),
                "drafts": len(build_drafts(interview)),
                "thank_you_per_s": drafts_rate,
                "thank_you_ms": drafts_ms,
                "ics_per_s": ics_rate,
                "ics_ms": ics_ms,
            }
        )
    progress(f"  rendering: {len(rows)} examples ({time.perf_counter() - started:.0f} s)")
    mean = {
        k: sum(r[k] for r in rows) / len(rows)
        for k in ("digest_per_s", "digest_ms", "thank_you_per_s", "thank_you_ms", "ics_per_s", "ics_ms")
    }
    return {"seconds_per_measure": seconds, "rows": rows, "mean": mean}


def render(results: dict[str, Any]) -> str:
    rows = [
        (
            r["example"],
            f"{r['digest_per_s']:,.0f}",
            f"{r['digest_ms']:.2f}",
            f"{r['digest_html_bytes'] / 1024:.1f}",
            r["drafts"],
            f"{r['thank_you_per_s']:,.0f}",
            f"{r['thank_you_ms']:.2f}",
            f"{r['ics_per_s']:,.0f}",
        )
        for r in results["rows"]
    ]
    m = results["mean"]
    rows.append(
        (
            "mean",
            f"{m['digest_per_s']:,.0f}",
            f"{m['digest_ms']:.2f}",
            "",
            "",
            f"{m['thank_you_per_s']:,.0f}",
            f"{m['thank_you_ms']:.2f}",
            f"{m['ics_per_s']:,.0f}",
        )
    )
    return (
        table(("example", "digests/s", "ms each", "HTML KB", "drafts", "thank-you emails/s", "ms each", ".ics/s"), rows)
        + "\n\n  one core, warm (templates compiled, playbook loaded); a thank-you email = build_drafts + render_thank_you"
    )
