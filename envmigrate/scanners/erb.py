"""ERB: the Ruby inside ``<% %>`` / ``<%= %>`` tags of templates (``*.erb``) and of YAML
that Rails renders through ERB (``config/database.yml``: ``<%= ENV["X"] %>``).

Everything outside the tags is blanked (newlines kept, so offsets line up) and the rest
is read by the Ruby scanner; ``<%# %>`` comments and the template text never change.
"""

from __future__ import annotations

import re

from envmigrate.rules import RenameTable
from envmigrate.scanners import ruby
from envmigrate.scanners.hits import Hit

_TAG = re.compile(r"<%(?!#|%)[=-]?(.*?)-?%>", re.DOTALL)
_NOT_NEWLINE = re.compile(r"[^\r\n]")


def ruby_only(text: str) -> str:
    """``text`` with every character outside ERB code tags replaced by a space, and the
    first character of each closing ``%>`` (or ``-%>``) by a newline that ends the
    statement; same length, so offsets are the template's."""
    out, at = [], 0
    for tag in _TAG.finditer(text):
        out.append(_NOT_NEWLINE.sub(" ", text[at : tag.start(1)]))
        out.append(text[tag.start(1) : tag.end(1)] + "\n")
        at = tag.end(1) + 1
    out.append(_NOT_NEWLINE.sub(" ", text[at:]))
    return "".join(out)


def scan(text: str, rules: RenameTable) -> list[Hit]:
    if "<%" not in text:
        return []
    return ruby.scan(ruby_only(text), rules)
