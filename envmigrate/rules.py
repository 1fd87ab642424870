"""Data only: the rename table, obsolete keys, credential names and placeholder patterns."""

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

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


class FindingRule(NamedTuple):
    """What a finding code means: the table SARIF's rules and the README tables follow."""

    code: str
    severity: str  # the default level: "error" or "warning"
    name: str  # a stable identifier-like name (SARIF ``reportingDescriptor.name``)
    short: str  # one line
    full: str  # what it means and what to do; never a value
    doc: str  # README section (anchor) that documents it


_ENV_DOC = "findings"
_CODE_DOC = "references-in-code-and-config"

#: Every finding code, env files (EM0xx) and code/config (EM1xx). Codes are stable: never
#: reuse one. A test checks that every code the package can emit is listed here.
FINDINGS: Mapping[str, FindingRule] = MappingProxyType(
    {
        rule.code: rule
        for rule in (
            FindingRule(
                "EM001",
                "error",
                "deprecated-key",
                "Deprecated key DINGTALK_APP_KEY (or a configured rename)",
                "DINGTALK_APP_KEY is the old name of the client id: rename it to "
                "DINGTALK_CLIENT_ID (envmigrate migrate). Renames added in the "
                "configuration are reported under this code too.",
                _ENV_DOC,
            ),
            FindingRule(
                "EM002",
                "error",
                "deprecated-secret-key",
                "Deprecated key DINGTALK_APP_SECRET",
                "DINGTALK_APP_SECRET is the old name of the client secret: rename it to "
                "DINGTALK_CLIENT_SECRET (envmigrate migrate).",
                _ENV_DOC,
            ),
            FindingRule(
                "EM003",
                "warning",
                "obsolete-key",
                "Obsolete key DINGTALK_AGENT_ID (or a configured obsolete key)",
                "DINGTALK_AGENT_ID is not needed in Stream mode. The work-notification API "
                "still takes an agent id, so removing it is your choice (--agent-id).",
                _ENV_DOC,
            ),
            FindingRule(
                "EM004",
                "error",
                "conflicting-keys",
                "Old and new key both set, with different values",
                "The old and the new name are both set to different values. migrate "
                "refuses the file unless --prefer new or --prefer old says which one wins.",
                _ENV_DOC,
            ),
            FindingRule(
                "EM005",
                "warning",
                "duplicate-keys",
                "Old and new key both set, with the same value",
                "The old and the new name are both set to the same value; migrate drops "
                "the old line.",
                _ENV_DOC,
            ),
            FindingRule(
                "EM006",
                "warning",
                "deprecated-reference",
                "A value references a deprecated key",
                "A value reads an old name through ${NAME} or ${NAME:-default}; migrate "
                "renames the reference.",
                _ENV_DOC,
            ),
            FindingRule(
                "EM007",
                "warning",
                "unparsable-line",
                "A line python-dotenv cannot parse",
                "python-dotenv ignores this line; envmigrate leaves it untouched. Fix or "
                "remove it.",
                _ENV_DOC,
            ),
            FindingRule(
                "EM008",
                "warning",
                "placeholder-credential",
                "A credential is empty or a placeholder",
                "A DingTalk credential is empty or a placeholder (xxx, your_..., <...>, "
                "changeme, ...); an error with --verify, where an unset credential is "
                "reported too.",
                _ENV_DOC,
            ),
            FindingRule(
                "EM101",
                "error",
                "code-reads-deprecated-name",
                "Code reads a deprecated name",
                "Python, JavaScript/TypeScript, shell, Go, Java, Kotlin, C#, Rust, PHP, Ruby, "
                "Elixir or Groovy code reads an old name; rename it "
                "(envmigrate migrate --code) together with the env files.",
                _CODE_DOC,
            ),
            FindingRule(
                "EM102",
                "error",
                "config-sets-deprecated-name",
                "Deployment config sets or passes a deprecated name",
                "A Dockerfile, compose file, CI workflow or Kubernetes manifest sets or "
                "passes an old name; rename it (envmigrate migrate --code), and rename "
                "secrets kept in stores where they are stored.",
                _CODE_DOC,
            ),
            FindingRule(
                "EM103",
                "warning",
                "code-uses-obsolete-name",
                "Code or config uses an obsolete name",
                "Code or deployment config uses DINGTALK_AGENT_ID (or an obsolete name of "
                "your own); remove it when nothing needs it. Never rewritten.",
                _CODE_DOC,
            ),
            FindingRule(
                "EM104",
                "error",
                "old-dingtalk-stream",
                "dingtalk-stream pinned or bounded below 0.8.0",
                "A dependency file holds dingtalk-stream below 0.8.0; allow 0.8.0 or newer.",
                _CODE_DOC,
            ),
            FindingRule(
                "EM105",
                "warning",
                "old-python-floor",
                "The project allows Python older than 3.11",
                "requires-python, python_requires or Poetry's python allows a Python "
                "older than 3.11; raise the floor.",
                _CODE_DOC,
            ),
            FindingRule(
                "EM106",
                "error",
                "positional-stream-credentials",
                "DingTalkStreamClient(id, secret) with positional arguments",
                "The second positional argument of DingTalkStreamClient is its logger, "
                "not the secret; pass dingtalk_stream.Credential(id, secret).",
                _CODE_DOC,
            ),
            FindingRule(
                "EM107",
                "error",
                "nonexistent-credential-class",
                "DingTalkStreamClient.Credential does not exist",
                "Use dingtalk_stream.Credential instead of DingTalkStreamClient.Credential.",
                _CODE_DOC,
            ),
            FindingRule(
                "EM108",
                "warning",
                "settings-field-reads-deprecated-name",
                "A pydantic-settings field reads a deprecated name",
                "A pydantic-settings field reads an old name through its field name or "
                "env_prefix; rename the field or give it an alias. Not rewritten.",
                _CODE_DOC,
            ),
            FindingRule(
                "EM109",
                "error",
                "name-built-at-run-time",
                "A variable name is built at run time from a piece of a deprecated name",
                'Code assembles an old name from pieces ("DINGTALK_" + "APP_KEY", '
                '"#{prefix}_APP_KEY", fmt.Sprintf("%s_APP_KEY", p)) or viper\'s '
                "AutomaticEnv derives it from a config key; rename it by hand. Not rewritten.",
                _CODE_DOC,
            ),
            FindingRule(
                "EM900",
                "warning",
                "unused-suppression",
                "An envmigrate: ignore comment that silences nothing",
                "An inline suppression (or one of the codes it lists) matched no finding on "
                "its line: remove it. Reported only under --strict.",
                "suppressing-findings",
            ),
        )
    }
)

#: Compiled on first use (``re`` keeps it): only a check of a credential's value needs it,
#: never a dry run.
_PLACEHOLDER = r"""
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
"""
_PLACEHOLDER_FLAGS = re.IGNORECASE | re.VERBOSE


def is_placeholder(value: str | None) -> bool:
    """True for an empty credential or a placeholder: ``xxx``, ``your_…``, ``请填写``…

    DingTalk's client ids and secrets are printable ASCII, so a value holding anything
    else (Chinese text such as ``你的AppKey`` or ``在此填写``, full-width letters, control
    characters) is a placeholder too, and is never sent to DingTalk.
    """
    if value is None:
        return True
    stripped = value.strip()
    if not stripped or re.match(_PLACEHOLDER, stripped, _PLACEHOLDER_FLAGS) is not None:
        return True
    return not (stripped.isascii() and stripped.isprintable())


class RenameTable(NamedTuple):
    """The rename table and obsolete keys in force (defaults plus the user's own)."""

    renames: Mapping[str, str] = RENAMES
    obsolete: tuple[str, ...] = OBSOLETE

    def with_extra(
        self, renames: Mapping[str, str] | None = None, obsolete: tuple[str, ...] = ()
    ) -> "RenameTable":
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
        """Every key the rules care about: old, new and obsolete names (worked out once per
        table: detection asks for it once per file)."""
        return per_table("watched", self, _watched)


def _watched(_what: str, table: RenameTable) -> frozenset[str]:
    return frozenset(table.renames) | frozenset(table.renames.values()) | set(table.obsolete)


_T = TypeVar("_T")
#: (what, id of a rename table) -> (the table, the answer): what depends only on the table
#: is worked out once per run, not once per file.
PER_TABLE: dict[tuple[str, int], tuple[RenameTable, Any]] = {}


def per_table(what: str, table: RenameTable, make: Callable[[str, RenameTable], _T]) -> _T:
    """``make(what, table)``, worked out once per table (``what`` tells the answers apart)."""
    key = (what, id(table))
    known = PER_TABLE.get(key)
    if known is not None:  # the entry holds its table: that id is not reused meanwhile
        found: _T = known[1]
        return found
    if len(PER_TABLE) > 64:  # many tables (a test suite): start again
        PER_TABLE.clear()
    found = make(what, table)
    PER_TABLE[key] = (table, found)
    return found


DEFAULT_RULES = RenameTable()
#: The former name of :class:`RenameTable` (public API, kept).
Rules = RenameTable
