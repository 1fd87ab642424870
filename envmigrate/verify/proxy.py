"""One proxy decision for both steps: the HTTP requests and the WebSocket.

The rules are httpx's (so the answer is what ``httpx`` with ``trust_env`` would pick, a
test compares them): ``HTTP_PROXY`` for http URLs, ``HTTPS_PROXY`` for https, ``ALL_PROXY``
for both (lower-case names win over upper-case); a proxy without a scheme
(``host:port``) is ``http://host:port``; ``NO_PROXY`` lists hosts (``example.com`` also
covers its subdomains, ``.example.com`` only them), IPv4 and IPv6 addresses,
``localhost``, URLs, or ``*`` for "never". A WebSocket URL is decided as its HTTP twin
(``ws`` as ``http``, ``wss`` as ``https``). The chosen proxy is then handed explicitly to
httpx and to websockets, so neither looks at the environment on its own.
"""

from __future__ import annotations

import importlib
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.request import getproxies

from envmigrate.errors import InputError
from envmigrate.i18n import N_, Msg
from envmigrate.verify.lean_httpx import httpx

#: Proxy schemes both httpx and websockets can use.
HTTP_SCHEMES = ("http", "https")
SOCKS_SCHEMES = ("socks5", "socks5h")
SOCKS_HINT = N_("a SOCKS proxy needs the socks extra: pip install 'envmigrate[socks]'")
#: What each library needs for SOCKS: httpx's (httpx[socks]) and websockets' (python-socks).
SOCKS_MODULES = ("socksio", "python_socks.async_.asyncio")
_WS_TWIN = {"ws": "http", "wss": "https"}


@dataclass(frozen=True)
class _Pattern:
    """One mount key as httpx reads it: ``scheme://host:port`` with ``*`` wildcards."""

    key: str
    proxy: str | None

    @property
    def _url(self) -> httpx.URL:
        return httpx.URL(self.key)

    def priority(self) -> tuple[int, int, int]:
        url = self._url
        scheme = "" if url.scheme == "all" else url.scheme
        host = "" if url.host == "*" else url.host
        return (0 if url.port is not None else 1, -len(host), -len(scheme))

    def matches(self, target: httpx.URL) -> bool:
        url = self._url
        scheme = "" if url.scheme == "all" else url.scheme
        if scheme and scheme != target.scheme:
            return False
        if url.host and url.host != "*" and not _host_regex(url.host).match(target.host):
            return False
        return url.port is None or url.port == target.port


def _host_regex(host: str) -> re.Pattern[str]:
    if host.startswith("*."):
        return re.compile(f"^.+\\.{re.escape(host[2:])}$")
    if host.startswith("*"):
        return re.compile(f"^(.+\\.)?{re.escape(host[1:])}$")
    return re.compile(f"^{re.escape(host)}$")


def _is_ip(host: str, version: int) -> bool:
    try:
        return ipaddress.ip_address(host.split("/")[0]).version == version
    except ValueError:
        return False


def _patterns(info: Mapping[str, str]) -> list[_Pattern]:
    """httpx's mounts from proxy settings (``getproxies()`` shape), in matching order."""
    found: dict[str, str | None] = {}
    for scheme in ("http", "https", "all"):
        value = info.get(scheme)
        if value:
            found[f"{scheme}://"] = value if "://" in value else f"http://{value}"
    for entry in (h.strip() for h in info.get("no", "").split(",")):
        if entry == "*":
            return []
        if not entry:
            continue
        if "://" in entry:
            found[entry] = None
        elif _is_ip(entry, 4) or entry.lower() == "localhost":
            found[f"all://{entry}"] = None
        elif _is_ip(entry, 6):
            found[f"all://[{entry}]"] = None
        else:
            found[f"all://*{entry}"] = None
    patterns = [_Pattern(key, proxy) for key, proxy in found.items()]
    return sorted(patterns, key=_Pattern.priority)


def proxy_for(url: str, info: Mapping[str, str] | None = None) -> str | None:
    """The proxy URL to use for ``url`` (http, https, ws or wss), or None for direct.

    ``info`` is the ``urllib.request.getproxies()`` mapping (default: the environment).
    """
    settings = getproxies() if info is None else info
    target = httpx.URL(url)
    twin = _WS_TWIN.get(target.scheme)
    if twin is not None:
        target = target.copy_with(scheme=twin)
    try:
        patterns = _patterns(settings)
        for pattern in patterns:
            if pattern.matches(target):
                return pattern.proxy
    except httpx.InvalidURL:
        raise InputError("a *_PROXY or NO_PROXY variable holds an unusable URL") from None
    return None


def check_environment(info: Mapping[str, str] | None = None) -> None:
    """Refuse (exit 2, one line) a proxy setting neither library can use, before any I/O."""
    settings = getproxies() if info is None else info
    for name in ("http", "https", "all"):
        value = settings.get(name)
        if not value:
            continue
        url = value if "://" in value else f"http://{value}"
        variable = f"{name.upper()}_PROXY"
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL:
            raise InputError(Msg("{name} is not a usable proxy URL", name=variable)) from None
        scheme = parsed.scheme.lower()
        if scheme in SOCKS_SCHEMES:
            _require_socks(variable)
        elif scheme not in HTTP_SCHEMES:
            raise InputError(
                Msg(
                    "{name}: unusable proxy scheme {scheme} "
                    "(use http://, https://, socks5:// or socks5h://)",
                    name=variable,
                    scheme=repr(scheme + "://"),
                )
            )
        if not parsed.host:
            raise InputError(Msg("{name} is not a usable proxy URL (no host)", name=variable))


def _require_socks(variable: str) -> None:
    """Import what SOCKS needs now (only then), so a missing or broken extra is a usage
    error instead of an ImportError in the middle of a step."""
    for module in SOCKS_MODULES:
        try:
            importlib.import_module(module)
        except ImportError:
            raise InputError(Msg("{name}: {hint}", name=variable, hint=Msg(SOCKS_HINT))) from None
