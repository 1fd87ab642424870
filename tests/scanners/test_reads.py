"""reads.py: which string arguments are messages (never renamed), and the patterns that find
reads inside longer strings and names built at run time, each piece with its own case."""

from __future__ import annotations

import pytest

from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners.reads import MESSAGE_CALLS
from tests.scanners.helpers import codes, fix
from tests.scanners.test_langs import LANGS

#: The message calls as code spells them; the list is compared lower-case below.
SPELLED = [
    "Errorf", "Printf", "Println", "print", "puts", "warn", "Warning", "Info", "debug",
    "Error", "Fatal", "Fatalf", "Fatalln", "panic", "Panicf", "expect", "context",
    "with_context", "Wrap", "Wrapf", "raise", "contains", "toContain", "include",
    "includes", "containsString", "assertContains", "assertStringContainsString",
    "assert_match", "assert_includes", "log", "Logf", "bail", "anyhow", "eprintln",
    "eprint", "trace", "critical", "notice", "alert", "emergency", "abort", "fail",
    "flunk", "WriteLine", "Write", "LogWarning", "LogInformation", "LogError",
    "LogDebug", "LogCritical", "Sprintf", "Sprint", "format", "errors", "echo",
    "throw", "die", "exit", "Warnf", "Infof", "Debugf", "Errorw", "Warnw", "Infow",
    "issueContext", "message", "hasMessageContaining", "isMessage", "hasMessage",
    "withMessage", "expectExceptionMessage", "assert_raise", "assert_raises",
]  # fmt: skip
KEY = '"DINGTALK_APP_KEY"'


def test_every_message_call_has_a_case() -> None:
    assert {name.lower() for name in SPELLED} == MESSAGE_CALLS
    assert len(SPELLED) == len(MESSAGE_CALLS)


@pytest.mark.parametrize("name", SPELLED)
def test_message_calls_keep_their_text(name: str) -> None:
    """Called with parentheses (Go, after a receiver), as a Rust macro, bare (Ruby)."""
    go, rust, ruby = LANGS["go"][0], LANGS["rust"][0], LANGS["ruby"][0]
    assert go(f"x.{name}({KEY})\n", DEFAULT_RULES) == []
    assert go(f"{name}(a, f(b), {KEY})\n", DEFAULT_RULES) == []
    assert rust(f"{name}!({KEY});\n", DEFAULT_RULES) == []
    assert ruby(f"{name.lower()} {KEY}\n", DEFAULT_RULES) == []
    # the same string as the argument of a call that reads is renamed
    assert codes(go, f"x.{name}X({KEY})\n") == ["EM101"]
    assert codes(ruby, f"{name.lower()}x {KEY}\n") == ["EM101"]


#: (language, source, renamed): who else makes a string a message.
MESSAGES = [
    ("java", f"throw new IllegalStateException({KEY});", False),
    ("java", f"throw new MyError({KEY});", False),
    ("go", f"return WrapErrorf({KEY})", False),
    ("java", f"new ErrorHandler({KEY});", True),  # the class name only ends the pattern
    ("java", f"new Exceptional({KEY});", True),
    ("go", f"errors.New({KEY})", False),
    ("go", f"errs.New({KEY})", True),
    ("go", f"New({KEY})", True),
    ("go", f"log.Lookup({KEY})", False),  # any call on a logger
    ("rust", f"log::lookup({KEY});", False),
    ("php", f"<?php $logger->lookup({KEY});", False),
    ("csharp", f"_logger.Lookup({KEY});", False),
    ("csharp", f"_logger + Lookup({KEY});", True),
    ("csharp", f"dialog.Lookup({KEY});", True),
    ("ruby", f"assert doc =~ {KEY}", False),
    ("ruby", f"assert doc !~ {KEY}", False),
    ("ruby", f"raise KeyError, {KEY}", False),  # a constant between the call and the text
    ("ruby", f"raise key, {KEY}", True),  # a value there: the text is not the message
    ("ruby", f"warn; ENV[{KEY}]", True),
    ("ruby", f"x = [1,\n  {KEY}]", True),
    ("ruby", f"puts x\nENV.fetch {KEY}", True),  # a call on an earlier line
    ("ruby", f"puts(x) + ENV.fetch({KEY})", True),
    ("go", f"f(x)[{KEY}]", True),
    ("go", f"{{ {KEY} }}", True),
    ("go", f"(x)({KEY})", True),
    ("ruby", f"x = 1\nputs\n{KEY}", True),  # a call two lines up: not this line's
    ("go", f"log.Println(a[0], {KEY})", False),  # brackets, braces, nesting in between
    ("go", f"fmt.Println(T{{}}, {KEY})", False),
    ("go", f"fmt.Println(f(g(x)), {KEY})", False),
    ("rust", f"println!(x; {KEY});", True),  # a statement ends before it
    ("ruby", f"puts! {KEY}", False),  # a bang method
]


@pytest.mark.parametrize(("lang", "src", "renamed"), MESSAGES)
def test_what_makes_a_message(lang: str, src: str, renamed: bool) -> None:
    scan = LANGS[lang][0]
    assert codes(scan, src) == (["EM101"] if renamed else [])
    assert (fix(scan, src) != src) == renamed


#: Names built inside one literal: every kind of hole (interpolation, format verb).
BUILT = [
    ("ruby", 'ENV["#{p}_APP_KEY"]', "#{p}_APP_KEY"),
    ("kotlin", 'System.getenv("${p}_APP_KEY")', "${p}_APP_KEY"),
    ("php", '<?php getenv("{$p}_APP_KEY");', "{$p}_APP_KEY"),
    ("csharp", 'cfg[$"{p}_APP_KEY"];', "{p}_APP_KEY"),
    ("go", 'os.Getenv(fmt.Sprintf("%s_APP_KEY", p))', "%s_APP_KEY"),
    ("go", 'os.Getenv(fmt.Sprintf("%-8d_APP_KEY", p))', "%-8d_APP_KEY"),
    ("go", 'os.Getenv(fmt.Sprintf("%+v_APP_KEY", p))', "%+v_APP_KEY"),
    ("go", 'os.Getenv(fmt.Sprintf("% #.2q_APP_KEY", p))', "% #.2q_APP_KEY"),
    ("kotlin", 'System.getenv("DINGTALK_APP_$s")', "DINGTALK_APP_$s"),
    ("go", 'os.Getenv(fmt.Sprintf("DINGTALK_APP_%s%s", a, b))', "DINGTALK_APP_%s%s"),
    ("go", 'os.Getenv(fmt.Sprintf("%s_APP_KEY%s_APP_SECRET", a, b))', "%s_APP_KEY%s_APP_SECRET"),
]
NOT_BUILT = [
    ("go", 'os.Getenv(fmt.Sprintf("%x_APP_KEY", p))'),  # not a string verb
    ("go", 'os.Getenv(fmt.Sprintf("%s_APP_KEY_2", p))'),  # not a piece
    ("go", 'os.Getenv(fmt.Sprintf("%s", p))'),  # nothing but holes
    ("php", '<?php getenv("$p_APP_KEY");'),  # the variable is $p_APP_KEY
    ("ruby", 'ENV["#{p}_APP_KEY #{q}"]'),
    ("go", 'os.Getenv("APP_KEY")'),  # a piece alone, not joined to anything
    ("go", 'os.Getenv(p, "APP_KEY")'),
    ("go", 'os.Getenv("APP_KEY", p)'),
]


@pytest.mark.parametrize(("lang", "src", "piece"), BUILT)
def test_names_built_in_one_literal(lang: str, src: str, piece: str) -> None:
    scan = LANGS[lang][0]
    (hit,) = scan(src, DEFAULT_RULES)
    assert (hit.code, src[hit.start : hit.end], hit.replacement) == ("EM109", piece, None)
    assert hit.key == "DINGTALK_APP_KEY"


@pytest.mark.parametrize(("lang", "src"), NOT_BUILT)
def test_not_built(lang: str, src: str) -> None:
    assert LANGS[lang][0](src, DEFAULT_RULES) == []


#: Go sources: what ``os.ExpandEnv``/``os.Expand`` expand and which keys viper binds.
EXPAND = [
    ('ExpandEnv("$DINGTALK_APP_KEY")', ["EM101"]),  # the call at the very start
    ('os.ExpandEnv(f(x)[0] + T{a}.s + "$DINGTALK_APP_KEY")', ["EM101"]),
    ('f(os.ExpandEnv)("$DINGTALK_APP_KEY")', []),
    ('os.ExpandEnv(f(g(x)) + "$DINGTALK_APP_KEY")', ["EM101"]),  # nested calls closed
    ('os.ExpandEnv["$DINGTALK_APP_KEY"]', []),  # an index, not a call
    ('os.ExpandEnv{"$DINGTALK_APP_KEY"}', []),
    ('x := ("$DINGTALK_APP_KEY")', []),
    ('("$DINGTALK_APP_KEY")', []),
    ('a["$DINGTALK_APP_KEY"]', []),
    ('"$DINGTALK_APP_KEY"; os.ExpandEnv(', []),
    ('os.ExpandEnv(a) + "$DINGTALK_APP_KEY"', []),
    ('os.ExpandEnv(a, (b), "$DINGTALK_APP_KEY")', ["EM101"]),
    ('os.ExpandEnv(a, {b}, [c], "$DINGTALK_APP_KEY")', ["EM101"]),
    ('os.Getenv(a, "$DINGTALK_APP_KEY")', []),
    # viper: a key bound by BindEnv anywhere in the file is not reported
    ('BindEnv("dingtalk.app_key")\nAutomaticEnv()\nGetString("dingtalk.app_key")', []),
    ('"dingtalk.app_key"\nviper.AutomaticEnv()\nviper.BindEnv(', ["EM109"]),
    (
        'viper.AutomaticEnv()\nviper.Bind("dingtalk.app_key")\nviper.GetString("dingtalk.app_key")',
        ["EM109", "EM109"],
    ),
    (
        'viper.AutomaticEnv()\nviper.BindEnv(x, "dingtalk.app_key")\nviper.GetString("dingtalk.app_key")',
        ["EM109", "EM109"],
    ),
    ('viper.AutomaticEnv()\nviper.GetString("dingtalk-app-key")', ["EM109"]),
    ('viper.AutomaticEnv()\nviper.GetString("dingtalk app key")', []),
    ('viper.AutomaticEnv()\nviper.GetString("")', []),
    ("viper.AutomaticEnv()\nviper.GetString(`dingtalk.app_key`)", ["EM109"]),
    ('viper.AutomaticEnv()\nviper.GetString("dingtalk.app_key" + x)', ["EM109"]),
    ('viper.AutomaticEnv()\nviper.GetString("#{dingtalk.app_key}")', []),
]


@pytest.mark.parametrize(("src", "want"), EXPAND)
def test_go_expand_and_viper(src: str, want: list[str]) -> None:
    assert codes(LANGS["go"][0], src) == want


@pytest.mark.parametrize(("distance", "read"), [(399, True), (400, True), (401, False)])
def test_the_enclosing_call_is_looked_for_400_tokens_back(distance: int, read: bool) -> None:
    go = LANGS["go"][0]
    filler = "x " * (distance - 1)
    assert codes(go, f'os.ExpandEnv({filler}"$DINGTALK_APP_KEY")') == (["EM101"] if read else [])
    # the same bound for messages: past it, the string is a read again
    assert codes(go, f'log.Printf({filler}"DINGTALK_APP_KEY")') == ([] if read else ["EM101"])


def test_a_refused_file_reports_the_longest_name() -> None:
    """User names may extend one another (``A`` and ``A.B``): the whole one is reported."""
    rules = DEFAULT_RULES.with_extra({"A": "X", "A.B": "Y", "A.B.C": "Z"}, ())
    src = 'x := "open\nA.B A A.B.C A.Bx'
    hits = LANGS["go"][0](src, rules)
    assert [(src[h.start : h.end], h.key, h.replacement) for h in hits] == [
        ("A.B", "A.B", None),
        ("A", "A", None),
        ("A.B.C", "A.B.C", None),
        ("A", "A", None),
    ]
