"""Records of a verification: classifications with hints, step results, per-set outcome.

Nothing here talks to the network; every string that leaves this module has been scrubbed
of the secrets a run learned (client secret, access token, ticket). Text that may come from
the server (DingTalk's ``code`` and ``requestid``, and the step detail) is made safe here,
once, with ``redact.untrusted``: every renderer (text, JSON, GitHub annotations) gets it
escaped, length-capped and with any 6+ character piece of a secret masked.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from envmigrate.errors import ExitCode
from envmigrate.i18n import N_
from envmigrate.redact import scrub, untrusted


class Kind(enum.StrEnum):
    """Why a verification step failed."""

    CREDENTIALS_REJECTED = "credentials_rejected"
    TICKET_REJECTED = "ticket_rejected"
    NETWORK_UNREACHABLE = "network_unreachable"
    DNS_ERROR = "dns_error"
    TLS_ERROR = "tls_error"
    TIMEOUT = "timeout"
    RATE_LIMITED = "rate_limited"
    SERVICE_ERROR = "service_error"
    PROTOCOL_ERROR = "protocol_error"


HINTS: dict[Kind, str] = {
    Kind.CREDENTIALS_REJECTED: N_(
        "DingTalk refused the client id/secret: copy both again from "
        "the developer console (App Credentials) and check they belong to the same app."
    ),
    Kind.TICKET_REJECTED: N_(
        "The Stream gateway refused the connection ticket: check that Stream "
        "mode is enabled for the app, then retry."
    ),
    Kind.NETWORK_UNREACHABLE: N_(
        "Could not reach DingTalk: check the network, firewall and "
        "proxy variables (HTTPS_PROXY, NO_PROXY)."
    ),
    Kind.DNS_ERROR: N_("The DingTalk host name did not resolve: check DNS and the endpoint URL."),
    Kind.TLS_ERROR: N_(
        "The TLS handshake failed: a proxy may intercept HTTPS; check its CA "
        "(SSL_CERT_FILE) or the endpoint URL."
    ),
    Kind.TIMEOUT: N_("No answer before the deadline: retry, or raise --timeout."),
    Kind.RATE_LIMITED: N_("DingTalk is rate limiting these requests: wait a minute and retry."),
    Kind.SERVICE_ERROR: N_(
        "DingTalk (or a proxy in between) answered with a server error: retry later."
    ),
    Kind.PROTOCOL_ERROR: N_(
        "The answer was not what DingTalk sends: check --endpoint / "
        "DINGTALK_OPENAPI_ENDPOINT and any proxy in between."
    ),
}
#: Failures that say the credentials are wrong (exit 1); everything else is inconclusive (3).
REJECTIONS = frozenset({Kind.CREDENTIALS_REJECTED, Kind.TICKET_REJECTED})
#: Failures worth another attempt (never a rejection).
TRANSIENT = frozenset({Kind.NETWORK_UNREACHABLE, Kind.SERVICE_ERROR, Kind.RATE_LIMITED})


class ProbeFailure(Exception):
    """A classified failure of one attempt; its text never contains a secret."""

    def __init__(
        self,
        kind: Kind,
        detail: str,
        *,
        status: int | None = None,
        code: str | None = None,
        requestid: str | None = None,
        retry_after: float | None = None,
        message: str | None = None,
    ) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.status = status
        self.code = code
        self.requestid = requestid
        self.retry_after = retry_after
        #: DingTalk's own explanation (``message`` of its JSON error): server text, untrusted.
        self.message = message


@dataclass(frozen=True)
class StepResult:
    """The outcome of one step (``token`` or ``stream``) after all its attempts."""

    step: str
    latency_ms: int
    attempts: int = 1
    detail: str = ""
    failure: ProbeFailure | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None

    def to_dict(self, secrets: Iterable[str]) -> dict[str, object]:
        """JSON-able and secret-free."""
        fail = self.failure
        return {
            "step": self.step,
            "status": "ok" if fail is None else "failed",
            "latency_ms": self.latency_ms,
            "attempts": self.attempts,
            "detail": _server_detail(fail.detail if fail else self.detail, secrets),
            "classification": None if fail is None else str(fail.kind),
            "message": None if fail is None else _server_message(fail.message, secrets),
            "hint": None if fail is None else HINTS[fail.kind],
            "http_status": None if fail is None else fail.status,
            "code": None if fail is None else _server_text(fail.code, secrets),
            "requestid": None if fail is None else _server_text(fail.requestid, secrets),
        }


def _server_detail(text: str, secrets: Iterable[str]) -> str:
    """A step's detail made safe; the message itself (and so its translation) when safe."""
    cleaned = untrusted(scrub(text, secrets), secrets)
    return text if cleaned == text else cleaned


def _server_message(value: str | None, secrets: Iterable[str]) -> str | None:
    """DingTalk's own explanation, safe to print (escaped, masked, cut at 200 characters)."""
    return untrusted(scrub(value, secrets), secrets) if value else None


def _server_text(value: str | None, secrets: Iterable[str]) -> str | None:
    """A string the server sent, safe to print (None when absent)."""
    return untrusted(scrub(value, secrets), secrets, limit=SERVER_TEXT_LIMIT) if value else None


#: DingTalk's codes and request ids are short; anything longer is cut.
SERVER_TEXT_LIMIT = 120


@dataclass(frozen=True)
class SetResult:
    """The verification of one credential set (or why it was skipped)."""

    source: str
    deprecated: tuple[str, ...] = ()
    steps: tuple[StepResult, ...] = ()
    skipped: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def exit_code(self) -> ExitCode:
        kinds = {s.failure.kind for s in self.steps if s.failure is not None}
        if kinds & REJECTIONS:
            return ExitCode.FINDINGS
        return ExitCode.INCONCLUSIVE if kinds else ExitCode.OK

    @property
    def status(self) -> str:
        if self.skipped is not None:
            return "skipped"
        return {0: "verified", 1: "rejected"}.get(self.exit_code, "inconclusive")

    def to_dict(self, secrets: Iterable[str]) -> dict[str, object]:
        """JSON-able and secret-free (the same shape as one ``verify --format json`` result)."""
        secrets = tuple(secrets)
        notes = [*self.notes, *([self.skipped] if self.skipped else [])]
        return {
            "source": scrub(self.source, secrets),
            "status": self.status,
            "exit_code": int(self.exit_code),
            "deprecated": list(self.deprecated),
            "steps": [step.to_dict(secrets) for step in self.steps],
            "notes": [_scrubbed(note, secrets) for note in notes],
        }


def _scrubbed(text: str, secrets: Iterable[str]) -> str:
    """``scrub``, keeping the message itself (and so its translation) when nothing changed."""
    cleaned = scrub(text, secrets)
    return text if cleaned == text else cleaned
