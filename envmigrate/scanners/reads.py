"""Reads of the environment in token streams: what the per-language scanners share.

A string literal whose whole content is exactly an old name is a read of that variable
(``os.Getenv("X")``, ``System.getenv("X")``, ``env('X')``, ``ENV.fetch('X')``,
``$_ENV['X']``, ``IConfiguration["X"]``, ``env!("X")``, a ``const`` naming the variable,
the key of a child process's environment) and is renamed, unless it is the argument of
a call that only prints or checks text (``fmt.Errorf``, ``log.Printf``, ``panic``,
``.expect``, ``raise``, ``assertThat(...).contains``, ``toContain``): that is a message.
Comments never count, and neither do strings that only mention a name among other text.

What cannot be renamed safely is reported (EM109): a name assembled from pieces of an old
name (``"DINGTALK_" + "APP_KEY"``, ``prefix . '_APP_KEY'``, ``"#{prefix}_APP_KEY"``,
``fmt.Sprintf("%s_APP_KEY", p)``), and in Go a config key viper's ``AutomaticEnv`` turns
into an old name (``GetString("dingtalk.app_key")``) unless the file binds it explicitly.
``DINGTALK_AGENT_ID`` (and obsolete names of the user's own) is reported wherever it is a
read, a key or an identifier (EM103).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Set

from envmigrate.i18n import Msg
from envmigrate.rules import RenameTable
from envmigrate.scanners.hits import Hit, name_hit
from envmigrate.scanners.lexer import COMMENT, NAME, OP, STR, Dialect, LexError, Tok, lex

#: Calls whose string arguments are messages, never variable names (compared lower-case).
MESSAGE_CALLS = frozenset(
    {
        "errorf", "printf", "println", "print", "puts", "warn", "warning", "info", "debug",
        "error", "fatal", "fatalf", "fatalln", "panic", "panicf", "expect", "context",
        "with_context", "wrap", "wrapf", "raise", "contains", "tocontain", "include",
        "includes", "containsstring", "assertcontains", "assertstringcontainsstring",
        "assert_match", "assert_includes", "log", "logf", "bail", "anyhow", "eprintln",
        "eprint", "trace", "critical", "notice", "alert", "emergency", "abort", "fail",
        "flunk", "writeline", "write", "logwarning", "loginformation", "logerror",
        "logdebug", "logcritical", "sprintf", "sprint", "format", "errors", "echo",
        "throw", "die", "exit", "warnf", "infof", "debugf", "errorw", "warnw", "infow",
        "issuecontext", "message", "hasmessagecontaining", "ismessage", "hasmessage",
        "withmessage", "expectexceptionmessage", "assert_raise", "assert_raises",
    }
)  # fmt: skip
_NEW_MESSAGE = re.compile(r"(?:Exception|Error|Errorf)$")
#: Interpolations and format placeholders, for names built inside one literal.
_HOLE = re.compile(r"#\{[^}]*\}|\$\{[^}]*\}|\{\$[^}]*\}|\{[^{}]*\}|%[-+ #0-9.]*[sdvq]|\$\w+")
#: Spring placeholders inside a string: ``${NAME}`` and ``${NAME:default}``.
_SPRING = re.compile(r"\\?\$\{([A-Za-z_]\w*)(?=[:}])")
#: Spring SpEL: ``#{systemEnvironment['NAME']}``.
_SPEL = re.compile(r"systemEnvironment\[\\?['\"]([A-Za-z_]\w*)\\?['\"]\]")
#: Go struct tags: ``env:"NAME"``, ``env:"NAME,required"`` (caarlos0/env), ``envconfig:"NAME"``,
#: ``env:"A,B"`` (kong: several names); the items of the value.
_TAG = re.compile(r"(?<![\w-])(?:env|envconfig):\"([^\"]*)\"")
#: ``os.ExpandEnv("$NAME ${NAME}")``.
_DOLLAR = re.compile(r"\$\{?([A-Za-z_]\w*)")
#: PHP's simple interpolation: ``"$_ENV[NAME]"`` (the key unquoted).
_PHP_SIMPLE = re.compile(r"\$_(?:ENV|SERVER)\[([A-Za-z_]\w*)\]")
#: Symfony: ``'%env(NAME)%'``, ``'%env(resolve:NAME)%'``.
_SYMFONY = re.compile(r"%env\((?:[\w-]+:)*([A-Za-z_]\w*)\)%")

#: How many tokens back a string's enclosing call is looked for (keeps big files linear).
_LOOK_BACK = 400

Scanner = Callable[[str, RenameTable], list[Hit]]


def fragments(rules: RenameTable) -> dict[str, str]:
    """Pieces of old and obsolete names a name could be built from at run time.

    A prefix or suffix at an ``_`` boundary with an ``_`` inside it (``APP_KEY``,
    ``_APP_SECRET``, ``DINGTALK_APP_``), that no new name starts or ends with; each maps to
    the name it is a piece of (an old name before an obsolete one).
    """
    new = tuple(rules.renames.values())
    out: dict[str, str] = {}
    for name in [*sorted(rules.renames), *sorted(rules.obsolete)]:
        cuts = [i for i, c in enumerate(name) if c == "_"]
        for cut in cuts:
            for piece in (name[:cut], name[: cut + 1], name[cut:], name[cut + 1 :]):
                core = piece.strip("_")
                if "_" not in core or piece == name:
                    continue
                if any(n.startswith(piece) or n.endswith(piece) for n in new):
                    continue
                out.setdefault(piece, name)
    return out


def scan(
    source: str,
    rules: RenameTable,
    dialect: Dialect,
    *,
    concat: Set[str] = frozenset({"+", "+="}),
    spring: bool = False,
) -> list[Hit]:
    """The hits of one source file in ``dialect``; ``concat`` are the operators that join
    strings, ``spring`` reads Spring placeholders inside strings."""
    try:
        toks = lex(source, dialect)
    except LexError as exc:
        return unreadable(source, rules, dialect, str(exc))
    return hits(source, toks, rules, dialect, concat=concat, spring=spring)


def hits(
    text: str,
    toks: list[Tok],
    rules: RenameTable,
    dialect: Dialect,
    *,
    concat: Set[str] = frozenset({"+", "+="}),
    spring: bool = False,
) -> list[Hit]:
    """The shared rules over a file's tokens (a language may add rules of its own)."""
    return list(_hits(text, toks, rules, dialect, concat, spring))


def is_message(text: str, sig: list[Tok], i: int) -> bool:
    """The string at ``sig[i]`` (tokens without comments) is a message, not a name."""
    return _message(text, sig, i)


def unreadable(
    source: str, rules: RenameTable, dialect: Dialect, why: str, *, before: str = r"[\w$]"
) -> list[Hit]:
    """A file the lexer refuses is never rewritten; every whole-token use of a watched
    name in it is reported, so the migration is not called complete. ``before``: what may
    not precede a name for it to count (``$`` starts a variable of another name in PHP and
    Ruby; in Groovy ``$X`` is a reference to X)."""
    # reverse order puts a name before its prefix (``A.B`` before ``A``)
    names = "|".join(re.escape(n) for n in sorted({*rules.renames, *rules.obsolete}, reverse=True))
    out = []
    for match in re.finditer(rf"(?<!{before})({names})(?!\w)", source):
        hit = name_hit(match.start(1), match.group(1), rules, config=False)
        message = Msg(
            "{message}; this file could not be read as {dialect} ({why}): check it by hand",
            message=hit.message,
            dialect=dialect.name,
            why=Msg(why),
        )
        out.append(hit._replace(replacement=None, message=message))
    return out


def _hits(
    text: str, toks: list[Tok], rules: RenameTable, dialect: Dialect, concat: Set[str], spring: bool
) -> Iterator[Hit]:
    names = {*rules.renames, *rules.obsolete}
    pieces = fragments(rules)
    sig = [t for t in toks if t.kind != COMMENT]
    automatic = dialect.name == "go" and "AutomaticEnv" in text
    bound = _bound_keys(text, sig) if automatic else set()
    for i, tok in enumerate(sig):
        if tok.kind == NAME:
            word = text[tok.start : tok.end].lstrip("$@")
            if word in rules.obsolete:
                at = tok.end - len(word)
                yield name_hit(at, word, rules, config=False)
            continue
        if tok.kind != STR:
            continue
        body = text[tok.body : tok.body_end]
        if tok.plain and body in names:
            if not _message(text, sig, i):
                yield name_hit(tok.body, body, rules, config=False)
            continue
        for offset, name in _inner(text, sig, i, body, dialect, spring):
            if name in names:
                yield name_hit(tok.body + offset, name, rules, config=False)
        if built := _built(text, sig, i, body, pieces, concat):
            yield _built_hit(tok.body, body, built)
        elif (
            automatic
            and tok.plain
            and (viper_name := _viper_name(body, rules))
            and body not in bound
        ):
            yield _viper_hit(tok.body, body, viper_name, rules)


def _inner(
    text: str, sig: list[Tok], i: int, body: str, dialect: Dialect, spring: bool
) -> Iterator[tuple[int, str]]:
    """References inside a longer string that are reads: (offset in the body, name)."""
    if spring and ("${" in body or "systemEnvironment" in body):
        for match in _SPRING.finditer(body):
            yield match.start(1), match.group(1)
        for match in _SPEL.finditer(body):
            yield match.start(1), match.group(1)
    if dialect.name == "go" and text[sig[i].start] == "`":
        for tag in _TAG.finditer(body):
            for item in re.finditer(r"[^,]+", tag.group(1)):
                yield tag.start(1) + item.start(), item.group()
    if dialect.name == "go" and "$" in body and _callee(text, sig, i) in ("ExpandEnv", "Expand"):
        for match in _DOLLAR.finditer(body):
            yield match.start(1), match.group(1)
    if dialect.name == "php" and "$_" in body and _php_interpolates(text, sig[i]):
        for match in _PHP_SIMPLE.finditer(body):
            yield match.start(1), match.group(1)
    if dialect.name == "php" and "%env(" in body:
        for match in _SYMFONY.finditer(body):
            yield match.start(1), match.group(1)


def _php_interpolates(text: str, tok: Tok) -> bool:
    """A double-quoted string or a heredoc (not a nowdoc): ``$_ENV[X]`` is read there."""
    return text[tok.start] == '"' or (text.startswith("<<<", tok.start) and not tok.plain)


def _callee(text: str, sig: list[Tok], i: int) -> str | None:
    """The name of the call whose argument list holds ``sig[i]`` (None: not in a call)."""
    depth = 0
    for j in range(i - 1, max(-1, i - 1 - _LOOK_BACK), -1):
        word = text[sig[j].start : sig[j].end]
        if sig[j].kind == OP and word in (")", "]", "}"):
            depth += 1
        elif sig[j].kind == OP and word in ("(", "[", "{"):
            if depth == 0:
                before = sig[j - 1] if word == "(" and j else None
                return text[before.start : before.end] if before and before.kind == NAME else None
            depth -= 1
    return None


def _bound_keys(text: str, sig: list[Tok]) -> set[str]:
    """Keys bound to a variable explicitly in this file: ``viper.BindEnv("key", ...)``."""
    keys = set()
    for k in range(2, len(sig)):
        opens = text[sig[k - 1].start : sig[k - 1].end] == "("
        if sig[k].kind == STR and opens and text[sig[k - 2].start : sig[k - 2].end] == "BindEnv":
            keys.add(text[sig[k].body : sig[k].body_end])
    return keys


def _viper_name(body: str, rules: RenameTable) -> str | None:
    """The old name viper's ``AutomaticEnv`` reads for a config key (``dingtalk.app_key``);
    the caller has handled a literal that is the name itself."""
    name = re.sub(r"[.\-]", "_", body).upper()
    return name if name in rules.renames else None


def _viper_hit(at: int, key: str, name: str, rules: RenameTable) -> Hit:
    new = rules.renames[name]
    message = Msg(
        'viper\'s AutomaticEnv reads {name} for the key "{key}": bind the new name with '
        'viper.BindEnv("{key}", "{new}") (by hand)',
        name=name,
        key=key,
        new=new,
    )
    return Hit(at, at + len(key), "EM109", name, message)


def _built(
    text: str, sig: list[Tok], i: int, body: str, pieces: dict[str, str], concat: Set[str]
) -> str | None:
    """The old name a literal is one piece of, when it is joined to others at run time."""
    if body in pieces:
        before = text[sig[i - 1].start : sig[i - 1].end] if i else ""
        after = text[sig[i + 1].start : sig[i + 1].end] if i + 1 < len(sig) else ""
        if after in concat and i + 2 < len(sig) and sig[i + 2].kind == STR:
            # ``"DINGTALK_APP_" + "SECRET"``: the piece is in two names, the join tells which
            joined = body + text[sig[i + 2].body : sig[i + 2].body_end]
            if joined in pieces.values():
                return joined
        return pieces[body] if before in concat or after in concat else None
    parts = _HOLE.split(body)
    if len(parts) < 2 or not all(p == "" or p in pieces for p in parts):
        return None
    return next((pieces[p] for p in parts if p in pieces), None)


def _built_hit(at: int, body: str, name: str) -> Hit:
    message = Msg(
        "builds the name {name} at run time from a piece of it ({piece}): rename it by hand",
        name=name,
        piece=body,
    )
    return Hit(at, at + len(body), "EM109", name, message)


def _message(text: str, sig: list[Tok], i: int) -> bool:
    """True when the string at ``sig[i]`` is an argument of a print/log/error/assert call."""
    line_start = text.rfind("\n", 0, sig[i].start) + 1
    if i and text[sig[i - 1].start : sig[i - 1].end] in ("=~", "!~", "==~"):
        return True  # a match against text: ``assert doc =~ "X"``
    depth, bare = 0, True
    for j in range(i - 1, max(-1, i - 1 - _LOOK_BACK), -1):
        tok = sig[j]
        word = text[tok.start : tok.end]
        if tok.kind == OP and word in (")", "]", "}"):
            depth += 1
        elif tok.kind == OP and word in ("(", "[", "{"):
            if depth == 0:
                if word == "(":
                    return _message_callee(text, sig, j)
                return False
            depth -= 1
        elif bare and depth == 0 and tok.kind == NAME and tok.start >= line_start:
            # A call without parentheses: the nearest name decides (``raise "..."``,
            # ``puts '...'``, ``raise KeyError, "..."``; not ``abort unless ENV.fetch "X"``).
            if word.rstrip("!").lower() in MESSAGE_CALLS:
                return True
            bare = word[:1].isupper()
        elif depth == 0 and tok.kind == OP and word in (";",):
            return False
    return False


def _message_callee(text: str, sig: list[Tok], paren: int) -> bool:
    j = paren - 1
    if j < 0 or sig[j].kind != NAME:
        return False
    word = text[sig[j].start : sig[j].end].rstrip("!")  # Rust macros: ``panic!``
    if word.lower() in MESSAGE_CALLS:
        return True
    if _NEW_MESSAGE.search(word):
        return True  # new IllegalStateException("..."), errors.New is below
    if word == "New" and j >= 2 and text[sig[j - 2].start : sig[j - 2].end] == "errors":
        return True
    receiver = text[sig[j - 2].start : sig[j - 2].end] if j >= 2 else ""
    dot = text[sig[j - 1].start : sig[j - 1].end] if j >= 1 else ""
    return dot in (".", "::", "->") and receiver.lower().lstrip("$") in ("log", "logger", "_logger")
