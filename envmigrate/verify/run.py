"""Run the verification of one or more credential sets under one deadline.

Both steps of every set run concurrently; a step still running at the deadline is
cancelled and reported as ``timeout``. This is the only place an event loop is started.

The deadline bounds the whole run, whatever the resolver does: host names are resolved
in daemon threads the process never waits for (``DaemonExecutor``), so a ``getaddrinfo``
that never returns holds neither the verdict nor the exit (nor Ctrl-C).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from envmigrate.credentials import Credentials
from envmigrate.errors import InputError
from envmigrate.i18n import Msg
from envmigrate.verify import proxy, sniff
from envmigrate.verify.body import ACCEPT_ENCODING
from envmigrate.verify.guard import Secrets, guarded
from envmigrate.verify.lean_httpx import httpx
from envmigrate.verify.results import Kind, ProbeFailure, SetResult, StepResult
from envmigrate.verify.retry import Attempts, Deadline, retrying
from envmigrate.verify.stream_probe import UA, handshake, open_connection
from envmigrate.verify.token_probe import request_token

DEFAULT_ENDPOINT = "https://api.dingtalk.com"
ENDPOINT_VARIABLE = "DINGTALK_OPENAPI_ENDPOINT"
#: After the deadline, how long cancelled steps get to unwind before they are abandoned.
CANCEL_GRACE = 0.05
#: What a command keeps of its --timeout for closing the loop and exiting the interpreter.
EXIT_RESERVE = 0.15
T = TypeVar("T")


class DaemonExecutor(concurrent.futures.ThreadPoolExecutor):
    """The event loop's default executor: each call in its own daemon thread.

    asyncio resolves host names with ``getaddrinfo`` in the default executor, and a
    ``ThreadPoolExecutor`` is joined when the loop closes and when the interpreter exits: a
    resolver that never answers would hold the process long after the deadline. These
    threads are never joined; an abandoned lookup ends with the process. (A subclass only
    because asyncio accepts nothing else as the default executor; its pool is never used.)
    """

    def submit(
        self, fn: Callable[..., T], /, *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()

        def work() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # handed to the awaiting coroutine
                future.set_exception(exc)

        threading.Thread(target=work, name="envmigrate-resolve", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to wait for: the threads are daemons and may be abandoned."""


@dataclass(frozen=True)
class Settings:
    """How to verify: where, how long in total, how many retries, which steps."""

    endpoint: str = DEFAULT_ENDPOINT
    timeout: float = 15.0
    retries: int = 2
    stream: bool = True
    #: How long the stream probe waits for a first frame after the upgrade (never required).
    first_frame_wait: float = 0.5
    #: Seconds of ``timeout`` already spent before the run (a command's start-up and exit).
    spent: float = 0.0


def command_overhead(started: float | None) -> float:
    """Seconds a command's deadline must leave for what is not the run: the time since the
    command ``started`` (imports, reading the file) plus ``EXIT_RESERVE`` for the exit."""
    if started is None:
        return 0.0
    return max(0.0, time.monotonic() - started) + EXIT_RESERVE


def resolve_endpoint(explicit: str | None, environ: Mapping[str, str] | None = None) -> str:
    """``--endpoint``, else ``DINGTALK_OPENAPI_ENDPOINT``, else the public API; validated."""
    env = os.environ if environ is None else environ
    url = (explicit or env.get(ENDPOINT_VARIABLE) or DEFAULT_ENDPOINT).strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(Msg("not an http(s) base URL for DingTalk: {url}", url=repr(url)))
    if parts.query or parts.fragment or parts.username or parts.password:
        raise InputError(Msg("the DingTalk base URL must not carry a query, fragment or user"))
    return url


def verify_sets(sets: Sequence[Credentials], settings: Settings) -> tuple[list[SetResult], Secrets]:
    """Verify every (complete) credential set concurrently; return results and the secrets."""
    secrets = Secrets(*(c.client_secret for c in sets))
    proxy.check_environment()
    with guarded(secrets):
        steps = asyncio.run(_run_all(sets, settings, secrets))
    results = [
        SetResult(source=c.source, deprecated=c.deprecated, steps=tuple(s))
        for c, s in zip(sets, steps, strict=True)
    ]
    return results, secrets


async def _run_all(
    sets: Sequence[Credentials], settings: Settings, secrets: Secrets
) -> list[list[StepResult]]:
    deadline = Deadline(settings.timeout, settings.spent)
    asyncio.get_running_loop().set_default_executor(DaemonExecutor())
    headers = {"User-Agent": UA, "Accept": "application/json", "Accept-Encoding": ACCEPT_ENCODING}
    timeout = httpx.Timeout(settings.timeout)
    chosen = proxy.proxy_for(settings.endpoint)
    tls: Any = _tls_context() if _tls_needed(settings.endpoint, chosen) else False
    transport = sniff.install(httpx.AsyncHTTPTransport(proxy=chosen, verify=tls))
    try:
        async with httpx.AsyncClient(
            transport=transport, trust_env=False, headers=headers, timeout=timeout
        ) as client:
            plans = [_plan(client, c, settings, secrets, deadline) for c in sets]
            done = iter(await _bounded([step for plan in plans for step in plan], deadline))
    finally:
        await sniff.close_leftovers(transport)
    return [[next(done) for _ in plan] for plan in plans]


def _tls_needed(base: str, chosen: str | None) -> bool:
    """False only for a plain-http base with no https proxy (loading CAs costs ~40 ms)."""
    return base.startswith("https://") or (chosen or "").lower().startswith("https://")


def _tls_context() -> Any:
    """httpx's context honouring ``SSL_CERT_FILE``/``SSL_CERT_DIR`` (as ``trust_env`` would)."""
    return httpx.create_ssl_context(trust_env=True)


Attempt = Callable[[], Awaitable[str]]


def _plan(
    client: httpx.AsyncClient,
    creds: Credentials,
    settings: Settings,
    secrets: Secrets,
    deadline: Deadline,
) -> list[tuple[str, Attempt, int]]:
    """The steps of one set: (name, one attempt, retries)."""
    cid, secret, base = creds.client_id or "", creds.client_secret or "", settings.endpoint

    async def token() -> str:
        return await request_token(client, base, cid, secret, secrets)

    async def stream() -> str:
        endpoint, ticket = await open_connection(client, base, cid, secret, secrets)
        return await handshake(
            endpoint, ticket, first_frame_wait=settings.first_frame_wait, deadline=deadline
        )

    steps: list[tuple[str, Attempt, int]] = [("token", token, settings.retries)]
    if settings.stream:
        steps.append(("stream", stream, settings.retries))
    return steps


async def _bounded(steps: list[tuple[str, Attempt, int]], deadline: Deadline) -> list[StepResult]:
    """Run every step as a task; at the deadline cancel what is left (reported as timeout)."""
    counters = [Attempts() for _ in steps]
    tasks = [
        asyncio.create_task(_timed(step, deadline, counter))
        for step, counter in zip(steps, counters, strict=True)
    ]
    _, pending = await asyncio.wait(tasks, timeout=deadline.remaining())
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=CANCEL_GRACE)
    return [
        task.result() if task.done() and not task.cancelled() else _late(name, deadline, counter)
        for task, (name, _, _), counter in zip(tasks, steps, counters, strict=True)
    ]


async def _timed(
    step: tuple[str, Attempt, int], deadline: Deadline, attempts: Attempts
) -> StepResult:
    name, attempt, retries = step
    try:
        detail = await retrying(attempt, deadline=deadline, retries=retries, counter=attempts)
    except ProbeFailure as failure:
        return StepResult(name, deadline.elapsed_ms(), attempts.count, failure=failure)
    except (OSError, ValueError, RuntimeError) as exc:  # anything the edge did not map
        odd = ProbeFailure(
            Kind.PROTOCOL_ERROR, Msg("unexpected failure ({name})", name=type(exc).__name__)
        )
        return StepResult(name, deadline.elapsed_ms(), attempts.count, failure=odd)
    return StepResult(name, deadline.elapsed_ms(), attempts.count, detail)


def _late(name: str, deadline: Deadline, attempts: Attempts) -> StepResult:
    failure = ProbeFailure(
        Kind.TIMEOUT, Msg("no answer within {seconds} s", seconds=f"{deadline.seconds:g}")
    )
    return StepResult(name, deadline.elapsed_ms(), max(1, attempts.count), failure=failure)
