"""``envmigrate demo`` and ``envmigrate fake-server``: the stand-in put to use.

The demo runs the real ``check`` and ``migrate`` on a temporary copy of the bundled
sample, with the stand-in playing DingTalk on 127.0.0.1: no account, no network.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from envmigrate import credentials, fileio
from envmigrate.errors import ExitCode, InputError
from envmigrate.i18n import Msg, _
from envmigrate.ui import Ui
from envmigrate.verify.fake.faults import DESCRIPTIONS, Fault, parse
from envmigrate.verify.fake.server import FakeDingTalk

SAMPLE = "legacy.env"


def sample_text() -> bytes:
    """The bundled sample: in the package (wheel), else the repository's fixtures."""
    packaged = resources.files("envmigrate").joinpath("_data", SAMPLE)
    if packaged.is_file():
        return packaged.read_bytes()
    repo = Path(__file__).resolve().parents[2] / "fixtures" / SAMPLE
    if not repo.is_file():
        raise InputError(Msg("the bundled sample legacy.env is missing from this installation"))
    return fileio.read_bytes(repo)


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    """Work in ``folder`` so the output shows the short name ``.env``."""
    old = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


def demo(*, ui: Ui) -> int:
    """check, then migrate (diff, write, verify against the stand-in) on a sample copy."""
    from envmigrate.commands import check, migrate
    from envmigrate.config import RunOptions

    with tempfile.TemporaryDirectory(prefix="envmigrate-demo-") as folder, _inside(Path(folder)):
        env = Path(".env")
        env.write_bytes(sample_text())
        creds = credentials.from_file(env)
        ui.message(ui.style("$ envmigrate check .env", "path", err=True))
        check.run(RunOptions(ui=ui, paths=(env,)))
        with FakeDingTalk(
            client_id=creds.client_id or "", client_secret=creds.client_secret or ""
        ) as fake:
            ui.message("")
            ui.message(ui.style("$ envmigrate migrate --yes .env", "path", err=True))
            ui.message(_("(DingTalk is played by a stand-in on {url})").format(url=fake.url))
            code = migrate.run(
                RunOptions(ui=ui, paths=(env,), yes=True, verify=True, endpoint=fake.url)
            )
    ui.message("")
    ui.message(_("Your turn: envmigrate check .  then  envmigrate migrate .env"))
    return code


def fake_server(*, host: str, port: int, fault: str | None, ui: Ui) -> int:
    """Serve the stand-in until Ctrl-C (exit 0); print its base URL on stdout."""
    try:
        chosen = parse(fault)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    fake = FakeDingTalk(host=host, port=port, fault=chosen)
    try:
        fake.start()
    except RuntimeError:
        message = Msg("cannot serve on {host}:{port} (port in use?)", host=host, port=port)
        raise InputError(message) from None
    try:
        ui.data(fake.url)
        _describe(fake, ui, chosen)
        threading.Event().wait()  # until Ctrl-C
    except KeyboardInterrupt:
        ui.message(_("stopped"))
    finally:
        fake.stop()
    return ExitCode.OK


def _describe(fake: FakeDingTalk, ui: Ui, fault: Fault | None) -> None:
    head = _("DingTalk stand-in on {url} (Stream gateway {gateway}); Ctrl-C stops it")
    ui.message(head.format(url=fake.url, gateway=fake.ws_url))
    ui.message(_("  accepts DINGTALK_CLIENT_ID={id}").format(id=fake.client_id))
    secret = _("          DINGTALK_CLIENT_SECRET={secret}  (a fake)")
    ui.message(secret.format(secret=fake.client_secret))
    ui.message(_("  try: envmigrate verify --endpoint {url} .env").format(url=fake.url))
    ui.message(_("   or: DINGTALK_OPENAPI_ENDPOINT={url} python your_bot.py").format(url=fake.url))
    if fault is not None:
        line = _("  fault: {fault} ({description})")
        ui.message(line.format(fault=fault.value, description=_(DESCRIPTIONS[fault])))
