"""Whole rewrite outcomes for the cases the mutation run found unpinned (issue 14).

Each case states the full outcome (new text, changed, conflicts with every field, reason):
suppressed obsolete bindings, references to names that are only in the environment, which
way of merging an old/new pair is tried first (its refusal is the one reported), the
contract of a partial parse.
"""

from __future__ import annotations

import pytest

from envmigrate.diff import Edit
from envmigrate.envfile import parse, parse_for_check
from envmigrate.findings import Finding, Severity
from envmigrate.rewrite import AgentIdPolicy, Options, Prefer, RewriteResult, rewrite
from envmigrate.rules import DEFAULT_RULES, RenameTable

KEY, ID = "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"
AGENT = "DINGTALK_AGENT_ID"
PAIR = RenameTable(renames={"OLD": "NEW"}, obsolete=("GONE",))


def outcome(result: RewriteResult) -> tuple[str, bool, tuple[Finding, ...], str]:
    return result.text, result.changed, result.conflicts, result.reason


def refused(line: int, key: str, reason: str) -> tuple[str, bool, tuple[Finding, ...], str]:
    finding = Finding("EM004", Severity.ERROR, "<input>", line, 1, key, reason)
    return "", False, (finding,), reason + "; untouched"


SELF = (
    "{key} would refer to itself (a name in it is renamed): migrate refuses this file; "
    "write the value itself, or bind the old name above it"
)
EMPTY = (
    "renaming would change the value of {key} (with the process environment empty): "
    "migrate refuses this file; see README, Rewrite rules"
)
HOLDING = (
    "renaming would change the value of {key} (with the process environment holding the "
    "old names): migrate refuses this file; see README, Rewrite rules"
)


def start_of(text: str, line: str) -> int:
    return text.index(line)


@pytest.mark.parametrize("policy", [AgentIdPolicy.COMMENT, AgentIdPolicy.REMOVE])
@pytest.mark.parametrize(
    ("text", "frozen_line", "after"),
    [
        # the README's suppression example: the obsolete line stays, the rest migrates
        (
            f"{KEY}=id\n{AGENT}=12345  # envmigrate: ignore[EM003]\n",
            f"{AGENT}=12345",
            f"{ID}=id\n{AGENT}=12345  # envmigrate: ignore[EM003]\n",
        ),
        (f"{AGENT}=1\n", f"{AGENT}=1", f"{AGENT}=1\n"),
        # a value that reads the kept binding keeps reading it
        (f"{AGENT}=7\nX=${{{AGENT}}}\n", f"{AGENT}=7", f"{AGENT}=7\nX=${{{AGENT}}}\n"),
    ],
)
def test_a_suppressed_obsolete_binding_stays_and_the_file_migrates(
    text: str, frozen_line: str, after: str, policy: AgentIdPolicy
) -> None:
    env = parse(text)
    frozen = frozenset({start_of(text, frozen_line)})
    result = rewrite(env, options=Options(agent_id=policy), frozen=frozen)
    assert outcome(result) == (after, after != text, (), "")


def test_a_suppressed_obsolete_binding_and_a_second_one_that_goes() -> None:
    text = f"{AGENT}=1 # envmigrate: ignore\n{AGENT}=2\n"
    frozen = frozenset({0})
    result = rewrite(parse(text), frozen=frozen)
    assert outcome(result) == (f"{AGENT}=1 # envmigrate: ignore\n# {AGENT}=2\n", True, (), "")
    removed = rewrite(parse(text), options=Options(agent_id=AgentIdPolicy.REMOVE), frozen=frozen)
    assert outcome(removed) == (f"{AGENT}=1 # envmigrate: ignore\n", True, (), "")


def test_a_value_that_read_a_dropped_obsolete_binding_still_refuses() -> None:
    """Not comparing the obsolete name itself does not stop comparing what reads it."""
    text = f"{AGENT}=7\nX=${{{AGENT}}}\n"
    expected = refused(2, "X", EMPTY.format(key="X"))
    assert outcome(rewrite(parse(text))) == (text, *expected[1:])
    kept = rewrite(parse(text), options=Options(agent_id=AgentIdPolicy.KEEP))
    assert outcome(kept) == (text, False, (), "")


@pytest.mark.parametrize(
    ("text", "options", "after"),
    [
        # the obsolete name is only in the environment: nothing it reads changes
        (f"X=${{{AGENT}}}\n{KEY}=a\n", Options(), f"X=${{{AGENT}}}\n{ID}=a\n"),
        (f"X=${{{AGENT}:-d}}\n", Options(), f"X=${{{AGENT}:-d}}\n"),
        ("X=${GONE}\nOLD=1\n", Options(rules=PAIR), "X=${GONE}\nNEW=1\n"),
        # an old name only in the environment is renamed in the reference
        (f"X=${{{KEY}}}\n", Options(), f"X=${{{ID}}}\n"),
    ],
)
def test_references_to_names_only_in_the_environment(
    text: str, options: Options, after: str
) -> None:
    assert outcome(rewrite(parse(text), options=options)) == (after, after != text, (), "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NEW is an alias of OLD: keeping OLD is tried first (Z's value changes), then
        # keeping NEW (it would read itself); the last refusal is reported
        ("OLD=a\nZ=${NEW}\nNEW=${OLD}\n", refused(3, "NEW", SELF.format(key="NEW"))),
        # NEW is bound twice, once not as an alias: keeping NEW is tried first (it would
        # read itself), then keeping OLD, which keeps every value
        ("NEW=a\nOLD=a\nZ=${NEW}\nNEW=${OLD}\n", ("NEW=a\nZ=${NEW}\n", True, (), "")),
    ],
)
def test_the_likelier_merge_is_tried_first(
    text: str, expected: tuple[str, bool, tuple[Finding, ...], str]
) -> None:
    result = rewrite(parse(text), options=Options(rules=PAIR))
    assert outcome(result) == (expected[0] or text, *expected[1:])


def test_an_alias_of_the_old_name_goes_when_both_merges_keep_every_value() -> None:
    assert outcome(rewrite(parse("OLD=a\nNEW=${OLD}\n"), options=Options(rules=PAIR))) == (
        "NEW=a\n",
        True,
        (),
        "",
    )
    assert outcome(rewrite(parse("NEW=a\nOLD=a\n"), options=Options(rules=PAIR))) == (
        "NEW=a\n",
        True,
        (),
        "",
    )


def test_rewrite_refuses_a_partial_parse() -> None:
    env = parse_for_check(f"{KEY}=a\n", False, frozenset({KEY}))
    assert not env.complete
    with pytest.raises(AssertionError) as info:
        rewrite(env)
    assert str(info.value) == "rewrite needs the full parse (parse/parse_text), not a check's"


@pytest.mark.parametrize("prefer", [None, Prefer.NEW, Prefer.OLD])
def test_default_rules_are_the_default(prefer: Prefer | None) -> None:
    text = f"{KEY}=a\nDINGTALK_APP_SECRET=s\n{AGENT}=1\n"
    plain = rewrite(parse(text), options=Options(prefer=prefer))
    explicit = rewrite(parse(text), options=Options(prefer=prefer, rules=DEFAULT_RULES))
    assert outcome(plain) == outcome(explicit)
    assert plain.text == f"{ID}=a\nDINGTALK_CLIENT_SECRET=s\n# {AGENT}=1\n"


FAST = [
    f"{KEY}=k\nA=${{{KEY}}}\n",
    f"A=1\n\n\n{KEY}=k\n\n# c\nB=${{{KEY}:-d}}x${{A}}\n",
    f"{AGENT}=1\n  export {KEY} = 'k' # c\nX=1\nDINGTALK_APP_SECRET=\"s\"\n",
    f"DINGTALK_CLIENT_ID=k\n{KEY}=k",
    f"{KEY}=\nY=${{DINGTALK_APP_SECRET}}${{{KEY}}}\n{AGENT}=\n",
    "OLD=1\nGONE=2\nZ=${OLD}\n",
]


@pytest.mark.parametrize("text", FAST)
@pytest.mark.parametrize("policy", list(AgentIdPolicy))
def test_the_fast_paths_new_entries_are_the_full_parses(text: str, policy: AgentIdPolicy) -> None:
    """The fast path lexes only the edited lines of the new text: every entry it returns is
    the full parse's entry of that binding (key, value, every offset, line numbers)."""
    from envmigrate.envfile import parse_text
    from envmigrate.rewrite import rewrite_fast

    rules = PAIR if text.startswith("OLD") else DEFAULT_RULES
    quick = rewrite_fast(text, options=Options(agent_id=policy, rules=rules))
    assert quick is not None
    _env, result = quick
    assert result.env_after is not None
    assert not result.refused
    assert (result.env_after.text, result.env_after.complete) == ("", False)  # not built
    full = {
        e.line_start: e._replace(start=e.line_start, first_line=e.line)  # no blank run before
        for e in parse_text(result.text).bindings()
    }
    got = list(result.env_after.entries)
    assert got, text
    assert got == [full[e.line_start] for e in got]


SECRET, CSECRET = "DINGTALK_APP_SECRET", "DINGTALK_CLIENT_SECRET"
BOTH_PAIRS = f"{KEY}=a\n{ID}=b\n{SECRET}=s\n{CSECRET}=t\n"


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        # a reference after the value (on a later line) is not the value's
        ("OLD=${Z}\nQ=${NEW}\n", Options(rules=PAIR), ("NEW=${Z}\nQ=${NEW}\n", True, (), "")),
        # both pairs in conflict: --prefer settles each of them
        (BOTH_PAIRS, Options(prefer=Prefer.NEW), (f"{ID}=b\n{CSECRET}=t\n", True, (), "")),
        (BOTH_PAIRS, Options(prefer=Prefer.OLD), (f"{ID}=a\n{CSECRET}=s\n", True, (), "")),
        # --prefer with a reference to a name bound nowhere
        (
            f"{KEY}=a\n{ID}=b\nX=${{UNSET}}${{{ID}}}\n",
            Options(prefer=Prefer.NEW),
            (f"{ID}=b\nX=${{UNSET}}${{{ID}}}\n", True, (), ""),
        ),
        # the preferred name is bound without a value: no rewrite keeps both, refused
        (f"{KEY}=x\n{ID}\n", Options(prefer=Prefer.NEW), refused(2, ID, EMPTY.format(key=ID))),
        (f"{KEY}\n{ID}=\n", Options(prefer=Prefer.NEW), refused(2, ID, EMPTY.format(key=ID))),
        (f"{KEY}\n{ID}\n", Options(prefer=Prefer.NEW), (f"{ID}\n", True, (), "")),
        # an empty value read through the renamed name is the empty value it read before
        (f"{KEY}=\nX=${{{ID}}}\n", Options(), (f"{ID}=\nX=${{{ID}}}\n", True, (), "")),
        (f"{KEY}=\nX=${{{ID}:-}}\n", Options(), (f"{ID}=\nX=${{{ID}:-}}\n", True, (), "")),
    ],
)
def test_whole_outcomes(
    text: str, options: Options, expected: tuple[str, bool, tuple[Finding, ...], str]
) -> None:
    result = rewrite(parse(text), options=options)
    assert outcome(result) == (expected[0] or text, *expected[1:])


@pytest.mark.parametrize(
    ("text", "after"),
    [
        # every line of a commented-out value is commented: LF, CRLF (one line end), CR
        (
            f'{AGENT}="a\r\nb\rc\n\nd"\nX=1\n',
            f'# {AGENT}="a\r\n# b\r# c\n# \n# d"\nX=1\n',
        ),
        (f'{AGENT}="a\r\n\r\nb"', f'# {AGENT}="a\r\n# \r\n# b"'),  # no end on the last line
        (f'{AGENT}="a\r\rb"\r', f'# {AGENT}="a\r# \r# b"\r'),
        (f'A=1\n{AGENT}="\n"', f'A=1\n# {AGENT}="\n# "'),
        (f"  {AGENT}=1 # c\r\n", f"#   {AGENT}=1 # c\r\n"),  # before the indentation
        (f"{AGENT}=1\t\n", f"# {AGENT}=1\t\n"),
    ],
)
def test_commenting_out_marks_each_line_of_the_binding(text: str, after: str) -> None:
    """The line pattern of the comment policy: ``\\r\\n`` is one line end (tried before
    ``\\r``), a lone ``\\r`` and ``\\n`` each end a line, a last line without an end is one."""
    assert outcome(rewrite(parse(text))) == (after, True, (), "")


CHAIN = "".join(f"L{i}=${{L{i + 1}}}\n" for i in range(12)) + f"L12=${{{KEY}}}\n{KEY}=k\n"


@pytest.mark.parametrize(
    ("text", "bom", "taken"),
    [
        (f"{KEY}=k\n", False, True),
        (f"{KEY}=k", False, True),
        (f"{KEY}=k\n", True, True),
        ("A=1\n", False, True),
        ("", False, True),
        (f"export {KEY}=k\n  {SECRET} = 's' # c\n{AGENT}=1\n", False, True),
        (f"X=${{{KEY}}}\n", False, True),
        (f"{KEY}=a\\nb\n", False, True),  # a backslash in an unquoted value is a character
        # not a file the fast path is sure of: the full proof decides
        (f"\ufeff{KEY}=k\n", False, False),  # a byte-order mark inside the text
        ("A=1\n\ufeffB=2\n", False, False),
        (f'{KEY}="a\nb"\n', False, False),  # a multi-line value
        (f"{KEY}=k\r\n", False, False),  # CRLF, CR
        (f"{KEY}=k\rA=1\r", False, False),
        (f"bad line\n{KEY}=k\n", False, False),  # an unparsable line
        (f"{KEY}='a\\'b'\n", False, False),  # an escape in a quoted value
        (f"{KEY}\n", False, False),  # a bare key
        (CHAIN, False, False),  # a reference chain longer than the rounds allowed
    ],
)
def test_the_fast_path_is_taken_exactly_on_simple_files(text: str, bom: bool, taken: bool) -> None:
    """Taken: the same outcome as the full proof, the partial file of the lines it read."""
    from envmigrate.envfile import parse_text
    from envmigrate.rewrite import rewrite_fast

    quick = rewrite_fast(text, bom)
    assert (quick is not None) == taken
    if quick is None:
        return
    env, result = quick
    full = rewrite(parse_text(text, bom))
    assert (outcome(result), result.edits, result.before) == (
        outcome(full),
        full.edits,
        full.before,
    )
    assert (env.text, env.bom, env.complete) == (text, bom, False)


def odd(new: str) -> Options:
    """A rename table (library API: the configuration checks names) to a name that is not
    one."""
    return Options(rules=RenameTable(renames={"OLD": new}, obsolete=()))


@pytest.mark.parametrize(
    ("text", "new", "line", "key"),
    [
        # a line end in the name: the new text binds other keys (a bare one first)
        ("X=0\nOLD=1\nX=2\n", "A\nB", 1, "A"),
        ("OLD=1\n", "A\rB", 1, "A"),
        ("OLD=1\n", "A=B", 1, "A"),  # a key the new text binds, no binding of it before
        ("OLD=1\n", "A B", 1, "A B"),
        # the name makes a comment of the line: the bare key is lost, not kept as bare
        ("OLD\n", "#X", 1, "#X"),
        ("X=1\nOLD\n", "#X", 2, "#X"),
    ],
)
def test_a_rename_to_no_name_is_refused_never_garbled(
    text: str, new: str, line: int, key: str
) -> None:
    """The value check holds the whole new text to the old one: a key it loses, or one it
    binds that the old text did not, refuses the file (fast path or full proof alike)."""
    from envmigrate.envfile import parse_text
    from envmigrate.rewrite import rewrite_fast

    expected = refused(line, key, EMPTY.format(key=key))
    assert outcome(rewrite(parse_text(text), options=odd(new))) == (text, *expected[1:])
    quick = rewrite_fast(text, options=odd(new))
    assert quick is None or outcome(quick[1]) == (text, *expected[1:])


def test_the_obsolete_names_values_are_compared_when_they_stay() -> None:
    """--agent-id keep: a kept obsolete binding that reads a renamed name must keep its
    value (here it would read the renamed binding instead of nothing)."""
    text = f"{KEY}=k\n{AGENT}=${{{ID}}}\n"
    kept = rewrite(parse(text), options=Options(agent_id=AgentIdPolicy.KEEP))
    assert outcome(kept) == (text, *refused(2, AGENT, EMPTY.format(key=AGENT))[1:])
    commented = rewrite(parse(text))
    assert outcome(commented) == (f"{ID}=k\n# {AGENT}=${{{ID}}}\n", True, (), "")


ABC = "A=1\nB=2\nC=3\n"


@pytest.mark.parametrize(
    ("text", "edits", "lines"),
    [
        (ABC, [Edit(0, 1, "Z")], [("Z", "1", 1, 0), ("B", "2", 2, 4), ("C", "3", 3, 8)]),
        (ABC, [Edit(4, 8, "")], [("A", "1", 1, 0), ("C", "3", 2, 4)]),
        (ABC, [Edit(2, 3, " x")], [("A", "x", 1, 0), ("B", "2", 2, 5), ("C", "3", 3, 9)]),
        (ABC, [Edit(4, 4, "# ")], [("A", "1", 1, 0), ("C", "3", 3, 10)]),
        # not simple lines again: the fast path gives up
        (ABC, [Edit(0, 8, "")], None),  # two lines in one edit
        (ABC, [Edit(3, 4, "")], None),  # a line end goes: the line would join the next
        (ABC, [Edit(0, 1, "Z\n")], None),  # a line end inside an edit
        (ABC, [Edit(0, 1, "Z\r")], None),
        (ABC, [Edit(0, 1, "'Z")], None),  # a line that is no simple line
        (ABC, [Edit(1, 2, "")], None),
        ("A=1\nB=2\nC=3\n", [Edit(0, 4, ""), Edit(4, 8, "")], [("C", "3", 1, 0)]),
        ("A=1\n\nB=2\n", [Edit(0, 5, "")], None),  # a line and the blank one after it
        ("A=1\nB=2\n", [Edit(0, 1, "Z=0\nY")], None),  # an edit that makes two lines
    ],
)
def test_relexing_the_edited_lines(
    text: str, edits: list[Edit], lines: list[tuple[str, str, int, int]] | None
) -> None:
    """The fast path's new entries come from the edited lines alone; an edit that does not
    leave simple lines (each one line, with its line end) sends the file to the full proof."""
    from envmigrate.envfile import EnvFile, parse_text
    from envmigrate.rewrite import _NotSimple, _relex_after

    env = EnvFile(text, parse_text(text).entries, False, complete=False)
    if lines is None:
        with pytest.raises(_NotSimple):
            _relex_after(env, edits)
        return
    after = _relex_after(env, edits)
    assert (after.text, after.complete) == ("", False)
    assert [(e.key, e.value, e.line, e.line_start) for e in after.entries] == lines


def test_a_suppressed_alias_of_the_old_name_refuses_the_file() -> None:
    """Keeping the old name's side first would delete the new name's bindings: the only one
    is suppressed (kept), so nothing is deleted, and the file is refused."""
    text = f"{KEY}=a\n{ID}=${{{KEY}}} # envmigrate: ignore\n"
    result = rewrite(parse(text), frozen=frozenset({text.index(ID)}))
    assert outcome(result) == (text, *refused(2, ID, SELF.format(key=ID))[1:])


def test_a_commented_out_obsolete_binding_keeps_its_references() -> None:
    text = f"{AGENT}=${{{KEY}}}\n{KEY}=k\n"
    assert outcome(rewrite(parse(text))) == (f"# {AGENT}=${{{KEY}}}\n{ID}=k\n", True, (), "")
