"""One deadline for a whole verification, and retries with capped exponential backoff."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from envmigrate.verify.results import TRANSIENT, ProbeFailure

T = TypeVar("T")
#: First backoff delay and its cap, in seconds (full jitter between half and all of it).
BACKOFF_BASE = 0.2
BACKOFF_CAP = 2.0


class Deadline:
    """A point in time every step, attempt and backoff sleep of a run must finish by."""

    def __init__(self, seconds: float, spent: float = 0.0) -> None:
        """``spent``: seconds of ``seconds`` already used up before this run began."""
        self.seconds = seconds
        self.start = time.monotonic()
        self.at = self.start + seconds - spent

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def elapsed_ms(self) -> int:
        return round((time.monotonic() - self.start) * 1000)


def backoff(attempt: int, rng: random.Random, retry_after: float | None = None) -> float:
    """Delay before attempt ``attempt + 1``: capped exponential with jitter, or Retry-After."""
    delay: float = min(BACKOFF_CAP, BACKOFF_BASE * 2.0 ** (attempt - 1))
    delay *= rng.uniform(0.5, 1.0)
    return max(delay, retry_after or 0.0)


class Attempts:
    """Counts attempts so a step can report them even when it fails."""

    def __init__(self) -> None:
        self.count = 0


async def retrying(
    attempt: Callable[[], Awaitable[T]],
    *,
    deadline: Deadline,
    retries: int,
    counter: Attempts,
    rng: random.Random | None = None,
) -> T:
    """Run ``attempt`` until it succeeds, fails for good, or the next wait would pass the deadline.

    Only transient failures (connect errors, 5xx, 429) are retried; a rejection never is.
    """
    rng = rng or random.Random()
    while True:
        counter.count += 1
        try:
            return await attempt()
        except ProbeFailure as failure:
            if failure.kind not in TRANSIENT or counter.count > retries:
                raise
            delay = backoff(counter.count, rng, failure.retry_after)
            if delay >= deadline.remaining():
                raise
            await asyncio.sleep(delay)
