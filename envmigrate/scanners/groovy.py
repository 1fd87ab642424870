"""Groovy: Jenkins pipelines (``Jenkinsfile``), Groovy scripts and Gradle build files.

On top of the rules every language shares (``envmigrate.scanners.reads``: a string whose
whole content is an old name is a read unless it is a message; comments never change):

- ``env.X``, ``System.env.X``, ``script.env.X``, ``params.X``, ``System.getenv().X``: the
  environment (and Jenkins build parameters, which are environment variables) read as a
  property, in code and in GString interpolation (``"${env.X}"``, ``"$env.X"``);
  ``env.X = …`` sets it;
- Jenkins declarative ``environment { X = … }``: X binds the variable;
- a line ``X=…`` (or ``export X=…``) of text that is not a message (``withEnv(["X=…"])``,
  ``execute(["X=…"], dir)``, ``writeFile text: "X=…"``): the name sets the variable;
  ``variable: 'X'``, ``usernameVariable:``/``passwordVariable:`` (any ``…Variable:``)
  bind it;
- a map key or named argument spelled without quotes (``[X: v]``, ``environment X: v``)
  is the string ``'X'``;
- the script of a ``sh``/``bat``/``powershell``/``pwsh`` step, in any quoting: the shell
  scanner reads ``sh`` scripts (``$X``, ``${X}``, ``export X=``), ``bat`` scripts their
  ``%X%``/``!X!`` and ``set X=``, PowerShell ``$env:X``; a name the GString interpolates
  there (``"${X}"``, ``"$X"``) is the environment variable through the pipeline's binding;
- elsewhere ``$X``/``${X}``/``${X:default}`` in string text that is not a message (a
  single-quoted string, an escaped ``\\$`` in a GString) refers to the variable (a script
  for ``sh -c``, a Spring placeholder).

A credentials id (``credentials('X')``, ``credentialsId: 'X'``) names a secret in Jenkins'
store, not a variable, and never changes; nor does the field name of Android's
``buildConfigField``/``resValue``. A bare identifier that is an old name (``if
(X)``, ``"${X}"`` outside a step) reads the environment in a Jenkins pipeline but may be a
property elsewhere: reported (EM109), not rewritten, unless the file declares it (``def X``,
``String X``, a closure parameter), when it is the program's own variable. A step script
whose text cannot be mapped back to the file exactly (an unknown escape, a script built by
``+``) is reported, not rewritten. A file the lexer refuses is never rewritten.
"""

from __future__ import annotations

import re

from envmigrate.i18n import Msg
from envmigrate.rules import RenameTable
from envmigrate.scanners import reads, shell
from envmigrate.scanners.hits import Hit, as_setting, name_hit
from envmigrate.scanners.lexer import COMMENT, GROOVY, NAME, OP, STR, Lexer, LexError, Tok

#: Jenkins steps whose (first or ``script:``) argument is a script, and its language.
STEPS = {"sh": "shell", "bat": "bat", "powershell": "powershell", "pwsh": "powershell"}
#: Receivers whose properties are environment variables (``params``: build parameters).
_ENV_OBJECTS = frozenset({"env", "params"})
#: Calls whose unlabelled string arguments name something else: a secret in Jenkins'
#: store, an Android ``BuildConfig`` field or resource.
_NOT_VARIABLES = frozenset({"credentials", "buildConfigField", "resValue"})
#: Words before a name that declare it (``def X``, ``final String X``).
_DECLARE = frozenset({"def", "var", "final", "static", "private", "protected", "public"})
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "s": " "}
_ESCAPES.update({c: c for c in "\\'\"$/"})
#: The text of an interpolation when a string's value is read (a character no name holds).
HOLE = "\x00"
_LOOK_BACK = 400
_BRACKETS = frozenset("()[]{},")  # and the comma: none of them is a label


def scan(source: str, rules: RenameTable) -> list[Hit]:
    lexer = Lexer(source, GROOVY)
    try:
        toks = sorted(lexer.tokens(), key=lambda t: t.start)
    except LexError as exc:  # every whole-token use, ``$X`` included, is reported
        return reads.unreadable(source, rules, GROOVY, str(exc), before=r"\w")
    return _Scan(source, toks, lexer.holes, rules).run()


class _Scan:
    def __init__(
        self, text: str, toks: list[Tok], holes: list[tuple[int, int]], rules: RenameTable
    ) -> None:
        self.text = text
        self.toks = toks
        self.sig = [t for t in toks if t.kind != COMMENT]
        self.holes = dict(holes)
        self.rules = rules
        self.names = {*rules.renames, *rules.obsolete}
        # a string is read only when it holds a name or a piece one is built from (only
        # searched for: the order of the pieces does not matter)
        pieces = sorted({*self.names, *reads.fragments(rules)})
        self.worth = re.compile("|".join(re.escape(p) for p in pieces))
        self.hits: list[Hit] = []
        self.kept: list[tuple[int, int]] = []  # string bodies the shared rules must not read

    def word(self, k: int) -> str:
        if k < 0 or k >= len(self.sig):
            return ""
        tok = self.sig[k]
        return self.text[tok.start : tok.end]

    def run(self) -> list[Hit]:
        declared = self._declared()
        scripts: list[tuple[int, int]] = []  # the holes of step scripts: names there are env
        environment = self._environment_names()
        for k, tok in enumerate(self.sig):
            if tok.kind == STR and self.worth.search(self.text, tok.start, tok.end):
                scripts += self._string(k)
        for k, tok in enumerate(self.sig):
            if tok.kind == NAME and self.word(k) in self.names:
                self._name(k, declared, environment, scripts)
        shared = reads.hits(self.text, self.toks, self.rules, GROOVY)
        kept = [h for h in shared if not self._in_kept_text(h.start)]
        return list({h.start: h for h in [*kept, *self.hits]}.values())

    def _in_kept_text(self, at: int) -> bool:
        """``at`` is in the text (not the interpolated code) of a string read here alone."""
        holes = self.holes.items()
        return any(
            a <= at < b and not any(a <= h < at < end for h, end in holes) for a, b in self.kept
        )

    # -- names ------------------------------------------------------------------------------

    def _declared(self) -> set[str]:
        """Old names this file declares as its own variables (``def X``, ``String X``,
        ``{ X -> }``, ``for (X in …)``)."""
        out = set()
        for k, tok in enumerate(self.sig):
            word = self.word(k)
            if word not in self.names:  # only a name's text is an identifier
                continue
            before, after = self.word(k - 1), self.word(k + 1)
            # ``String X``: a type, then the name, with only blanks between
            near = k > 0 and not self.text[self.sig[k - 1].end : tok.start].strip()
            typed = near and self.sig[k - 1].kind == NAME and before[:1].isupper()
            looped = before == "(" and self.word(k - 2) == "for"
            if (near and before in _DECLARE) or typed or after == "->" or looped:
                out.add(word)
        return out

    def _environment_names(self) -> set[int]:
        """Indexes of the names an ``environment { X = … }`` block binds."""
        out = set()
        for k in range(len(self.sig)):
            if self.word(k) != "environment" or self.word(k + 1) != "{":
                continue
            depth = 0
            for j in range(k + 2, len(self.sig)):
                word = self.word(j)
                if word in ("(", "[", "{"):
                    depth += 1
                elif word in (")", "]", "}"):
                    if depth == 0:
                        break
                    depth -= 1
                elif depth == 0 and self._binds(j):
                    out.add(j)
        return out

    def _binds(self, j: int) -> bool:
        """``X = …`` at the start of a statement."""
        return self.sig[j].kind == NAME and self.word(j + 1) == "=" and self._statement_start(j)

    def _statement_start(self, k: int) -> bool:
        if k == 0:
            return True
        gap = self.text[self.sig[k - 1].end : self.sig[k].start]
        return self.word(k - 1) in ("{", ";", "}") or "\n" in gap or "\r" in gap

    def _name(
        self, k: int, declared: set[str], environment: set[int], scripts: list[tuple[int, int]]
    ) -> None:
        tok, word = self.sig[k], self.word(k)
        if word in self.rules.obsolete:
            self.hits.append(name_hit(tok.start, word, self.rules, config=False))
            return
        before, after = self.word(k - 1), self.word(k + 1)
        if before in (".", "?."):
            if self._env_receiver(k - 2):
                hit = name_hit(tok.start, word, self.rules, config=False)
                self.hits.append(as_setting(hit) if after == "=" else hit)
            return
        if k in environment:
            self.hits.append(name_hit(tok.start, word, self.rules, config=True))
            return
        if after == ":" and (before in ("(", "[", ",") or self._command_argument(k)):
            self.hits.append(name_hit(tok.start, word, self.rules, config=False))
            return
        if word in declared:
            return
        if any(a <= tok.start < b for a, b in scripts):
            self.hits.append(name_hit(tok.start, word, self.rules, config=False))
            return
        message = Msg(
            "{name} is a Groovy variable here: a Jenkins pipeline reads the environment "
            "through it, other scripts a property: rename it by hand (or use env.{new})",
            name=word,
            new=self.rules.renames[word],
        )
        self.hits.append(Hit(tok.start, tok.end, "EM109", word, message))

    def _env_receiver(self, k: int) -> bool:
        """``sig[k]`` ends an expression whose properties are environment variables."""
        word = self.word(k)
        if word in _ENV_OBJECTS:
            return self.word(k - 1) not in (".", "?.") or word == "env"
        # System.getenv().X
        return word == ")" and self.word(k - 1) == "(" and self.word(k - 2) == "getenv"

    def _command_argument(self, k: int) -> bool:
        """``environment X: v``: a label right after a command name on its line."""
        prev = k - 1
        if prev < 0 or self.sig[prev].kind != NAME or self.word(prev) in ("case", "default"):
            return False
        return not self._line_break_after(prev) and self._statement_start(prev)

    # -- strings ----------------------------------------------------------------------------

    def _string(self, k: int) -> list[tuple[int, int]]:
        """The hits of the string at ``sig[k]``; the holes of a step script it is."""
        tok = self.sig[k]
        callee, label, whole = self._argument(k)
        if (callee in _NOT_VARIABLES and label is None) or label == "credentialsId":
            self.kept.append((tok.body, tok.body_end))  # a credentials id: not a variable
            return []
        if callee in STEPS:
            self.kept.append((tok.body, tok.body_end))
            if label not in (None, "script"):
                return []  # ``label:``, ``encoding:``: text, not a name
            self._script(tok, STEPS[callee], whole=whole)
            return [(a, b) for a, b in self.holes.items() if tok.body <= a < tok.body_end]
        body = self.text[tok.body : tok.body_end]
        binds = label is not None and (label == "variable" or label.endswith("Variable"))
        if binds and tok.plain and body in self.names:  # withCredentials: binds the variable
            self.kept.append((tok.body, tok.body_end))
            self.hits.append(name_hit(tok.body, body, self.rules, config=True))
            return []
        if ("$" in body or "=" in body) and not reads.is_message(self.text, self.sig, k):
            self._references(tok)
        return []

    def _argument(self, k: int) -> tuple[str | None, str | None, bool]:
        """The call whose argument list holds the string ``sig[k]`` at its top level
        (``f(…)`` or a command ``f …``): (its name, the argument's label, the string is the
        whole argument)."""
        depth, start, callee = 0, -1, None
        for j in range(k - 1, max(-1, k - 1 - _LOOK_BACK), -1):
            word = self.word(j)
            if self.sig[j].kind == OP and word in (")", "]", "}"):
                depth += 1
            elif self.sig[j].kind == OP and word in ("(", "[", "{"):
                if depth == 0:
                    if word == "(" and j and self.sig[j - 1].kind == NAME:
                        start, callee = j, self.word(j - 1)
                    break
                depth -= 1
            elif depth == 0 and word == ";":
                break
            elif depth == 0 and self._command(j):
                start, callee = j, word
                break
            elif depth == 0 and self._line_break_after(j) and word not in (",", "+", ":"):
                break
        if callee is None:
            return None, None, False
        # the argument holding the string runs from the ``,`` before it (or the list's
        # start): only whether it is the string alone or ``label: 'x'`` matters, and a
        # bracket in it (``f(a, b) + 'x'``) makes it neither
        alone = k - 1 == start or self.word(k - 1) == ","
        label = None
        if self.word(k - 1) == ":":  # (never right after ``(``: the name there is "(")
            edge, name = k - 3, self.word(k - 2)
            if name not in _BRACKETS and (edge == start or self.word(edge) == ","):
                label = name
        after = self.word(self.next(k))
        ends = after in (",", ")") if self.word(start) == "(" else self._ends_statement(k)
        whole = ends and (alone or label is not None)
        return callee, label, whole or (alone and after in (",", ")"))

    def _command(self, j: int) -> bool:
        """``sig[j]`` is a command name (``sh 'x'``, ``sh script: 'x'``) at a statement's start."""
        # called for a token before the string: a name has one after it; an operator after
        # it (``sh: 'x'``, ``sh('x')``, ``sh = 'x'``) is no command; a label is
        # (``sh script: 'x'``)
        if self.sig[j].kind != NAME or self.sig[j + 1].kind == OP:
            return False
        # ``steps.sh '…'`` / ``script.sh '…'`` (shared libraries) too
        return self._statement_start(j) or self.word(j - 1) in ("=", "return", ".", "->", "else")

    def next(self, k: int) -> int:
        """The index of the token after ``sig[k]`` (past the code inside a string)."""
        end, j = self.sig[k].end, k + 1
        while j < len(self.sig) and self.sig[j].start < end:
            j += 1
        return j

    def _line_break_after(self, j: int) -> bool:
        nxt = self.next(j)
        if nxt >= len(self.sig):
            return False
        gap = self.text[self.sig[j].end : self.sig[nxt].start]
        return "\n" in gap or "\r" in gap

    def _ends_statement(self, k: int) -> bool:
        nxt = self.next(k)
        return nxt >= len(self.sig) or self.word(nxt) in (";", "}") or self._line_break_after(k)

    # -- the value of a string, mapped back to the file -------------------------------------

    def _value(self, tok: Tok) -> tuple[str, list[int], bool]:
        """The text a string stands for (an interpolation as one ``HOLE``), the offset in the
        file of each of its characters, and whether every escape in it was understood."""
        text = self.text
        opener = text[tok.start : tok.body]
        out: list[str] = []
        where: list[int] = []
        exact = True
        i = tok.body
        while i < tok.body_end:
            if i in self.holes:
                out.append(HOLE)
                where.append(i)
                i = self.holes[i]
                continue
            ch = text[i]
            step = 1
            if opener in ("/",):
                if text.startswith("\\/", i):
                    ch, step = "/", 2
            elif opener == "$/":
                if text.startswith(("$$", "$/"), i):
                    ch, step = text[i + 1], 2
            elif ch == "\\":
                ch, step, known = _escape(text, i)
                exact = exact and known
            out.append(ch)
            where.extend([i] * len(ch))
            i += step
        return "".join(out), where, exact

    def _mapped(self, found: list[Hit], value: str, where: list[int], exact: bool) -> None:
        """Hits in a string's value, placed in the file; renamed only where the name is
        written in the file as it is in the value."""
        for hit in found:  # a hit is a name: it starts at a character of the value
            start = where[hit.start]
            length = hit.end - hit.start
            same = (
                exact
                and hit.end <= len(where)
                and where[hit.end - 1] == start + length - 1
                and self.text[start : start + length] == value[hit.start : hit.end]
            )
            moved = hit._replace(start=start, end=start + length)
            if not same and moved.replacement is not None:
                message = Msg(
                    "{message}; the script's text could not be mapped back to the file "
                    "exactly: rename it by hand",
                    message=hit.message,
                )
                moved = moved._replace(replacement=None, message=message)
            self.hits.append(moved)

    def _script(self, tok: Tok, language: str, *, whole: bool) -> None:
        value, where, exact = self._value(tok)
        if language == "shell":
            found = shell.scan_shell(value, self.rules)
        else:
            found = _windows(value, self.rules, powershell=language == "powershell")
        self._mapped(found, value, where, exact and whole)

    def _references(self, tok: Tok) -> None:
        """Text that is not a message: ``$X``/``${X}`` read X, a line ``X=…`` sets it (an
        item of ``withEnv([…])`` or ``execute([…])``, an env file being written)."""
        value, where, exact = self._value(tok)
        found = [
            name_hit(m.start("n"), m.group("n"), self.rules, config=config)
            for pattern, config in ((_REFERENCE, False), (_ENV_LINE, True))
            for m in pattern.finditer(value)
            if m.group("n") in self.names
        ]
        self._mapped(found, value, where, exact)


#: A line of text that sets a variable: ``X=…``, ``export X=…``.
_ENV_LINE = re.compile(r"^[ \t]*(?:export[ \t]+)?(?P<n>[A-Za-z_]\w*)=", re.MULTILINE)
#: ``$X``, ``${X}``, ``${X:-d}``, ``${X:d}`` in text (not ``$$X``, not ``${X.y}``).
_REFERENCE = re.compile(r"(?<![\w$])\$(?:\{(?P<b>)|(?!\{))(?P<n>[A-Za-z_]\w*)(?(b)(?=[:}])|(?!\w))")
_BAT = re.compile(r"%(?P<n>[A-Za-z_]\w*)(?::[^%\r\n]*)?%|!(?P<d>[A-Za-z_]\w*)!")
_BAT_SET = re.compile(r"(?im)\bset(?:x)?[ \t]+(?:/[ap][ \t]+)?\"?(?P<n>[A-Za-z_]\w*)(?==|[ \t])")
_POWERSHELL = re.compile(
    r"(?i:\$\{?env:)(?P<n>[A-Za-z_]\w*)|(?i:\benv:\\?)(?P<p>[A-Za-z_]\w*)"
    r"|(?i:EnvironmentVariable)\(\s*['\"](?P<s>[A-Za-z_]\w*)['\"]"
)


def _windows(value: str, rules: RenameTable, *, powershell: bool) -> list[Hit]:
    """References in a ``bat`` (``%X%``, ``!X!``, ``set X=``) or PowerShell script
    (``$env:X``, ``${env:X}``, ``Env:X``, ``[Environment]::…EnvironmentVariable('X')``)."""
    names = {*rules.renames, *rules.obsolete}
    patterns = [_POWERSHELL] if powershell else [_BAT, _BAT_SET]
    out = []
    for pattern in patterns:
        for match in pattern.finditer(value):
            group = next(g for g in ("n", "d", "p", "s") if match.groupdict().get(g))
            if match.group(group) in names:
                out.append(name_hit(match.start(group), match.group(group), rules, config=False))
    return out


def _escape(text: str, i: int) -> tuple[str, int, bool]:
    """The backslash escape at ``text[i]``: (what it stands for, its length, known)."""
    nxt = text[i + 1 : i + 2]
    if nxt in _ESCAPES:
        return _ESCAPES[nxt], 2, True
    if nxt == "u":
        match = re.compile(r"u+([0-9a-fA-F]{4})").match(text, i + 1)
        if match:
            return chr(int(match.group(1), 16)), match.end() - i, True
    if nxt in ("\n", "\r"):  # a line continuation
        return "", 3 if text.startswith("\r\n", i + 1) else 2, True
    return nxt, 2, False
