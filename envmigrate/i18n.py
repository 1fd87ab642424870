"""Messages in the user's language: English (the default) or Simplified Chinese.

Text is written in English with named placeholders; ``_()`` looks a message up in the
chosen language. Messages that also land in machine formats (JSON, SARIF) are built with
:class:`Msg`: a ``str`` holding the English text, which remembers its template so a text
renderer can print it translated (``tr``) while JSON keeps the English.

``gettext`` and the catalogue (``locale/zh_CN/LC_MESSAGES/envmigrate.mo``) are loaded only
when the language is Chinese: English start-up pays nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gettext

LANGUAGES = ("en", "zh")
DOMAIN = "envmigrate"
#: The catalogue of each non-English language, relative to this package.
CATALOGUES = {"zh": ("locale", "zh_CN", "LC_MESSAGES", f"{DOMAIN}.mo")}
#: The locale variables, in the order POSIX gives them precedence.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_language = "en"
_catalogue: gettext.GNUTranslations | None = None


def language() -> str:
    return _language


def set_language(lang: str) -> None:
    """Use ``lang`` (``en`` or ``zh``) from now on; the catalogue loads on first use."""
    global _language, _catalogue
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    if lang != _language:
        _language, _catalogue = lang, None


def from_locale(value: str) -> str:
    """``zh``, ``zh_CN``, ``zh_Hans``, ``zh_CN.UTF-8``, ``zh-TW`` -> ``zh``; anything else ``en``.

    ``LANGUAGE`` may list several (``zh_CN:en``): the first one decides.
    """
    first = value.split(":", 1)[0].strip().lower()
    return "zh" if first == "zh" or first.startswith(("zh_", "zh-", "zh.", "zh@")) else "en"


def from_environment(environ: Mapping[str, str]) -> str:
    """The first non-empty locale variable (POSIX order) decides; none gives English."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return from_locale(value)
    return "en"


def from_argv(args: Sequence[str]) -> str | None:
    """The value of the last ``--lang X`` / ``--lang=X`` before ``--``, if valid."""
    found = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found if found in LANGUAGES else None


def resolve(args: Sequence[str], environ: Mapping[str, str]) -> str:
    """``--lang`` wins, then the locale variables, then English."""
    return from_argv(args) or from_environment(environ)


def _translations() -> gettext.GNUTranslations:
    global _catalogue
    if _catalogue is None:
        import gettext
        import io
        from importlib import resources

        packaged = resources.files(__package__ or "envmigrate").joinpath(*CATALOGUES[_language])
        _catalogue = gettext.GNUTranslations(io.BytesIO(packaged.read_bytes()))
    return _catalogue


def _(message: str) -> str:
    """``message`` in the chosen language (the English text itself in English)."""
    if _language == "en" or not message:  # "" would give the catalogue's header
        return message
    return _translations().gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (see ``tr``)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the chosen language."""
    if _language == "en":
        return singular if count == 1 else plural
    return _translations().ngettext(singular, plural, count)


def plural(singular: str, plural: str, count: int, **params: Any) -> str:
    """``ngettext`` formatted with ``count`` and ``params``: ``plural("{count} file", …)``."""
    return ngettext(singular, plural, count).format(count=count, **params)


class Msg(str):
    """English text (a real ``str``: JSON, comparisons) that can be printed translated.

    ``Msg("{key} is deprecated", key=k)`` equals ``f"{k} is deprecated"``; ``tr`` gives
    the text in the chosen language, translating parameters that are ``Msg`` too.
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Msg:
        self = super().__new__(cls, template.format(**params) if params else template)
        self.template = template
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Msg:
    return Msg(template, **params)


def tr(text: object) -> str:
    """A message for a person: a ``Msg`` or a marked constant, in the chosen language."""
    if _language == "en" or not isinstance(text, str):
        return str(text)
    if isinstance(text, Msg):
        params = {k: tr(v) if isinstance(v, Msg) else v for k, v in text.params.items()}
        return _(text.template).format(**params) if params else _(text.template)
    return _(text)


def error_line(message: str) -> str:
    """The ``envmigrate: error: …`` line of stderr."""
    return _("envmigrate: error: {message}").format(message=tr(message))


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal (East Asian wide characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most ``columns`` display columns, broken at spaces or between wide
    characters (a single word longer than a line gets a line of its own)."""
    import re

    lines: list[str] = []
    line = ""
    for token in re.findall(r"\s+|[^\s\u1100-\uffff]+|.", " ".join(text.split())):
        if line and width(line + token.rstrip()) > columns:
            lines.append(line.rstrip())
            line = "" if token.isspace() else token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines
