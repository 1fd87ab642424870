"""The verify command's tests use the loopback fixtures of the verify tests."""

from tests.verify.conftest import _no_proxies, fake

__all__ = ["_no_proxies", "fake"]
