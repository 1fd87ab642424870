"""Shell, Makefile, Procfile and systemd units: the variable, not the words about it.

The shell is read word by word (quotes, ``$(...)``, heredocs, comments), so that:

- ``$X``, ``${X}``, ``${X:-d}`` and ``${#X}`` are references wherever they are (double
  quotes and unquoted heredocs included; single quotes too, where they defer the
  expansion to ``sh -c``/``envsubst``, but not in ``echo``/``printf`` text);
- a bare ``X`` is a variable name in an assignment (``X=v``, ``export X``, ``unset X``,
  ``read X``, ``docker run -e X``), but only text in ``echo``/``printf`` arguments,
  ``read -p`` prompts, quoted messages and comments, which never change;
- a quoted word that is an assignment (``"X=$X"``, also after ``echo``: it writes an env
  line) or exactly the name (``printenv "X"``) counts as bare;
- ``/run/secrets/X`` and ``id=X`` name a stored secret: reported, never renamed (a file or
  id renamed here alone would not exist).

Makefiles add ``$(X)``/``${X}`` and ``X ?= v``; recipe lines are shell (``$$X``). A
Procfile line is shell after its ``name:``. A systemd unit sets variables in
``Environment=``/``PassEnvironment=`` and reads them as ``$X``/``${X}`` in ``Exec*=``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from envmigrate.i18n import Msg
from envmigrate.rules import RenameTable
from envmigrate.scanners.hits import Hit, name_hit, store_hit
from envmigrate.scanners.text import alternation, watched

_KEYWORDS = frozenset(
    {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "in", "case",
     "esac", "!", "time", "{", "}", "[[", "coproc"}
)  # fmt: skip
#: Keywords whose next word is a name: the variable of ``for``/``select`` (set: a hit),
#: the function of ``function`` (not a variable).
_HEADERS = frozenset({"for", "select", "function"})
_MENTION_COMMANDS = frozenset({"echo", "printf", "print", "log", "info", "warn", "die", "fail"})
_OPERATORS = ";&|()<>"
_LINE_END = re.compile(r"[\r\n]")
_STORE_COMMANDS = re.compile(r"(?P<cli>gh|glab)[ \t]+(?P<what>secret|variable)\b")
#: ``gh secret set X`` and the like: the store each command writes to.
_STORE_OF = {("gh", "secret"): "github", ("gh", "variable"): "github-vars",
             ("glab", "variable"): "gitlab", ("glab", "secret"): "gitlab"}  # fmt: skip
#: Deeper ``$(...)``/quote nesting than this is read for references only.
MAX_DEPTH = 16
SECRET_PATH = "/run/secrets/"  # noqa: S105 - a folder, not a password


@lru_cache(maxsize=8)
def _patterns(key: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    names = alternation(key)
    ref = re.compile(rf"\$\{{?[#!]?(?P<n>{names})(?!\w)")
    bare = re.compile(rf"(?<![\w$/])(?<!id=)(?<!\$\{{)(?P<n>{names})(?!\w)")
    secret = re.compile(rf"(?:{re.escape(SECRET_PATH)}|\bid=[\"']?)(?P<n>{names})(?!\w)")
    return ref, bare, secret


class _Scanner:
    def __init__(self, text: str, rules: RenameTable, *, config: bool = False) -> None:
        self.text = text
        self.rules = rules
        self.config = config
        self.names = set(watched(rules))
        self.ref, self.bare, self.secret = _patterns(watched(rules))
        self.hits: list[Hit] = []
        self.command: str | None = None  # the command whose words are being read
        self.store = ""  # the store a ``gh secret``/``glab variable`` command writes to
        self.depth = 0  # nesting of $(...) and quotes being read

    def hit(self, start: int, name: str) -> None:
        self.hits.append(name_hit(start, name, self.rules, config=self.config))

    def refs(self, start: int, end: int) -> None:
        for match in self.ref.finditer(self.text, start, end):
            self.hit(match.start("n"), match.group("n"))

    def secrets(self, start: int, end: int) -> None:
        for match in self.secret.finditer(self.text, start, end):
            self.hits.append(store_hit(match.start("n"), match.group("n"), self.rules, "docker"))

    # -- the word loop ---------------------------------------------------------------------

    def run(self, start: int, end: int) -> None:
        """Read ``text[start:end]`` as shell (``$(...)`` nests: bounded, like a stack)."""
        if self.depth >= MAX_DEPTH:  # hostile nesting: references only, never a deep stack
            self.refs(start, end)
            return
        self.depth += 1
        try:
            self._run(start, end)
        finally:
            self.depth -= 1

    def _run(self, start: int, end: int) -> None:
        text = self.text
        i = start
        command: str | None = None
        words: list[str] = []
        heredocs: list[tuple[str, bool]] = []
        while i < end:
            char = text[i]
            if char in " \t":
                i += 1
            elif char == "\\" and text.startswith(("\\\n", "\\\r\n"), i):
                i += 2 if text[i + 1] == "\n" else 3  # a line continuation, LF or CRLF
            elif char in "\r\n":
                i += 1
                if heredocs:
                    i = self.heredocs(i, end, heredocs)
                    heredocs = []
                command, words = None, []
            elif char == "#":  # a comment, to the end of the line (LF, CRLF or CR)
                newline = _LINE_END.search(text, i, end)
                i = newline.start() if newline else end
            elif text.startswith("<<<", i):  # a here-string: a word follows, no body
                i += 3
            elif text.startswith("<<", i):
                i, heredoc = self.heredoc_start(i + 2, end)
                if heredoc:
                    heredocs.append(heredoc)
            elif char in _OPERATORS:
                i += 1
                if char not in "<>":
                    command, words = None, []
            else:
                self.command = command
                word_end, bare, quoted = self.word(i, end)
                word = text[i:word_end]
                if command is None:
                    assignment = re.match(r"([A-Za-z_]\w*)\+?=", word)
                    if assignment:
                        self.bare_names(i, i + assignment.end(1))
                        # value words: references already collected in self.word
                    elif word in _HEADERS:
                        command = "#" + word
                    elif word not in _KEYWORDS:
                        command = word
                        if cli := _STORE_COMMANDS.match(text, i):
                            command = "#store"
                            self.store = _STORE_OF[(cli.group("cli"), cli.group("what"))]
                elif command in ("#for", "#select", "#function"):
                    # ``for X in …``: X is set; ``function f {``: a name, then the body
                    if not words and command != "#function":
                        self.bare_names(i, word_end)
                    words.append(word)
                    if word == "{":
                        command, words = None, []
                else:
                    self.argument(command, words, word, i, bare, quoted)
                    words.append(word)
                i = word_end

    def argument(
        self,
        command: str,
        words: list[str],
        word: str,
        start: int,
        bare: list[tuple[int, int]],
        quoted: list[tuple[int, int]],
    ) -> None:
        if command == "#store":
            for match in self.bare.finditer(word):
                self.hits.append(
                    store_hit(start + match.start(), match.group(), self.rules, self.store)
                )
            return
        mention = command in _MENTION_COMMANDS or (command == "read" and words[-1:] == ["-p"])
        for q_start, q_end in quoted:
            body = self.text[q_start:q_end]
            assign = re.match(r"(?:--?[\w-]+=)?([A-Za-z_]\w*)=", body)
            if assign and assign.group(1) in self.names:
                self.hit(q_start + assign.start(1), assign.group(1))
            elif body in self.names and not mention:
                self.hit(q_start, body)
        if mention:
            for b_start, b_end in bare:
                assign = re.match(r"([A-Za-z_]\w*)=", self.text[b_start:b_end])
                if assign and assign.group(1) in self.names and b_start == start:
                    self.hit(b_start, assign.group(1))
            return
        for b_start, b_end in bare:
            self.bare_names(b_start, b_end)

    def bare_names(self, start: int, end: int) -> None:
        for match in self.bare.finditer(self.text, start, end):  # never after a '/'
            self.hit(match.start("n"), match.group("n"))

    def word(self, i: int, end: int) -> tuple[int, list[tuple[int, int]], list[tuple[int, int]]]:
        """One word from ``i``: (its end, unquoted spans, quoted bodies); refs collected."""
        text = self.text
        bare: list[tuple[int, int]] = []
        quoted: list[tuple[int, int]] = []
        run = i
        while i < end:
            char = text[i]
            if char in " \t\r\n" or char in _OPERATORS:
                break
            if char == "\\":
                i += 2
            elif char == "'":
                close = text.find("'", i + 1, end)
                close = end if close < 0 else close
                bare.append((run, i))
                quoted.append((i + 1, close))
                self.secrets(i + 1, close)
                if self.command not in _MENTION_COMMANDS:  # sh -c '…$X', envsubst '${X}'
                    self.refs(i + 1, close)
                i = run = close + 1
            elif char == '"':
                close = self.dquote_end(i + 1, end)
                bare.append((run, i))
                quoted.append((i + 1, close))
                self.dquoted(i + 1, close)
                i = run = close + 1
            elif text.startswith("$((", i):
                close = self.arithmetic(i, end)
                bare.append((run, i))
                i = run = close + 1
            elif text.startswith("$(", i):
                close = self.paren_end(i + 2, end)
                bare.append((run, i))
                self.run(i + 2, close)
                i = run = close + 1
            elif char == "`":
                close = text.find("`", i + 1, end)
                close = end if close < 0 else close
                bare.append((run, i))
                self.run(i + 1, close)
                i = run = close + 1
            elif text.startswith("${", i):
                close = self.brace_end(i + 2, end)
                bare.append((run, i))
                self.dquoted(i, close + 1)
                i = run = close + 1
            elif char == "$":
                match = self.ref.match(text, i)
                if match:
                    bare.append((run, i))
                    self.hit(match.start("n"), match.group("n"))
                    i = run = match.end()
                else:
                    i += 1
            else:
                i += 1
        i = min(i, end)
        bare.append((run, i))
        for start, stop in bare:
            self.secrets(start, stop)
        return i, [(a, b) for a, b in bare if b > a], quoted

    def dquoted(self, start: int, end: int) -> None:
        """Inside double quotes (or ``${...}``): references and ``$(...)`` only."""
        text = self.text
        end = min(end, len(text))  # an unclosed quote or brace runs to the end
        i = start
        while i < end:
            if text.startswith("$((", i):
                i = self.arithmetic(i, end) + 1
                continue
            if text.startswith("$(", i):
                close = self.paren_end(i + 2, end)
                self.run(i + 2, close)
                i = close + 1
                continue
            match = self.ref.match(text, i)
            if match and match.end() <= end:
                self.hit(match.start("n"), match.group("n"))
                i = match.end()
            else:
                i += 2 if text[i] == "\\" else 1
        self.secrets(start, end)

    def arithmetic(self, i: int, end: int) -> int:
        """``$((…))`` at ``i``: its names are variables (``$((X + 1))`` reads X); its end."""
        close = self.paren_end(i + 2, end)
        self.refs(i + 3, close)
        self.bare_names(i + 3, close)
        return close

    def dquote_end(self, i: int, end: int) -> int:
        if self.depth >= MAX_DEPTH:
            return end
        self.depth += 1
        try:
            return self._dquote_end(i, end)
        finally:
            self.depth -= 1

    def _dquote_end(self, i: int, end: int) -> int:
        text = self.text
        while i < end:
            if text[i] == "\\":
                i += 2
            elif text[i] == '"':
                return i
            elif text.startswith("$(", i):
                i = self.paren_end(i + 2, end) + 1
            else:
                i += 1
        return end

    def paren_end(self, i: int, end: int) -> int:
        if self.depth >= MAX_DEPTH:
            return end
        self.depth += 1
        try:
            return self._paren_end(i, end)
        finally:
            self.depth -= 1

    def _paren_end(self, i: int, end: int) -> int:
        depth = 1
        text = self.text
        while i < end:
            char = text[i]
            if char == "\\":
                i += 1
            elif char == "'":
                close = text.find("'", i + 1, end)
                i = end if close < 0 else close
            elif char == '"':
                i = self.dquote_end(i + 1, end)
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return i
            i += 1
        return end

    def brace_end(self, i: int, end: int) -> int:
        depth = 1
        text = self.text
        while i < end:
            if text[i] == "\\":
                i += 1
            elif text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    return i
            i += 1
        return end

    # -- heredocs --------------------------------------------------------------------------

    def heredoc_start(self, i: int, end: int) -> tuple[int, tuple[str, bool] | None]:
        match = re.compile(r"-?[ \t]*(?P<q>['\"]?)(?P<d>[\w.\-]+)(?P=q)").match(self.text, i, end)
        if match is None:
            return i, None
        return match.end(), (match.group("d"), not match.group("q"))

    def heredocs(self, i: int, end: int, pending: list[tuple[str, bool]]) -> int:
        """Skip heredoc bodies; in an expanding one, references and ``KEY=`` lines count."""
        text = self.text
        for delimiter, expands in pending:
            while i < end:
                newline = text.find("\n", i, end)
                line_end = end if newline < 0 else newline
                line = text[i:line_end]
                if line.strip() == delimiter:
                    i = line_end + 1
                    break
                key = re.match(r"[ \t]*(?:export[ \t]+)?([A-Za-z_]\w*)=", line)
                if key and key.group(1) in self.names:
                    self.hit(i + key.start(1), key.group(1))
                if expands:
                    self.refs(i, line_end)
                self.secrets(i, line_end)
                i = line_end + 1
        return min(i, end)


def scan_shell(text: str, rules: RenameTable) -> list[Hit]:
    scanner = _Scanner(text, rules)
    scanner.run(0, len(text))
    return scanner.hits


# -- Dockerfile --------------------------------------------------------------------------------

_INSTRUCTION = re.compile(
    r"(?im)^[ \t]*(?P<op>[a-z]+)\b(?P<body>(?:[^\r\n]*\\[ \t]*\r?\n)*[^\r\n]*)"
)
_SECRET_MOUNT = re.compile(r"--mount=(?=[^\s]*type=secret)(?P<opts>[^\s]+)")


def scan_docker(text: str, rules: RenameTable) -> list[Hit]:
    """Every whole-token use, except in comments; a ``RUN`` with a secret mount that
    names an old name keeps the mount and its ``/run/secrets`` path as they are (the
    secret store must be renamed first) and is reported."""
    names = alternation(watched(rules))
    bare = re.compile(rf"(?P<path>{re.escape(SECRET_PATH)})?(?<!\w)(?P<n>{names})(?!\w)")
    hits: list[Hit] = []
    for match in _INSTRUCTION.finditer(text):
        body_start, body_end = match.start("body"), match.end("body")
        stored = [  # the names in secret mounts
            (m.start("opts") + n.start("n"), n.group("n"))
            for m in _SECRET_MOUNT.finditer(text, body_start, body_end)
            for n in bare.finditer(m.group("opts"))
        ]
        run = match.group("op").upper() == "RUN" and bool(stored)
        for found in bare.finditer(text, body_start, body_end):
            start, name = found.start("n"), found.group("n")
            if run or found.group("path") or (start, name) in stored:
                hits.append(store_hit(start, name, rules, "docker"))
            else:
                hits.append(name_hit(start, name, rules, config=True, where=Msg(" in the image")))
    return hits


# -- Makefile, Procfile, systemd -----------------------------------------------------------------


_RECIPE_PREFIX = re.compile(r"\t[ \t@+-]*")


def scan_make(text: str, rules: RenameTable) -> list[Hit]:
    """Make variables (``X ?= v``, ``export X``, ``$(X)``) and shell recipe lines."""
    names = alternation(watched(rules))
    make_ref = re.compile(rf"(?<!\$)(?:\$\$)*\$[({{](?P<n>{names})[)}}]")  # not ``$$(X)``
    assign = re.compile(
        rf"^[ \t]*(?:(?:export|override|unexport)[ \t]+)?(?P<n>{names})"
        rf"(?=[ \t]*(?:::|[:?+!])?=|[ \t]*$)"
    )
    hits: list[Hit] = []
    shell: list[str] = []
    for line in re.finditer(r"[^\n]*\n?", text):
        body = line.group()
        recipe = body.startswith("\t")
        code = body if recipe else body.partition("#")[0]
        for match in make_ref.finditer(code):
            hits.append(
                name_hit(line.start() + match.start("n"), match.group("n"), rules, config=True)
            )
        if recipe:  # shell after the tab and the @/-/+ prefixes (``$$X`` reads as ``$X``)
            line_shell = _RECIPE_PREFIX.sub(lambda m: " " * len(m.group()), body)
            shell.append(make_ref.sub(lambda m: " " * len(m.group()), line_shell))
        else:
            if setting := assign.match(code):
                start = line.start() + setting.start("n")
                hits.append(name_hit(start, setting.group("n"), rules, config=True))
            shell.append(re.sub(r"[^\n]", " ", body))
    return hits + scan_shell("".join(shell), rules)


def scan_procfile(text: str, rules: RenameTable) -> list[Hit]:
    blanked = re.sub(r"(?m)^[\w.\-]+:", lambda m: " " * len(m.group()), text)
    return scan_shell(blanked, rules)


_UNIT_LINE = re.compile(r"(?m)^[ \t]*(?P<key>\w+)[ \t]*=(?P<value>[^\r\n]*)")


def scan_systemd(text: str, rules: RenameTable) -> list[Hit]:
    names = alternation(watched(rules))
    setting = re.compile(rf"(?:^|(?<=[\s\"']))(?P<n>{names})(?==)")
    word = re.compile(rf"(?<![\w$/])(?P<n>{names})(?!\w)")
    ref = re.compile(rf"\$\{{?(?P<n>{names})(?!\w)")
    hits: list[Hit] = []
    for line in _UNIT_LINE.finditer(text):
        key, start, value = line.group("key"), line.start("value"), line.group("value")
        pattern = {"Environment": setting, "PassEnvironment": word, "UnsetEnvironment": word}.get(
            key, ref
        )
        for match in pattern.finditer(value):
            hits.append(name_hit(start + match.start("n"), match.group("n"), rules, config=True))
    return hits
