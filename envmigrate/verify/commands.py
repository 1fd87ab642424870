"""The ``verify``, ``demo`` and ``fake-server`` commands, and ``verify_for_report``.

``verify_for_report`` is what ``check --verify`` and ``migrate`` call after their own work.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from envmigrate import credentials, rules
from envmigrate.credentials import Credentials
from envmigrate.errors import ExitCode, InputError
from envmigrate.redact import scrub
from envmigrate.ui import Ui
from envmigrate.verify import render
from envmigrate.verify.model import SetResult, worst
from envmigrate.verify.run import Settings, command_overhead, resolve_endpoint, verify_sets


@dataclass(frozen=True)
class VerifyOutcome:
    """Exit code (0 verified, 1 rejected, 3 inconclusive) and one JSON-able result per set."""

    exit_code: ExitCode
    results: list[dict[str, object]] = field(default_factory=list)


def verify_for_report(
    creds: Sequence[Credentials],
    *,
    ui: Ui,
    render_text: bool,
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
    dicts = [r.to_dict(secrets) for r in results]
    if render_text:
        ui.data(render.text(dicts, endpoint=base, ui=ui))
    return VerifyOutcome(code, dicts)


def _verify_all(
    sets: list[Credentials], settings: Settings, ui: Ui
) -> tuple[list[SetResult], tuple[str, ...]]:
    """Results in input order; only complete, real credentials reach the network."""
    live = [c for c in sets if _skip_reason(c) is None]
    ui.debug(f"verifying {len(live)} credential set(s) against {settings.endpoint}")
    done, found = verify_sets(live, settings) if live else ([], None)
    by_id = {id(c): r for c, r in zip(live, done, strict=True)}
    results = [by_id.get(id(c)) or _skipped(c) for c in sets]
    secrets = tuple(found.values) if found else ()
    return results, (*secrets, *(c.client_secret or "" for c in sets))


def _skip_reason(creds: Credentials) -> str | None:
    if not creds.complete:
        pairs = ((rules.CLIENT_ID, creds.client_id), (rules.CLIENT_SECRET, creds.client_secret))
        missing = [name for name, value in pairs if not value]
        return f"not verified: {' and '.join(missing)} missing"
    if creds.placeholder:
        return "not verified: placeholder credentials (a template such as .env.example)"
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
) -> int:
    """``envmigrate verify``: prove one set of credentials (file or environment) works."""
    sets = _load(path, environ)
    for creds in sets:
        _require_usable(creds)
        if creds.deprecated:
            ui.message(
                f"note: {creds.source}: read from deprecated {', '.join(creds.deprecated)}; "
                "`envmigrate migrate` renames them"
            )
    outcome = verify_for_report(
        sets, ui=ui, render_text=fmt == "text", endpoint=endpoint, timeout=timeout,
        retries=retries, stream=stream, spent=command_overhead(_command_started()),
    )  # fmt: skip
    if fmt == "json":
        base = resolve_endpoint(endpoint)
        ui.data(render.as_json(outcome.results, endpoint=base, exit_code=outcome.exit_code))
    return int(outcome.exit_code)


def _command_started() -> float | None:
    from envmigrate import cli

    return cli.started


def _load(path: Path | None, environ: bool) -> list[Credentials]:
    sets: list[Credentials] = []
    if environ:
        sets.append(credentials.from_values(dict(os.environ), source="<environ>"))
    if path is not None or not environ:
        target = path or Path(".env")
        if target.is_dir():
            raise InputError(f"{target}: is a directory; name an env file (default: .env)")
        if not target.exists():
            raise InputError(f"{target}: no such file (name an env file, or use --environ)")
        sets.append(credentials.from_file(target))
    return sets


def _require_usable(creds: Credentials) -> None:
    if not creds.present:
        raise InputError(
            f"{creds.source}: no DingTalk credentials "
            f"(expected {rules.CLIENT_ID} and {rules.CLIENT_SECRET})"
        )
    reason = _skip_reason(creds)
    if reason is not None:
        raise InputError(f"{creds.source}: {scrub(reason, [creds.client_secret])}")


def demo(*, ui: Ui) -> int:
    """``envmigrate demo``: the whole flow offline on a copy of the bundled sample."""
    from envmigrate.verify import demo as demo_module

    return demo_module.demo(ui=ui)


def fake_server(*, host: str, port: int, fault: str | None, ui: Ui) -> int:
    """``envmigrate fake-server``: serve the stand-in until interrupted."""
    from envmigrate.verify import demo as demo_module

    return demo_module.fake_server(host=host, port=port, fault=fault, ui=ui)
