"""The faults the stand-in can serve, by name (the ``--fault`` values)."""

from __future__ import annotations

import enum

from envmigrate.i18n import N_


class Fault(enum.StrEnum):
    """A switchable misbehaviour of the stand-in."""

    REJECT_CREDENTIALS = "reject_credentials"
    HANG = "hang"
    SERVER_ERROR = "server_error"
    RATE_LIMITED = "rate_limited"
    MALFORMED_JSON = "malformed_json"
    HTML_ERROR = "html_error"
    REFUSE_UPGRADE = "refuse_upgrade"
    CLOSE_WEBSOCKET = "close_websocket"
    DISCONNECT = "disconnect"
    FLAKY = "flaky"
    APP_TRAFFIC = "app_traffic"


DESCRIPTIONS: dict[Fault, str] = {
    Fault.REJECT_CREDENTIALS: N_("token and connections/open answer 400 invalidClientIdOrSecret"),
    Fault.HANG: N_("HTTP requests are never answered"),
    Fault.SERVER_ERROR: N_("HTTP requests answer 503 (JSON error)"),
    Fault.RATE_LIMITED: N_("HTTP requests answer 429 with Retry-After"),
    Fault.MALFORMED_JSON: N_("HTTP requests answer 200 with a truncated JSON body"),
    Fault.HTML_ERROR: N_("HTTP requests answer 502 with an HTML error page (as a proxy would)"),
    Fault.REFUSE_UPGRADE: N_("the WebSocket gateway refuses the upgrade with 403"),
    Fault.CLOSE_WEBSOCKET: N_(
        "the WebSocket gateway closes the connection right after the upgrade"
    ),
    Fault.DISCONNECT: N_(
        "the WebSocket gateway sends a SYSTEM disconnect frame instead of a ping "
        "and closes (once, as a service restart does; then it behaves)"
    ),
    Fault.FLAKY: N_("each HTTP endpoint answers 503 once, then works (retries succeed)"),
    Fault.APP_TRAFFIC: N_("EVENT and CALLBACK frames arrive before the ping (must not be acked)"),
}
#: Faults that act on the HTTP endpoints (the others act on the WebSocket gateway).
HTTP_FAULTS = frozenset(
    {
        Fault.REJECT_CREDENTIALS,
        Fault.HANG,
        Fault.SERVER_ERROR,
        Fault.RATE_LIMITED,
        Fault.MALFORMED_JSON,
        Fault.HTML_ERROR,
        Fault.FLAKY,
    }
)

#: Faults that happen once (per endpoint, or once for the gateway) unless ``times`` says more.
ONCE = frozenset({Fault.FLAKY, Fault.DISCONNECT})


def parse(name: str | Fault | None) -> Fault | None:
    """A fault from its name (``None`` or ``""`` means no fault); ValueError if unknown."""
    if name is None or name == "":
        return None
    try:
        return Fault(str(name).strip().lower().replace("-", "_"))
    except ValueError:
        known = ", ".join(f.value for f in Fault)
        raise ValueError(f"unknown fault {name!r} (known: {known})") from None
