"""Read an HTTP answer's body streaming, decoded incrementally, never more than a cap.

DingTalk's answers are a few hundred bytes of JSON. A hostile or broken server (or proxy)
may send 100 MB, an endless chunked body, or a small gzip that inflates to gigabytes: the
body is read chunk by chunk and decoded with ``max_length``, so neither memory nor the
time spent in one decoding call grows with what the server sends. Past ``CAP`` decoded (or
raw) bytes the answer is a protocol error.
"""

from __future__ import annotations

import zlib

from envmigrate.i18n import Msg
from envmigrate.verify.lean_httpx import httpx
from envmigrate.verify.results import Kind, ProbeFailure

#: Most bytes of a DingTalk answer kept (raw and decoded alike).
CAP = 64 * 1024
#: What the probes accept: only encodings decoded here with a bound (never br or zstd).
ACCEPT_ENCODING = "gzip, deflate"


class _Bounded:
    """An incremental decoder for one content coding that never outputs more than ``cap``."""

    def __init__(self, coding: str, cap: int) -> None:
        self.coding = coding
        self.cap = cap
        self.size = 0
        self._deflate_raw = False
        self._z: zlib._Decompress | None = None
        if coding == "gzip":
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif coding == "deflate":
            self._z = zlib.decompressobj()

    def feed(self, data: bytes) -> bytes:
        if self._z is None:
            return self._take(data)
        out = bytearray()
        while data and not self._z.eof:
            try:
                piece = self._z.decompress(data, self.cap - self.size + 1)
            except zlib.error:
                if self.coding != "deflate" or self._deflate_raw or self.size:
                    raise
                # "deflate" is sometimes sent without the zlib wrapper (as httpx allows)
                self._deflate_raw = True
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            out += self._take(piece)
            data = self._z.unconsumed_tail
        return bytes(out)

    def finish(self) -> bytes:
        if self._z is None or self._z.eof:
            return b""
        return self._take(self._z.flush(self.cap - self.size + 1))

    def _take(self, piece: bytes) -> bytes:
        self.size += len(piece)
        if self.size > self.cap:
            raise ProbeFailure(
                Kind.PROTOCOL_ERROR,
                Msg("the answer is larger than {size} KiB", size=self.cap // 1024),
            )
        return piece


def decoder_for(response: httpx.Response, cap: int = CAP) -> _Bounded:
    """The bounded decoder for the answer's ``Content-Encoding`` (one coding, or none)."""
    codings = [
        c.strip().lower()
        for c in response.headers.get("content-encoding", "").split(",")
        if c.strip() and c.strip().lower() != "identity"
    ]
    if not codings:
        return _Bounded("identity", cap)
    if len(codings) == 1 and codings[0] in ("gzip", "deflate"):
        return _Bounded(codings[0], cap)
    raise ProbeFailure(Kind.PROTOCOL_ERROR, Msg("the answer uses a content encoding not asked for"))


async def read_capped(response: httpx.Response, cap: int = CAP) -> bytes:
    """The decoded body of a streamed response, at most ``cap`` bytes (else ProbeFailure)."""
    decoder = decoder_for(response, cap)
    raw = 0
    out = bytearray()
    try:
        async for chunk in response.aiter_raw():
            raw += len(chunk)
            if raw > cap:
                raise ProbeFailure(
                    Kind.PROTOCOL_ERROR,
                    Msg("the answer is larger than {size} KiB", size=cap // 1024),
                )
            out += decoder.feed(chunk)
        out += decoder.finish()
    except zlib.error:
        raise ProbeFailure(
            Kind.PROTOCOL_ERROR, Msg("the answer's compressed body is corrupt")
        ) from None
    return bytes(out)
