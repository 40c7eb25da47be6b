"""Server throughput and latency on the production profile, against hello world.

Both run under gunicorn with deploy/gunicorn.conf.py on this machine, in the same run:
the portal on PostgreSQL and Redis, and a Flask app that only answers "Hello, World!"
(the most any Flask app can do here). The load comes from a second process on
loopback: wrk (50 connections, compressed responses accepted, as a browser would) for
pages that are read, and Locust for sending a report of concern (50 users walking the
whole form). Hello world is measured first and last, so drift shows.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.bench.servers import BIN, hello_world, production_portal
from tests.support.http import Visitor

HERE = Path(__file__).resolve().parent
CONNECTIONS = 50
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WORDS = re.compile(r'<p class="passphrase" lang="(?:da|en)" dir="ltr">([a-z ]+)</p>')
ASK = [
    ("are-you-safe", {"safe": "yes"}),
    ("about", {"topics": "home"}),
    ("your-message", {"message": "Min far råber hele tiden."}),
    ("answer", {"wants_answer": "yes"}),
    ("age", {"age_band": "10-13"}),
    ("who-you-are", {"identity": "anonymous"}),
]


@dataclass(frozen=True)
class Result:
    name: str
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int


def open_conversation(base: str) -> str:
    """Write to the municipality as a child, come back with the six words: the cookie."""
    child = Visitor(base)
    for slug, data in ASK:
        child.send(f"/ask-for-help/{slug}", data)
    child.send("/ask-for-help/check-answers", {})
    words = WORDS.search(child.get("/ask-for-help/sent"))
    assert words is not None
    later = Visitor(base)
    later.send("/conversation", {"passphrase": words.group(1)})
    assert "<h1" in later.get("/conversation/messages")
    return later.cookie_header()


def wrk(name: str, url: str, cookie: str = "") -> Result:
    headers = ["-H", "Accept-Encoding: br, gzip"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    done = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--timeout",
            "10s",
            *headers,
            "-s",
            str(HERE / "wrk-report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return Result(
        name,
        figures["requests"] / (figures["duration_us"] / 1e6),
        figures["p50_us"] / 1000,
        figures["p95_us"] / 1000,
        figures["p99_us"] / 1000,
        figures["socket_errors"] + figures["non_2xx_3xx"],
    )


def locust(base: str, pause: str, folder: Path) -> dict[str, Result]:
    """Run tests/bench/locustfile.py with CONNECTIONS users; results by request name."""
    prefix = folder / f"locust-{pause}"
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "-u",
            str(CONNECTIONS),
            "-r",
            str(CONNECTIONS),
            "--run-time",
            f"{SECONDS * 3}s",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
        ],
        env={**os.environ, "BENCH_PAUSE": pause, "PYTHONPATH": str(HERE.parents[1])},
        capture_output=True,
        check=False,  # locust exits 1 when any request failed; the table shows failures
    )
    results = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Name"] == "Aggregated":
                continue
            results[row["Name"]] = Result(
                row["Name"],
                float(row["Requests/s"]),
                float(row["50%"]),
                float(row["95%"]),
                float(row["99%"]),
                int(row["Failure Count"]),
            )
    return results


def _row(result: Result, ceiling: float | None) -> str:
    ratio = f"{result.rps / ceiling:.0%}" if ceiling else ""
    return (
        f"| {result.name} | {result.rps:,.0f} | {ratio} | {result.p50:.1f} | "
        f"{result.p95:.1f} | {result.p99:.1f} | {result.errors} |"
    )


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def run() -> str:
    if shutil.which("wrk") is None:
        return "## Server throughput\n\nwrk is not installed (`make bench` installs it)."
    with tempfile.TemporaryDirectory() as tmp, production_portal(Path(tmp)) as portal:
        cookie = open_conversation(portal.url)
        with hello_world(portal.env) as hello:
            before = wrk("hello world (first)", hello.url + "/")
            pages = [
                wrk("front door `/`", portal.url + "/"),
                wrk("rights page", portal.url + "/rights/10-13/be-heard"),
                wrk("form step", portal.url + "/ask-for-help/are-you-safe"),
                wrk("conversation read", portal.url + "/conversation/messages", cookie),
            ]
            after = wrk("hello world (last)", hello.url + "/")
        ceiling = (before.rps + after.rps) / 2
        paced = locust(portal.url, "0.5-1.5", Path(tmp))
        flat_out = locust(portal.url, "0", Path(tmp))
    workers = os.environ.get("WEB_WORKERS") or f"{(os.cpu_count() or 1) + 1}"
    threads = os.environ.get("WEB_THREADS") or "4"
    lines = [
        "## Server throughput and latency",
        "",
        f"gunicorn gthread, {workers} processes x {threads} threads, PostgreSQL, Redis; "
        f"{os.cpu_count()} cores shared with the load generator. wrk: {CONNECTIONS} "
        f"connections for {SECONDS} s each, `Accept-Encoding: br, gzip`.",
        "",
        "| page | requests/s | of hello world | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        _row(before, None),
        *(_row(page, ceiling) for page in pages),
        _row(after, None),
        "",
        f"Sending a report of concern (Locust, {CONNECTIONS} users walking all 7 steps, "
        f"{SECONDS * 3} s). *Paced*: 0.5-1.5 s between pages, as a quick typist; "
        "*flat out*: no pause (saturation).",
        "",
        "| request | pace | requests/s | p50 ms | p95 ms | p99 ms | failures |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, results in (("paced", paced), ("flat out", flat_out)):
        for name in ("step page", "step answer", "check answers page", "send", "receipt page"):
            if name in results:
                r = results[name]
                lines.append(
                    f"| {name} | {label} | {r.rps:,.1f} | {r.p50:.0f} | {r.p95:.0f} | "
                    f"{r.p99:.0f} | {r.errors} |"
                )
    front, rights = pages[0], pages[1]
    send = paced.get("send")
    lines += [
        "",
        "Targets:",
        f"- front door at least 70% of hello world: {_met(front.rps >= 0.7 * ceiling)} "
        f"({front.rps / ceiling:.0%})",
        f"- rights page at least 70% of hello world: {_met(rights.rps >= 0.7 * ceiling)} "
        f"({rights.rps / ceiling:.0%})",
        (
            f"- form submission p99 under 100 ms at {CONNECTIONS} concurrent users: "
            f"{_met(send.p99 < 100)} ({send.p99:.0f} ms paced; "
            f"{flat_out['send'].p99:.0f} ms flat out)"
            if send and "send" in flat_out
            else "- form submission: no result (see Locust's output)"
        ),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(run() + "\n")
