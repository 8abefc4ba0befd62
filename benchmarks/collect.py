"""Load on the form server: 2 000 LSQ-5 responses from 50 concurrent clients to ``research serve`` on loopback
(issue 18, point 6).

    python benchmarks/collect.py [--responses 2000] [--clients 50] [--time-limit 600] [--seed 20261206]

The job: a fresh SQLite study store in a temporary folder with the LSQ-5 questionnaire and one web wave (one
submission per browser), ``research serve --port 0 --rate-limit 0`` started on it as a subprocess (the rate
limit is per client address and every client here is 127.0.0.1, so it is switched off; everything else —
CSRF, signed start time, validation, the store's transaction — is as in production).  50 asyncio clients
(httpx) share the responses: for each one a client starts as a new browser (empty cookie jar), GETs the form,
reads its CSRF and start fields, POSTs a complete answer set (random, fixed seed) and expects the 303 to the
thank-you page.  Bounded: exactly ``--responses`` submissions, and the run is abandoned after ``--time-limit``
seconds.  Then the store is read back: every acknowledged submission must be there exactly once with the
answers sent.  Prints the machine and its load, throughput, and p50/p95/p99/max latency of the form GET and of
the submission POST.  Asserts nothing about time.
"""
from __future__ import annotations

import argparse
import asyncio
import html
import os
import platform
import random
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from common import ROOT

_HIDDEN = re.compile(r'<input type="hidden" name="(_\w+)" value="([^"]*)">')


def load() -> str:
    avg = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return f"{avg[0]:.2f} {avg[1]:.2f} {avg[2]:.2f}"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def start_server(database: str, folder: Path) -> tuple[subprocess.Popen, str]:
    log = open(folder / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "research.cli", "--lang", "en", "serve", "--database", database,
                             "--port", "0", "--rate-limit", "0"], cwd=ROOT, stdout=subprocess.PIPE, stderr=log)
    printed, deadline = b"", time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if select.select([proc.stdout], [], [], 0.5)[0]:
            printed += os.read(proc.stdout.fileno(), 4096)
            found = re.search(rb"http://127\.0\.0\.1:\d+", printed)
            if found:
                return proc, found.group(0).decode()
    proc.kill()
    raise SystemExit(f"research serve did not start: {printed!r} {(folder / 'serve.log').read_text()[-1000:]}")


def answer_sets(q, n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        answers = {}
        for question in q.questions:
            if hasattr(question, "expected"):
                answers[question.id] = question.expected
            elif hasattr(question, "scale"):
                answers[question.id] = rng.randint(1, question.scale.points)
            else:
                answers[question.id] = rng.choice(question.options).code
        out.append(answers)
    return out


async def run_clients(url: str, slug: str, answers: list[dict], clients: int) -> dict:
    import httpx

    queue: asyncio.Queue = asyncio.Queue()
    for k, a in enumerate(answers):
        queue.put_nowait((k, a))
    gets, posts, acknowledged, failures = [], [], {}, []

    async def client() -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
            while True:
                try:
                    k, a = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                http.cookies.clear()                               # a new respondent, a new browser
                try:
                    t0 = time.perf_counter()
                    r = await http.get(f"/f/{slug}", params={"lang": "zh-Hans"})
                    gets.append(time.perf_counter() - t0)
                    own = {name: html.unescape(value) for name, value in _HIDDEN.findall(r.text)}
                    body = urlencode([*own.items(), *((qid, str(v)) for qid, v in a.items())])
                    t0 = time.perf_counter()
                    r = await http.post(f"/f/{slug}", content=body,
                                        headers={"content-type": "application/x-www-form-urlencoded"})
                    posts.append(time.perf_counter() - t0)
                except httpx.HTTPError as err:
                    failures.append(f"{k}: {type(err).__name__}")
                    continue
                if r.status_code == 303:
                    acknowledged[http.cookies.get("rid")] = k
                else:
                    failures.append(f"{k}: HTTP {r.status_code}")

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return {"wall": time.perf_counter() - t0, "gets": gets, "posts": posts, "acknowledged": acknowledged,
            "failures": failures}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--responses", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--time-limit", type=float, default=600, help="seconds before the run is abandoned")
    ap.add_argument("--seed", type=int, default=20261206)
    args = ap.parse_args(argv)
    if not 1 <= args.responses <= 100_000 or not 1 <= args.clients <= 500:
        raise SystemExit("--responses 1–100000, --clients 1–500")

    import httpx

    from research.questionnaire import load_questionnaire
    from research.store import open_store

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"httpx {httpx.__version__}; load average {load()}")
    print(f"job: {args.responses} LSQ-5 responses ({len(load_questionnaire('lsq5').questions)} questions each) from "
          f"{args.clients} concurrent clients to research serve on loopback, SQLite store (WAL), one per browser")
    q = load_questionnaire("lsq5")
    answers = answer_sets(q, args.responses, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = f"sqlite:///{folder / 'studies.db'}"
        store = open_store(database)
        study, key = store.create_study("benchmark", (ROOT / "questionnaires" / "lsq5.yaml").read_text("utf-8"))
        wave = store.create_wave(study.id, key, "load")
        proc, url = start_server(database, folder)
        try:
            result = asyncio.run(asyncio.wait_for(run_clients(url, wave.slug, answers, args.clients),
                                                  args.time_limit))
        except asyncio.TimeoutError:
            raise SystemExit(f"abandoned after {args.time_limit:.0f} s") from None
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        rows = store.responses(study.id, key)
        store.close()

    ack = result["acknowledged"]
    exact = len(rows) == len(ack) == rows["respondent"].nunique()
    wrong = 0
    for _, row in rows.iterrows():
        k = ack.get(row["respondent"])
        if k is None or any(int(row[qid]) != v for qid, v in answers[k].items()):
            wrong += 1
    posts, gets = result["posts"], result["gets"]
    print(f"submissions: {len(ack)} acknowledged of {args.responses}, {len(result['failures'])} failed"
          + (f" (first: {', '.join(result['failures'][:3])})" if result["failures"] else ""))
    print(f"store: {len(rows)} rows; every acknowledged submission stored exactly once with its answers: "
          + ("yes" if exact and wrong == 0 else f"NO ({wrong} rows differ or are unknown)"))
    print(f"wall {result['wall']:.2f} s; throughput {len(ack) / result['wall']:.1f} submissions/s "
          f"(each: form GET + POST)")
    for name, values in (("POST /f/{slug} (submit)", posts), ("GET /f/{slug} (form)", gets)):
        if values:
            print(f"  {name:24} p50 {percentile(values, 50) * 1000:7.1f} ms  p95 {percentile(values, 95) * 1000:7.1f}"
                  f" ms  p99 {percentile(values, 99) * 1000:7.1f} ms  max {max(values) * 1000:7.1f} ms  "
                  f"(mean {statistics.mean(values) * 1000:.1f} ms, n = {len(values)})")
    print(f"load average after: {load()}")
    if not exact or wrong or result["failures"]:
        raise SystemExit(1)         # a lost, doubled or altered submission is a failure, whatever the speed


if __name__ == "__main__":
    main()
