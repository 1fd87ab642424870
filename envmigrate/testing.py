"""A DingTalk stand-in for your own tests: token, Stream ``connections/open`` and gateway.

It listens on a free 127.0.0.1 port in a background thread, accepts one set of
credentials, sends a SYSTEM ping after each WebSocket upgrade and records the acks.
Point the official SDK at it with ``DINGTALK_OPENAPI_ENDPOINT`` (read at import time)
or envmigrate with ``--endpoint``. Faults (``Fault``) can be switched at any time::

    from envmigrate.testing import FakeDingTalk

    def test_bot_connects(monkeypatch):
        with FakeDingTalk(client_id="dingtestid", client_secret="test-secret") as fake:
            monkeypatch.setenv("DINGTALK_OPENAPI_ENDPOINT", fake.url)
            start_my_bot_in_a_thread()          # your code, with the same credentials
            assert fake.wait_for_ack(timeout=5)  # it answered the gateway's ping
            fake.set_fault("reject_credentials")  # from now on: 400 invalidClientIdOrSecret
            fake.set_fault("server_error", times=1)  # one 503 per endpoint, then fine

Importing this module loads websockets and asyncio (the stand-in needs them).
"""

from envmigrate.verify.fake.faults import DESCRIPTIONS as FAULT_DESCRIPTIONS
from envmigrate.verify.fake.faults import Fault
from envmigrate.verify.fake.server import FakeDingTalk

__all__ = ["FAULT_DESCRIPTIONS", "FakeDingTalk", "Fault"]
