"""One proxy decision for HTTP and WebSocket, the same as httpx's; README's table, row by
row, against a logging CONNECT proxy and a recording SOCKS5 server on 127.0.0.1."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.entry import main
from envmigrate.errors import InputError
from envmigrate.testing import FakeDingTalk
from envmigrate.verify import proxy

from .conftest import assert_no_sentinel, hide_socks_extra
from .proxy_server import LoggingProxy
from .socks_server import SocksServer

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_rows() -> list[tuple[str, str, str]]:
    """The rows of the table under "### Proxies": (environment, HTTP, WebSocket)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Proxies", 1)[1].split("\n### ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            rows.append((cells[0].strip("`"), cells[1], cells[2]))
    return rows


ROWS = readme_rows()


def test_readme_table_found() -> None:
    assert len(ROWS) >= 12


@pytest.mark.parametrize(("environment", "http", "websocket"), ROWS, ids=[r[0] for r in ROWS])
def test_readme_proxy_table(
    fake: FakeDingTalk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environment: str,
    http: str,
    websocket: str,
) -> None:
    env = tmp_path / ".env"
    env.write_text(
        f"DINGTALK_CLIENT_ID={fake.client_id}\nDINGTALK_CLIENT_SECRET={fake.client_secret}\n"
    )
    if "without the socks extra" in http:
        hide_socks_extra(monkeypatch)
    with LoggingProxy() as logging_proxy, SocksServer() as socks:
        for assignment in environment.split():
            name, _, value = assignment.partition("=")
            value = value.replace("PROXY", logging_proxy.address)
            monkeypatch.setenv(name, value.replace("SOCKS", socks.address))
        code = main(
            ["verify", "--endpoint", fake.url, "--timeout", "4", "--retries", "0", str(env)]
        )
        out, err = capsys.readouterr()
        methods = logging_proxy.methods
        tunnels = [f"{t.host}:{t.port}" for t in socks.tunnels]
        accepted = socks.accepted
    assert_no_sentinel(out, err)
    if "exit 2" in http:
        assert code == 2
        assert len(err.strip().splitlines()) == 1
        for quoted in re.findall(r"`([^`]+)`", http):
            assert quoted in err
        assert methods == []
        assert accepted == 0
        return
    assert code == 0, out + err
    http_tunnel = fake.url.removeprefix("http://") in tunnels
    ws_tunnel = fake.ws_url.removeprefix("ws://") in tunnels
    assert ("POST" in methods or http_tunnel) == (http == "through the proxy")
    assert ("CONNECT" in methods or ws_tunnel) == websocket.startswith("through the proxy")
    if "socks" not in environment or http == "direct":
        assert accepted == 0  # nothing touched the SOCKS server
    if websocket.startswith("through the proxy"):
        assert fake.connections == 1


# --- the decision is httpx's -----------------------------------------------------------------

PROXIES = st.sampled_from(
    ["http://p1:8080", "p2:3128", "https://p3", "http://[::1]:8888", "http://u:pw@p4:1"]
)
NO_PROXY_ENTRIES = st.sampled_from(
    [
        "example.com", ".example.com", "localhost", "127.0.0.1", "::1", "dingtalk.com",
        "api.dingtalk.com", "http://api.dingtalk.com", "192.168.0.0/16", "", " ", "*",
        "wss-open-connection.dingtalk.com", "all://*.dingtalk.com:443",
    ]
)  # fmt: skip
URLS = st.sampled_from(
    [
        "https://api.dingtalk.com", "http://api.dingtalk.com:8080/x", "http://example.com",
        "https://www.example.com/", "wss://wss-open-connection.dingtalk.com/connect",
        "ws://127.0.0.1:9/connect", "http://[::1]:80/", "ws://[::1]:8765/connect",
        "http://localhost:1/", "https://sub.dingtalk.com:443/", "http://192.168.0.1/",
    ]
)  # fmt: skip


def httpx_choice(url: str, info: dict[str, str]) -> str | None:
    """What httpx (trust_env) would use for ``url``'s HTTP twin: a proxy URL or None."""
    target = httpx.URL(url)
    target = target.copy_with(
        scheme={"ws": "http", "wss": "https"}.get(target.scheme, target.scheme)
    )
    with (
        mock.patch("httpx._utils.getproxies", return_value=info),
        httpx.Client(trust_env=True, verify=False) as client,  # noqa: S501 - never connects
    ):
        transport = client._transport_for_url(target)
        if transport is client._transport:
            return None
        raw = transport._pool._proxy_url  # type: ignore[attr-defined]
        scheme, host = raw.scheme.decode(), raw.host.decode().strip("[]")
        return f"{scheme}://{host}:{raw.port or DEFAULT_PORTS[scheme]}"


DEFAULT_PORTS = {"http": 80, "https": 443}


def normalised(chosen: str | None) -> str | None:
    """``scheme://host:port`` (host unbracketed, port explicit), as ``httpx_choice`` says."""
    if chosen is None:
        return None
    url = httpx.URL(chosen)
    return f"{url.scheme}://{url.host}:{url.port or DEFAULT_PORTS[url.scheme]}"


@settings(max_examples=150, deadline=None)
@given(
    http=st.none() | PROXIES,
    https=st.none() | PROXIES,
    all_=st.none() | PROXIES,
    no=st.lists(NO_PROXY_ENTRIES, max_size=4),
    url=URLS,
)
def test_decision_is_httpx_decision(
    http: str | None, https: str | None, all_: str | None, no: list[str], url: str
) -> None:
    info = {k: v for k, v in {"http": http, "https": https, "all": all_}.items() if v}
    if no:
        info["no"] = ",".join(no)
    expected = httpx_choice(url, info)
    assert normalised(proxy.proxy_for(url, info)) == expected


@pytest.mark.parametrize(
    ("info", "message"),
    [
        ({"http": "ftp://p:21"}, "HTTP_PROXY: unusable proxy scheme 'ftp://'"),
        ({"all": "gopher://p"}, "ALL_PROXY: unusable proxy scheme 'gopher://'"),
        ({"https": "http://"}, "HTTPS_PROXY is not a usable proxy URL"),
        ({"all": "socks4://p:1080"}, "ALL_PROXY: unusable proxy scheme 'socks4://'"),
        ({"http": "socks4a://p"}, "HTTP_PROXY: unusable proxy scheme 'socks4a://'"),
    ],
)
def test_unusable_proxy_is_a_usage_error(info: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        proxy.check_environment(info)


@pytest.mark.parametrize("url", ["socks5://127.0.0.1:1080", "SOCKS5H://127.0.0.1:1080"])
def test_socks_without_the_extra_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    proxy.check_environment({"all": url})  # the extra is a test dependency: accepted
    hide_socks_extra(monkeypatch)
    with pytest.raises(InputError, match=re.escape("ALL_PROXY: a SOCKS proxy needs the socks")):
        proxy.check_environment({"all": url})


def test_scheme_less_proxy_is_http_for_the_websocket_too(
    fake: FakeDingTalk, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``HTTP_PROXY=host:port`` (as curl and httpx read it) carries the WebSocket as well."""
    with LoggingProxy() as logging_proxy:
        monkeypatch.setenv("HTTP_PROXY", logging_proxy.address)
        env = tmp_path / ".env"
        env.write_text(
            f"DINGTALK_CLIENT_ID={fake.client_id}\nDINGTALK_CLIENT_SECRET={fake.client_secret}\n"
        )
        assert main(["verify", "--endpoint", fake.url, "--timeout", "4", str(env)]) == 0
        tunnels = [target for method, target in logging_proxy.log if method == "CONNECT"]
    assert tunnels == [fake.ws_url.removeprefix("ws://")]
