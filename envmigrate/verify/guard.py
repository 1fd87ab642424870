"""Keep secrets out of log records, including the ones httpx and websockets write.

URLs of the WebSocket handshake carry the ticket, and a user may run envmigrate with
debug logging switched on. While a verification runs, a filter on every logger the
network libraries (and the stand-in) use replaces each known secret with ``****``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from envmigrate.redact import scrub

#: Loggers that records are created on during a verification (filters do not inherit).
WATCHED = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "websockets",
    "websockets.client",
    "websockets.server",
    "asyncio",
    "envmigrate.verify",
    "envmigrate.verify.websocket",
)
#: The logger handed to websockets for the probe's connection.
WS_LOGGER = "envmigrate.verify.websocket"


class Secrets:
    """The secrets of a run: the client secrets, then each token and ticket as it arrives."""

    def __init__(self, *values: str | None) -> None:
        self.values: set[str] = {v for v in values if v}

    def add(self, value: str | None) -> None:
        if value:
            self.values.add(value)

    def scrub(self, text: str) -> str:
        return scrub(text, self.values)


class ScrubFilter(logging.Filter):
    """Rewrites a record's message (and traceback text) with the secrets masked."""

    def __init__(self, secrets: Secrets) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep nothing of it
            message = str(record.msg)
        record.msg, record.args = self.secrets.scrub(message), None
        if record.exc_info:
            text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_text = self.secrets.scrub(text)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = self.secrets.scrub(record.stack_info)
        return True


@contextmanager
def guarded(secrets: Secrets) -> Iterator[None]:
    """Install the scrubbing filter on the watched loggers for the duration of a run."""
    flt = ScrubFilter(secrets)
    loggers = [logging.getLogger(name) for name in WATCHED]
    for logger in loggers:
        logger.addFilter(flt)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(flt)
