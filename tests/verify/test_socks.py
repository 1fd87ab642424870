"""SOCKS5 proxies carry both steps end to end, through a recording SOCKS5 server.

Loopback is not exempt from proxies (neither httpx nor websockets skips 127.0.0.1 unless
NO_PROXY says so), so the stand-in on 127.0.0.1 is reached through the proxy, honestly.
The server records every tunnel and the bytes the client sent through it: the tests see
each HTTP request line and the WebSocket upgrade inside the tunnels.
"""

from __future__ import annotations

import gc
import json
import logging
import re
import time
import warnings
from pathlib import Path

import pytest

from envmigrate.entry import main
from envmigrate.testing import FakeDingTalk

from .conftest import assert_no_sentinel, hide_socks_extra
from .socks_server import SocksServer, Tunnel
from .test_hostile import MARGIN

REQUEST_LINE = re.compile(rb"^POST (\S+) HTTP/1\.1\r$", re.MULTILINE)


def write_env(tmp_path: Path, fake: FakeDingTalk) -> Path:
    env = tmp_path / ".env"
    env.write_text(
        f"DINGTALK_CLIENT_ID={fake.client_id}\nDINGTALK_CLIENT_SECRET={fake.client_secret}\n"
    )
    return env


def run(endpoint: str, env: Path, *extra: str) -> int:
    return main(["verify", "--endpoint", endpoint, "--timeout", "4", *extra, str(env)])


def authority(url: str) -> str:
    return url.split("://", 1)[1]


def http_requests(tunnels: list[Tunnel], target: str) -> list[str]:
    """The paths of the HTTP requests sent through tunnels to ``target`` (host:port)."""
    return [
        path.decode()
        for t in tunnels
        if f"{t.host}:{t.port}" == target
        for path in REQUEST_LINE.findall(bytes(t.sent))
    ]


@pytest.mark.parametrize("scheme", ["socks5", "socks5h"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_both_steps_go_through_the_socks_proxy(
    fake: FakeDingTalk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    scheme: str,
    fmt: str,
) -> None:
    caplog.set_level(logging.DEBUG)  # httpcore.socks and websockets log what they do
    with SocksServer() as socks:
        monkeypatch.setenv("ALL_PROXY", f"{scheme}://{socks.address}")
        code = run(fake.url, write_env(tmp_path, fake), "--format", fmt)
        out, err = capsys.readouterr()
        tunnels = list(socks.tunnels)
    assert code == 0, out + err
    if fmt == "json":
        assert json.loads(out)["status"] == "verified"
    # every request the stand-in answered came through the proxy: none went direct
    through = http_requests(tunnels, authority(fake.url))
    assert sorted(through) == sorted(path for _, path in fake.requests)
    assert len(through) == 2
    # and so did the one WebSocket it accepted
    ws = [t for t in tunnels if f"{t.host}:{t.port}" == authority(fake.ws_url)]
    assert len(ws) == 1
    assert ws[0].sent.startswith(b"GET /connect?ticket=")
    assert b"\r\nUpgrade: websocket\r\n" in ws[0].sent
    assert fake.connections == 1
    assert {t.atyp for t in tunnels} == {"ipv4"}
    assert len(tunnels) == 3  # nothing else was asked of the proxy
    assert_no_sentinel(out, err, caplog.text)


def test_socks5h_hands_host_names_to_the_proxy(
    fake: FakeDingTalk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With socks5h the proxy resolves: both steps name their host (SOCKS address type 3)."""
    fake.ws_url = fake.ws_url.replace("127.0.0.1", "localhost")  # the gateway hands a name
    endpoint = fake.url.replace("127.0.0.1", "localhost")
    with SocksServer() as socks:
        monkeypatch.setenv("ALL_PROXY", f"socks5h://{socks.address}")
        code = run(endpoint, write_env(tmp_path, fake))
        out, err = capsys.readouterr()
        tunnels = list(socks.tunnels)
    assert code == 0, out + err
    assert [(t.atyp, t.host) for t in tunnels] == [("domain", "localhost")] * 3
    assert len(http_requests(tunnels, authority(endpoint))) == 2
    assert {t.port for t in tunnels} == {
        int(endpoint.rsplit(":", 1)[1]),
        int(fake.ws_url.rsplit(":", 1)[1]),
    }
    assert_no_sentinel(out, err)


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "*", "example.com, 127.0.0.1"])
def test_no_proxy_bypasses_the_socks_proxy(
    fake: FakeDingTalk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_proxy: str,
) -> None:
    with SocksServer() as socks:
        monkeypatch.setenv("ALL_PROXY", f"socks5h://{socks.address}")
        monkeypatch.setenv("NO_PROXY", no_proxy)
        code = run(fake.url, write_env(tmp_path, fake))
        out, err = capsys.readouterr()
        accepted = socks.accepted
    assert code == 0, out + err
    assert accepted == 0
    assert fake.connections == 1
    assert_no_sentinel(out, err)


@pytest.mark.parametrize("dead", [False, True], ids=["refusing", "not-listening"])
def test_a_failing_socks_proxy_is_a_network_failure(
    fake: FakeDingTalk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    dead: bool,
) -> None:
    """A proxy that refuses every tunnel, or is not there: exit 3, no traceback, and no
    connection left open (httpcore drops a refused SOCKS connection without closing it)."""
    with (
        SocksServer(refuse=lambda host, port: True) as socks,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always", ResourceWarning)
        address = socks.address
        if dead:
            socks.sock.close()
        monkeypatch.setenv("ALL_PROXY", f"socks5://{address}")
        start = time.monotonic()
        code = run(fake.url, write_env(tmp_path, fake), "--retries", "0")
        elapsed = time.monotonic() - start
        out, err = capsys.readouterr()
        gc.collect()
    assert [str(w.message) for w in caught if w.category is ResourceWarning] == []
    assert code == 3, out + err
    assert elapsed < 4.5
    assert "Traceback" not in out + err
    assert re.search(r"token\s+FAILED.*network_unreachable", out), out
    assert re.search(r"stream\s+FAILED.*network_unreachable", out), out
    assert fake.requests == []
    assert_no_sentinel(out, err)


def test_a_refused_websocket_tunnel_fails_the_stream_step_only(
    fake: FakeDingTalk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The HTTP requests pass, the WebSocket's tunnel is refused: websockets' SOCKS error
    path is classified too (not an internal error)."""
    ws_port = int(fake.ws_url.rsplit(":", 1)[1])
    with SocksServer(refuse=lambda host, port: port == ws_port) as socks:
        monkeypatch.setenv("ALL_PROXY", f"socks5h://{socks.address}")
        code = run(fake.url, write_env(tmp_path, fake), "--retries", "0")
        out, err = capsys.readouterr()
        refused = [t for t in socks.tunnels if t.port == ws_port]
    assert code == 3, out + err
    assert len(refused) == 1
    assert re.search(r"token\s+ok", out), out
    assert re.search(r"stream\s+FAILED.*network_unreachable: the proxy refused", out), out
    assert fake.connections == 0
    assert "Traceback" not in out + err
    assert_no_sentinel(out, err)


@pytest.mark.parametrize("stalled", ["both", "websocket"])
def test_a_silent_socks_proxy_cannot_stretch_the_deadline(
    fake: FakeDingTalk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stalled: str,
) -> None:
    """A proxy that never answers a CONNECT (every one, or the WebSocket's): ``--timeout 1``
    still ends the command within 1 + 0.5 s, as a timeout."""
    ws_port = int(fake.ws_url.rsplit(":", 1)[1])
    with SocksServer(stall=lambda host, port: stalled == "both" or port == ws_port) as socks:
        monkeypatch.setenv("ALL_PROXY", f"socks5h://{socks.address}")
        env = write_env(tmp_path, fake)
        start = time.monotonic()
        code = main(["verify", "--endpoint", fake.url, "--timeout", "1", str(env)])
        elapsed = time.monotonic() - start
        out, err = capsys.readouterr()
    assert code == 3, out + err
    assert elapsed < 1.0 + MARGIN
    assert re.search(r"stream\s+FAILED.*timeout", out), out
    assert ("token  ok" in out) == (stalled == "websocket"), out
    assert_no_sentinel(out, err)


@pytest.mark.parametrize("variable", ["ALL_PROXY", "HTTP_PROXY", "all_proxy"])
def test_socks_without_the_extra_is_a_usage_error(
    fake: FakeDingTalk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
) -> None:
    hide_socks_extra(monkeypatch)
    with SocksServer() as socks:
        monkeypatch.setenv(variable, f"socks5h://{socks.address}")
        code = run(fake.url, write_env(tmp_path, fake))
        out, err = capsys.readouterr()
        accepted = socks.accepted
    assert code == 2
    assert err.strip().splitlines() == [
        f"envmigrate: error: {variable.upper()}: a SOCKS proxy needs the socks extra: "
        "pip install 'envmigrate[socks]'"
    ]
    assert out == ""
    assert accepted == 0
    assert fake.requests == []
