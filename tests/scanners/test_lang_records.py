"""Go, Java, Kotlin, C#, Rust, PHP, Ruby and Elixir: every hit in full, odd layouts included.

Each row is one hit: ``CODE line:col span``, then ``>replacement`` when ``migrate --code``
renames it and ``=key`` when the key is not the span (a name built at run time). The
message of every hit is checked word for word, the store is always empty (code never names
a secret store), and the fix keeps every other token and is idempotent.
"""

from __future__ import annotations

import pytest

from envmigrate.rules import DEFAULT_RULES, RENAMES
from envmigrate.scanners import erb
from envmigrate.scanners.hits import Hit, Lines
from envmigrate.scanners.lexer import lex
from envmigrate.scanners.registry import scanner
from tests.scanners.helpers import fix
from tests.scanners.test_langs import LANGS, assert_same_tokens

OBSOLETE_MESSAGE = "{key} is not needed in Stream mode: remove it when nothing uses it"
VIPER_MESSAGE = (
    'viper\'s AutomaticEnv reads {key} for the key "{span}": bind the new name with '
    'viper.BindEnv("{span}", "{new}") (by hand)'
)


def render(src: str, hits: list[Hit]) -> list[str]:
    """The rows of ``hits``, each message checked against its code's wording."""
    lines, out = Lines(src), []
    for hit in sorted(hits):
        line, col = lines.position(hit.start)
        span = src[hit.start : hit.end]
        row = f"{hit.code} {line}:{col} {span}"
        if hit.replacement is not None:
            row += f">{hit.replacement}"
        if hit.key != span:
            row += f"={hit.key}"
        out.append(row)
        assert hit.store == ""
        new = RENAMES.get(hit.key, "")
        if hit.code in ("EM101", "EM102"):
            verb = "reads" if hit.code == "EM101" else "sets"
            assert hit.message == f"{verb} deprecated {hit.key}: rename it to {new}"
            assert hit.replacement == new
        elif hit.code == "EM103":
            assert hit.message == OBSOLETE_MESSAGE.format(key=hit.key)
            assert hit.replacement is None
        elif span.upper().replace(".", "_").replace("-", "_") == hit.key:
            assert hit.code == "EM109"
            assert hit.message == VIPER_MESSAGE.format(key=hit.key, span=span, new=new)
        else:
            assert hit.code == "EM109"
            assert hit.message == (
                f"builds the name {hit.key} at run time from a piece of it ({span}): "
                "rename it by hand"
            )
    return out


RECORDS: list[tuple[str, str, list[str]]] = [
    ("ruby", 'k = ENV[prefix + "_APP_KEY"]\n', ["EM109 1:19 _APP_KEY=DINGTALK_APP_KEY"]),
    (
        "kotlin",
        '@Value("\\${DINGTALK_APP_SECRET:x}") lateinit var s: String\n',
        ["EM101 1:12 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET"],
    ),
    ("php", '<?php $k = $p + "_APP_KEY";\n', []),  # + adds numbers in PHP
    ("elixir", 'k = p + "_APP_KEY"\n', []),  # and in Elixir
    (
        "go",
        "k := os.Getenv(`DINGTALK_APP_KEY`)\n",
        ["EM101 1:17 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "go",
        's := `a\nDINGTALK_APP_KEY\n`\nk := os.Getenv("DINGTALK_APP_SECRET")\n',
        ["EM101 4:17 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET"],
    ),
    (
        "go",
        's := "a\\"DINGTALK_APP_KEY\\""; k := os.Getenv("DINGTALK_APP_KEY")\n',
        ["EM101 1:47 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "go",
        'c := \'"\'; k := os.Getenv("DINGTALK_APP_KEY") // "DINGTALK_APP_SECRET"\n',
        ["EM101 1:27 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "go",
        'a := 1\r\n/* "DINGTALK_APP_KEY"\r\n */ k, ok := os.LookupEnv("DINGTALK_APP_KEY")\r\n',
        ["EM101 3:28 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "go",
        'a := 1\rk := os.Getenv("DINGTALK_APP_SECRET")\r',
        ["EM101 2:17 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET"],
    ),
    (
        "go",
        '名前 := os.Getenv("DINGTALK_APP_KEY")\n',
        ["EM101 1:18 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "go",
        'type C struct {\n\tK string `env:"DINGTALK_APP_KEY,DINGTALK_APP_SECRET" myenv:"DINGTALK_APP_KEY" x-env:"DINGTALK_APP_KEY"`\n\tA int `envconfig:"DINGTALK_AGENT_ID" env:""`\n}\n',
        [
            "EM101 2:17 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:34 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM103 3:20 DINGTALK_AGENT_ID",
        ],
    ),
    (
        "go",
        'u := os.Expand("$DINGTALK_APP_KEY ${DINGTALK_APP_SECRET} $1 $DINGTALK_AGENT_ID", f)\n',
        [
            "EM101 1:18 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:37 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM103 1:62 DINGTALK_AGENT_ID",
        ],
    ),
    (
        "go",
        'u := os.ExpandEnv("DINGTALK_APP_KEY $ DINGTALK_APP_SECRET")\nv := fmt.Sprint("$DINGTALK_APP_KEY")\n',
        [],
    ),
    (
        "go",
        'k := os.Getenv("DINGTALK_APP_" +\n\t"KEY")\n',
        ["EM109 1:17 DINGTALK_APP_=DINGTALK_APP_KEY"],
    ),
    (
        "go",
        'k := os.Getenv("DINGTALK_APP_" + "SECRET")\n',
        ["EM109 1:17 DINGTALK_APP_=DINGTALK_APP_SECRET"],
    ),
    (
        "go",
        'k := os.Getenv(p +\n "_APP_SECRET")\ns := "_APP_SECRET"\n',
        ["EM109 2:3 _APP_SECRET=DINGTALK_APP_SECRET"],
    ),
    (
        "go",
        'k := os.Getenv(fmt.Sprintf("%s_APP_KEY", p))\nj := os.Getenv(fmt.Sprintf("DINGTALK_%v", "APP_KEY"))\n',
        ["EM109 1:29 %s_APP_KEY=DINGTALK_APP_KEY"],
    ),
    (
        "go",
        'DINGTALK_AGENT_ID := os.Getenv("DINGTALK_AGENT_ID")\n',
        ["EM103 1:1 DINGTALK_AGENT_ID", "EM103 1:33 DINGTALK_AGENT_ID"],
    ),
    (
        "go",
        'viper.AutomaticEnv()\nk := viper.GetString("dingtalk.app_key")\ns := viper.GetString("DINGTALK-APP-SECRET")\nviper.BindEnv("dingtalk.app-secret")\nt := viper.GetString("dingtalk.app-secret")\n',
        [
            "EM109 2:23 dingtalk.app_key=DINGTALK_APP_KEY",
            "EM109 3:23 DINGTALK-APP-SECRET=DINGTALK_APP_SECRET",
        ],
    ),
    (
        "go",
        'viper.AutomaticEnv()\nk := viper.GetString("dingtalk_app_key")\n',
        ["EM109 2:23 dingtalk_app_key=DINGTALK_APP_KEY"],
    ),
    ("go", 'k := viper.GetString("dingtalk.app_key")\n', []),
    (
        "go",
        'return fmt.Errorf("%w", "DINGTALK_APP_KEY")\nk := os.Getenv("DINGTALK_APP_KEY")\n',
        ["EM101 2:17 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    ("go", 'x := a["DINGTALK_APP_KEY"]\n', ["EM101 1:9 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"]),
    (
        "go",
        'x := (1 + os.Getenv("DINGTALK_APP_KEY"))\n',
        ["EM101 1:22 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "go",
        'log.Printf("%s", f(os.Getenv("DINGTALK_APP_KEY")))\n',
        ["EM101 1:31 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "go",
        'errors.New("DINGTALK_APP_KEY")\nmy.New("DINGTALK_APP_SECRET")\n',
        ["EM101 2:9 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET"],
    ),
    (
        "go",
        'logger.Info("DINGTALK_APP_KEY"); logger.Get("DINGTALK_APP_SECRET"); x.logger("DINGTALK_APP_SECRET")\n',
        ["EM101 1:79 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET"],
    ),
    (
        "java",
        'String t = """\n  "DINGTALK_APP_KEY"\n  """; String k = System.getenv("DINGTALK_APP_KEY");\n',
        ["EM101 3:34 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "java",
        '@Value("${DINGTALK_APP_KEY:${DINGTALK_APP_SECRET}}") String k;\n',
        [
            "EM101 1:11 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:30 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
    (
        "java",
        '@Value("${DINGTALK_APP_KEY-x} ${1X} ${DINGTALK_APP_SECRET}") String k;\n',
        ["EM101 1:39 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET"],
    ),
    (
        "java",
        '@Value("#{systemEnvironment[\\"DINGTALK_APP_KEY\\"] + systemEnvironment[\'DINGTALK_APP_SECRET\']}") String k;\n',
        [
            "EM101 1:31 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:72 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
    (
        "java",
        "char c = '\\''; String k = System.getenv(\"DINGTALK_APP_KEY\");\n",
        ["EM101 1:42 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "java",
        'String k = System.getenv("DINGTALK_APP_" + "SECRET");\n',
        ["EM109 1:27 DINGTALK_APP_=DINGTALK_APP_SECRET"],
    ),
    (
        "java",
        'throw new MissingKeyError("DINGTALK_APP_KEY"); handleError("DINGTALK_APP_SECRET"); new ErrorHandler("DINGTALK_APP_KEY");\n',
        ["EM101 1:102 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "java",
        'k = prefix + "APP_KEY"; k += "_APP_SECRET";\n',
        ["EM109 1:15 APP_KEY=DINGTALK_APP_KEY", "EM109 1:31 _APP_SECRET=DINGTALK_APP_SECRET"],
    ),
    (
        "java",
        'String s = "tab\\there"; /* "DINGTALK_APP_KEY" */ String k = System.getenv("DINGTALK_APP_KEY");\n',
        ["EM101 1:76 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "kotlin",
        'val t = """${System.getenv("DINGTALK_APP_KEY")} \\"""\nval k = System.getenv("DINGTALK_APP_SECRET")\n',
        [
            "EM101 1:29 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:24 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
    (
        "kotlin",
        "val c = '\\''; val k = System.getenv(\"DINGTALK_APP_KEY\")\n",
        ["EM101 1:38 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "kotlin",
        '/* a /* b */ "DINGTALK_APP_KEY" */ val k = System.getenv("DINGTALK_APP_KEY")\n',
        ["EM101 1:59 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "kotlin",
        'val k = "${"DINGTALK_APP_KEY"}" + "$DINGTALK_APP_SECRET"\n',
        ["EM101 1:13 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    ("kotlin", 'val k = "${p}APP_SECRET"\n', ["EM109 1:10 ${p}APP_SECRET=DINGTALK_APP_SECRET"]),
    (
        "csharp",
        'var p = @"a ""DINGTALK_APP_KEY"" b"; var k = @"DINGTALK_APP_KEY";\n',
        ["EM101 1:48 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "csharp",
        'var i = $@"{Environment.GetEnvironmentVariable("DINGTALK_APP_KEY")} {{x}} ""q""";\n',
        ["EM101 1:49 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "csharp",
        'var r = """\n  "DINGTALK_APP_KEY"\n  """; var j = $$"""{{cfg["DINGTALK_APP_SECRET"]}} {x}""";\n',
        ["EM101 3:28 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET"],
    ),
    (
        "csharp",
        '#if DINGTALK_APP_KEY\nvar k = cfg["DINGTALK_APP_KEY"]; // #x\n  #endregion\n',
        ["EM101 2:14 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "csharp",
        'var c = \'"\'; var k = cfg["DINGTALK_APP_SECRET"];\n',
        ["EM101 1:27 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET"],
    ),
    (
        "csharp",
        'var s = $"{p}_APP_KEY"; var t = $"{{p}}_APP_KEY";\n',
        ["EM109 1:11 {p}_APP_KEY=DINGTALK_APP_KEY"],
    ),
    ("csharp", 'var k = x"DINGTALK_APP_KEY";\n', []),
    (
        "csharp",
        'var k = @$"{cfg["DINGTALK_APP_KEY"]}\n";\n',
        ["EM101 1:18 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "rust",
        'let r = r##"a "# "DINGTALK_APP_KEY""##; let k = env::var("DINGTALK_APP_KEY");\n',
        ["EM101 1:59 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "rust",
        'let b = b"DINGTALK_APP_KEY"; let c = c"DINGTALK_APP_SECRET"; let d = br#"DINGTALK_APP_KEY"#; let e = cr"DINGTALK_APP_SECRET";\n',
        [
            "EM101 1:11 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:40 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 1:74 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:105 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
    (
        "rust",
        "let q = b'\"'; let p = '\"'; let e = '\\''; let k = env::var(\"DINGTALK_APP_KEY\");\n",
        ["EM101 1:60 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "rust",
        "fn f<'a>(x: &'a str) { 'outer: loop { break 'outer; } } let k = env::var(\"DINGTALK_APP_KEY\");\n",
        ["EM101 1:75 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "rust",
        'if x!="DINGTALK_APP_KEY" { bail!("DINGTALK_APP_SECRET") } let k = option_env!("DINGTALK_APP_KEY");\n',
        [
            "EM101 1:8 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:80 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
        ],
    ),
    (
        "rust",
        'let k = std::env::var("DINGTALK_APP_KEY").context("DINGTALK_APP_KEY");\n',
        ["EM101 1:24 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "rust",
        'let s = x.r"DINGTALK_APP_KEY"; let t = 1..2;\n',
        ["EM101 1:13 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "php",
        "<p>it's</p><?php // a ?><p>don't</p><?php env('DINGTALK_APP_KEY');\n",
        ["EM101 1:48 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "php",
        "<?php # x ?>'<?= env('DINGTALK_APP_SECRET') ?>\n",
        ["EM101 1:23 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET"],
    ),
    (
        "php",
        "<?php #[Attr('DINGTALK_APP_KEY')]\nfunction f() { return $_ENV[\"DINGTALK_APP_SECRET\"]; }\n",
        [
            "EM101 1:15 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:30 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
    (
        "php",
        "<?php $x = <<<EOT\n{$_ENV['DINGTALK_APP_KEY']} $_SERVER[DINGTALK_APP_SECRET] $_GET[DINGTALK_APP_KEY]\nEOT;\n",
        [
            "EM101 2:9 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:38 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
    (
        "php",
        '<?php $x = <<< "EOT"\r\n$_ENV[DINGTALK_APP_KEY]\r\n  EOT;\n',
        ["EM101 2:7 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "php",
        "<?php $k = 'DINGTALK'; $k .= '_APP_KEY'; $s = $p . '_APP_SECRET';\n",
        ["EM109 1:31 _APP_KEY=DINGTALK_APP_KEY", "EM109 1:53 _APP_SECRET=DINGTALK_APP_SECRET"],
    ),
    (
        "php",
        "<?php $p = '%env(json:base64:DINGTALK_APP_KEY)%' . '%env(DINGTALK_APP_SECRET)' . '%env(DINGTALK_AGENT_ID)%';\n",
        ["EM101 1:30 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID", "EM103 1:88 DINGTALK_AGENT_ID"],
    ),
    (
        "php",
        '<?php $c = `echo DINGTALK_APP_KEY`; $$v = getenv("DINGTALK_APP_KEY");\n',
        ["EM101 1:51 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "php",
        "<?php die('DINGTALK_APP_KEY'); $logger->error('DINGTALK_APP_KEY'); $this->log('DINGTALK_APP_KEY');\n",
        [],
    ),
    (
        "ruby",
        "k = %q(a (DINGTALK_APP_KEY) b) + %q(DINGTALK_APP_KEY) + %Q{#{ENV['DINGTALK_APP_SECRET']}}\n",
        [
            "EM101 1:37 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:67 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
    (
        "ruby",
        "a = %w[DINGTALK_APP_KEY x#{1} DINGTALK_APP_SECRET]; b = %i(DINGTALK_APP_KEY)\n",
        [
            "EM101 1:8 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:31 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 1:60 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
        ],
    ),
    (
        "ruby",
        "c = ?\"; k = ENV['DINGTALK_APP_KEY']\n",
        ["EM101 1:18 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "ruby",
        "k = x / 2 / ENV['DINGTALK_APP_KEY'].size\nr = grep(/DINGTALK_APP_SECRET/)\n",
        [
            "EM101 1:18 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:11 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
    ("ruby", 'k = ENV[:"DINGTALK_APP_KEY"]\n', ["EM101 1:11 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"]),
    (
        "ruby",
        "=begin\nENV['DINGTALK_APP_KEY']\n=end old\nk = ENV['DINGTALK_APP_KEY']\n",
        ["EM101 4:10 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "ruby",
        "x = f(<<-A, <<B)\n  ENV['DINGTALK_APP_KEY']\n  A\n#{ENV['DINGTALK_APP_SECRET']}\nB\nk = ENV['DINGTALK_APP_KEY']\n",
        [
            "EM101 4:8 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 6:10 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
        ],
    ),
    (
        "ruby",
        'x = <<~EOS\n  #{ENV["DINGTALK_APP_KEY"]} \\#{ENV["DINGTALK_APP_SECRET"]}\nEOS\n',
        ["EM101 2:10 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "ruby",
        "puts <<EOS\nDINGTALK_APP_KEY\nEOS\nx = 1 <<B\nk = ENV['DINGTALK_APP_KEY']\n",
        ["EM101 5:10 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "ruby",
        "@DINGTALK_AGENT_ID = $DINGTALK_AGENT_ID; ok = ENV.key?('DINGTALK_APP_KEY')\n",
        [
            "EM103 1:2 DINGTALK_AGENT_ID",
            "EM103 1:23 DINGTALK_AGENT_ID",
            "EM101 1:57 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
        ],
    ),
    (
        "ruby",
        "k = +'DINGTALK'\nk << '_APP_KEY'\nk += '_APP_SECRET'\n",
        ["EM109 2:7 _APP_KEY=DINGTALK_APP_KEY", "EM109 3:7 _APP_SECRET=DINGTALK_APP_SECRET"],
    ),
    (
        "ruby",
        "k = %x(DINGTALK_APP_KEY) + %r{DINGTALK_APP_KEY} + %s(DINGTALK_APP_KEY) + %I[DINGTALK_APP_SECRET]\n",
        [
            "EM101 1:8 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:31 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:54 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:77 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
    (
        "ruby",
        "x = 5 % 3; k = ENV['DINGTALK_APP_KEY'] ? 1 : 2\n",
        ["EM101 1:21 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "elixir",
        "a = ~s(DINGTALK_APP_KEY) <> ~S(#{x}) <> ~w(DINGTALK_APP_SECRET b)\n",
        [
            "EM101 1:8 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:44 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
    (
        "elixir",
        'a = ~s"""\nDINGTALK_APP_KEY\n""" <> ~S\'\'\'\n#{x}\n\'\'\'\nk = System.get_env("DINGTALK_APP_KEY")\n',
        ["EM101 6:21 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "elixir",
        'c = ?\\"; d = ?\'; k = System.get_env("DINGTALK_APP_KEY")\n',
        ["EM101 1:38 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "elixir",
        "t = '''\n#{System.get_env(\"DINGTALK_APP_KEY\")}\n'''\n",
        ["EM101 2:19 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "elixir",
        'k = System.get_env("DINGTALK_" <> "APP_SECRET") || raise("DINGTALK_APP_SECRET")\n',
        ["EM109 1:36 APP_SECRET=DINGTALK_APP_SECRET"],
    ),
    (
        "elixir",
        'k = System.get_env("DINGTALK_APP_KEY") |> String.trim() ; x = a ?b\n',
        ["EM101 1:21 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "elixir",
        "a = ~W[DINGTALK_APP_KEY] ++ ~r/DINGTALK_APP_SECRET/ ++ ~s{a {b} c}\n",
        [
            "EM101 1:8 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:32 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
]


@pytest.mark.parametrize(("lang", "src", "want"), RECORDS)
def test_every_hit_in_full(lang: str, src: str, want: list[str]) -> None:
    scan, dialect = LANGS[lang]
    assert render(src, scan(src, DEFAULT_RULES)) == want
    fixed = fix(scan, src)
    renamed = [row for row in want if ">" in row]
    assert (fixed != src) == bool(renamed)
    assert fix(scan, fixed) == fixed
    assert_same_tokens(src, fixed, dialect)
    lex(fixed, dialect)


#: Spring/HOCON placeholders (EM102: config sets the name) and the Ruby inside ERB tags.
CONFIG_RECORDS: list[tuple[str, str, list[str]]] = [
    (
        "properties",
        "k=${DINGTALK_APP_KEY}\nappKey = ${?DINGTALK_APP_SECRET}\ns=${DINGTALK_APP_SECRET:dev}\n",
        [
            "EM102 1:5 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM102 2:13 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM102 3:5 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
    (
        "properties",
        "a=${DINGTALK_APP_KEY-x} ${1DINGTALK_APP_KEY} ${??DINGTALK_APP_KEY} $ {DINGTALK_APP_KEY} ${MY_DINGTALK_APP_KEY}\n",
        [],
    ),
    (
        "properties",
        "  # ${DINGTALK_APP_KEY}\n\t! ${DINGTALK_APP_KEY}\n // ${DINGTALK_APP_KEY}\nk=a # ${DINGTALK_APP_KEY}\n",
        ["EM102 4:9 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "properties",
        "url=${DINGTALK_APP_KEY}/${DINGTALK_APP_SECRET}\n\n",
        [
            "EM102 1:7 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM102 1:27 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
    (
        "properties",
        "a=1\r# ${DINGTALK_APP_KEY}\rk=${DINGTALK_APP_KEY}\r\n#\r\nx=${DINGTALK_AGENT_ID}",
        ["EM102 3:5 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID", "EM103 5:5 DINGTALK_AGENT_ID"],
    ),
    (
        "properties",
        "k=${DINGTALK_APP_KEY}x} ${DINGTALK_APP_KEY",
        ["EM102 1:5 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
    (
        "erb",
        "a: <%= ENV[\"DINGTALK_APP_KEY\"] %>\nb: <%- x = ENV['DINGTALK_APP_SECRET'] -%>\n",
        [
            "EM101 1:13 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:17 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
    ),
    (
        "erb",
        "<%# ENV['DINGTALK_APP_KEY'] %> <%% ENV['DINGTALK_APP_KEY'] %> it's DINGTALK_APP_KEY\n",
        [],
    ),
    (
        "erb",
        "<%= ENV['DINGTALK_APP_KEY'] %><%= ENV['DINGTALK_APP_SECRET'] %>\r\n<%\r\n  k = ENV.fetch(\"DINGTALK_APP_KEY\")\r\n%>\r\n",
        [
            "EM101 1:10 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:40 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 3:18 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
        ],
    ),
    (
        "erb",
        "<p>\"</p><% if x %>'<%= ENV['DINGTALK_AGENT_ID'] %>\n",
        ["EM103 1:29 DINGTALK_AGENT_ID"],
    ),
    ("erb", "no tags DINGTALK_APP_KEY\n", []),
    (
        "erb",
        "<%= 'a' -%>DINGTALK_APP_KEY<%= ENV['DINGTALK_APP_KEY'] %>",
        ["EM101 1:37 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
    ),
]


@pytest.mark.parametrize(("kind", "src", "want"), CONFIG_RECORDS)
def test_config_and_template_hits_in_full(kind: str, src: str, want: list[str]) -> None:
    scan = scanner(kind)
    assert render(src, scan(src, DEFAULT_RULES)) == want
    fixed = fix(scan, src)
    assert (fixed != src) == any(">" in row for row in want)
    assert fix(scan, fixed) == fixed
    if kind == "erb":
        code = erb.ruby_only(src)
        assert len(code) == len(src)
        assert [i for i, c in enumerate(src) if c in "\r\n"] == [
            i for i, c in enumerate(code) if c in "\r\n" and src[i] in "\r\n"
        ]


@pytest.mark.parametrize(
    ("src", "code"),
    [
        ("a<%= x %>b", "     x \n  "),
        ("<%- x -%>\n", "    x \n  \n"),
        ("<%# x %><%% y %><% z %>", "                   z \n "),
        ("<%=\r\nx\r\n%>", "   \r\nx\r\n\n "),
        ("<% a %>é<% b %>", "   a \n     b \n "),
    ],
)
def test_erb_ruby_only(src: str, code: str) -> None:
    assert erb.ruby_only(src) == code
