"""migrate's fast path decides as the full proof does, on every generated file.

``rewrite.rewrite_fast`` lexes and proves only the bindings a rewrite can touch or must
read (the watched names, keys whose values reference one, transitively, and what those
values read); the full proof (``rewrite.rewrite`` over the whole parse, the new text parsed
and resolved again) is kept as the oracle. Both run through the whole plan
(``pipeline._plan_env``): the new bytes, the masked and the raw diff, the refusal and its
reason, the findings and leftovers recorded, the credentials before and after must be the
same. The files are ordinary ones (the fast path's) with nasty lines mixed in: chains of
references through unrelated bindings, old and new names together, duplicates, ``export``,
quotes, inline comments, comment runs, configured renames; and multi-line or escaped
values, unparsable lines, bare keys, CRLF and CR (where the fast path must step aside).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from envmigrate import dotenv_lexer, pipeline, redact
from envmigrate.config import Config, RunOptions
from envmigrate.envfile import parse_text
from envmigrate.fileio import Snapshot
from envmigrate.files import Source
from envmigrate.report import Report
from envmigrate.rewrite import Options, rewrite_fast
from envmigrate.rules import AGENT_ID, APP_KEY, APP_SECRET, CLIENT_ID, CLIENT_SECRET
from envmigrate.scanners.registry import ENV
from envmigrate.ui import Ui
from tests.test_rewrite_oracle import OPTIONS, USER_RULES

rewrite = importlib.import_module("envmigrate.rewrite")  # the package exports a function

WATCHED = [
    APP_KEY,
    CLIENT_ID,
    APP_SECRET,
    CLIENT_SECRET,
    AGENT_ID,
    "OLD_TOKEN",
    "NEW_TOKEN",
    "GONE",
]
CHAIN = ["A", "B", "C"]  # unrelated keys that may read a watched one, or each other
OTHER = ["X", "MY_DINGTALK_APP_KEY"]
NAMES = [*WATCHED, *CHAIN, *CHAIN, *CHAIN, *OTHER, "MISSING"]
PIECE = st.one_of(
    st.sampled_from(["", "v", "id-1", " ", "#"]),
    st.builds("${{{}}}".format, st.sampled_from(NAMES)),
    st.builds("${{{}}}".format, st.sampled_from(NAMES)),
    st.builds("${{{}:-d}}".format, st.sampled_from(NAMES)),
)


#: Suppression comments (migrate leaves a binding they silence as it is).
SUPPRESSIONS = [
    " # envmigrate: ignore",
    " # envmigrate: ignore[EM001]",
    " # envmigrate: ignore[EM00]",
    " # envmigrate: ignore[EM101]",
]


@st.composite
def binding(draw: st.DrawFn) -> str:
    key = draw(st.sampled_from([*WATCHED, *CHAIN, *CHAIN, *CHAIN, *OTHER]))
    lead = draw(st.sampled_from(["", "", "", "export ", "  ", "\t"]))
    eq = draw(st.sampled_from(["=", "=", "=", " = ", "= "]))
    quote = draw(st.sampled_from(["", "", "'", '"']))
    value = "".join(draw(st.lists(PIECE, max_size=3)))
    comment = draw(
        st.sampled_from(["", "", "", " # note", " # ${DINGTALK_APP_KEY}", "  #x=1", *SUPPRESSIONS])
    )
    return f"{lead}{key}{eq}{quote}{value}{quote}{comment}"


PLAIN = st.sampled_from(
    [
        *["", "", "   ", "# c", "# DINGTALK_APP_KEY=old", '# X="open', "#", "  # indented note"],
        "# envmigrate: ignore",
    ]
)
#: Lines the fast path does not read line by line: the whole file takes the full proof.
NASTY = st.sampled_from(
    [
        'X="a\n${DINGTALK_APP_KEY}"',
        "DINGTALK_APP_KEY='multi\nline'",
        'DINGTALK_AGENT_ID="7\n8"',
        "bad line",
        "DINGTALK_AGENT_ID",
        'A="a\\"b${DINGTALK_APP_KEY}"',
        "A= #c",
        "'DINGTALK_APP_KEY'=q",
        "B='${A}",
    ]
)
LINE = st.one_of(binding(), binding(), binding(), PLAIN)


@st.composite
def chain(draw: st.DrawFn) -> list[str]:
    """A chain of references through unrelated keys down to a watched name, some of its
    links bound again later (the value a later reference reads is not the final one)."""
    names = draw(st.permutations(CHAIN))[: draw(st.integers(1, 3))]
    target = draw(st.sampled_from(WATCHED))
    out = []
    for name in names:
        out.append(f"{name}=${{{target}}}" if draw(st.booleans()) else f"{name}=x${{{target}}}")
        target = name
    for name in draw(st.lists(st.sampled_from(names), max_size=2)):
        out.append(f"{name}={draw(st.sampled_from(['', '2', '${MISSING}']))}")
    return out


@st.composite
def env_text(draw: st.DrawFn) -> str:
    lines = draw(st.lists(LINE, min_size=1, max_size=8))
    if draw(st.booleans()):
        at = -1
        for link in draw(chain()):  # in order, other lines between
            at = draw(st.integers(at + 1, len(lines)))
            lines.insert(at, link)
    if draw(st.integers(0, 7)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), draw(NASTY))
    end = draw(st.sampled_from(["\n"] * 8 + ["\r\n", "\r"]))
    return end.join(lines) + draw(st.sampled_from([end, end, ""]))


def run_plan(text: str, options: Options, *, fast: bool, show: bool) -> tuple[object, ...]:
    """Everything one plan decides and records, as data."""
    opts = RunOptions(ui=Ui(show_secrets=show), config=Config(rules=options.rules))
    report = Report("migrate")
    source = Source(".env", ENV)
    snapshot = Snapshot(".env", text.encode())
    plan = pipeline._plan_env(source, report, opts, options, snapshot, fast=fast)
    planned = None
    if plan is not None:
        planned = (plan.after, plan.data, plan.diff, plan.credentials(), plan.credentials_before())
    return planned, report.findings, report.leftovers, report.files, report.errors


def assert_same(text: str, options: Options) -> bool:
    """The fast path decides as the full proof; True when it was taken (not declined)."""
    for show in (False, True):
        assert run_plan(text, options, fast=True, show=show) == run_plan(
            text, options, fast=False, show=show
        )
    quick = rewrite_fast(text, options=options)
    if quick is None:
        return False
    _env, result = quick
    full = rewrite.rewrite(parse_text(text), options=options)
    assert (result.text, result.changed, result.conflicts, result.reason, result.edits) == (
        full.text,
        full.changed,
        full.conflicts,
        full.reason,
        full.edits,
    )
    return True


BUDGET = settings(
    derandomize=True,
    database=None,
    max_examples=700,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
taken: list[bool] = []


@given(env_text(), OPTIONS)
@BUDGET
def test_fast_path_decides_as_the_full_proof(text: str, options: Options) -> None:
    taken.append(assert_same(text, options))


@given(env_text(), OPTIONS)
@settings(BUDGET, max_examples=300)
def test_the_new_entries_are_the_new_texts(text: str, options: Options) -> None:
    """The fast path lexes the new text only on its edited lines (it is never built whole):
    each entry it gives is the one the new text has at that line, offsets and line number
    included (one walk through the entries and the edits finds how far each one moved)."""
    quick = rewrite_fast(text, options=options)
    if quick is None or not quick[1].changed:
        return
    result = quick[1]
    assert result.env_after is not None
    new = {e.line_start: e for e in dotenv_lexer.lex(result.text) if e.key is not None}
    for entry in result.env_after.entries:  # an entry starts at its line (no blank run)
        expected = new[entry.line_start]
        assert entry == expected._replace(start=expected.line_start, first_line=expected.line)


def test_the_fast_path_is_taken_on_ordinary_files() -> None:
    """Most generated files are ordinary: the property above tests the fast path itself."""
    taken.clear()
    test_fast_path_decides_as_the_full_proof()
    assert sum(taken) > len(taken) * 0.6, (sum(taken), len(taken))


CASES = [
    # a chain through unrelated bindings: C reads B reads A reads the old name
    "DINGTALK_APP_KEY=k\nA=${DINGTALK_APP_KEY}\nB=x${A}\nOTHER=1\nC=${B:-d}\n",
    # the same chain where only the new name is bound: renaming changes C, refused
    "DINGTALK_CLIENT_ID=n\nA=${DINGTALK_APP_KEY}\nB=${A}\nC=${B}\n",
    # a chain that is rebound later: the final value of A comes from its last binding
    "A=${DINGTALK_APP_KEY}\nB=${A}\nA=2\nDINGTALK_CLIENT_ID=z\n",
    # a watched value reads unrelated bindings, which read others
    "P=1\nQ=${P}\nDINGTALK_APP_KEY=${Q}-x\nDINGTALK_CLIENT_ID=1-x\n",
    # old and new, duplicated, export, quotes
    "export DINGTALK_APP_KEY='k'\nDINGTALK_CLIENT_ID=\"k\"\nDINGTALK_APP_KEY=k # c\n",
    # a commented-out obsolete key under a long run of comments opened by a quote
    '# X="open\n' + "# more\n" * 210 + "DINGTALK_AGENT_ID=7\n",
    '# X="open\n' + "# more\n" * 5 + "\n\nDINGTALK_AGENT_ID=7\n# after\n",
    # a multi-line value next to an edit (full proof), CRLF, CR
    'DINGTALK_APP_KEY=k\nX="a\n${DINGTALK_APP_KEY}"\n',
    "DINGTALK_APP_KEY=k\r\nA=${DINGTALK_APP_KEY}\r\n",
    "DINGTALK_APP_KEY=k\rA=${DINGTALK_APP_KEY}\r",
    # configured renames
    "OLD_TOKEN=t\nA=${OLD_TOKEN}\nGONE=1\n",
    "NEW_TOKEN=t\nA=${OLD_TOKEN}\n",
    # no newline at the end, deleted last line
    "DINGTALK_CLIENT_ID=k\nDINGTALK_APP_KEY=k",
    # a quoted key that spans lines, masked in the context of an edit (its line end stays)
    "'\nX='\nDINGTALK_AGENT_ID=\n",
    # the new text's comment run (never built whole) passes through a line commented out
    # above: the second commented-out line is inside the quote the first comment opens
    '# KEY="open\nDINGTALK_AGENT_ID=1\n# hello\nDINGTALK_AGENT_ID=2\n',
    # ... and with a deleted line near it (both names bound alike: one of the two goes)
    '# KEY="open\nDINGTALK_CLIENT_ID=k\n# hello\n# DINGTALK_AGENT_ID=2\nDINGTALK_APP_KEY=k\n',
    # blank lines after the shown lines: the entry they lead is lexed whole
    "A=1\n\n\nDINGTALK_APP_KEY=k\n\n\n# c\nB=2\n",
]


@pytest.mark.parametrize("text", CASES)
@pytest.mark.parametrize("options", [Options(), Options(rules=USER_RULES)])
def test_table(text: str, options: Options) -> None:
    assert_same(text, options)


def test_ordinary_chain_is_fast() -> None:
    assert rewrite_fast(CASES[0]) is not None
    assert rewrite_fast(CASES[8]) is None  # CRLF: the full proof
    long_chain = "DINGTALK_APP_KEY=k\nN0=${DINGTALK_APP_KEY}\n" + "".join(
        f"N{i + 1}=${{N{i}}}\n" for i in range(dotenv_lexer.AFFECTED_ROUNDS + 2)
    )
    assert rewrite_fast(long_chain) is None  # gives up; the full proof decides
    assert_same(long_chain, Options())


# -- calibration: the budget above finds a fast path that skips a step -------------------


@contextmanager
def mutant(name: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A deliberately wrong fast path (each a plausible shortcut too many)."""
    if name == "no transitive references":
        original = dotenv_lexer._bindings_or_references  # references to new names unseen
        monkeypatch.setattr(
            dotenv_lexer, "_bindings_or_references", lambda f, b: original(frozenset(), f | b)
        )
    elif name == "no bindings of what values read":
        monkeypatch.setattr(rewrite, "lex_affected", _without_backward(rewrite.lex_affected))
    elif name == "no comment run above a diff":
        for view in (redact._Lines, redact._Spliced):
            monkeypatch.setattr(view, "_comment_run", lambda self, start: (start, False))
    elif name == "the new comment run read from the old text":
        monkeypatch.setattr(redact._Spliced, "_line", redact._Lines._line)
    elif name == "suppression comments not looked for":
        monkeypatch.setattr(pipeline, "_suppressed", lambda env: False)
    elif name == "the new lines read from the old text":
        monkeypatch.setattr(redact._Spliced, "lines", redact._Lines.lines)
    yield


def _without_backward(
    lex: Callable[[str, frozenset[str], frozenset[str]], list[dotenv_lexer.Entry] | None],
) -> Callable[[str, frozenset[str], frozenset[str]], list[dotenv_lexer.Entry] | None]:
    """Only the bindings that mention a watched name: what their values read is left out."""

    def lexed(text: str, affected: frozenset[str], needed: frozenset[str]) -> list[object] | None:
        entries = lex(text, affected, needed)
        if entries is None:
            return None
        names = affected | needed
        pattern = re.compile("|".join(sorted(names, key=len, reverse=True)))
        return [e for e in entries if pattern.search(text, e.start, e.end)]

    return lexed  # type: ignore[return-value]


MUTANTS = [
    "no transitive references",
    "no bindings of what values read",
    "no comment run above a diff",
    "the new comment run read from the old text",
    "the new lines read from the old text",
    "suppression comments not looked for",
]


def _table_catches() -> bool:
    """Whether a table case (either rename table) tells the fast path from the full one."""
    for text in CASES:
        for options in (Options(), Options(rules=USER_RULES)):
            try:
                assert_same(text, options)
            except AssertionError:
                return True
    return False


@pytest.mark.parametrize("name", MUTANTS)
def test_the_tests_find_a_wrong_fast_path(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each mutant is caught by the generated files (the budget above) or by the table
    (files rare in generation: a comment run through an edited line above a diff)."""
    with mutant(name, monkeypatch):

        @given(env_text(), OPTIONS)
        @settings(BUDGET, phases=[Phase.generate], print_blob=False)
        def differential(text: str, options: Options) -> None:
            assert_same(text, options)

        try:
            differential()
        except AssertionError:
            return
        assert _table_catches(), f"neither the budget nor the table finds: {name}"
