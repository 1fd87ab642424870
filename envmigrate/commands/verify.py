"""The ``verify`` command, and ``verify_for_report`` (``check --verify``, ``migrate``).

The only door from the commands to the network code in ``envmigrate.verify``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from envmigrate import credentials, render, rules
from envmigrate.credentials import Credentials
from envmigrate.errors import ExitCode, InputError, worst
from envmigrate.i18n import Msg, _
from envmigrate.redact import scrub
from envmigrate.ui import Ui
from envmigrate.verify.results import SetResult
from envmigrate.verify.run import Settings, command_overhead, resolve_endpoint, verify_sets


@dataclass(frozen=True)
class VerifyOutcome:
    """Exit code (0 verified, 1 rejected, 3 inconclusive) and one JSON-able result per set."""

    exit_code: ExitCode
    results: list[dict[str, object]] = field(default_factory=list)
    endpoint: str = ""


def verify_for_report(
    creds: Sequence[Credentials],
    *,
    ui: Ui,
    endpoint: str | None = None,
    timeout: float = 15.0,
    retries: int = 2,
    stream: bool = True,
    spent: float = 0.0,
) -> VerifyOutcome:
    """Verify every complete, non-placeholder set; skip the others with a note.

    ``spent``: seconds of ``timeout`` used before (the ``verify`` command's start-up).
    """
    base = resolve_endpoint(endpoint)
    settings = Settings(endpoint=base, timeout=timeout, retries=retries, stream=stream, spent=spent)
    results, secrets = _verify_all(list(creds), settings, ui)
    code = worst(r.exit_code for r in results if r.skipped is None)
    return VerifyOutcome(code, [r.to_dict(secrets) for r in results], base)


def _verify_all(
    sets: list[Credentials], settings: Settings, ui: Ui
) -> tuple[list[SetResult], tuple[str, ...]]:
    """Results in input order; only complete, real credentials reach the network."""
    live = [c for c in sets if _skip_reason(c) is None]
    ui.debug(
        _("verifying {count} credential set(s) against {endpoint}").format(
            count=len(live), endpoint=settings.endpoint
        )
    )
    done, found = verify_sets(live, settings) if live else ([], None)
    by_id = {id(c): r for c, r in zip(live, done, strict=True)}
    results = [by_id.get(id(c)) or _skipped(c) for c in sets]
    secrets = tuple(found.values) if found else ()
    return results, (*secrets, *(c.client_secret or "" for c in sets))


def _skip_reason(creds: Credentials) -> str | None:
    if not creds.complete:
        pairs = ((rules.CLIENT_ID, creds.client_id), (rules.CLIENT_SECRET, creds.client_secret))
        missing = [name for name, value in pairs if not value]
        if len(missing) == 2:
            return Msg("not verified: {a} and {b} missing", a=missing[0], b=missing[1])
        return Msg("not verified: {name} missing", name=missing[0])
    if creds.placeholder:
        return Msg("not verified: placeholder credentials (a template such as .env.example)")
    return None


def _skipped(creds: Credentials) -> SetResult:
    return SetResult(creds.source, creds.deprecated, skipped=_skip_reason(creds))


def verify(
    path: Path | None,
    *,
    ui: Ui,
    environ: bool,
    endpoint: str | None,
    timeout: float,
    retries: int,
    stream: bool,
    fmt: str,
    started: float | None = None,
) -> int:
    """``envmigrate verify``: prove one set of credentials (file or environment) works.

    ``started``: when the command started (``time.monotonic``); ``timeout`` then bounds the
    whole command, start-up and exit included.
    """
    sets = _load(path, environ)
    for creds in sets:
        _require_usable(creds)
        if creds.deprecated:
            line = _(
                "note: {source}: read from deprecated {names}; `envmigrate migrate` renames them"
            )
            ui.message(line.format(source=creds.source, names=", ".join(creds.deprecated)))
    outcome = verify_for_report(
        sets, ui=ui, endpoint=endpoint, timeout=timeout, retries=retries, stream=stream,
        spent=command_overhead(started),
    )  # fmt: skip
    if fmt == "json":
        results, base, code = outcome.results, outcome.endpoint, outcome.exit_code
        ui.data(render.verification_json(results, endpoint=base, exit_code=code))
    else:
        ui.data(render.verification_text(outcome.results, endpoint=outcome.endpoint, ui=ui))
    return int(outcome.exit_code)


def _load(path: Path | None, environ: bool) -> list[Credentials]:
    sets: list[Credentials] = []
    if environ:
        sets.append(credentials.from_values(dict(os.environ), source="<environ>"))
    if path is not None or not environ:
        target = path or Path(".env")
        if target.is_dir():
            raise InputError(
                Msg("{path}: is a directory; name an env file (default: .env)", path=target)
            )
        if not target.exists():
            raise InputError(
                Msg("{path}: no such file (name an env file, or use --environ)", path=target)
            )
        sets.append(credentials.from_file(target))
    return sets


def _require_usable(creds: Credentials) -> None:
    if not creds.present:
        raise InputError(
            Msg(
                "{source}: no DingTalk credentials (expected {id} and {secret})",
                source=creds.source,
                id=rules.CLIENT_ID,
                secret=rules.CLIENT_SECRET,
            )
        )
    reason = _skip_reason(creds)
    if reason is not None:
        # a reason names keys, never values (scrubbed all the same)
        if scrub(reason, [creds.client_secret]) != reason:
            reason = scrub(reason, [creds.client_secret])
        raise InputError(Msg("{source}: {reason}", source=creds.source, reason=reason))
