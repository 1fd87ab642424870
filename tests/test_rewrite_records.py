"""Whole rewrite results (issue 14): text, changed, conflicts, reason, edits, values and the
parsed new file, for the full proof and the fast path, refusals with their whole finding.

The other rewrite tests compare the new text (or the fast path with the full proof, which
share most of their code); here every field a caller reads is pinned, so a rewrite that
returns the right text with wrong edits (the diff), no values (the credentials) or a stale
parse of the new file fails.
"""

from __future__ import annotations

import pytest

from envmigrate.diff import Edit
from envmigrate.envfile import parse, parse_text, resolve
from envmigrate.findings import Finding, Severity
from envmigrate.rewrite import (
    AgentIdPolicy,
    Options,
    Prefer,
    RewriteResult,
    after,
    rewrite,
    rewrite_fast,
)
from envmigrate.rules import DEFAULT_RULES, RenameTable

KEY, ID = "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"
SECRET, CSECRET = "DINGTALK_APP_SECRET", "DINGTALK_CLIENT_SECRET"
USER_RULES = DEFAULT_RULES.with_extra(renames={"OLD_TOKEN": "NEW_TOKEN"}, obsolete=("GONE",))

#: (before, options, after, edits, values the rewrite resolved or None)
CHANGED: list[tuple[str, Options, str, tuple[Edit, ...], dict[str, str | None] | None]] = [
    (f"{KEY}=k\n", Options(), f"{ID}=k\n", (Edit(0, 16, ID),), None),
    (
        f"A=${{{SECRET}:-}}\nDINGTALK_AGENT_ID=7\r\n",
        Options(),
        f"A=${{{CSECRET}:-}}\n# DINGTALK_AGENT_ID=7\r\n",
        (Edit(4, 23, CSECRET), Edit(27, 27, "# ")),
        None,
    ),
    # a duplicate: the old line goes, the values were resolved to decide that
    (f"{KEY}=k\n{ID}=k\n", Options(), f"{ID}=k\n", (Edit(0, 19, ""),), {KEY: "k", ID: "k"}),
    # the old name an alias of the new one: the alias goes
    (
        f"{ID}=k\nX=1\n{KEY}=${{{ID}}}\n",
        Options(),
        f"{ID}=k\nX=1\n",
        (Edit(25, 64, ""),),
        {ID: "k", "X": "1", KEY: "k"},
    ),
    # --prefer old: the new line goes, the old one and the reference are renamed
    (
        f"{KEY}=a\n{ID}=b\nX=${{{KEY}}}\n",
        Options(prefer=Prefer.OLD),
        f"{ID}=a\nX=${{{ID}}}\n",
        (Edit(0, 16, ID), Edit(19, 40, ""), Edit(44, 60, ID)),
        {KEY: "a", ID: "b", "X": "a"},
    ),
    # configured renames, --prefer new, the obsolete key removed
    (
        "OLD_TOKEN=a\nNEW_TOKEN=b\nGONE=1\n",
        Options(prefer=Prefer.NEW, rules=USER_RULES, agent_id=AgentIdPolicy.REMOVE),
        "NEW_TOKEN=b\n",
        (Edit(0, 12, ""), Edit(24, 31, "")),
        {"OLD_TOKEN": "a", "NEW_TOKEN": "b", "GONE": "1"},
    ),
    # a value that reads its own (old) name already keeps doing so
    (
        f"{KEY}=${{{KEY}}}-x\n",
        Options(),
        f"{ID}=${{{ID}}}-x\n",
        (Edit(0, 16, ID), Edit(19, 35, ID)),
        None,
    ),
    # a bare old name (no "=") and an empty-default reference, CR line ends
    (
        f"  {KEY}\rX=${{{KEY}:-}}\r",
        Options(),
        f"  {ID}\rX=${{{ID}:-}}\r",
        (Edit(2, 18, ID), Edit(23, 39, ID)),
        None,
    ),
]


@pytest.mark.parametrize(("before", "options", "text", "edits", "values"), CHANGED)
def test_changed_in_full(
    before: str,
    options: Options,
    text: str,
    edits: tuple[Edit, ...],
    values: dict[str, str | None] | None,
) -> None:
    env = parse(before)
    result = rewrite(env, options=options, path="p")
    assert result == RewriteResult(
        before, True, (), "", env_after=parse_text(text), values=values, edits=edits
    )
    assert result.text == text
    assert after(env, result) == parse_text(text)
    if values is not None:
        assert values == resolve(env)


@pytest.mark.parametrize("before", ["X=1\n", "", "# c\n", f"{ID}=k\n{CSECRET}=s\n"])
@pytest.mark.parametrize(
    "options", [Options(), Options(agent_id=AgentIdPolicy.KEEP, rules=USER_RULES)]
)
def test_unchanged_in_full(before: str, options: Options) -> None:
    env = parse(before)
    result = rewrite(env, options=options, path="p")
    assert result == RewriteResult(before, False, (), "", env_after=env, values=None, edits=())
    assert after(env, result) is env


def test_obsolete_kept_in_full() -> None:
    text = "DINGTALK_AGENT_ID=7\nGONE=1\n"
    env = parse(text)
    options = Options(agent_id=AgentIdPolicy.KEEP, rules=USER_RULES)
    result = rewrite(env, options=options)
    assert result == RewriteResult(text, False, env_after=env)


def test_values_given_are_shared() -> None:
    """Values the caller resolved already are used and handed back, not resolved again."""
    env = parse(f"{KEY}=k\n{ID}=k\n")
    values = resolve(env)
    result = rewrite(env, values=values)
    assert result.values is values
    assert result.text == f"{ID}=k\n"


def test_after_parses_a_result_without_its_parse() -> None:
    env = parse(f"{KEY}=k\n")
    result = rewrite(env)._replace(env_after=None)
    assert after(env, result) == parse_text(f"{ID}=k\n")
    unchanged = rewrite(parse("X=1\n"))._replace(env_after=None)
    assert after(env, unchanged) is env


def test_after_keeps_the_bom() -> None:
    env = parse(f"\ufeff{KEY}=k\n".encode())
    result = rewrite(env)
    assert env.bom
    assert result.env_after == parse_text(f"{ID}=k\n", True)
    assert after(env, result._replace(env_after=None)) == parse_text(f"{ID}=k\n", True)


# -- refusals: the whole finding (line, key, message), and the reason ----------------------

EMPTY = "(with the process environment empty)"
HOLDING = "(with the process environment holding the old names)"


def changed(key: str, when: str) -> str:
    return (
        f"renaming would change the value of {key} {when}: migrate refuses this file; "
        "see README, Rewrite rules"
    )


def itself(key: str) -> str:
    return (
        f"{key} would refer to itself (a name in it is renamed): migrate refuses this file; "
        "write the value itself, or bind the old name above it"
    )


REFUSED: list[tuple[str, Options, int, str, str]] = [
    (f"{ID}=a\nX=${{{KEY}}}\n", Options(), 2, "X", changed("X", EMPTY)),
    (f"{ID}=${{{KEY}}}\n", Options(), 1, ID, itself(ID)),
    (f"A=1\n{ID}=x${{{KEY}:-}}\n", Options(), 2, ID, itself(ID)),
    # an old name whose value reads its new name: it would read itself once renamed
    (f"{KEY}=x${{{ID}}}\n", Options(), 1, ID, itself(ID)),
    (
        f"{KEY}=a\n{ID}=b\n{SECRET}=${{{CSECRET}}}\n",
        Options(prefer=Prefer.OLD),
        3,
        CSECRET,
        itself(CSECRET),
    ),
    (f"{KEY}=a\nX=${{{ID}}}\n", Options(), 2, "X", changed("X", EMPTY)),
    (f"{KEY}=${{{KEY}:-a}}\n{ID}=a\n", Options(), 2, ID, changed(ID, HOLDING)),
    # the line of the last binding of the key or of its old name: here the old one
    (f"{ID}=a\n{KEY}=${{{KEY}:-a}}\n", Options(), 2, ID, changed(ID, HOLDING)),
    ("DINGTALK_AGENT_ID=7\nX=${DINGTALK_AGENT_ID}\n", Options(), 2, "X", changed("X", EMPTY)),
    (
        "A=1\n  DINGTALK_AGENT_ID=1 # note\nX=${DINGTALK_AGENT_ID}\n",
        Options(agent_id=AgentIdPolicy.REMOVE),
        3,
        "X",
        changed("X", EMPTY),
    ),
    # --prefer new: X read the old value through ${OLD}; it would read the winner's, and
    # keeping the old line instead changes the new name (the last way tried is reported)
    (f"{KEY}=a\nX=${{{KEY}}}\n{ID}=b\n", Options(prefer=Prefer.NEW), 3, ID, changed(ID, EMPTY)),
    # configured renames are proven with the configured rules
    ("NEW_TOKEN=a\nX=${OLD_TOKEN}\n", Options(rules=USER_RULES), 2, "X", changed("X", EMPTY)),
    ("GONE=1\nX=${GONE}\n", Options(rules=USER_RULES), 2, "X", changed("X", EMPTY)),
]


@pytest.mark.parametrize(("text", "options", "line", "key", "message"), REFUSED)
def test_refused_in_full(text: str, options: Options, line: int, key: str, message: str) -> None:
    env = parse(text)
    result = rewrite(env, options=options, path="p/.env")
    finding = Finding("EM004", Severity.ERROR, "p/.env", line, 1, key, message)
    assert result == RewriteResult(text, False, (finding,), f"{message}; untouched")
    assert result.refused
    fast = rewrite_fast(text, options=options, path="p/.env")
    assert fast is None or fast[1] == result


def test_not_refused_without_the_configured_rules() -> None:
    for text in ("NEW_TOKEN=a\nX=${OLD_TOKEN}\n", "GONE=1\nX=${GONE}\n"):
        result = rewrite(parse(text))
        assert result == RewriteResult(text, False, env_after=result.env_after)
        assert not result.refused


# -- the fast path: the same result, its parse of the new file is the full one's, in part ----


FAST = [
    *((before, options) for before, options, *_ in CHANGED),
    (f"{KEY}=k\nA=${{{KEY}}}\nB=x${{A}}\nOTHER=1\nC=${{B:-d}}\n", Options()),
    (f"{ID}=a\n\n# c\n{KEY}=a\nX=${{{ID}}}\n", Options()),
    ("DINGTALK_AGENT_ID=7\nX=1\nDINGTALK_AGENT_ID=8\n", Options()),
    (
        "A=1\nDINGTALK_AGENT_ID=7\nB=${A}\nDINGTALK_AGENT_ID=8\nC=2\n",
        Options(agent_id=AgentIdPolicy.REMOVE),
    ),
    ("OLD_TOKEN=t\nA=${OLD_TOKEN}\nGONE=1\nB=${A}\n", Options(rules=USER_RULES)),
    ("X=1\n", Options()),
    (f"{ID}=a\nX=${{{KEY}}}\n", Options()),
    (f"export {KEY}='k'  # c\n{ID}=\"k\"\n", Options()),
]


@pytest.mark.parametrize(("before", "options"), FAST)
def test_fast_path_result_in_full(before: str, options: Options) -> None:
    if "\r" in before:  # the fast path declines CR line ends: the full proof decides
        assert rewrite_fast(before, options=options) is None
        return
    full = rewrite(parse_text(before), options=options, path="p")
    quick = rewrite_fast(before, options=options, path="p")
    assert quick is not None
    env, result = quick
    assert (env.text, env.bom, env.complete) == (before, False, False)
    whole = parse_text(before)
    assert set(env.entries) <= set(whole.entries)
    assert (result.text, result.changed, result.conflicts, result.reason, result.edits) == (
        full.text,
        full.changed,
        full.conflicts,
        full.reason,
        full.edits,
    )
    # the values it resolved are the file's (only those of the bindings it read)
    assert (result.values is None) == (full.values is None)
    assert result.values is None or result.values.items() <= resolve(whole).items()
    if full.refused:
        assert result.env_after is None
        return
    # its parse of the new file: the full parse's entries of the names it read
    assert result.env_after is not None
    assert full.env_after is not None
    if not result.changed:
        assert result.env_after is env
        return
    assert result.env_after.bom is False
    assert not result.env_after.complete
    names = {k for e in env.bindings() for k in (e.key, options.rules.renames.get(e.key, ""))}
    assert list(result.env_after.entries) == [e for e in full.env_after.entries if e.key in names]


def test_fast_path_keeps_the_bom_flag() -> None:
    quick = rewrite_fast(f"{KEY}=k\n", True)
    assert quick is not None
    env, result = quick
    assert env.bom
    assert (result.env_after.bom, result.env_after.complete) == (True, False)
    assert result.env_after.entries == parse_text(f"{ID}=k\n").entries


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffX=1\n",  # a byte-order mark inside the text
        f'{KEY}="a\nb"\n',  # a multi-line value
        f"{KEY}=k\r\n",  # CRLF
        "bad line\n" + f"{KEY}=k\n",  # an unparsable line
    ],
)
def test_fast_path_declines(text: str) -> None:
    assert rewrite_fast(text) is None


@pytest.mark.parametrize(
    ("text", "options"),
    [
        # commenting out an obsolete key whose edited line would not be a simple line
        ("DINGTALK_AGENT_ID='a # b'\n", Options()),
        ("GONE=x\n", Options(rules=USER_RULES)),
    ],
)
def test_fast_path_agrees_or_declines(text: str, options: Options) -> None:
    full = rewrite(parse_text(text), options=options)
    quick = rewrite_fast(text, options=options)
    assert quick is None or (quick[1].text, quick[1].edits) == (full.text, full.edits)


# -- the line pattern that comments out an obsolete binding, line by line ----------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("DINGTALK_AGENT_ID=7", "# DINGTALK_AGENT_ID=7"),  # the last line, no line end ($)
        ("DINGTALK_AGENT_ID=7\n", "# DINGTALK_AGENT_ID=7\n"),
        ("DINGTALK_AGENT_ID=7\r", "# DINGTALK_AGENT_ID=7\r"),
        ("DINGTALK_AGENT_ID=7\r\n", "# DINGTALK_AGENT_ID=7\r\n"),  # CRLF is one line end
        ('DINGTALK_AGENT_ID="a\r\nb"', '# DINGTALK_AGENT_ID="a\r\n# b"'),
        ('DINGTALK_AGENT_ID="a\rb"\n', '# DINGTALK_AGENT_ID="a\r# b"\n'),
        ('DINGTALK_AGENT_ID="a\nb"\r', '# DINGTALK_AGENT_ID="a\n# b"\r'),
        # empty lines inside the value are commented too; none is added past the end
        ('DINGTALK_AGENT_ID="\n\r\n\r"\n', '# DINGTALK_AGENT_ID="\n# \r\n# \r# "\n'),
        ("X=1\n\tDINGTALK_AGENT_ID=7 # c\nY=2", "X=1\n# \tDINGTALK_AGENT_ID=7 # c\nY=2"),
    ],
)
def test_obsolete_commented_line_by_line(before: str, after: str) -> None:
    assert rewrite(parse(before)).text == after


# -- at most 16 ways to merge old and new names are tried ----------------------------------


def _pairs(n: int) -> RenameTable:
    return DEFAULT_RULES.with_extra(renames={f"OLD_{i}": f"NEW_{i}" for i in range(n)})


def _flip(old: str, new: str, i: int) -> str:
    """A duplicate that only merges by keeping the old line (R<i> reads it in between)."""
    return f"{old}=a\nR{i}=${{{old}}}\n{new}=a\n"


def _plain(old: str, new: str, i: int) -> str:
    """A duplicate that merges the likeliest way (the old line goes)."""
    return f"{old}=b\n{new}=b\n"


@pytest.mark.parametrize(
    ("extra", "flipped", "refused"),
    [
        (2, 4, False),  # 4 pairs, all flipped: the 16th way, the last one tried
        (3, 1, True),  # 5 pairs, the first flipped: the 17th way, never tried
        (3, 0, False),
        (2, 1, False),  # 4 pairs, the first flipped: the 9th way
    ],
)
def test_at_most_16_ways_are_tried(extra: int, flipped: int, refused: bool) -> None:
    rules = _pairs(extra)
    pairs = [(KEY, ID), (SECRET, CSECRET), *((f"OLD_{i}", f"NEW_{i}") for i in range(extra))]
    text = "".join(
        (_flip if i < flipped else _plain)(old, new, i) for i, (old, new) in enumerate(pairs)
    )
    result = rewrite(parse(text), options=Options(rules=rules), path="p")
    assert result.refused is refused
    if not refused:
        expected = text
        for old, new in pairs:
            expected = expected.replace(f"{old}=b\n", "").replace(f"{new}=a\n", "")
            expected = expected.replace(old, new)
        assert result.text == expected


# -- the fast path steps aside when an edit would not leave a simple line ------------------


def _odd(new: str) -> Options:
    """A rename to a name no configuration file allows (the library takes any table)."""
    return Options(rules=RenameTable(renames={"OLD": new}, obsolete=()))


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("OLD=1\n", _odd("NEW\nX")),  # a line end in the new name
        ("A=1\nOLD=1\nB=2\n", _odd("NEW\rX")),
        ("OLD=1\n", _odd("NEW NAME")),  # a key that is no simple key
        ("A=1\nOLD=1", _odd("NEW NAME")),  # ... on the last line, without a line end
        ("A=1\nOLD=1\nB=2\n", _odd("'NEW")),
        ('A=1\nX="${OLD}"\nB=2\n', _odd('N"W')),  # a reference that closes the quote
        ("A=1\nX='${OLD}'", _odd("N'W")),
    ],
)
def test_fast_path_declines_an_edit_that_is_not_simple(text: str, options: Options) -> None:
    assert rewrite_fast(text, options=options) is None


@pytest.mark.parametrize(
    "text",
    [
        "OLD=1\n",
        "A=1\nOLD=1",
        "# c\nA=1\nOLD=1\nB=${OLD}\nOLD=2\nC=3",
        'A=1\nX="${OLD}" # c\nB=2\n',
        "A=1\nX=${OLD}",
    ],
)
def test_fast_path_takes_an_edit_that_is_simple(text: str) -> None:
    options = _odd("NEW.NAME-2")
    quick = rewrite_fast(text, options=options)
    assert quick is not None
    full = rewrite(parse_text(text), options=options)
    assert quick[1].text == full.text == text.replace("OLD", "NEW.NAME-2")
    assert quick[1].edits == full.edits
    assert quick[1].env_after is not None
    assert full.env_after is not None
    names = {"NEW.NAME-2", *(e.key for e in quick[0].entries)}
    assert quick[1].env_after.entries == tuple(e for e in full.env_after.entries if e.key in names)


def test_default_path_and_options() -> None:
    """Without a path the findings name ``<input>``; the default options are the defaults."""
    text = f"{KEY}=a\n{ID}=b\nDINGTALK_AGENT_ID=1\n"
    message = (
        f"{KEY} and {ID} (line 2) are both set, to different values: "
        "migrate refuses this file unless --prefer new|old"
    )
    finding = Finding("EM004", Severity.ERROR, "<input>", 1, 1, KEY, message)
    assert rewrite(parse(text)).conflicts == (finding,)
    quick = rewrite_fast(text)
    assert quick is not None
    assert quick[1].conflicts == (finding,)
    assert Options() == (AgentIdPolicy.COMMENT, None, DEFAULT_RULES)
    assert rewrite(parse("DINGTALK_AGENT_ID=1\n")).text == "# DINGTALK_AGENT_ID=1\n"


def test_a_frozen_binding_keeps_its_name_and_the_rest_migrates() -> None:
    text = f"{KEY}=a\nX=${{{KEY}}}\nDINGTALK_AGENT_ID=1\n{SECRET}=s\n"
    result = rewrite(parse(text), frozen=frozenset({0}))
    assert result.text == f"{KEY}=a\nX=${{{KEY}}}\n# DINGTALK_AGENT_ID=1\n{CSECRET}=s\n"


@pytest.mark.parametrize(
    ("prefer", "after"),
    [
        # the same value, no alias: the old line goes, whatever --prefer says
        (None, f"A=1\n{ID}=a\n"),
        (Prefer.OLD, f"A=1\n{ID}=a\n"),
        (Prefer.NEW, f"A=1\n{ID}=a\n"),
    ],
)
def test_a_duplicate_keeps_the_new_line(prefer: Prefer | None, after: str) -> None:
    assert rewrite(parse(f"{KEY}=a\nA=1\n{ID}=a\n"), options=Options(prefer=prefer)).text == after


def test_a_frozen_binding_keeps_the_configured_obsolete_keys() -> None:
    text = "OLD_TOKEN=a\nGONE=1\nDINGTALK_AGENT_ID=2\n"
    result = rewrite(parse(text), options=Options(rules=USER_RULES), frozen=frozenset({0}))
    assert result.text == "OLD_TOKEN=a\n# GONE=1\n# DINGTALK_AGENT_ID=2\n"


# -- RewriteResult: a NamedTuple written out ------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.written_records import assert_like_namedtuple  # noqa: E402

_FINDING = st.builds(
    Finding,
    st.sampled_from(["EM004", "EM001"]),
    st.sampled_from(list(Severity)),
    st.text(max_size=3),
    st.integers(0, 9),
    st.integers(0, 9),
    st.text(max_size=3),
    st.text(max_size=5),
)
_RESULT = st.tuples(
    st.text(max_size=6),
    st.booleans(),
    st.lists(_FINDING, max_size=2).map(tuple),
    st.text(max_size=4),
    st.one_of(st.none(), st.sampled_from(["", "A=1\n", "B=2\nC=3\n"]).map(parse)),
    st.one_of(
        st.none(),
        st.dictionaries(st.text(max_size=2), st.one_of(st.none(), st.text(max_size=2)), max_size=2),
    ),
    st.lists(
        st.builds(Edit, st.integers(0, 9), st.integers(0, 9), st.text(max_size=2)), max_size=2
    ).map(tuple),
)


@given(_RESULT, _RESULT)
def test_rewrite_result_behaves_as_a_namedtuple_of_its_fields(
    a: tuple[object, ...], b: tuple[object, ...]
) -> None:
    assert_like_namedtuple(RewriteResult, a, b)
