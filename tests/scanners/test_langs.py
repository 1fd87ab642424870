"""Go, Java, Kotlin, C#, Rust, PHP, Ruby, Elixir, Groovy and Spring properties: reads by token.

Tables of sources that must not change and of fixes (src -> expected, and the fix is
idempotent); a token-level check that a rewrite changes nothing but the names; and
Hypothesis: a comment or a message that mentions a name never changes, whatever it holds.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.files import kind_of
from envmigrate.rules import DEFAULT_RULES, RENAMES
from envmigrate.scanners import (
    csharp,
    elixir,
    erb,
    golang,
    groovy,
    java,
    kotlin,
    php,
    properties,
    ruby,
    rust,
)
from envmigrate.scanners.lexer import (
    CSHARP,
    ELIXIR,
    GO,
    GROOVY,
    JAVA,
    KOTLIN,
    PHP,
    RUBY,
    RUST,
    Dialect,
    LexError,
    Tok,
    lex,
)
from envmigrate.scanners.reads import Scanner, fragments
from envmigrate.scanners.registry import scanner
from tests.scanners.helpers import codes, fix

LANGS: dict[str, tuple[Scanner, Dialect]] = {
    "go": (golang.scan, GO),
    "java": (java.scan, JAVA),
    "kotlin": (kotlin.scan, KOTLIN),
    "csharp": (csharp.scan, CSHARP),
    "rust": (rust.scan, RUST),
    "php": (php.scan, PHP),
    "ruby": (ruby.scan, RUBY),
    "elixir": (elixir.scan, ELIXIR),
    "groovy": (groovy.scan, GROOVY),
}

NOOP: dict[str, list[str]] = {
    "go": [
        '// os.Getenv("DINGTALK_APP_KEY")\n',
        '/* os.Getenv("DINGTALK_APP_KEY") */\n',
        'x := os.Getenv("MY_DINGTALK_APP_KEY")\n',
        'x := os.Getenv("DINGTALK_APP_KEY_2")\n',
        'x := os.Getenv("DINGTALK_CLIENT_ID")\n',
        'return fmt.Errorf("DINGTALK_APP_KEY is required: %w", err)\n',
        'return errors.New("DINGTALK_APP_KEY")\n',
        'log.Printf("read %s", "DINGTALK_APP_KEY")\n',
        'log.Fatal("DINGTALK_APP_SECRET")\n',
        'fmt.Println("set $DINGTALK_APP_KEY and ${DINGTALK_APP_SECRET}")\n',
        'u := os.ExpandEnv("$DINGTALK_APP_KEY_2")\n',
        'type C struct { K string `envDefault:"DINGTALK_APP_KEY" json:"DINGTALK_APP_KEY"` }\n',
        "s := `set DINGTALK_APP_KEY first`\n",
        'type C struct { K string `json:"DINGTALK_APP_KEY"` }\n',
        'x := os.Getenv("DINGTALK_" + suffix)\n',  # DINGTALK_ is also the new names' prefix
        "var DINGTALK_APP_KEY = 1\n",  # an identifier, not the environment
    ],
    "java": [
        '// System.getenv("DINGTALK_APP_KEY")\n',
        '/** {@code System.getenv("DINGTALK_APP_KEY")} */\n',
        'throw new IllegalStateException("DINGTALK_APP_KEY");\n',
        'log.warn("DINGTALK_APP_KEY");\n',
        'String s = """\n  DINGTALK_APP_KEY is old\n  """;\n',
        '@Value("${MY_DINGTALK_APP_KEY}") String k;\n',
        '@Value("${dingtalk.app-key}") String k;\n',
        'char c = \'"\'; // "DINGTALK_APP_KEY"\n',
        'assertThat(out).contains("DINGTALK_APP_KEY");\n',
    ],
    "kotlin": [
        'val k = System.getenv("DINGTALK_APP_KEY_OLD")\n',
        '/* a /* nested */ System.getenv("DINGTALK_APP_KEY") */\n',
        'error("DINGTALK_APP_KEY")\n',
        'val m = "missing $DINGTALK_APP_KEY"\n',
    ],
    "csharp": [
        '// Environment.GetEnvironmentVariable("DINGTALK_APP_KEY")\n',
        "#region DINGTALK_APP_KEY\n",
        'Console.WriteLine("DINGTALK_APP_KEY");\n',
        'var p = @"C:\\DINGTALK_APP_KEY\\";\n',
        'throw new ArgumentException("DINGTALK_APP_KEY");\n',
        '_logger.LogWarning("DINGTALK_APP_KEY");\n',
    ],
    "rust": [
        '// env::var("DINGTALK_APP_KEY")\n',
        '/* /* nested */ env::var("DINGTALK_APP_KEY") */\n',
        'let k = env::var("K").expect("DINGTALK_APP_KEY");\n',
        'println!("{}", "DINGTALK_APP_KEY");\n',
        'panic!("DINGTALK_APP_KEY");\n',
        "fn f<'a>(x: &'a str) -> &'a str { x } // \"DINGTALK_APP_KEY\"\n",
        'let r = r#"set "DINGTALK_APP_KEY" first"#;\n',
    ],
    "php": [
        "<?php // env('DINGTALK_APP_KEY')\n",
        "<?php # env('DINGTALK_APP_KEY')\n",
        "<?php /* env('DINGTALK_APP_KEY') */\n",
        "<p>env('DINGTALK_APP_KEY')</p>\n",  # inline HTML, not PHP
        "<?php echo 'DINGTALK_APP_KEY';\n",
        "<?php throw new RuntimeException('DINGTALK_APP_KEY');\n",
        "<?php $t = <<<EOT\nDINGTALK_APP_KEY is required\nEOT;\n",
        "<?php env('MY_DINGTALK_APP_KEY');\n",
        "<?php Log::warning('DINGTALK_APP_KEY');\n",
        "<?php $p = '%env(MY_DINGTALK_APP_KEY)%';\n",
        "<?php $p = '$_ENV[DINGTALK_APP_KEY]';\n",  # single quotes: text, not a read
        "<?php $p = <<<'EOT'\n$_ENV[DINGTALK_APP_KEY]\nEOT;\n",  # a nowdoc
    ],
    "ruby": [
        "# ENV['DINGTALK_APP_KEY']\n",
        "=begin\nENV['DINGTALK_APP_KEY']\n=end\n",
        'raise "DINGTALK_APP_KEY"\n',
        "puts 'DINGTALK_APP_KEY'\n",
        "x = ENV['MY_DINGTALK_APP_KEY']\n",
        "h = <<~EOS\n  ENV['DINGTALK_APP_KEY'] is read\nEOS\n",
        "puts <<EOS\nENV['DINGTALK_APP_KEY'] is read, isn't it\nEOS\n",
        "x = a <<b\n# ENV['DINGTALK_APP_KEY']\n",
        "Rails.logger.warn('DINGTALK_APP_KEY')\n",
        'expect(out).to include("DINGTALK_APP_KEY")\n',
    ],
    "elixir": [
        '# System.get_env("DINGTALK_APP_KEY")\n',
        '@moduledoc """\nSystem.get_env("DINGTALK_APP_KEY") is read\n"""\n',
        'raise "DINGTALK_APP_KEY"\n',
        'Logger.warning("DINGTALK_APP_KEY")\n',
        'x = System.get_env("MY_DINGTALK_APP_KEY")\n',
        'c = ?"\n# "DINGTALK_APP_KEY"\n',
        'IO.puts("DINGTALK_APP_KEY")\n',
    ],
}

FIXES: dict[str, list[tuple[str, str]]] = {
    "go": [
        ('k := os.Getenv("DINGTALK_APP_KEY")\n', 'k := os.Getenv("DINGTALK_CLIENT_ID")\n'),
        (
            'v, ok := os.LookupEnv("DINGTALK_APP_SECRET")\n',
            'v, ok := os.LookupEnv("DINGTALK_CLIENT_SECRET")\n',
        ),
        (
            'viper.BindEnv("dingtalk.app_key", "DINGTALK_APP_KEY")\n',
            'viper.BindEnv("dingtalk.app_key", "DINGTALK_CLIENT_ID")\n',
        ),
        ('viper.GetString("DINGTALK_APP_KEY")\n', 'viper.GetString("DINGTALK_CLIENT_ID")\n'),
        (  # bound explicitly: the binding is renamed, the key is not reported
            'viper.AutomaticEnv()\nviper.BindEnv("dingtalk.app_key", "DINGTALK_APP_KEY")\n',
            'viper.AutomaticEnv()\nviper.BindEnv("dingtalk.app_key", "DINGTALK_CLIENT_ID")\n',
        ),
        (
            'viper.BindEnv("dingtalk.app_key", "DINGTALK_APP_KEY")\nviper.AutomaticEnv()\n'
            'k := viper.GetString("dingtalk.app_key")\n',
            'viper.BindEnv("dingtalk.app_key", "DINGTALK_CLIENT_ID")\nviper.AutomaticEnv()\n'
            'k := viper.GetString("dingtalk.app_key")\n',
        ),
        (
            'type C struct {\n\tK string `env:"DINGTALK_APP_KEY,required" json:"k"`\n}\n',
            'type C struct {\n\tK string `env:"DINGTALK_CLIENT_ID,required" json:"k"`\n}\n',
        ),
        (
            'type C struct { S string `envconfig:"DINGTALK_APP_SECRET" default:"x"` }\n',
            'type C struct { S string `envconfig:"DINGTALK_CLIENT_SECRET" default:"x"` }\n',
        ),
        ('const keyEnv = "DINGTALK_APP_KEY"\n', 'const keyEnv = "DINGTALK_CLIENT_ID"\n'),
        (
            'type C struct { K string `env:"OTHER,DINGTALK_APP_KEY" help:"DINGTALK_APP_KEY"` }\n',
            'type C struct { K string `env:"OTHER,DINGTALK_CLIENT_ID" help:"DINGTALK_APP_KEY"` }\n',
        ),
        (
            'u := os.ExpandEnv("https://x/?k=$DINGTALK_APP_KEY&s=${DINGTALK_APP_SECRET}")\n',
            'u := os.ExpandEnv("https://x/?k=$DINGTALK_CLIENT_ID&s=${DINGTALK_CLIENT_SECRET}")\n',
        ),
        (
            'k := os.Getenv("DINGTALK_APP_KEY") // was "DINGTALK_APP_KEY"\r\n',
            'k := os.Getenv("DINGTALK_CLIENT_ID") // was "DINGTALK_APP_KEY"\r\n',
        ),
    ],
    "java": [
        (
            'String k = System.getenv("DINGTALK_APP_KEY");\n',
            'String k = System.getenv("DINGTALK_CLIENT_ID");\n',
        ),
        ('@Value("${DINGTALK_APP_KEY}")\n', '@Value("${DINGTALK_CLIENT_ID}")\n'),
        (
            "@Value(\"#{systemEnvironment['DINGTALK_APP_KEY']}\")\n",
            "@Value(\"#{systemEnvironment['DINGTALK_CLIENT_ID']}\")\n",
        ),
        (
            '@Value("${DINGTALK_APP_SECRET:changeme}")\n',
            '@Value("${DINGTALK_CLIENT_SECRET:changeme}")\n',
        ),
        (
            'env.put("DINGTALK_APP_KEY", System.getenv("DINGTALK_APP_KEY"));\n',
            'env.put("DINGTALK_CLIENT_ID", System.getenv("DINGTALK_CLIENT_ID"));\n',
        ),
    ],
    "kotlin": [
        (
            'val k = System.getenv("DINGTALK_APP_KEY") ?: error("DINGTALK_APP_KEY is missing")\n',
            'val k = System.getenv("DINGTALK_CLIENT_ID") ?: error("DINGTALK_APP_KEY is missing")\n',
        ),
        ('@Value("\\${DINGTALK_APP_SECRET}")\n', '@Value("\\${DINGTALK_CLIENT_SECRET}")\n'),
        (
            'val t = "key=${System.getenv("DINGTALK_APP_KEY")}"\n',
            'val t = "key=${System.getenv("DINGTALK_CLIENT_ID")}"\n',
        ),
    ],
    "csharp": [
        (
            'var k = Environment.GetEnvironmentVariable("DINGTALK_APP_KEY");\n',
            'var k = Environment.GetEnvironmentVariable("DINGTALK_CLIENT_ID");\n',
        ),
        (
            'var s = configuration["DINGTALK_APP_SECRET"];\n',
            'var s = configuration["DINGTALK_CLIENT_SECRET"];\n',
        ),
        (
            'var i = $"{Environment.GetEnvironmentVariable("DINGTALK_APP_KEY")} {{x}}";\n',
            'var i = $"{Environment.GetEnvironmentVariable("DINGTALK_CLIENT_ID")} {{x}}";\n',
        ),
    ],
    "rust": [
        (
            'let k = std::env::var("DINGTALK_APP_KEY").expect("DINGTALK_APP_KEY must be set");\n',
            'let k = std::env::var("DINGTALK_CLIENT_ID").expect("DINGTALK_APP_KEY must be set");\n',
        ),
        ('let s = env!("DINGTALK_APP_SECRET");\n', 'let s = env!("DINGTALK_CLIENT_SECRET");\n'),
        ('option_env!("DINGTALK_APP_KEY")\n', 'option_env!("DINGTALK_CLIENT_ID")\n'),
        ('dotenvy::var("DINGTALK_APP_KEY")?\n', 'dotenvy::var("DINGTALK_CLIENT_ID")?\n'),
    ],
    "php": [
        (
            "<?php return ['key' => env('DINGTALK_APP_KEY', '')];\n",
            "<?php return ['key' => env('DINGTALK_CLIENT_ID', '')];\n",
        ),
        ("<?php getenv('DINGTALK_APP_SECRET');\n", "<?php getenv('DINGTALK_CLIENT_SECRET');\n"),
        (
            "<?php $c->setParameter('k', '%env(resolve:DINGTALK_APP_KEY)%');\n",
            "<?php $c->setParameter('k', '%env(resolve:DINGTALK_CLIENT_ID)%');\n",
        ),
        (
            '<?php $u = "https://x/?k=$_ENV[DINGTALK_APP_KEY]";\n',
            '<?php $u = "https://x/?k=$_ENV[DINGTALK_CLIENT_ID]";\n',
        ),
        (
            "<?php $u = <<<EOT\n$_SERVER[DINGTALK_APP_SECRET]\nEOT;\n",
            "<?php $u = <<<EOT\n$_SERVER[DINGTALK_CLIENT_SECRET]\nEOT;\n",
        ),
        (
            "<?php $_ENV['DINGTALK_APP_KEY'] ?? $_SERVER[\"DINGTALK_APP_KEY\"];\n",
            "<?php $_ENV['DINGTALK_CLIENT_ID'] ?? $_SERVER[\"DINGTALK_CLIENT_ID\"];\n",
        ),
        (
            "<?php $s = \"{$_ENV['DINGTALK_APP_SECRET']}\";\n",
            "<?php $s = \"{$_ENV['DINGTALK_CLIENT_SECRET']}\";\n",
        ),
        (
            "<p>don't</p><?= env('DINGTALK_APP_KEY') ?><p>it's</p>\n",
            "<p>don't</p><?= env('DINGTALK_CLIENT_ID') ?><p>it's</p>\n",
        ),
    ],
    "ruby": [
        ("k = ENV['DINGTALK_APP_KEY']\n", "k = ENV['DINGTALK_CLIENT_ID']\n"),
        (
            's = ENV.fetch("DINGTALK_APP_SECRET") { raise "DINGTALK_APP_SECRET missing" }\n',
            's = ENV.fetch("DINGTALK_CLIENT_SECRET") { raise "DINGTALK_APP_SECRET missing" }\n',
        ),
        (
            'raise KeyError, "DINGTALK_APP_KEY" unless ENV.key?("DINGTALK_APP_KEY")\n',
            'raise KeyError, "DINGTALK_APP_KEY" unless ENV.key?("DINGTALK_CLIENT_ID")\n',
        ),
        (
            'abort unless ENV.fetch "DINGTALK_APP_KEY"\n',
            'abort unless ENV.fetch "DINGTALK_CLIENT_ID"\n',
        ),
        (
            'puts "missing" if ENV["DINGTALK_APP_KEY"].nil?\n',
            'puts "missing" if ENV["DINGTALK_CLIENT_ID"].nil?\n',
        ),
        (
            "h = <<~EOS\n  x\nEOS\nk = ENV['DINGTALK_APP_KEY']\n",
            "h = <<~EOS\n  x\nEOS\nk = ENV['DINGTALK_CLIENT_ID']\n",
        ),
    ],
    "elixir": [
        (
            'config :bot, key: System.get_env("DINGTALK_APP_KEY")\n',
            'config :bot, key: System.get_env("DINGTALK_CLIENT_ID")\n',
        ),
        (
            'System.fetch_env!("DINGTALK_APP_SECRET")\n',
            'System.fetch_env!("DINGTALK_CLIENT_SECRET")\n',
        ),
        (
            'x = "#{System.get_env("DINGTALK_APP_KEY")}"\n',
            'x = "#{System.get_env("DINGTALK_CLIENT_ID")}"\n',
        ),
    ],
}

#: Reads that cannot be renamed safely: reported, the text stays.
REPORTED: dict[str, list[tuple[str, list[str]]]] = {
    "go": [
        ('os.Getenv("DINGTALK_" + "APP_KEY")\n', ["EM109"]),
        ('os.Getenv(fmt.Sprintf("%s_APP_SECRET", p))\n', ["EM109"]),
        ('os.Getenv("DINGTALK_AGENT_ID")\n', ["EM103"]),
        (
            'viper.AutomaticEnv()\nviper.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))\n'
            'k := viper.GetString("dingtalk.app_key")\n',
            ["EM109"],
        ),
    ],
    "java": [
        ('System.getenv(prefix + "_APP_KEY")\n', ["EM109"]),
        ('@Value("${DINGTALK_AGENT_ID:0}")\n', ["EM103"]),
    ],
    "kotlin": [('System.getenv("${p}_APP_KEY")\n', ["EM109"])],
    "csharp": [('Environment.GetEnvironmentVariable($"{p}_APP_SECRET")\n', ["EM109"])],
    "rust": [('env::var(format!("{}_APP_KEY", p))\n', ["EM109"])],
    "php": [
        ("<?php getenv('DINGTALK_' . 'APP_KEY');\n", ["EM109"]),
        ("<?php return ['agent_id' => env('DINGTALK_AGENT_ID')];\n", ["EM103"]),
    ],
    "ruby": [
        ('ENV["#{prefix}_APP_KEY"]\n', ["EM109"]),
        ("ENV.fetch('DINGTALK_AGENT_ID', nil)\n", ["EM103"]),
        ("{ DINGTALK_AGENT_ID: 1 }\n", ["EM103"]),
    ],
    "elixir": [
        ('System.get_env("DINGTALK_" <> "APP_SECRET")\n', ["EM109"]),
        ('System.get_env("DINGTALK_AGENT_ID")\n', ["EM103"]),
    ],
}

PROPERTIES_NOOP = [
    "# ${DINGTALK_APP_KEY}\n",
    "! ${DINGTALK_APP_KEY}\n",
    "k=${MY_DINGTALK_APP_KEY}\n",
    "DINGTALK_APP_KEY=literal\n",
    "// appKey = ${?DINGTALK_APP_KEY}\n",
]
PROPERTIES_FIXES = [
    ("k=${DINGTALK_APP_KEY}\n", "k=${DINGTALK_CLIENT_ID}\n"),
    ("s = ${DINGTALK_APP_SECRET:dev}\r\n", "s = ${DINGTALK_CLIENT_SECRET:dev}\r\n"),
    ("appKey = ${?DINGTALK_APP_KEY}\n", "appKey = ${?DINGTALK_CLIENT_ID}\n"),
]


ERB_NOOP = [
    "<p>ENV['DINGTALK_APP_KEY'] is shown</p>\n",
    "<%# ENV['DINGTALK_APP_KEY'] %>\n",
    "<%= t('DINGTALK_APP_KEY is set') %>\n",
    "key: <%%= ENV['DINGTALK_APP_KEY'] %>\n",  # <%% is a literal <%
]
ERB_FIXES = [
    (
        "production:\n  key: <%= ENV['DINGTALK_APP_KEY'] %>\n  s: <%= ENV.fetch(\"DINGTALK_APP_SECRET\") %>\n",
        "production:\n  key: <%= ENV['DINGTALK_CLIENT_ID'] %>\n  s: <%= ENV.fetch(\"DINGTALK_CLIENT_SECRET\") %>\n",
    ),
    (
        "<% if ENV['DINGTALK_APP_KEY'] -%>\n<p>it's set: DINGTALK_APP_KEY</p>\n<% end -%>\n",
        "<% if ENV['DINGTALK_CLIENT_ID'] -%>\n<p>it's set: DINGTALK_APP_KEY</p>\n<% end -%>\n",
    ),
]


@pytest.mark.parametrize("src", ERB_NOOP)
def test_erb_noop(src: str) -> None:
    assert erb.scan(src, DEFAULT_RULES) == []


@pytest.mark.parametrize(("src", "expected"), ERB_FIXES)
def test_erb_fix(src: str, expected: str) -> None:
    assert len(erb.ruby_only(src)) == len(src)
    assert fix(erb.scan, src) == expected
    assert fix(erb.scan, expected) == expected
    assert fix(scanner("yaml"), src) == expected


def _flat(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(lang, src) for lang, items in table.items() for src in items]


@pytest.mark.parametrize(("lang", "src"), _flat(NOOP))
def test_noop(lang: str, src: str) -> None:
    scan, dialect = LANGS[lang]
    lex(src, dialect)  # the case lexes: a no-op is not a lexer failure in disguise
    assert scan(src, DEFAULT_RULES) == []


@pytest.mark.parametrize(
    ("lang", "src", "expected"),
    [(lang, *case) for lang, items in FIXES.items() for case in items],
)
def test_fix(lang: str, src: str, expected: str) -> None:
    scan, dialect = LANGS[lang]
    got = fix(scan, src)
    assert got == expected
    assert fix(scan, got) == got
    assert_same_tokens(src, got, dialect)


@pytest.mark.parametrize(
    ("lang", "src", "want"),
    [(lang, *case) for lang, items in REPORTED.items() for case in items],
)
def test_reported_not_rewritten(lang: str, src: str, want: list[str]) -> None:
    scan = LANGS[lang][0]
    assert codes(scan, src) == want
    assert fix(scan, src) == src


@pytest.mark.parametrize("src", PROPERTIES_NOOP)
def test_properties_noop(src: str) -> None:
    assert properties.scan(src, DEFAULT_RULES) == []


@pytest.mark.parametrize(("src", "expected"), PROPERTIES_FIXES)
def test_properties_fix(src: str, expected: str) -> None:
    assert fix(properties.scan, src) == expected
    assert fix(properties.scan, expected) == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("main.go", "go"),
        ("App.java", "java"),
        ("App.kt", "kotlin"),
        ("build.gradle.kts", "kotlin"),
        ("Program.cs", "csharp"),
        ("main.rs", "rust"),
        ("services.php", "php"),
        ("config.rb", "ruby"),
        ("Rakefile", "ruby"),
        ("runtime.exs", "elixir"),
        ("application.properties", "properties"),
        ("application-prod.properties", "properties"),
        ("messages.properties", None),
        ("application.conf", "properties"),
        ("nginx.conf", None),
        ("show.html.erb", "erb"),
        ("database.yml", "yaml"),
    ],
)
def test_kind_of(name: str, kind: str | None) -> None:
    assert kind_of(name) == kind
    if kind is not None:
        assert callable(scanner(kind))


def test_fragments_are_pieces_only_old_names_have() -> None:
    pieces = fragments(DEFAULT_RULES)
    assert pieces["APP_KEY"] == pieces["_APP_KEY"] == "DINGTALK_APP_KEY"
    assert pieces["APP_SECRET"] == "DINGTALK_APP_SECRET"
    assert pieces["DINGTALK_APP_"] == "DINGTALK_APP_KEY"
    assert pieces["AGENT_ID"] == "DINGTALK_AGENT_ID"
    assert not set(pieces) & {"DINGTALK_", "DINGTALK", "KEY", "_SECRET", "SECRET", "ID", "_ID"}


@pytest.mark.parametrize(
    ("dialect", "src"),
    [
        (GO, 'x := "unterminated\n'),
        (JAVA, "/* never closed"),
        (RUST, "/* /* */"),
        (RUBY, "h = <<~EOS\n  no end\n"),
        (PHP, "<?php $x = 'open;"),
        (ELIXIR, '"""\nopen'),
    ],
)
def test_unlexable_files_are_reported_never_rewritten(dialect: Dialect, src: str) -> None:
    with pytest.raises(LexError):
        lex(src, dialect)
    scan = next(s for s, d in LANGS.values() if d is dialect)
    assert scan(src, DEFAULT_RULES) == []
    text = src + '\nx("DINGTALK_APP_KEY") // MY_DINGTALK_APP_KEY DINGTALK_AGENT_ID\n'
    hits = scan(text, DEFAULT_RULES)  # reported, never rewritten
    assert [(h.code, h.key, h.replacement) for h in hits] == [
        ("EM101", "DINGTALK_APP_KEY", None),
        ("EM103", "DINGTALK_AGENT_ID", None),
    ]
    assert "check it by hand" in hits[0].message


# -- the token-level check: a rewrite changes names inside strings, nothing else ---------


def assert_same_tokens(before: str, after: str, dialect: Dialect) -> None:
    """Same tokens, same kinds, same comments; strings differ only by whole renamed names."""
    old = lex(before, dialect)
    new = lex(after, dialect)
    assert [t.kind for t in old] == [t.kind for t in new]
    for k, a in enumerate(old):
        x, y = _own_text(before, old, k), _own_text(after, new, k)
        if x != y and a.kind == "name":  # Groovy: ``env.X``, ``environment { X = … }``
            assert RENAMES.get(x) == y, (x, y)
        elif x != y:
            assert a.kind == "str", (x, y)
            assert renamed_pattern(x).fullmatch(y), (x, y)


def _own_text(text: str, toks: list[Tok], k: int) -> str:
    """A token's text without the tokens nested in it (the code of an interpolation)."""
    tok, parts, at = toks[k], [], toks[k].start
    for inner in toks[k + 1 :]:
        if inner.start >= tok.end:
            break
        if inner.start >= at:
            parts.append(text[at : inner.start] + "\x00")
            at = inner.end
    return "".join(parts) + text[at : tok.end]


def renamed_pattern(text: str) -> re.Pattern[str]:
    """What a string may become: any of its whole old names renamed, nothing else."""
    names = "|".join(RENAMES)
    out, at = [], 0
    for match in re.finditer(rf"(?<!\w)(?:{names})(?!\w)", text):
        out.append(re.escape(text[at : match.start()]))
        out.append(f"(?:{match.group()}|{RENAMES[match.group()]})")
        at = match.end()
    out.append(re.escape(text[at:]))
    return re.compile("".join(out), re.DOTALL)


# -- Hypothesis: comments and messages never change --------------------------------------

_NAMES = st.sampled_from(["DINGTALK_APP_KEY", "DINGTALK_APP_SECRET", "DINGTALK_AGENT_ID"])
_FILLER = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\"'`\\*/#{}$<>?%="
    ),
    max_size=12,
)


@st.composite
def _mentions(draw: st.DrawFn) -> str:
    """Text that mentions a name among other words (never the name alone)."""
    name = draw(_NAMES)
    head, tail = draw(_FILLER), draw(_FILLER)
    if not head.strip() and not tail.strip():
        tail = " is required"
    return f"{head}{name}{tail}"


_COMMENT = {
    "go": "// {m}\n/* {m} */\n",
    "java": "// {m}\n/** {m} */\n",
    "kotlin": "// {m}\n/* /* {m} */ {m} */\n",
    "csharp": "// {m}\n/* {m} */\n",
    "rust": "// {m}\n/* /* {m} */ */\n",
    "php": "<?php // {m}\n# {m}\n/* {m} */\n",
    "ruby": "# {m}\n=begin\n{m}\n=end\n",
    "elixir": "# {m}\n",
    "groovy": "#!/usr/bin/env groovy {m}\n// {m}\n/* {m} */\n",
}
_MESSAGE = {
    "go": 'x := os.Getenv("DINGTALK_APP_KEY")\nlog.Printf("{m}")\nerr = fmt.Errorf("{m}")\n',
    "java": 'String k = System.getenv("DINGTALK_APP_KEY"); log.warn("{m}");\n',
    "kotlin": 'val k = System.getenv("DINGTALK_APP_KEY") ?: error("{m}")\n',
    "csharp": 'var k = Environment.GetEnvironmentVariable("DINGTALK_APP_KEY"); Console.WriteLine("{m}");\n',
    "rust": 'let k = env::var("DINGTALK_APP_KEY").expect("{m}");\n',
    "php": "<?php $k = env('DINGTALK_APP_KEY'); echo \"{m}\"; throw new Exception('{m}');\n",
    "ruby": "k = ENV.fetch('DINGTALK_APP_KEY') {{ raise \"{m}\" }}\nputs '{m}'\n",
    "elixir": 'k = System.get_env("DINGTALK_APP_KEY") || raise "{m}"\n',
    "groovy": 'def k = System.getenv("DINGTALK_APP_KEY") ?: error("{m}")\necho "{m}"\n',
}


@settings(max_examples=60, deadline=None)
@given(lang=st.sampled_from(sorted(LANGS)), mention=_mentions())
def test_comments_and_messages_never_change(lang: str, mention: str) -> None:
    scan, dialect = LANGS[lang]
    src = _COMMENT[lang].format(m=mention)
    assert fix(scan, src) == src
    assert scan(src, DEFAULT_RULES) == []
    messages = _MESSAGE[lang].format(m=mention)
    got = fix(scan, messages)
    assert got == messages.replace("DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID", 1), (
        "only the read changes"
    )
    assert_same_tokens(messages, got, dialect)


@settings(max_examples=60, deadline=None)
@given(lang=st.sampled_from(sorted(LANGS)), text=st.text(max_size=80))
def test_any_text_lexes_or_is_refused(lang: str, text: str) -> None:
    """Arbitrary input never crashes a scanner; what it renames keeps the token stream."""
    scan, dialect = LANGS[lang]
    got = fix(scan, text)
    if got != text:
        assert_same_tokens(text, got, dialect)


# -- Hypothesis: whole files made of reads, comments, messages and look-alikes -----------

#: Per language: (template, is a read). ``{n}`` is an old name, ``{m}`` free text.
_SEGMENTS: dict[str, list[tuple[str, bool]]] = {
    "go": [
        ('v := os.Getenv("{n}")', True),
        ('_, ok := os.LookupEnv("{n}")', True),
        ('// os.Getenv("{n}") {m}', False),
        ('/* {m} "{n}" */', False),
        ('log.Printf("{n}")', False),
        ('err = fmt.Errorf("{m} {n}: %w", err)', False),
        ('v := os.Getenv("MY_{n}")', False),
        ("s := `{m} {n}`", False),
    ],
    "java": [
        ('String v = System.getenv("{n}");', True),
        ('@Value("${{{n}:x}}") String v;', True),
        ('// System.getenv("{n}") {m}', False),
        ('throw new IllegalStateException("{n}");', False),
        ('String t = """\n{m} {n}\n""";', False),
        ('String v = System.getenv("{n}_OLD");', False),
    ],
    "kotlin": [
        ('val v = System.getenv("{n}")', True),
        ('val t = "${{System.getenv("{n}")}} {m}"', True),
        ('/* /* {m} */ "{n}" */', False),
        ('error("{n}")', False),
    ],
    "csharp": [
        ('var v = Environment.GetEnvironmentVariable("{n}");', True),
        ('var v = configuration["{n}"];', True),
        ('// "{n}" {m}', False),
        ('Console.WriteLine("{n}");', False),
        ('var p = @"{m} ""{n}""";', False),
    ],
    "rust": [
        ('let v = std::env::var("{n}");', True),
        ('let v = env!("{n}");', True),
        ('// env::var("{n}") {m}', False),
        ('let r = r#"{m} "{n}""#;', False),
        ('panic!("{n}");', False),
    ],
    "php": [
        ("$v = env('{n}');", True),
        ('$v = $_SERVER["{n}"];', True),
        ("# env('{n}') {m}", False),
        ("echo '{n}';", False),
        ("$t = <<<EOT\n{m} {n}\nEOT;", False),
    ],
    "ruby": [
        ("v = ENV['{n}']", True),
        ('v = ENV.fetch("{n}", nil)', True),
        ("# ENV['{n}'] {m}", False),
        ("raise '{n}'", False),
        ("t = <<~EOS\n  {m} {n}\nEOS", False),
    ],
    "elixir": [
        ('v = System.get_env("{n}")', True),
        ('v = System.fetch_env!("{n}")', True),
        ('# System.get_env("{n}") {m}', False),
        ('@doc """\n{m} {n}\n"""', False),
        ('raise "{n}"', False),
    ],
    "groovy": [
        ('def v = System.getenv("{n}")', True),
        ("def v = System.env.{n}", True),
        ("sh 'echo ${n} | ./run'", True),
        ('sh """\n  {m}\n  run ${{{n}}}\n"""', True),
        ("sh 'echo \\\\${n}'", False),
        ("// env.{n} {m}", False),
        ("echo '{n}'", False),
        ('def t = """\n{m} {n}\n"""', False),
        ('def v = System.getenv("{n}_OLD")', False),
        ("withCredentials([string(credentialsId: '{n}', variable: 'K')]) {{ }}", False),
    ],
}
_TEXT = st.text(alphabet=st.sampled_from("abc XYZ_.,:;()-=!"), max_size=10)


@st.composite
def _program(draw: st.DrawFn, lang: str) -> tuple[str, str, int]:
    """(source, expected after the fix, number of reads)."""
    segments = draw(st.lists(st.sampled_from(_SEGMENTS[lang]), min_size=1, max_size=8))
    prefix = "<?php\n" if lang == "php" else ""
    src, want, reads = [prefix], [prefix], 0
    for template, is_read in segments:
        name = draw(st.sampled_from(sorted(RENAMES)))
        text = template.format(n=name, m=draw(_TEXT))
        src.append(text)
        want.append(text.replace(name, RENAMES[name]) if is_read else text)
        reads += is_read
    end = draw(st.sampled_from(["\n", "\r\n"]))
    return end.join(src) + end, end.join(want) + end, reads


@settings(max_examples=150, deadline=None)
@given(data=st.data(), lang=st.sampled_from(sorted(_SEGMENTS)))
def test_generated_files_rename_exactly_the_reads(data: st.DataObject, lang: str) -> None:
    src, want, reads = data.draw(_program(lang))
    scan, dialect = LANGS[lang]
    assert fix(scan, src) == want
    assert codes(scan, src).count("EM101") == reads
    assert fix(scan, want) == want
    assert_same_tokens(src, want, dialect)


# -- masked diffs: multi-line strings hide their text too ---------------------------------

SENTINEL = "Zq9sentinelSECRETvalue"
_MULTILINE: dict[str, str] = {
    "go": 'var t = `\n{s}\n`\nvar k = os.Getenv("DINGTALK_APP_KEY")\n',
    "java": 'String t = """\n  {s}\n  """;\nString k = System.getenv("DINGTALK_APP_KEY");\n',
    "kotlin": 'val t = """\n{s} ${{x}}\n"""\nval k = System.getenv("DINGTALK_APP_KEY")\n',
    "csharp": 'var t = @"\n{s}";\nvar k = Environment.GetEnvironmentVariable("DINGTALK_APP_KEY");\n',
    "rust": 'let t = r#"\n{s}\n"#;\nlet k = env::var("DINGTALK_APP_KEY");\n',
    "php": "<?php\n$t = <<<EOT\n{s}\nEOT;\n$k = env('DINGTALK_APP_KEY');\n",
    "ruby": "t = <<~EOS\n  {s}\nEOS\nk = ENV['DINGTALK_APP_KEY']\n",
    "elixir": '@t """\n{s}\n"""\nk = System.get_env("DINGTALK_APP_KEY")\n',
    "groovy": "def t = '''\n{s}\n'''\nsh \"curl -d {s} ${{env.DINGTALK_APP_KEY}}\"\n",
}


@pytest.mark.parametrize("lang", sorted(_MULTILINE))
def test_multiline_strings_are_masked_in_diffs(lang: str) -> None:
    from envmigrate.diff import Edit, RawView, from_edits
    from envmigrate.scanners.mask import masked_diff

    src = _MULTILINE[lang].format(s=SENTINEL)
    assert fix(LANGS[lang][0], src) != src
    hits = LANGS[lang][0](src, DEFAULT_RULES)
    edits = sorted(Edit(h.start, h.end, h.replacement) for h in hits if h.replacement)
    diff = masked_diff(src, edits, "f", lang)
    assert SENTINEL not in diff
    assert "DINGTALK_CLIENT_ID" in diff
    assert SENTINEL in from_edits(src, edits, "f", RawView(src, edits))


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_configured_renames_and_obsolete_names(lang: str) -> None:
    """The scanners follow the rules in force, not only the DingTalk names."""
    rules = DEFAULT_RULES.with_extra(renames={"OLD_TOKEN": "NEW_TOKEN"}, obsolete=("GONE_ID",))
    call = _SEGMENTS[lang][0][0]
    prefix = "<?php\n" if lang == "php" else ""
    src = prefix + call.format(n="OLD_TOKEN") + "\n" + call.format(n="GONE_ID") + "\n"
    scan = LANGS[lang][0]
    assert fix(scan, src, rules) == src.replace("OLD_TOKEN", "NEW_TOKEN")
    assert codes(scan, src, rules) == ["EM101", "EM103"]
    assert fix(scan, src) == src  # not watched under the default rules


@settings(max_examples=100, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(
            ["<%", "<%=", "<%#", "-%>", "%>", "ENV['DINGTALK_APP_KEY']", "'", "\n", "x"]
        ),
        max_size=12,
    ).map("".join)
)
def test_erb_keeps_offsets_and_never_crashes(text: str) -> None:
    assert len(erb.ruby_only(text)) == len(text)
    got = fix(erb.scan, text)
    assert got.replace("DINGTALK_CLIENT_ID", "DINGTALK_APP_KEY") == text
