"""Masking: the one place that decides what of a value may be shown.

Every output path (diff, findings, verification reports, error lines) goes through here.
Values are masked whole by default; ``${NAME}`` references stay readable because they are
not secret and show what a migration changed. ``scrub`` removes known secret strings from
any free text (exception messages, URLs, logs) as a last line of defence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from envmigrate.dotenv_lexer import REFERENCE
from envmigrate.envfile import EnvFile

MASK = "****"
_COMMENTED_BINDING = re.compile(
    r"(?P<head>#[^\S\r\n]*(?:export[^\S\r\n]+)?[A-Za-z_][A-Za-z0-9_.\-]*[^\S\r\n]*=[^\S\r\n]*)"
    r"(?P<value>[^\r\n]+)"
)
_ERROR_LINE = re.compile(
    r"(?P<head>[^\S\r\n]*(?:[A-Z_][A-Z0-9_]*(?=[^\S\r\n]|=|$)[^\S\r\n]*=?[^\S\r\n]*)?)"
    r"(?P<value>[^\r\n]*)",
    re.MULTILINE,
)
#: Only conventional variable names (upper case) are shown where a value could stand instead.
_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")
_NEWLINES = re.compile(r"(\r\n|\n|\r)")
#: Secrets shorter than this are not scrubbed from free text (it would mangle ordinary words).
MIN_SCRUB = 4


def mask_value(raw: str) -> str:
    """Mask a raw value: literal text becomes ``****`` per line; references stay visible."""
    parts: list[str] = []
    cursor = 0
    for match in REFERENCE.finditer(raw):
        parts.append(_mask_literal(raw[cursor : match.start()]))
        default = match["default"]
        masked_default = "" if default is None else ":-" + _mask_literal(default)
        parts.append("${" + match["name"] + masked_default + "}")
        cursor = match.end()
    parts.append(_mask_literal(raw[cursor:]))
    return "".join(parts)


def _mask_literal(text: str) -> str:
    """Replace each non-empty run between newlines with MASK, keeping the newlines."""
    pieces = _NEWLINES.split(text)
    return "".join(p if i % 2 else (MASK if p else "") for i, p in enumerate(pieces))


def masked_text(env: EnvFile, text: str | None = None) -> str:
    """The file's text with every value masked (line structure kept, so diffs line up).

    ``text`` lets a caller mask a rewritten text: it is parsed again for its spans (a
    caller that has the rewritten file parsed already, ``rewrite.after``, passes that).
    """
    if text is not None:
        from envmigrate.envfile import parse_text

        env = parse_text(text)
    out: list[str] = []
    cursor = 0
    for entry in env.entries:
        if entry.key is not None and entry.value is None and not _NAME.fullmatch(entry.key):
            # A bare "key" that is no variable name is most likely a pasted value.
            out.append(env.text[cursor : entry.key_start])
            out.append(MASK)
            cursor = entry.key_end
        elif entry.value_start >= 0:
            out.append(env.text[cursor : entry.value_start])
            out.append(mask_value(env.text[entry.value_start : entry.value_end]))
            cursor = entry.value_end
        elif entry.key is None:
            out.append(env.text[cursor : entry.start])
            out.append(_mask_free_line(env.text[entry.start : entry.end], entry.error))
            cursor = entry.end
    out.append(env.text[cursor:])
    return "".join(out)


def _mask_free_line(text: str, error: bool) -> str:
    """Comments that look like ``# KEY=value`` and unparsable lines get their values masked."""
    if error:
        return _ERROR_LINE.sub(lambda m: m["head"] + (MASK if m["value"] else ""), text)
    return _COMMENTED_BINDING.sub(lambda m: m["head"] + MASK, text)


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every occurrence of each secret (also URL-quoted) in free text with MASK."""
    for secret in sorted({s for s in secrets if s and len(s) >= MIN_SCRUB}, key=len, reverse=True):
        for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
            text = text.replace(form, MASK)
    return text


#: Secrets are masked wherever this many of their characters appear in a row.
MIN_FRAGMENT = 6
#: Longest piece of server-supplied text shown (after escaping).
UNTRUSTED_LIMIT = 200


def untrusted(text: str, secrets: Iterable[str | None], limit: int = UNTRUSTED_LIMIT) -> str:
    """Server-supplied text made safe to print anywhere (terminal, JSON, CI annotations).

    Any run of ``MIN_FRAGMENT``+ characters of a secret (or of its URL-quoted forms) becomes
    MASK, so an echo of the secret minus a character shows nothing of it; every character
    that is not printable (newlines, ANSI escapes, bidi overrides, separators other than the
    space) is shown as a ``\\x..``/``\\u....`` escape, so the text stays on its one line and cannot
    forge output; the result is cut to ``limit`` characters with an ellipsis.
    """
    secrets = tuple(secrets)
    masked = _mask_fragments(text, secrets)
    # again after escaping: an escape's hex digits next to a piece could complete a run
    escaped = _mask_fragments("".join(_escape(char) for char in masked), secrets)
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


def _mask_fragments(text: str, secrets: Iterable[str | None]) -> str:
    grams: set[str] = set()
    for secret in {s for s in secrets if s and len(s) >= MIN_FRAGMENT}:
        for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
            grams.update(form[i : i + MIN_FRAGMENT] for i in range(len(form) - MIN_FRAGMENT + 1))
    if not grams:
        return text
    hidden = [False] * len(text)
    for start in range(len(text) - MIN_FRAGMENT + 1):
        if text[start : start + MIN_FRAGMENT] in grams:
            hidden[start : start + MIN_FRAGMENT] = [True] * MIN_FRAGMENT
    out: list[str] = []
    for index, char in enumerate(text):
        if not hidden[index]:
            out.append(char)
        elif index == 0 or not hidden[index - 1]:
            out.append(MASK)
    return "".join(out)


def _escape(char: str) -> str:
    if char == "\\":
        return "\\\\"
    if char.isprintable():
        return char
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )
