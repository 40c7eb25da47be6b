"""Locust users for tests/bench/bench_server.py: professionals reporting a concern.

Each user walks "Report a concern" as a teacher would (every step's page, then its form),
then sends it. Requests are named by what they are, so the report can give the latency
of the submission itself ("send") apart from the steps. BENCH_PAUSE sets the seconds
between pages: "0.5-1.5" is a quick typist pressing on, "0" a closed loop (saturation).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from locust import FastHttpUser, between, constant, task

from tests.report.test_journey import PROFESSIONAL

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
# A teacher's report, as the journey's own tests send it.
STEPS = PROFESSIONAL
JOURNEY = "/report-a-concern"


def _pause() -> Callable[..., float]:
    spec = os.environ.get("BENCH_PAUSE", "0.5-1.5")
    if "-" in spec:
        low, high = (float(x) for x in spec.split("-"))
        return between(low, high)
    return constant(float(spec))


class Reporter(FastHttpUser):
    wait_time = _pause()

    def _token(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as response:
            found = TOKEN.search(response.text or "")
            if response.status_code != 200 or not found:
                response.failure(f"{path}: {response.status_code}, no form")
                return ""
            return found.group(1)

    def _post(self, path: str, data: dict[str, Any], token: str, name: str, expect: str) -> bool:
        with self.client.post(
            path,
            data={**data, "csrf_token": token},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            where = response.headers.get("Location", "")
            if response.status_code not in {302, 303} or expect not in where:
                response.failure(f"{path}: {response.status_code} to {where!r}")
                return False
            return True

    @task
    def report(self) -> None:
        for slug, data in STEPS:
            token = self._token(f"{JOURNEY}/{slug}", "step page")
            self.wait()  # type: ignore[no-untyped-call]
            answered = token and self._post(
                f"{JOURNEY}/{slug}", data, token, "step answer", JOURNEY
            )
            if not answered:
                return
        token = self._token(f"{JOURNEY}/check-answers", "check answers page")
        self.wait()  # type: ignore[no-untyped-call]
        if token and self._post(f"{JOURNEY}/check-answers", {}, token, "send", "/sent"):
            self.client.get(f"{JOURNEY}/sent", name="receipt page")
            # A new report starts with a new visit, as the next teacher would.
            self.client.cookiejar.clear()
