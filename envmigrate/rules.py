"""Data only: the rename table, obsolete keys, credential names and placeholder patterns."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

CLIENT_ID = "DINGTALK_CLIENT_ID"
CLIENT_SECRET = "DINGTALK_CLIENT_SECRET"
APP_KEY = "DINGTALK_APP_KEY"
APP_SECRET = "DINGTALK_APP_SECRET"
AGENT_ID = "DINGTALK_AGENT_ID"

#: Deprecated name -> Stream-mode name.
RENAMES: Mapping[str, str] = MappingProxyType({APP_KEY: CLIENT_ID, APP_SECRET: CLIENT_SECRET})
#: Keys that are no longer needed (subject to ``--agent-id``).
OBSOLETE: tuple[str, ...] = (AGENT_ID,)


def obsolete_reason(key: str) -> str:
    """Why an obsolete key is reported: DingTalk's own, or one the user configured."""
    if key in OBSOLETE:
        return "is not needed in Stream mode"
    return "is listed as obsolete in your configuration"


#: Keys whose value is a credential (checked for placeholders, masked everywhere).
CREDENTIAL_KEYS: frozenset[str] = frozenset({CLIENT_ID, CLIENT_SECRET, APP_KEY, APP_SECRET})

_PLACEHOLDER = re.compile(
    r"""
    ^(?:
        x{3,}                                   # xxx, xxxxxxxx
      | ding[x*]{4,}                            # dingxxxxxxxx
      | your[_\-\s].*                           # your_client_id, your-secret
      | <[^<>]*>                                # <client id>
      | \{\{.*\}\}                              # {{ template }}
      | \.{3,} | \*{3,} | -+                    # ..., ***, ---
      | \[[^\[\]]*\] | \{[^{}]*\}                # [client id], {AppSecret}
      | change[_\-]?me | replace[_\-]?me | todo | tbd | fixme
      | placeholder | example | sample | dummy | test | secret | none | null
      | (?:ding(?:talk)?[_\-\s]?)?(?:app|client|agent|corp)[_\-\s]?(?:key|secret|id)
    )$
    """,
    re.IGNORECASE | re.VERBOSE,
)


def is_placeholder(value: str | None) -> bool:
    """True for an empty credential or a placeholder: ``xxx``, ``your_…``, ``请填写``…

    DingTalk's client ids and secrets are printable ASCII, so a value holding anything
    else (Chinese text such as ``你的AppKey`` or ``在此填写``, full-width letters, control
    characters) is a placeholder too, and is never sent to DingTalk.
    """
    if value is None:
        return True
    stripped = value.strip()
    if not stripped or _PLACEHOLDER.match(stripped) is not None:
        return True
    return not (stripped.isascii() and stripped.isprintable())


class RenameTable(NamedTuple):
    """The rename table and obsolete keys in force (defaults plus the user's own)."""

    renames: Mapping[str, str] = RENAMES
    obsolete: tuple[str, ...] = OBSOLETE

    def with_extra(
        self, renames: Mapping[str, str] | None = None, obsolete: tuple[str, ...] = ()
    ) -> RenameTable:
        merged = dict(self.renames)
        merged.update(renames or {})
        return RenameTable(
            renames=MappingProxyType(merged),
            obsolete=tuple(dict.fromkeys(self.obsolete + obsolete)),
        )

    @property
    def old_names(self) -> frozenset[str]:
        return frozenset(self.renames)

    @property
    def watched(self) -> frozenset[str]:
        """Every key the rules care about: old, new and obsolete names."""
        return frozenset(self.renames) | frozenset(self.renames.values()) | set(self.obsolete)


DEFAULT_RULES = RenameTable()
#: The former name of :class:`RenameTable` (public API, kept).
Rules = RenameTable
