"""The token lexer of the code scanners: every token of odd layouts, and every refusal.

A row is ``kind:text`` per token in source order: ``n`` name, ``#`` number, ``o`` operator,
``c`` comment, ``s`` a string without interpolation and ``i`` one with (the code inside an
interpolation follows its string). A string's content follows ``|`` when it is not simply
the text between the first and the last character.
"""

from __future__ import annotations

import pytest

from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners import lexer
from envmigrate.scanners.lexer import DIALECTS, LexError, lex
from tests.scanners.test_langs import LANGS

KINDS = {"name": "n", "num": "#", "op": "o", "comment": "c"}


def render(src: str, dialect: str) -> list[str]:
    out = []
    for tok in lex(src, DIALECTS[dialect]):
        text = src[tok.start : tok.end]
        if tok.kind != "str":
            out.append(f"{KINDS[tok.kind]}:{text}")
            continue
        row = {True: "s:", False: "i:"}[tok.plain] + text  # plain is a bool
        if (tok.body, tok.body_end) != (tok.start + 1, tok.end - 1):
            row += "|" + src[tok.body : tok.body_end]
        out.append(row)
    return out


TOKENS: list[tuple[str, str, list[str]]] = [
    ("csharp", "a #b\rc", ["n:a", "o:#", "n:b", "n:c"]),
    ("csharp", "\rx\r  #if y", ["n:x", "c:#if y"]),
    ("ruby", "=begin\nx\n=end", ["c:=begin\nx\n=end"]),
    ("ruby", "X=begin\n=end", ["n:X", "o:=", "n:begin", "o:=", "n:end"]),
    ("ruby", "%q(a ((b)) c)", ["s:%q(a ((b)) c)|a ((b)) c"]),
    ("ruby", "%q(a\\)) + %Q(#{b})", ["s:%q(a\\))|a\\)", "o:+", "i:%Q(#{b})|#{b}", "n:b"]),
    (
        "ruby",
        "%x(ls #{d}) + %I[a#{b} c] + %i[#{a}] + %w[x#{y}]",
        [
            "i:%x(ls #{d})|ls #{d}",
            "n:d",
            "o:+",
            "i:a#{b}|a#{b}",
            "n:b",
            "s:c|c",
            "o:+",
            "s:#{a}|#{a}",
            "o:+",
            "s:x#{y}|x#{y}",
        ],
    ),
    ("java", "/* a /* b */ c", ["c:/* a /* b */", "n:c"]),
    ("ruby", "x\r\n=begin\ny\r\n=end\r\nz", ["n:x", "c:=begin\ny\r\n=end\r", "n:z"]),
    ("go", "// a\rb /* c\r\n*/ d", ["c:// a", "n:b", "c:/* c\r\n*/", "n:d"]),
    ("php", '<?php `{$a} b` . "$c"', ["i:`{$a} b`", "n:a", "o:.", 's:"$c"']),
    ("rust", "'a' b'\\n' 'static", ["s:'a'", "s:b'\\n'|\\n", "o:'", "n:static"]),
    (
        "csharp",
        "#if X\na\n  #endregion y\r#pragma z\r\n\t#else",
        ["c:#if X", "n:a", "c:#endregion y", "c:#pragma z", "c:#else"],
    ),
    ("csharp", "a\n#if X", ["n:a", "c:#if X"]),
    ("csharp", "a #b\nx\ny#z", ["n:a", "o:#", "n:b", "n:x", "n:y", "o:#", "n:z"]),
    ("ruby", "a / b / c", ["n:a", "o:/", "n:b", "o:/", "n:c"]),
    ("ruby", "f(x) / 2 / 3", ["n:f", "o:(", "n:x", "o:)", "o:/", "#:2", "o:/", "#:3"]),
    ("ruby", "a[1] / 2 / 3", ["n:a", "o:[", "#:1", "o:]", "o:/", "#:2", "o:/", "#:3"]),
    ("ruby", "{a: 1} / 2 / 3", ["o:{", "n:a", "o::", "#:1", "o:}", "o:/", "#:2", "o:/", "#:3"]),
    ("ruby", "'s' / 2 / 3", ["s:'s'", "o:/", "#:2", "o:/", "#:3"]),
    ("ruby", "x = /a b/", ["n:x", "o:=", "s:/a b/"]),
    ("ruby", "/a/ # c", ["s:/a/", "c:# c"]),
    ("ruby", "x % 2 % 3", ["n:x", "o:%", "#:2", "o:%", "#:3"]),
    ("ruby", "f %(a b)", ["n:f", "o:%", "o:(", "n:a", "n:b", "o:)"]),
    ("ruby", "(x) % 2", ["o:(", "n:x", "o:)", "o:%", "#:2"]),
    ("ruby", "? x", ["o:?", "n:x"]),
    ("ruby", "a ? b : c", ["n:a", "o:?", "n:b", "o::", "n:c"]),
    ("ruby", "x = ?a", ["n:x", "o:=", "s:?a|a"]),
    ("ruby", "x = ?\\n", ["n:x", "o:=", "s:?\\n|\\n"]),
    ("ruby", "x = ?ab", ["n:x", "o:=", "o:?", "n:ab"]),
    ("ruby", "x = ?", ["n:x", "o:=", "o:?"]),
    ("ruby", "c = ?_", ["n:c", "o:=", "s:?_|_"]),
    ("ruby", "c = ?a\n", ["n:c", "o:=", "s:?a|a"]),
    ("ruby", "c = ?a)", ["n:c", "o:=", "s:?a|a", "o:)"]),
    ("ruby", "x = 1 <<B\n", ["n:x", "o:=", "#:1", "o:<<", "n:B"]),
    ("ruby", "x = <<B\nb\nB\n", ["n:x", "o:=", "o:<<B", "s:b\nB|b\n"]),
    ("ruby", "x = a <<b\n", ["n:x", "o:=", "n:a", "o:<<", "n:b"]),
    ("ruby", "x = f() <<B\n", ["n:x", "o:=", "n:f", "o:(", "o:)", "o:<<", "n:B"]),
    ("ruby", "<<B\nb\nB\n", ["o:<<B", "s:b\nB|b\n"]),
    (
        "ruby",
        "x = <<-B + <<~'C'\n  b\n  B\n  #{c}\n  C\ny",
        [
            "n:x",
            "o:=",
            "o:<<-B",
            "o:+",
            "o:<<~'C'",
            "s:  b\n  B|  b\n",
            "s:\n  #{c}\n  C|\n  #{c}\n",
            "n:y",
        ],
    ),
    (
        "ruby",
        "x = <<`B`\nls #{d}\nB \r\nz",
        ["n:x", "o:=", "o:<<`B`", "i:ls #{d}\nB \r|ls #{d}\n", "n:d", "n:z"],
    ),
    ("ruby", 'x = <<"B"\nb\nBB\nB\n', ["n:x", "o:=", 'o:<<"B"', "s:b\nBB\nB|b\nBB\n"]),
    (
        "ruby",
        "%w[a  b\tc] + %W(x#{y} z) + %i<d> + %I{e}",
        [
            "s:a|a",
            "s:b|b",
            "s:c|c",
            "o:+",
            "i:x#{y}|x#{y}",
            "n:y",
            "s:z|z",
            "o:+",
            "s:d|d",
            "o:+",
            "s:e|e",
        ],
    ),
    (
        "ruby",
        "%q(a (b) c) + %Q[x [#{y}] z] + %q<a<b>c> + %q{a{b}c} + %q|a\\|b|",
        [
            "s:%q(a (b) c)|a (b) c",
            "o:+",
            "i:%Q[x [#{y}] z]|x [#{y}] z",
            "n:y",
            "o:+",
            "s:%q<a<b>c>|a<b>c",
            "o:+",
            "s:%q{a{b}c}|a{b}c",
            "o:+",
            "s:%q|a\\|b||a\\|b",
        ],
    ),
    (
        "ruby",
        "%(a #{b}) + %r!x#{y}! + %x(ls) + %s(sym)",
        [
            "i:%(a #{b})|a #{b}",
            "n:b",
            "o:+",
            "i:%r!x#{y}!|x#{y}",
            "n:y",
            "o:+",
            "s:%x(ls)|ls",
            "o:+",
            "s:%s(sym)|sym",
        ],
    ),
    ("ruby", "%q(a \\) b)", ["s:%q(a \\) b)|a \\) b"]),
    ("ruby", "x = %w[]", ["n:x", "o:="]),
    ("ruby", ':"a#{b}" + :a', ['i::"a#{b}"|a#{b}', "n:b", "o:+", "o::", "n:a"]),
    ("ruby", "`ls #{d}`", ["i:`ls #{d}`", "n:d"]),
    ("ruby", "=begin\nx\n=end\n=begin x\n=end y\n", ["c:=begin\nx\n=end", "c:=begin x\n=end y"]),
    ("ruby", "x\n =begin\n", ["n:x", "o:=", "n:begin"]),
    ("ruby", "@a $b @@c d? e! $f?", ["n:@a", "n:$b", "n:@@c", "n:d?", "n:e!", "n:$f?"]),
    (
        "elixir",
        "~s(a (b) c) <> ~S(#{x}) <> ~r/a#{b}/i <> ~w[a b]c <> ~W(x#{y})",
        [
            "s:~s(a (b) c)|a (b) c",
            "o:<>",
            "s:~S(#{x})|#{x}",
            "o:<>",
            "i:~r/a#{b}/|a#{b}",
            "n:b",
            "n:i",
            "o:<>",
            "s:a|a",
            "s:b|b",
            "n:c",
            "o:<>",
            "s:x#{y}|x#{y}",
        ],
    ),
    (
        "elixir",
        "~s\"\"\"\na #{b}\n\"\"\" <> ~S'''\n#{x}\n''' <> ~c'a'",
        [
            'i:~s"""\na #{b}\n"""|\na #{b}\n',
            "n:b",
            "o:<>",
            "s:~S'''\n#{x}\n'''|\n#{x}\n",
            "o:<>",
            "s:~c'a'|a",
        ],
    ),
    ("elixir", "~sigil(x) ~ y ~1", ["s:~sigil(x)|x", "o:~", "n:y", "o:~", "#:1"]),
    ("elixir", "?a <> ?\\n <> x ?b", ["s:?a|a", "o:<>", "s:?\\n|\\n", "o:<>", "n:x", "o:?", "n:b"]),
    (
        "elixir",
        "'''\n#{a}\n''' <> \"\"\"\nb\n\"\"\" <> 'c' <> \"d#{e}\"",
        [
            "i:'''\n#{a}\n'''|\n#{a}\n",
            "n:a",
            "o:<>",
            's:"""\nb\n"""|\nb\n',
            "o:<>",
            "s:'c'",
            "o:<>",
            'i:"d#{e}"',
            "n:e",
        ],
    ),
    ("elixir", "a? b! c", ["n:a?", "n:b!", "n:c"]),
    ("elixir", "x = ?\\", ["n:x", "o:=", "o:?", "o:\\"]),
    ("elixir", "x = ?\\a", ["n:x", "o:=", "s:?\\a|\\a"]),
    ("elixir", "x = ?", ["n:x", "o:=", "o:?"]),
    (
        "go",
        "`a\nb` + 'c' + '\\'' + \"d\\\"e\" // f\n/* g\n*/ 1.5e3 0x1F 1..2",
        [
            "s:`a\nb`",
            "o:+",
            "s:'c'",
            "o:+",
            "s:'\\''",
            "o:+",
            's:"d\\"e"',
            "c:// f",
            "c:/* g\n*/",
            "#:1.5e3",
            "#:0x1F",
            "#:1",
            "o:..",
            "#:2",
        ],
    ),
    (
        "java",
        '"""\n  a \\""" b\n  """ + \'c\' + "d"',
        ['s:"""\n  a \\""" b\n  """|\n  a \\""" b\n  ', "o:+", "s:'c'", "o:+", 's:"d"'],
    ),
    (
        "kotlin",
        '"""a${b}\\""" + "c${d("e")}f" + \'\\\'\' + "$g" /* /* h */ */ x!!.y?.z',
        [
            'i:"""a${b}\\"""|a${b}\\',
            "n:b",
            "o:+",
            'i:"c${d("e")}f"',
            "n:d",
            "o:(",
            's:"e"',
            "o:)",
            "o:+",
            "s:'\\''",
            "o:+",
            's:"$g"',
            "c:/* /* h */ */",
            "n:x",
            "o:!!",
            "o:.",
            "n:y",
            "o:?.",
            "n:z",
        ],
    ),
    ("kotlin", 'val x = "${ {a} }"', ["n:val", "n:x", "o:=", 'i:"${ {a} }"', "o:{", "n:a", "o:}"]),
    (
        "csharp",
        '@"a""b" + $"{c} {{d}}" + $@"{e}""f" + @$"{{g}}" + "h\\"i"',
        [
            's:@"a""b"|a""b',
            "o:+",
            'i:$"{c} {{d}}"|{c} {{d}}',
            "n:c",
            "o:+",
            'i:$@"{e}""f"|{e}""f',
            "n:e",
            "o:+",
            's:@$"{{g}}"|{{g}}',
            "o:+",
            's:"h\\"i"',
        ],
    ),
    (
        "csharp",
        '"""\n a "" b\n """ + $$"""{{c}} {d}""" + $"""{e}""" + """"x""""',
        [
            's:"""\n a "" b\n """|\n a "" b\n ',
            "o:+",
            'i:$$"""{{c}} {d}"""|{{c}} {d}',
            "o:{",
            "n:c",
            "o:}",
            "n:d",
            "o:+",
            'i:$"""{e}"""|{e}',
            "n:e",
            "o:+",
            's:""""x""""|x',
        ],
    ),
    (
        "csharp",
        "'a' + '\\'' + x\"y\" + _\"z\"",
        [
            "s:'a'",
            "o:+",
            "s:'\\''",
            "o:+",
            "n:x",
            'o:"',
            "n:y",
            'o:"',
            "o:+",
            "n:_",
            'o:"',
            "n:z",
            'o:"',
        ],
    ),
    ("csharp", '$"X{\n b\n}c"', ['i:$"X{\n b\n}c"|X{\n b\n}c', "n:b"]),  # a hole spans lines
    # an escape or a doubled brace just before the closing quote; the token right after it
    (
        "csharp",
        '$"\\""+a+$"{{"+b',
        ['s:$"\\""|\\"', "o:+", "n:a", "o:+", 's:$"{{"|{{', "o:+", "n:b"],
    ),
    (
        "csharp",
        '$"a{b:F2}c" + $"\\{d}"',
        ['i:$"a{b:F2}c"|a{b:F2}c', "n:b", "o::", "n:F2", "o:+", 's:$"\\{d}"|\\{d}'],
    ),
    (
        "rust",
        'r"a\\" + r#"b"c"# + r##"d"#e"## + br"f" + cr#"g"# + b"h\\"" + c"i"',
        [
            's:r"a\\"|a\\',
            "o:+",
            's:r#"b"c"#|b"c',
            "o:+",
            's:r##"d"#e"##|d"#e',
            "o:+",
            's:br"f"|f',
            "o:+",
            's:cr#"g"#|g',
            "o:+",
            's:b"h\\""|h\\"',
            "o:+",
            's:c"i"|i',
        ],
    ),
    (
        "rust",
        "b'a' + b'\\'' + 'c' + '\\n' + 'de + &'f x",
        [
            "s:b'a'|a",
            "o:+",
            "s:b'\\''|\\'",
            "o:+",
            "s:'c'",
            "o:+",
            "s:'\\n'",
            "o:+",
            "o:'",
            "n:de",
            "o:+",
            "o:&",
            "o:'",
            "n:f",
            "n:x",
        ],
    ),
    ("rust", "x!(y) != z!= w!", ["n:x!", "o:(", "n:y", "o:)", "o:!=", "n:z", "o:!=", "n:w!"]),
    (
        "rust",
        'ar"x" _r"y" 9r"z"',
        ["n:ar", 'o:"', "n:x", 'o:"', "n:_r", 'o:"', "n:y", 'o:"', "#:9r", 'o:"', "n:z", 'o:"'],
    ),
    ("rust", "/* a /* b */ c */ d /* e */", ["c:/* a /* b */ c */", "n:d", "c:/* e */"]),
    ("php", "<p>x</p><?php $a ?>y<?= $b ?>z<? $c", ["n:$a", "o:?>", "n:$b", "o:?>", "n:$c"]),
    (
        "php",
        "<?php # a ?> b <?php #[At] $c // d ?>e",
        ["c:# a ", "o:?>", "o:#", "o:[", "n:At", "o:]", "n:$c", "c:// d ", "o:?>"],
    ),
    (
        "php",
        "<?php 'a\\'b' . \"c{$d['e']}f\" . `g` . $$h",
        [
            "s:'a\\'b'",
            "o:.",
            "i:\"c{$d['e']}f\"",
            "n:d",
            "o:[",
            "s:'e'",
            "o:]",
            "o:.",
            "s:`g`",
            "o:.",
            "n:$$h",
        ],
    ),
    (
        "php",
        "<?php <<<A\nx\nA;\n<<< 'B'\ny {$z}\n  B;\n<<<\"C\"\r\n{$w}\r\nC;",
        [
            "i:<<<A\nx\nA|x\n",
            "o:;",
            "s:<<< 'B'\ny {$z}\n  B|y {$z}\n",
            "o:;",
            'i:<<<"C"\r\n{$w}\r\nC|{$w}\r\n',
            "n:w",
            "o:;",
        ],
    ),
    ("php", "no php here 'x", []),
    (
        "go",
        "a\t\x0b\x0c\r\n\ufeffb 12ab 3.4.5 6.x",
        ["n:a", "n:b", "#:12ab", "#:3.4", "o:.", "#:5", "#:6", "o:.", "n:x"],
    ),
]


@pytest.mark.parametrize(("dialect", "src", "want"), TOKENS)
def test_every_token(dialect: str, src: str, want: list[str]) -> None:
    assert render(src, dialect) == want


#: (dialect, source, why the lexer refuses it)
REFUSED = [
    ("go", "a }", "unbalanced '}'"),
    ("go", "f() } {", "unbalanced '}'"),
    ("kotlin", 'x = "${a', "unterminated interpolation"),
    (
        "kotlin",
        '"${' * (lexer.MAX_NESTING + 1) + '}"' * (lexer.MAX_NESTING + 1),
        "interpolation nested too deep",
    ),
    (
        "ruby",
        '"#{' * (lexer.MAX_NESTING + 1) + '}"' * (lexer.MAX_NESTING + 1),
        "interpolation nested too deep",
    ),
    ("ruby", '"#{a', "unterminated interpolation"),
    ("ruby", "x = <<A", "unterminated heredoc"),
    ("ruby", "x = <<A\nb\n", "unterminated heredoc"),
    ("ruby", "x = <<A\n#{'}\nA\n'}", "unterminated heredoc"),
    ("ruby", "x = <<-A\nb\n A1\n", "unterminated heredoc"),
    ("php", "<?php <<<A\nx\n", "unterminated heredoc"),
    ("php", "<?php <<<A\n{$x['}\nA\n']}", "unterminated heredoc"),
    ("ruby", "=begin\nx\n=ending\n", "unterminated =begin"),
    ("java", "/* x", "unterminated block comment"),
    ("kotlin", "/* /* */", "unterminated block comment"),
    ("rust", "/* /* */ /* */", "unterminated block comment"),
    ("go", '"abc', "unterminated string"),
    ("go", '"abc\\"', "unterminated string"),
    ("java", '"""\nabc\n""', "unterminated string"),
    ("csharp", '@"abc""', "unterminated string"),
    ("csharp", '$"abc{{', "unterminated string"),
    ("csharp", '$@"{a}', "unterminated string"),
    ("go", '"a\nb"', "newline in a one-line string"),
    ("java", '"a\rb"', "newline in a one-line string"),
    ("csharp", '"a\nb"', "newline in a one-line string"),
    ("csharp", '$"a\nb"', "newline in a one-line string"),
    ("csharp", '$"a{b}\r\n"', "newline in a one-line string"),
    ("csharp", 'x = $"{a}\ny = "', "newline in a one-line string"),
    ("go", "`abc", "unterminated raw string"),
    ("rust", 'r#"abc"', "unterminated raw string"),
    ("ruby", "%q(a (b)", "unterminated literal"),
    ("elixir", "~s(a (b)", "unterminated literal"),
    ("elixir", '~s"""\nabc', "unterminated string"),
]


@pytest.mark.parametrize(("dialect", "src", "why"), REFUSED)
def test_refused(dialect: str, src: str, why: str) -> None:
    with pytest.raises(LexError) as caught:
        lex(src, DIALECTS[dialect])
    assert str(caught.value) == why
    # the scanner reports every whole old name in a refused file, renames nothing
    scan = LANGS[dialect][0]
    text = f"DINGTALK_APP_KEY xDINGTALK_APP_KEY $DINGTALK_APP_KEY DINGTALK_APP_KEYx;\n{src}"
    hits = scan(text, DEFAULT_RULES)
    want = (
        "reads deprecated DINGTALK_APP_KEY: rename it to DINGTALK_CLIENT_ID; this file could "
        f"not be read as {DIALECTS[dialect].name} ({why}): check it by hand"
    )
    assert [(h.code, text[h.start : h.end], h.replacement, h.message) for h in hits] == [
        ("EM101", "DINGTALK_APP_KEY", None, want)
    ]
    assert hits[0].start == 0


def test_dialects_are_the_scanned_languages() -> None:
    assert sorted(DIALECTS) == sorted(LANGS)
    assert all(DIALECTS[name].name == name for name in DIALECTS)
    assert lexer.RUBY.block is None
    assert lexer.ELIXIR.block is None


def test_identifier_class_is_the_unicode_range_it_spells_out() -> None:
    """``lexer._IDENT`` names the ASCII characters it leaves out (fast to compile); it must
    take exactly the characters of the range form, first and later, at every code point."""
    import re
    import sys

    spelled = re.compile(r"[A-Za-z_\x80-\U0010ffff][\w\x80-\U0010ffff]*")
    ident = re.compile(lexer._IDENT)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        for text in (char, "a" + char, char + "a"):
            assert (ident.fullmatch(text) is None) == (spelled.fullmatch(text) is None), hex(code)
    for dialect in DIALECTS.values():
        assert dialect.ident.pattern.count(lexer._IDENT) == 1


@pytest.mark.parametrize(
    ("dialect", "open_", "close"),
    [("kotlin", '"${', '}"'), ("ruby", '"#{', '}"'), ("groovy", '"${', '}"')],
)
def test_interpolation_as_deep_as_allowed_lexes(dialect: str, open_: str, close: str) -> None:
    """MAX_NESTING levels lex (one more is refused, above); a thousand are refused without
    a deep stack."""
    depth = lexer.MAX_NESTING
    src = open_ * depth + "a" + close * depth
    assert "a" in [src[t.start : t.end] for t in lex(src, DIALECTS[dialect])]
    with pytest.raises(LexError, match=r"^interpolation nested too deep$"):
        lex(open_ * 1000 + close * 1000, DIALECTS[dialect])
