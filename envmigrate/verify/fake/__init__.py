"""The loopback DingTalk stand-in (public API: ``envmigrate.testing``). Nothing imported here."""
