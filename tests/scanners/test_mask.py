"""The code masks: an allow-list per kind (tables), and the sentinel property on `mask`."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.scanners import mask as mask_module
from envmigrate.scanners.mask import mask, masked_diff
from tests import test_sentinel as pools

S = "Zq8vW3kP0xYt7Lm2"


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            "python",
            f'S = os.getenv("DINGTALK_APP_SECRET", "{S}")\n',
            'S = os.getenv("DINGTALK_APP_SECRET", "****")\n',
        ),
        ("python", f'X = """a\n{S}\n"""\n', 'X = """****\n****\n"""\n'),
        (
            "python",
            f"Y = f\"{S}{{os.environ['DINGTALK_APP_KEY']}}\"\n",
            "Y = f\"****{os.environ['DINGTALK_APP_KEY']}\"\n",
        ),
        ("python", "N = 123456  # pw=x\n", "N = ****  # ****=****\n"),
        (
            "js",
            f"const t = `{S}\n${{process.env.DINGTALK_APP_KEY}}`;\n",
            "const t = `****\n${process.env.DINGTALK_APP_KEY}`;\n",
        ),
        (
            "js",
            f"const {{ DINGTALK_APP_KEY }} = process.env; // {S}\n",
            "const { DINGTALK_APP_KEY } = process.env; // ****\n",
        ),
        (
            "js",
            f'const r = /"/; const k = "{S}"; x = a / b;\n',
            'const r = /****/; const k = "****"; x = a / b;\n',
        ),
        ("shell", "curl -u admin:hunter https://host\n", "curl -u **** ****\n"),
        ("shell", f"PASS=abc#{S}\n", "PASS=****\n"),
        ("shell", "PASS=abc,password x\n", "PASS=**** x\n"),
        # Makefile / HCL: NAME = value runs to the end of the line; $(NAME) is a reference
        ("shell", "PASS = abc def # c\n", "PASS = **** **** **** ****\n"),
        ("shell", "X ?= $(DINGTALK_APP_KEY)\n", "X ?= $(DINGTALK_APP_KEY)\n"),
        ("shell", 'env = { DINGTALK_APP_KEY = "v" }\n', 'env = { DINGTALK_APP_KEY = "****" }\n'),
        ("shell", "PASS=ab{cd}ef\n", "PASS=****\n"),
        ("shell", "curl --token=abc,def\n", "curl --token=****,****\n"),
        (
            "docker",
            "RUN --mount=type=secret,id=DINGTALK_APP_SECRET cat /run/secrets/DINGTALK_APP_SECRET\n",
            "RUN --mount=type=****,id=DINGTALK_APP_SECRET cat /run/secrets/DINGTALK_APP_SECRET\n",
        ),
        (
            "shell",
            f"cat <<EOF\n{S} $DINGTALK_APP_KEY\nEOF\n",
            "cat <<EOF\n****$DINGTALK_APP_KEY\nEOF\n",
        ),
        ("shell", f'export DINGTALK_APP_KEY="{S}"\n', 'export DINGTALK_APP_KEY="****"\n'),
        ("docker", f'ENV DINGTALK_APP_KEY={S} B="{S}"\n', 'ENV DINGTALK_APP_KEY=**** B="****"\n'),
        ("docker", f"ENV DINGTALK_APP_KEY {S}\n", "ENV DINGTALK_APP_KEY ****\n"),
        ("docker", f'CMD ["python", "{S}"]\n', 'CMD ["****", "****"]\n'),
        ("yaml", f"P: |\n  {S}\n  x\nQ: 1\n", "P: |\n  ****\n  ****\nQ: ****\n"),
        ("yaml", f"T: abc#{S} # c {S}\n", "T: **** # c ****\n"),
        ("yaml", f"U: ${S}\n", "U: ****\n"),
        # a plain scalar's continuation lines are text, even when they look like "key: v"
        ("yaml", f"Z: plain\n  {S}  env_file: x\nQ: 1\n", "Z: ****\n  ****\nQ: ****\n"),
        ("yaml", f"- plain\n  {S} k: v\n\n  {S}\n- x\n", "- ****\n  ****\n\n  ****\n- ****\n"),
        ("yaml", "a:\n  b: 1\n  c: 2\n", "a:\n  b: ****\n  c: ****\n"),
        ("yaml", f"R: &a {S}\n", "R: &a ****\n"),
        (
            "yaml",
            f"S: {{k: {S}, DINGTALK_APP_KEY: ${{DINGTALK_APP_KEY}}}}\n",
            "S: {k: ****, DINGTALK_APP_KEY: ${DINGTALK_APP_KEY}}\n",
        ),
        (
            "yaml",
            "- name: DINGTALK_APP_KEY\n  value: ${{ secrets.X }}\n",
            "- name: DINGTALK_APP_KEY\n  value: ${{ secrets.X }}\n",
        ),
        ("yaml", f"plain: x\n  {S}\n", "plain: ****\n  ****\n"),
    ],
)
def test_mask_table(kind: str, text: str, expected: str) -> None:
    assert mask(text, kind) == expected


#: Every layout each kind's lexer tells apart, with the exact masked text: what is a name,
#: a reference (with its default hidden), structure or a comment stays; every value, literal,
#: number, block scalar, heredoc line and unplaceable line is ``****``. Reviewed row by row:
#: a change to any of them either leaks a value or hides structure.
LAYOUTS = [
    ("shell", "echo ${{ env.DINGTALK_APP_KEY }}\n", "echo ****}\n"),
    ("yaml", "a: ${{ env.DINGTALK_APP_KEY }}\n", "a: ${{ env.DINGTALK_APP_KEY }}\n"),
    ("yaml", "a: ${{ Env.DINGTALK_APP_KEY }}\n", "a: ****\n"),
    ("yaml", "a: ${{ env.lower }}\n", "a: ****\n"),
    ("yaml", "a: ${{ X }}\n", "a: ${{ X }}\n"),
    ("yaml", "a: ${{github.event.X}}\n", "a: ${{github.event.X}}\n"),
    ("yaml", "a: ${{ env.a-b.X }}\n", "a: ****\n"),
    ("yaml", "a: ${{\tenv.X\t}}\n", "a: ${{\tenv.X\t}}\n"),
    ("yaml", "a: x${X:-def}y\n", "a: ****${X:-****}****\n"),
    ("yaml", "a: ${X-def}\n", "a: ${X-****}\n"),
    ("yaml", "a: ${X:=def}\n", "a: ${X:=****}\n"),
    ("yaml", "a: ${X?msg here}\n", "a: ${X?****}\n"),
    ("yaml", "a: ${X+alt}\n", "a: ${X+****}\n"),
    ("yaml", "a: ${X:-}\n", "a: ${X:-}\n"),
    ("yaml", "a: ${X:}\n", "a: ****\n"),
    ("yaml", "a: ${X}\n", "a: ${X}\n"),
    ("yaml", "a: ${lower}\n", "a: ****\n"),
    ("yaml", "a: $(X)\n", "a: $(X)\n"),
    ("yaml", "a: $(lower)\n", "a: ****\n"),
    ("yaml", "a: pre$X/post\n", "a: ****$X****\n"),
    ("yaml", "a: $lower\n", "a: ****\n"),
    ("yaml", "a: $1X\n", "a: ****\n"),
    ("yaml", "a: ${1X}\n", "a: ****\n"),
    ("yaml", "a: ${X:-a}${Y}\n", "a: ${X:-****}${Y}\n"),
    ("yaml", "a: ${X:-a\n", "a: ****\n"),
    ("yaml", "a: X\n", "a: X\n"),
    ("yaml", "a: x_Y\n", "a: ****\n"),
    (
        "js",
        "const a = 'DINGTALK_APP_KEY', b = \"x\", c = 'it''s';\n",
        "const a = 'DINGTALK_APP_KEY', b = \"****\", c = '****''****';\n",
    ),
    ("js", "x = 'unterminated\ny = \"open\n", "x = '****\ny = \"****\n"),
    ("js", "x = '';\n", "x = '';\n"),
    ("js", "x = 'a\\'b';\n", "x = '****';\n"),
    ("js", "x = 12.5e3 + .5 + 0x1F + a1;\n", "x = **** + **** + **** + a1;\n"),
    ("js", "const re = /a[/]b\\/c/gi.test(s);\n", "const re = /****/gi.test(s);\n"),
    ("js", "a = b / c / d;\n", "a = b / c / d;\n"),
    ("js", "a = (b) / 2 / 3;\n", "a = (b) / **** / ****;\n"),
    ("js", "f(/x/, /y/);\n", "f(/****/, /****/);\n"),
    ("js", "x = [/re/];\nif (!/re/.test(s)) {}\n", "x = [/****/];\nif (!/****/.test(s)) {}\n"),
    ("js", "x = a ? /r1/ : /r2/;\n", "x = a ? /****/ : /****/;\n"),
    ("js", "x = a && /r/ || /s/;\n", "x = a && /****/ || /****/;\n"),
    ("js", "{ /r/ }\n", "{ /****/ }\n"),
    ("js", "};/r/\n", "};/****/\n"),
    ("js", "/start/.test(x)\n", "/****/.test(x)\n"),
    (
        "js",
        "// line comment secret\n/* block\nsecret */ x\n/** doc */\n/*! keep */\n",
        "// line comment secret\n/* block\nsecret **** x\n/** doc ****\n/*! keep ****\n",
    ),
    ("js", "/* unterminated\nsecret", "/* unterminated\nsecret"),
    ("js", "t = `plain`;\n", "t = `****`;\n"),
    ("js", "t = `DINGTALK_APP_KEY`;\n", "t = `DINGTALK_APP_KEY`;\n"),
    ("js", "t = `${DINGTALK_APP_KEY}`;\n", "t = `${DINGTALK_APP_KEY}`;\n"),
    ("js", "t = `a${b}c${d}e`;\n", "t = `****${b}****${d}****`;\n"),
    ("js", "t = `a\\`b${x}`;\n", "t = `****${x}`;\n"),
    ("js", "t = `a${ {k: 'v'}.k }b`;\n", "t = `****${ {k: '****'}.k }****`;\n"),
    ("js", "t = `a${ f({a: {b: 1}}) }b`;\n", "t = `****${ f({a: {b: ****}}) }****`;\n"),
    ("js", "t = `a${`in${x}ner`}b`;\n", "t = `****${`****${x}****`}****`;\n"),
    ("js", "t = `unterminated ${x", "t = `****${x"),
    ("js", "t = `unterminated text", "t = `****"),
    ("js", "t = `a${x}", "t = `****${x}"),
    ("js", "t = `a\\", "t = `****"),
    ("js", "$x = _y + $;\n", "$x = _y + $;\n"),
    ("js", "x = a/b/g;\n", "x = a/b/g;\n"),
    ("js", "x = 'a' /2/ 1;\n", "x = '****' /****/ ****;\n"),
    ("js", "x = y\n/re/.test(z)\n", "x = y\n/re/.test(z)\n"),
    ("js", "a =/re/;\n", "a =/****/;\n"),
    ("js", "a = /[/\\]]+/;\n", "a = /****/;\n"),
    ("js", "a = /\n", "a = /\n"),
    ("js", "a = //\n", "a = //\n"),
    ("js", "f(a,/**/b)\n", "f(a,/******b)\n"),
    ("js", "a = 1 // c\n", "a = **** // c\n"),
    ("js", "t = `${'secret'}`;\n", "t = `${'****'}`;\n"),
    ("js", "t = `${a}${b}`;\n", "t = `${a}${b}`;\n"),
    ("js", "t = `${}`;\n", "t = `${}`;\n"),
    ("js", "t = `${ {}}`;\n", "t = `${ {}}`;\n"),
    ("js", "t = `${ '}' }x`;\n", "t = `${ '****' }****`;\n"),
    ("js", "t = `${ `}` }x`;\n", "t = `${ `****` }****`;\n"),
    ("js", "t = `${a /r}/ }x`;\n", "t = `${a /r}****`;\n"),
    (
        "python",
        "x = 'DINGTALK_APP_KEY' + \"$X\" + '${X}' + '${X:-d}' + 'abc'\n",
        "x = 'DINGTALK_APP_KEY' + \"$X\" + '${X}' + '****' + '****'\n",
    ),
    (
        "python",
        "x = rb'abc' + Rb\"\"\"DINGTALK_APP_KEY\"\"\" + u'x' + ''\n",
        "x = rb'****' + Rb\"\"\"DINGTALK_APP_KEY\"\"\" + u'****' + ''\n",
    ),
    (
        "python",
        'x = f\'a{b}c{{d}}e{f("s")!r:>10}\' + F"{X}"\n',
        'x = f\'****{b}****{f("****")!r:>****}\' + F"{X}"\n',
    ),
    ("python", "x = f'{{a}}' + fr'{b}'\n", "x = f'****' + fr'{b}'\n"),
    ("python", "x = 1_000 + 0x1F + 1.5j + 3\n", "x = **** + **** + **** + ****\n"),
    ("python", "# comment x=1 secret9\n#!shebang\n", "# comment ****=****\n#****\n"),
    ("python", "x = (\n  'a'\n  'b'\n)\n", "x = (\n  '****'\n  '****'\n)\n"),
    ("python", "def f():\n\treturn 'abc'\n", "def f():\n\treturn '****'\n"),
    ("python", "x = 'unterminated\n", "x = '****\n"),
    ("python", 'x = """open\n', 'x = """****\n'),
    ("python", "x = $y\n", "x = ****\n"),
    ("python", "x = a ? b : c\n", "x = **** **** **** **** ****\n"),
    ("python", "x = 'a'\r\ny = 'b'\r\n", "x = '****'\r\ny = '****'\r\n"),
    ("python", "x = 'a'\ry = 'b'\r", "x = '****'\ry = '****'\r"),
    ("python", "x = 'a'\\\n  + 'b'\n", "x = '****'\\\n  + '****'\n"),
    ("python", "x = 1 \n", "x = **** \n"),
    ("python", "x = 'a'  ", "x = '****'  "),
    ("python", "", ""),
    ("python", "x = `y`\n", "x = ****\n"),
    ("python", "if x:\n    y = 'é'\n", "if x:\n    y = '****'\n"),
    ("python", "x = f'{a}'\n", "x = f'{a}'\n"),
    ("python", "x = f''\n", "x = f''\n"),
    ("python", "x = f'abc'\n", "x = f'****'\n"),
    ("python", "x = f'{DINGTALK_APP_KEY}'\n", "x = f'{DINGTALK_APP_KEY}'\n"),
    (
        "python",
        "x = f'{os.environ[\"DINGTALK_APP_KEY\"]}'\n",
        "x = f'{os.environ[\"DINGTALK_APP_KEY\"]}'\n",
    ),
    ("shell", "cat <<-EOF\n\tsecret1\n\tEOF\necho x9\n", "cat <<-EOF\n****\n\tEOF\necho ****\n"),
    (
        "shell",
        "cat <<EOF\n\tsecret1\n\tEOF\nEOF\necho x9\n",
        "cat <<EOF\n****\n****\nEOF\necho ****\n",
    ),
    ("shell", "cat <<'E.1'\nsecret $X\nE.1\n", "cat <<'E.1'\n****$X\nE.1\n"),
    ("shell", 'cat << "END"\nsecret\nEND\n', 'cat << "END"\n****\nEND\n'),
    ("shell", "cat <<A <<B\na1\nA\nb1\nB\nx1\n", "cat <<A <<B\n****\nA\n****\nB\n****\n"),
    ("shell", "a=1 b=2 cmd arg1\n", "a=**** b=**** cmd ****\n"),
    ("shell", "a+=x1\n", "a+=****\n"),
    ("shell", "env DINGTALK_APP_KEY=v1 cmd\n", "env DINGTALK_APP_KEY=**** cmd\n"),
    ("shell", "X=a DINGTALK_APP_KEY=v1\n", "X=**** DINGTALK_APP_KEY=****\n"),
    ("shell", 'echo "K=v1 DINGTALK_APP_KEY=$X x"\n', 'echo "K****DINGTALK_APP_KEY****$X****"\n'),
    (
        "shell",
        "echo \"DINGTALK_APP_KEY\" 'DINGTALK_APP_KEY' \"$X\" '$X'\n",
        "echo \"DINGTALK_APP_KEY\" 'DINGTALK_APP_KEY' \"$X\" '$X'\n",
    ),
    ("shell", 'echo "a\\"b" x\n', 'echo "****" x\n'),
    ("shell", "echo 'a\\'b\n", "echo '****'b\n"),
    ("shell", 'echo "multi\nline1" after1\n', 'echo "****\n****" ****\n'),
    ("shell", "echo 'multi\nline1' after1\n", "echo '****\n****' ****\n"),
    ("shell", 'echo "open\n', 'echo "****\n'),
    ("shell", "a=$(cmd) ${X} $(Y) $Z ${lower}\n", "a=**** ${X} $(Y) $Z ****\n"),
    (
        "shell",
        "ls -la --color=auto /usr/bin ./x ~/y a:b: c:\n",
        "ls -la --color=**** /usr/bin ./x ~/y **** c:\n",
    ),
    (
        "shell",
        "run --flag=abc,DINGTALK_APP_KEY,x=1 --f==a\n",
        "run --flag=****,DINGTALK_APP_KEY,x=**** --f==****\n",
    ),
    (
        "shell",
        "cmd | grep x1 && y; (z) > out 2>&1 < in\n",
        "cmd | grep **** && y; (z) > out ****>&**** < in\n",
    ),
    ("shell", "f() { echo [a] , b; }\n", "f() { echo [a] , b; }\n"),
    ("shell", "x=1 # comment pw=1\n", "x=**** # comment ****=****\n"),
    ("shell", "echo a#b # c\n", "echo **** # c\n"),
    ("shell", "echo $ = x\n", "echo **** **** x\n"),
    ("shell", "PASS = a1 \"q1\" 'q2' $X # c\n", "PASS = **** \"****\" '****' $X **** ****\n"),
    ("shell", "PASS = a1 \\\n  b1 c1\nd1 e\n", "PASS = **** ****\n  **** ****\n**** e\n"),
    (
        "shell",
        "export X = v1\noverride Y := v2\nZ ::= v3\nW != cmd\nV += x\n",
        "export X = ****\noverride Y := ****\nZ ::= ****\nW != ****\nV += ****\n",
    ),
    ("shell", "\"K\" = v1\n'K' = v2\n", "\"K\" = ****\n'K' = ****\n"),
    ("shell", "K == v1\n", "K **** ****\n"),
    ("shell", "K =v1\n", "K =****\n"),
    ("shell", "echo x \\\n  y1\n", "echo x ****\n  ****\n"),
    ("shell", "X=a\\\nb1\n", "X=****\n****\n"),
    ("shell", "\tK = v1\n", "\tK = ****\n"),
    ("shell", "a123 b.c d-e f/g/h\n", "**** b.c d-e f/g/h\n"),
    ("shell", "x9\r\ny9\r\n", "****\r\n****\r\n"),
    ("shell", "x9\ry9\r", "****\r****\r"),
    ("shell", 'x="a\nb"\ry\n', 'x="****\n****"\ry\n'),
    ("shell", "echo ${X:-def} ${X:-$Y}\n", "echo ${X:-****} ${X:-****}\n"),
    ("shell", 'echo "${X:-def}"\n', 'echo "${X:-****}"\n'),
    ("shell", "Environment=DINGTALK_APP_KEY=v1\n", "Environment=DINGTALK_APP_KEY=****\n"),
    (
        "shell",
        'Environment="DINGTALK_APP_KEY=v1" "B=v2"\n',
        'Environment="DINGTALK_APP_KEY****" "B****"\n',
    ),
    (
        "shell",
        "web: DINGTALK_APP_KEY=v1 python app.py --token=v2\n",
        "web: DINGTALK_APP_KEY=**** python app.py --token=****\n",
    ),
    ("docker", "FROM python:3.11 AS base\n", "FROM **** AS base\n"),
    ("docker", "  # comment pw=1\n", "  # comment ****=****\n"),
    ("docker", "ENV DINGTALK_APP_KEY v1 v2\n", "ENV DINGTALK_APP_KEY ****\n"),
    ("docker", "env K v1\n", "env K ****\n"),
    ("docker", "ENV K v1 \\\n  v2\nRUN x9\n", "ENV K ****\\\n  ****\nRUN ****\n"),
    ("docker", "ENV K=v1 \\\n    L=v2\nRUN x9\n", "ENV K=**** ****\n    L=****\nRUN ****\n"),
    ("docker", "RUN a \\\n  # inner pw=1\n  b9\n", "RUN a ****\n  # inner ****=****\n  ****\n"),
    ("docker", "ENV K\n", "ENV K\n"),
    ("docker", "ENV K.a-b v1\n", "ENV K.a-b ****\n"),
    ("docker", "ARG K\nARG L=v1\n", "ARG K\nARG L=****\n"),
    ("docker", 'LABEL a="v1" b=v2\n', 'LABEL a="****" b=****\n'),
    ("docker", 'RUN echo "q1\nq2"\n', 'RUN echo "****\n****"\n'),
    ("docker", "ENV K v1\\\n", "ENV K ****\\\n"),
    ("docker", "9RUN x\n", "**** x\n"),
    ("docker", "RUN\n", "RUN\n"),
    ("docker", "\tRUN x9\n", "\tRUN ****\n"),
    ("docker", "HEALTHCHECK\tCMD x9\n", "HEALTHCHECK\tCMD ****\n"),
    ("docker", "ENV  K  v1\n", "ENV  K  ****\n"),
    ("docker", "ENV\tK\tv1\n", "ENV\tK\t****\n"),
    ("docker", "RUN <<EOF\nsecret1\nEOF\nRUN x9\n", "RUN <<EOF\n****\nEOF\nRUN ****\n"),
    ("docker", "ENV K v1 \\\n", "ENV K ****\\\n"),
    ("docker", "# K=v1\nRUN x\n", "# K=****\nRUN x\n"),
    ("docker", "ENV K=a=b\n", "ENV K=****\n"),
    ("yaml", "---\nk: v1\n...\n\n", "---\nk: ****\n...\n\n"),
    (
        "yaml",
        "  # comment pw=1\nk: v1 # c pw=2\n",
        "  # comment ****=****\nk: **** # c ****=****\n",
    ),
    ("yaml", "- a: v1\n- - b: v2\n-\n- x9\n-  \n", "- a: ****\n- - b: ****\n-\n- ****\n-  \n"),
    (
        "yaml",
        "\"quoted key\": v1\n'k2': v2\nk.a-b/c d: v3\n<<: *base\n",
        "\"quoted key\": ****\n'k2': ****\nk.a-b/c d: ****\n<<: *base\n",
    ),
    ("yaml", "k:v1\n", "****\n"),
    ("yaml", "k :v1\nk : v1\n", "****\nk : ****\n"),
    ("yaml", "k:\n  - v1\n", "k:\n  - ****\n"),
    (
        "yaml",
        "k: !!str v1\nl: &anc !tag v2\nm: *ref\n",
        "k: !!str ****\nl: &anc !tag ****\nm: *ref\n",
    ),
    ("yaml", "k: |-\n  v1\n\n  v2\nn: x9\n", "k: |-\n  ****\n\n  ****\nn: ****\n"),
    ("yaml", "k: >+2 # c\n    v1\nn: x9\n", "k: >+2 # c\n    ****\nn: ****\n"),
    ("yaml", "k: |x\n", "k: ****\n"),
    ("yaml", "- |\n  v1\n- x9\n", "- |\n  ****\n- ****\n"),
    ("yaml", "  k: |\n    v1\n  l: x9\n", "  k: |\n    ****\n  l: ****\n"),
    ("yaml", "k: 'it''s v1' tail1\nl: \"a\\\"b\" # c\n", "k: '****' ****\nl: \"****\" # c\n"),
    ("yaml", 'k: "multi\n  line1\n  end" t1\nl: x9\n', 'k: "****\n****\n****" ****\nl: ****\n'),
    ("yaml", "k: 'multi\n  line1'\n", "k: '****\n****'\n"),
    (
        "yaml",
        'k: "DINGTALK_APP_KEY"\nl: \'DINGTALK_APP_KEY\'\nm: "$X"\nn: "${X:-d}"\n',
        'k: "DINGTALK_APP_KEY"\nl: \'DINGTALK_APP_KEY\'\nm: "$X"\nn: "${X:-****}"\n',
    ),
    (
        "yaml",
        "k: {a: v1, 'b': \"v2\", c: [v3, $X, DINGTALK_APP_KEY], d: {e: f}} # c1\n",
        "k: {a: ****, '****': \"****\", c: [****, $X, DINGTALK_APP_KEY], d: {e: ****}} # ****\n",
    ),
    ("yaml", "k: [a#b, c #d]\n", "k: [****, ****]\n"),
    ("yaml", "k: {a: , b: }\n", "k: {a: , b: }\n"),
    ("yaml", "k: [  ]\n", "k: [  ]\n"),
    ("yaml", "k: {a: 'x}y', b: \"p,q\"}\n", "k: {a: '****', b: \"****\"}\n"),
    ("yaml", "k: [${X}, ${{ env.X }}]\n", "k: [${X}, ${{ env.X }}]\n"),
    ("yaml", "k: {a:b, c: d}\n", "k: {****, c: ****}\n"),
    (
        "yaml",
        "- K=v1\n- DINGTALK_APP_KEY=${X}\n-   K=v2 # c\n",
        "- K=****\n- DINGTALK_APP_KEY=${X}\n-   K=**** # c\n",
    ),
    ("yaml", "- k=v1\n", "- k=****\n"),
    ("yaml", "plain text line1\n", "****\n"),
    ("yaml", "  indented cont1\n", "  ****\n"),
    ("yaml", "k: v1\r\nl: |\r\n  v2\r\n", "k: ****\r\nl: |\r\n  ****\r\n"),
    ("yaml", "k: v1\rl: v2\r", "k: ****\rl: ****\r"),
    (
        "yaml",
        "k: DINGTALK_APP_KEY\nl: DINGTALK_APP_KEY # c\n",
        "k: DINGTALK_APP_KEY\nl: DINGTALK_APP_KEY # c\n",
    ),
    ("yaml", "k: a # b # c\n", "k: **** # b **** c\n"),
    ("yaml", "k: a#b\n", "k: ****\n"),
    ("yaml", "k: v1   \n", "k: ****   \n"),
    ("yaml", "k:   v1\n", "k:   ****\n"),
    ("yaml", "k: \tv1\n", "k: \t****\n"),
    ("yaml", "- - k: v1\n", "- - k: ****\n"),
    ("yaml", "-\tk: v1\n", "-\tk: ****\n"),
    ("yaml", 'k: "v1" junk9\n', 'k: "****" ****\n'),
    ("yaml", "k: | junk9\n  v1\n", "k: | ****\n  ****\n"),
    ("yaml", "k: |\n\tv1\n", "k: |\n\t****\n"),
    ("yaml", "k: |\n  v1\n k2: v2\n", "k: |\n  ****\n ****\n"),
    ("yaml", "k: 'a' # c pw=1\n", "k: '****' # c ****=****\n"),
    (
        "properties",
        "a.b-c=v1\na : v2\na v3\n  a\t=\tv4\n",
        "a.b-c=****\na : ****\na ****\n  a\t=\t****\n",
    ),
    ("properties", "# c pw=1\n! c2 x9\n  # ind x9\n", "# c ****=****\n! **** ****\n  # ind ****\n"),
    ("properties", "k=a\\\n  b9\\\n  c9\nd=v1\n", "k=****\n****\n****\nd=****\n"),
    ("properties", "k=a\\\n# not comment9\n", "k=****\n****\n"),
    ("properties", "\n   \n=v1\n:x9\n", "\n****\n****\n****\n"),
    (
        "properties",
        "k=${DINGTALK_APP_KEY}\nl=${X:v1}\nm=DINGTALK_APP_KEY\n",
        "k=${DINGTALK_APP_KEY}\nl=****\nm=****\n",
    ),
    ("properties", "k=v1\r\nl=v2\rm=v3", "k=****\r\nl=****\rm=****"),
    ("properties", "k\n", "****\n"),
    ("properties", "k=\n", "k=\n"),
    ("properties", "k==v1\n", "k=****\n"),
    (
        "go",
        "var s = \"abc\" + `raw\nx9` + 'c' + 42 + 0x1F\n",
        "var s = \"****\" + `****\n****` + '****' + **** + ****\n",
    ),
    (
        "go",
        'k := os.Getenv("DINGTALK_APP_KEY") // c pw=1\n/* block x9 */\n',
        'k := os.Getenv("DINGTALK_APP_KEY") // c ****=****\n/* block **** ****\n',
    ),
    ("go", 's := "${X}" + "$X" + "${X:-d}"\n', 's := "${X}" + "$X" + "****"\n'),
    ("go", 's := "unterminated\n', 's := "****\n'),
    ("go", 'a\rb := "x9"\r', 'a\rb := "****"\r'),
    ("kotlin", 'val t = "a${x}b${y.z}c" + "$x"\n', 'val t = "****x****y.z****" + "****"\n'),
    ("kotlin", 'val t = """\nq9 ${f("i9")}\n"""\n', 'val t = """\n****f("****")****\n"""\n'),
    ("ruby", "s = \"a#{k}b\" + 'c9' # c pw=1\n", "s = \"****k****\" + '****' # c ****=****\n"),
    ("ruby", 's = "a#{"in9#{x}"}b"\n', 's = "****"****x****"****"\n'),
    (
        "php",
        "<?php\n$s = \"a{$k}b\" . 'c9'; # x9\n",
        "<?php\n$s = \"****k****\" . '****'; # ****\n",
    ),
    ("csharp", 'var s = $"a{k}b" + @"c9";\n', 'var s = $"****k****" + @"****";\n'),
    ("rust", 'let s = r#"a9"#; // x9\n', 'let s = r#"****"#; // ****\n'),
    ("elixir", 's = "a#{k}b"\n@t ~s(x9)\n', 's = "****k****"\n@t ~s(****)\n'),
    ("java", 'String t = """\n  x9\n  """;\n', 'String t = """\n****\n****""";\n'),
    ("go", "x := `open\n", "x := ****\n"),
    # PHP: inline HTML (and a file with no <?php) is masked; the tags and blanks stay
    ("php", "$t = <<<EOT\nZq8vW3kP0xYt7Lm2\nEOT;\n", "**** **** ****\n****\n****\n"),
    (
        "php",
        "<html>Zq8vW3kP0xYt7Lm2</html>\n<?php $x=1; ?>\nZq8vW3kP0xYt7Lm2 pw\n<?= $y ?>tail<?\n$z;",
        "****\n<?php $x=****; ?>\n**** ****\n<?= $y ?>****<?\n$z;",
    ),
    ("php", "\ufeff<?php\n$k = 1;\n", "\ufeff<?php\n$k = ****;\n"),
    ("php", "<?phpx $a; ?>b", "<?phpx $a; ?>****"),
    ("go", "\ufeffpackage main\n", "\ufeffpackage main\n"),
    # an indented last line without a line end (tokenize's DEDENTs sit past the text)
    ("python", "def f():\n    return 'Zq8vW3kP0xYt7Lm2'", "def f():\n    return '****'"),
    ("python", "if x:\r\n  y = 1\r\n    ", "if x:\r\n  y = ****\r\n    "),
    ("python", " x = 'a'", " x = '****'"),
    # a block scalar in a list item: its lines are text, even when they look like keys
    ("yaml", "- |\n  k: v1\n  # c\n- X=v\n-\tK=v\n", "- |\n  ****\n  ****\n- X=****\n-\tK=****\n"),
    # a hidden reference does not stop the ones after it; lone CRs in lexed languages
    ("yaml", "a: ${{ a.Bad.X }}\nb: $lower-$X\n", "a: ****\nb: ****$X\n"),
    ("shell", 'echo "$X K=v"\n', 'echo "$X****K****"\n'),
    (
        "ruby",
        "=begin\nsecret words x9\n=end\nk = 1\n",
        "=begin\nsecret words ****\n****\nk = ****\n",
    ),
    ("ruby", "t = <<~EOS\r  x9\rEOS\rk = ENV['X']\r", "t = <<~EOS\r****\rEOS\rk = ENV['X']\r"),
    ("go", 'a\rb := "x9"\r', 'a\rb := "****"\r'),
    ("properties", "k=abcX\nXkey=v\n", "k=****\nXkey=****\n"),
    # continued values, paths before '=', blanks inside quotes, heredoc ends, escapes
    ("shell", "PASS = a \\\n  X = v\n", "PASS = **** ****\n  X = ****\n"),
    ("shell", "x /a/b=c,DINGTALK_APP_KEY d\n", "x /a/b=**** d\n"),
    ("shell", 'echo "ab  \ncd"\n', 'echo "****\n****"\n'),
    ("yaml", 'k: "ab  \n  cd"\n', 'k: "****\n****"\n'),
    ("shell", "cat <<-EOF\nx\n  EOF\nEOF\n", "cat <<-EOF\n****\n****\nEOF\n"),
    ("shell", "cat <<-XEOF\nx\n\tXEOF\nEOF\n", "cat <<-XEOF\n****\n\tXEOF\nEOF\n"),
    ("docker", "LABEL = v1\n", "LABEL **** ****\n"),
    (
        "docker",
        "RUN a \\\n  AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA x\n",
        "RUN a ****\n  **** x\n",
    ),
    ("yaml", 'k: "\\"" # c\nl: v\n', 'k: "****" # c\nl: ****\n'),
    ("shell", 'echo "\\"" x\necho y\n', 'echo "****" x\necho y\n'),
    ("yaml", "k: 'a''b' x\nl: v\n", "k: '****' ****\nl: ****\n"),
    ("yaml", "k: 'a'\nl: v\n", "k: '****'\nl: ****\n"),
    # regexes after '(' in template fields and after comments, unterminated literals,
    # Dockerfile instructions after others, blanks other than space and tab in YAML
    ("js", "x = /Xsecret/;\n", "x = /****/;\n"),
    ("js", "t = `${X}${Xa + 1}`;\n", "t = `${X}${Xa + ****}`;\n"),
    ("js", "x = '\n", "x = '\n"),
    ("js", "x = 'AB_CD\n", "x = 'AB_CD\n"),
    ("js", "t = `${f(/secret/)}`;\n", "t = `${f(/****/)}`;\n"),
    ("js", "x = a // (  \n/secret/.test(y)\n", "x = a // ****  \n/****/.test(y)\n"),
    ("js", "t = `\\`${x}`;\n", "t = `****${x}`;\n"),
    ("docker", "FROM a\nENV K abc\n", "FROM a\nENV K ****\n"),
    ("shell", 'echo "DINGTALK_APP_KEY\nx"\n', 'echo "****\n****"\n'),
    ("yaml", 'k: "a\n" tail\nl: v\n', 'k: "****\n" ****\nl: ****\n'),
    ("yaml", "k: DINGTALK_APP_KEY\x0b\n", "k: ****\n"),
    ("yaml", 'k: "a" X # c\nl: "a"\x0b# c\n', 'k: "****" ****\nl: "****"****\n'),
    ("yaml", "k: [Xsecret]\nl: {a: b}\t# note\n", "k: [****]\nl: {a: ****}\t# note\n"),
    (
        "yaml",
        "k: [a , b]\nl: [DINGTALK_APP_KEY X]\nm: [DINGTALK_APP_KEY\x0b]\n",
        "k: [**** , ****]\nl: [****]\nm: [****]\n",
    ),
    # a continued value whose next line is not an assignment; a form feed before code
    ("shell", "PASS = a \\\n  abc def\n", "PASS = **** ****\n  **** ****\n"),
    ("python", "\x0cx = 1\n", "\x0cx = ****\n"),
    # a doubled quote right before the closing one; a name that opens an unterminated quote
    ("yaml", "k: 'a'''\nl: v\n", "k: '****'\nl: ****\n"),
    ("yaml", 'k: "DINGTALK_APP_KEY\n  x"\n', 'k: "****\n****"\n'),
]


@pytest.mark.parametrize(("kind", "text", "expected"), LAYOUTS)
def test_mask_layouts(kind: str, text: str, expected: str) -> None:
    assert mask(text, kind) == expected


LEXED_KINDS = {
    "main.go": "go",
    "App.java": "java",
    "Main.kt": "kotlin",
    "Program.cs": "csharp",
    "lib.rs": "rust",
    "index.php": "php",
    "app.rb": "ruby",
    "app.ex": "elixir",
    "Jenkinsfile": "groovy",
    "build.gradle": "groovy",
}
KINDS = {
    "python": pools.PYTHON,
    "js": pools.JS,
    "shell": pools.SHELL + pools.JSON + pools.HCL + pools.MAKE + pools.PROCFILE + pools.SYSTEMD,
    "docker": pools.DOCKER,
    "yaml": pools.YAML_MAP + pools.YAML_LIST + pools.K8S,
    "deps": pools.DEPS,
    "properties": pools.PROPERTIES,
}
for _file, (_read, _templates) in pools.LEXED.items():
    KINDS.setdefault(LEXED_KINDS[_file], []).extend([_read, *_templates])


@st.composite
def code(draw: st.DrawFn) -> tuple[str, str, str]:
    kind = draw(st.sampled_from(sorted(KINDS)))
    secret = draw(st.sampled_from(pools.SECRETS))
    name = draw(st.sampled_from(pools.NAMES))
    lines = draw(st.lists(st.sampled_from(KINDS[kind]), min_size=1, max_size=12))
    nl = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    last = draw(st.sampled_from([nl, ""]))  # a last line without a line end too
    text = "\n".join(t.format(s=secret, n=name) for t in lines).replace("\n", nl) + last
    return kind, text, secret


@given(code())
@settings(max_examples=200, deadline=None, derandomize=True)
def test_mask_keeps_lines_and_hides_the_secret(case: tuple[str, str, str]) -> None:
    kind, text, secret = case
    masked = mask(text, kind)
    assert not any(secret[i : i + 6] in masked for i in range(len(secret) - 5))
    for end in ("\r\n", "\n", "\r"):
        assert masked.count(end) == text.count(end)


#: The module's patterns, each character class, alternative, anchor and quantifier pinned
#: by a case that changes if it does: (pattern, text, what ``match`` takes at the start).
PATTERNS = [
    ("_NEWLINE", "\r\n", "\r\n"),
    ("_NEWLINE", "\n", "\n"),
    ("_NEWLINE", "\r", "\r"),
    ("_NEWLINE", "\n\r", "\n"),
    ("_NEWLINE", "x", None),
    ("_LINE", "a\r\nb", "a\r\n"),
    ("_LINE", "a\rb", "a\r"),
    ("_LINE", "a\nb", "a\n"),
    ("_LINE", "ab", "ab"),
    ("_LINE", "\n", "\n"),
    ("_LINE", "", ""),
    ("_REF", "${{ env.X }}", "${{ env.X }}"),
    ("_REF", "${{env.X}}", "${{env.X}}"),
    ("_REF", "${{\tX\t}}", "${{\tX\t}}"),
    ("_REF", "${{ X\n}}", None),
    ("_REF", "${{ 1X }}", None),
    ("_REF", "${{ _a.b_1 }}", "${{ _a.b_1 }}"),
    ("_REF", "${{ a-b }}", None),
    ("_REF", "${{ x.y }", None),
    ("_REF", "${X}", "${X}"),
    ("_REF", "${_x1}", "${_x1}"),
    ("_REF", "${1x}", None),
    ("_REF", "${X:-a}", "${X:-a}"),
    ("_REF", "${X-a}", "${X-a}"),
    ("_REF", "${X:=a}", "${X:=a}"),
    ("_REF", "${X?a b}", "${X?a b}"),
    ("_REF", "${X+a}", "${X+a}"),
    ("_REF", "${X:}", None),
    ("_REF", "${X:-}", "${X:-}"),
    ("_REF", "${X:-a\nb}", None),
    ("_REF", "${X:-a}b}", "${X:-a}"),
    ("_REF", "${X::-a}", None),
    ("_REF", "${X}}", "${X}"),
    ("_REF", "${}", None),
    ("_REF", "${X", None),
    ("_REF", "${X y}", None),
    ("_REF", "$(X)", "$(X)"),
    ("_REF", "$(X Y)", None),
    ("_REF", "$(_1)", "$(_1)"),
    ("_REF", "$(1)", None),
    ("_REF", "$X.y", "$X"),
    ("_REF", "$_a1-b", "$_a1"),
    ("_REF", "$1", None),
    ("_REF", "$", None),
    ("_REF", "$X", "$X"),
    ("_INNER_NAME", "K=v", "K"),
    ("_INNER_NAME", "_k1=v", "_k1"),
    ("_INNER_NAME", "1k=v", None),
    ("_INNER_NAME", "K =v", None),
    ("_INNER_NAME", "K", None),
    ("_INNER_NAME", "Kk=v", "Kk"),
    ("_PROPERTY", "a.b-c_1=v", "a.b-c_1="),
    ("_PROPERTY", " \tk : v", " \tk : "),
    ("_PROPERTY", "k v", "k "),
    ("_PROPERTY", "k\tv", "k\t"),
    ("_PROPERTY", "=v", None),
    ("_PROPERTY", "k", None),
    ("_PROPERTY", "k=", "k="),
    ("_PROPERTY", "k:=v", "k:"),
    ("_PROPERTY", "k  =  v", "k  =  "),
    ("_PROPERTY", "k\n=v", None),
    ("_PROPERTY", "k=\nv", "k="),
    ("_PROPERTY", "k/x=v", None),
    ("_STRING_HEAD", "rb'''x'''", "rb'''"),
    ("_STRING_HEAD", '"""x"""', '"""'),
    ("_STRING_HEAD", "'x'", "'"),
    ("_STRING_HEAD", 'Rb"x"', 'Rb"'),
    ("_STRING_HEAD", "x", None),
    ("_STRING_HEAD", "1'x'", None),
    ("_STRING_HEAD", "''", "'"),
    ("_FIELD", "{{", "{{"),
    ("_FIELD", "}}", "}}"),
    ("_FIELD", "{a.b()}", "{a.b()}"),
    ("_FIELD", "{}", "{}"),
    ("_FIELD", "{a{b}", None),
    ("_FIELD", "{a", None),
    ("_FIELD", "}", None),
    ("_JS_TOKEN", "// c\nx", "// c"),
    ("_JS_TOKEN", "/* a\n*b */x", "/* a\n*b */"),
    ("_JS_TOKEN", "/* a **/x", "/* a **/"),
    ("_JS_TOKEN", "/* open\nx", "/* open\nx"),
    ("_JS_TOKEN", "/**/x", "/**/"),
    ("_JS_TOKEN", "'a\\'b'x", "'a\\'b'"),
    ("_JS_TOKEN", "'open\nx", "'open"),
    ("_JS_TOKEN", '"a\\"b"x', '"a\\"b"'),
    ("_JS_TOKEN", '"open', '"open'),
    ("_JS_TOKEN", "''x", "''"),
    ("_JS_TOKEN", "'a\\\nb'", "'a\\\nb'"),
    ("_JS_TOKEN", "`x", "`"),
    ("_JS_TOKEN", ".5x", ".5x"),
    ("_JS_TOKEN", "1.5e3.x ", "1.5e3.x"),
    ("_JS_TOKEN", "0x1F_", "0x1F_"),
    ("_JS_TOKEN", "..5", ".."),
    ("_JS_TOKEN", "$a1_ b", "$a1_"),
    ("_JS_TOKEN", "_$ b", "_$"),
    ("_JS_TOKEN", "A b", "A"),
    ("_JS_TOKEN", " \t\n x", " \t\n "),
    ("_JS_TOKEN", "+-*( x", "+-*("),
    ("_JS_TOKEN", "/x", "/"),
    ("_JS_TOKEN", "//", "//"),
    ("_JS_TOKEN", "#!@x", "#!@"),
    ("_JS_TOKEN", "é", "é"),
    ("_JS_REGEX", "/a/gi;", "/a/gi"),
    ("_JS_REGEX", "/a[/]b\\/c/x", "/a[/]b\\/c/x"),
    ("_JS_REGEX", "//", None),
    ("_JS_REGEX", "/a\nb/", None),
    ("_JS_REGEX", "/[a\\]]/", "/[a\\]]/"),
    ("_JS_REGEX", "/a/G", "/a/"),
    ("_JS_REGEX", "/a", None),
    ("_JS_REGEX", "/[/a", None),
    ("_JS_REGEX", "/a\\/", None),
    ("_JS_REGEX", "/[\n]/", None),
    ("_SH_TOKEN", " \tx", " \t"),
    ("_SH_TOKEN", "\\\nx", "\\\n"),
    ("_SH_TOKEN", "\\\r\nx", "\\\r\n"),
    ("_SH_TOKEN", "\\\rx", "\\\r"),
    ("_SH_TOKEN", "\nx", "\n"),
    ("_SH_TOKEN", "<<EOF x", "<<EOF"),
    ("_SH_TOKEN", "<<-'E.1-x' y", "<<-'E.1-x'"),
    ("_SH_TOKEN", '<< "E" y', '<< "E"'),
    ("_SH_TOKEN", "<<'E\" y", "<<"),
    ("_SH_TOKEN", "<<\tE y", "<<\tE"),
    ("_SH_TOKEN", "<<1E", "<<"),
    ("_SH_TOKEN", "a.b-c=v", "a.b-c="),
    ("_SH_TOKEN", "A+=v", "A+="),
    ("_SH_TOKEN", "1a=v", "1a="),
    ("_SH_TOKEN", "${X:-a b} c", "${X:-a b}"),
    ("_SH_TOKEN", "${X\n}", "$"),
    ("_SH_TOKEN", "$(X) y", "$(X)"),
    ("_SH_TOKEN", "$(X Y)", "$"),
    ("_SH_TOKEN", "$_a1-b", "$_a1"),
    ("_SH_TOKEN", "'x", "'"),
    ("_SH_TOKEN", '"x', '"'),
    ("_SH_TOKEN", ";&|()<>x", ";&|()<>"),
    ("_SH_TOKEN", "{x", "{"),
    ("_SH_TOKEN", "],x", "]"),
    ("_SH_TOKEN", "abc=def", "abc="),
    ("_SH_TOKEN", "-a/b.c x", "-a/b.c"),
    ("_SH_TOKEN", "= x", "="),
    ("_SH_TOKEN", "$ x", "$"),
    ("_SH_TOKEN", "a$b", "a"),
    ("_SH_TOKEN", "a'b", "a"),
    ("_SH_TOKEN", "a{b", "a"),
    ("_SH_TOKEN", "a,b", "a"),
    ("_SH_TOKEN", "a;b", "a"),
    ("_SH_WORD", "-a", "-a"),
    ("_SH_WORD", "--color", "--color"),
    ("_SH_WORD", "---a", None),
    ("_SH_WORD", "a-b./_c:", "a-b./_c:"),
    ("_SH_WORD", "a::", "a:"),
    ("_SH_WORD", "a1", "a"),
    ("_SH_WORD", "1a", None),
    (
        "_SH_WORD",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ),
    (
        "_SH_WORD",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ),
    ("_SH_WORD", "/", "/"),
    ("_SH_WORD", "./a", "./a"),
    ("_SH_WORD", "~/a-b", "~/a-b"),
    ("_SH_WORD", "..a", None),
    ("_SH_WORD", "//a", "//a"),
    (
        "_SH_WORD",
        "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ),
    (
        "_SH_WORD",
        "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ),
    ("_SH_WORD", "/a1", "/a"),
    ("_SH_WORD", "-", None),
    ("_SPACED_ASSIGN", "X = v", "X = "),
    ("_SPACED_ASSIGN", " \tX\t:=\tv", " \tX\t:=\t"),
    ("_SPACED_ASSIGN", "export X ?= v", "export X ?= "),
    ("_SPACED_ASSIGN", "override\tX += v", "override\tX += "),
    ("_SPACED_ASSIGN", "X != v", "X != "),
    ("_SPACED_ASSIGN", "X ::= v", "X ::= "),
    ("_SPACED_ASSIGN", "X :::= v", None),
    ("_SPACED_ASSIGN", '"X" = v', '"X" = '),
    ("_SPACED_ASSIGN", "'X' = v", "'X' = "),
    ("_SPACED_ASSIGN", "X.a-b = v", "X.a-b = "),
    ("_SPACED_ASSIGN", "X= v", None),
    ("_SPACED_ASSIGN", "X == v", None),
    ("_SPACED_ASSIGN", "X =v", "X ="),
    ("_SPACED_ASSIGN", "1X = v", None),
    ("_SPACED_ASSIGN", "exportX = v", "exportX = "),
    ("_SPACED_ASSIGN", "X\n= v", None),
    ("_SPACED_ASSIGN", "X =\nv", "X ="),
    ("_DOCKER_HEAD", "RUN x", "RUN"),
    ("_DOCKER_HEAD", " \tenv\tx", " \tenv"),
    ("_DOCKER_HEAD", "RUN", "RUN"),
    ("_DOCKER_HEAD", "RUN1 x", None),
    ("_DOCKER_HEAD", "RUN=x", None),
    ("_DOCKER_HEAD", "RUN\nx", None),
    ("_DOCKER_ENV_SPACE", " K v", " K "),
    ("_DOCKER_ENV_SPACE", "\tK.a-b_1\tv", "\tK.a-b_1\t"),
    ("_DOCKER_ENV_SPACE", "K v", None),
    ("_DOCKER_ENV_SPACE", " 1K v", None),
    ("_DOCKER_ENV_SPACE", " K=v", None),
    ("_DOCKER_ENV_SPACE", " K\nv", None),
    ("_DOCKER_ENV_SPACE", " K", None),
    ("_YAML_KEY", "k: v", "k:"),
    ("_YAML_KEY", "  - - k: v", "  - - k:"),
    ("_YAML_KEY", "-\tk:", "-\tk:"),
    ("_YAML_KEY", '"a b": v', '"a b":'),
    ("_YAML_KEY", "'a': v", "'a':"),
    ("_YAML_KEY", "\"a': v", None),
    ("_YAML_KEY", "a.b-c/d e: v", "a.b-c/d e:"),
    ("_YAML_KEY", "<<: *x", "<<:"),
    ("_YAML_KEY", "k :\tv", "k :"),
    ("_YAML_KEY", "k:v", None),
    ("_YAML_KEY", "k :", "k :"),
    ("_YAML_KEY", "k :: v", None),
    ("_YAML_KEY", "a : b: c", "a :"),
    ("_YAML_KEY", "k : ", "k :"),
    ("_YAML_KEY", "-k: v", "-k:"),
    ("_YAML_KEY", " : v", None),
    ("_YAML_KEY", "a :\n", "a :"),
    ("_YAML_ITEM", "- x", "-"),
    ("_YAML_ITEM", "  -\tx", "  -"),
    ("_YAML_ITEM", "-", "-"),
    ("_YAML_ITEM", "-x", None),
    ("_YAML_ITEM", "--- x", None),
    ("_YAML_ITEM", "-\n", "-"),
    ("_YAML_PROPS", "&a x", "&a "),
    ("_YAML_PROPS", "*a", "*a"),
    ("_YAML_PROPS", "!!str &a\tx", "!!str &a\t"),
    ("_YAML_PROPS", "&a,x", "&a"),
    ("_YAML_PROPS", "&a]x", "&a"),
    ("_YAML_PROPS", "!t{x", "!t"),
    ("_YAML_PROPS", "x &a", None),
    ("_YAML_PROPS", "&a\nx", "&a"),
    ("_YAML_PROPS", "&", "&"),
    ("_YAML_BLOCK", "|", "|"),
    ("_YAML_BLOCK", ">-2 #", ">-2"),
    ("_YAML_BLOCK", "|+\tx", "|+"),
    ("_YAML_BLOCK", "|x", None),
    ("_YAML_BLOCK", ">9-", ">9-"),
    ("_YAML_BLOCK", "|\n", "|"),
    ("_YAML_FLOW_KEY", "a.b-c_1: v", "a.b-c_1"),
    ("_YAML_FLOW_KEY", "a:", "a"),
    ("_YAML_FLOW_KEY", "a :,", "a"),
    ("_YAML_FLOW_KEY", "a:}", "a"),
    ("_YAML_FLOW_KEY", "a:]", "a"),
    ("_YAML_FLOW_KEY", "a:b", None),
    ("_YAML_FLOW_KEY", "a b: c", None),
    ("_YAML_FLOW_KEY", "a\t:\tb", "a"),
    ("_YAML_FLOW_KEY", "a\n: b", None),
    ("_YAML_FLOW_KEY", "a/b: c", None),
    ("_GAP_SHOWN", " \t\r\n\ufeffx", " \t\r\n\ufeff"),
    ("_GAP_SHOWN", "<?php x", "<?php"),
    ("_GAP_SHOWN", "<?phpx", "<?"),
    ("_GAP_SHOWN", "<?= x", "<?="),
    ("_GAP_SHOWN", "<?x", "<?"),
    ("_GAP_SHOWN", "<x", None),
]


@pytest.mark.parametrize(("name", "text", "expected"), PATTERNS)
def test_mask_patterns(name: str, text: str, expected: str | None) -> None:
    match = getattr(mask_module, name).match(text)
    assert (match and match.group()) == expected


def test_masked_diff_masks_both_sides_and_shows_the_given_names() -> None:
    from envmigrate.diff import Edit

    src = (
        f'const s = "{S}", n = "apiKey";\n'
        'const k = process.env.DINGTALK_APP_KEY || "apiKey";\n'
        f"const t = `a\n{S}`;\n"
    )
    at = src.index("DINGTALK_APP_KEY")
    edits = [Edit(at, at + len("DINGTALK_APP_KEY"), "DINGTALK_CLIENT_ID")]
    body = (
        "@@ -1,4 +1,4 @@\n"
        ' const s = "****", n = "{n}";\n'
        '-const k = process.env.DINGTALK_APP_KEY || "{n}";\n'
        '+const k = process.env.DINGTALK_CLIENT_ID || "{n}";\n'
        " const t = `****\n"
        " ****`;\n"
    )
    head = "--- a/web.js\n+++ b/web.js\n"
    assert masked_diff(src, edits, "web.js", "js") == head + body.format(n="****")
    shown = masked_diff(src, edits, "web.js", "js", names=["apiKey"])
    assert shown == head + body.format(n="apiKey")


#: Names the caller passes (the rename table's, even when not upper-case) are shown like
#: conventional ones: (kind, text, masked with ``my_var`` given, masked without).
NAMED = [
    ("python", "a = 'my_var' + 'other'\n", "a = 'my_var' + '****'\n", "a = '****' + '****'\n"),
    (
        "js",
        "a = 'my_var' + `my_var` + 'other'\n",
        "a = 'my_var' + `my_var` + '****'\n",
        "a = '****' + `****` + '****'\n",
    ),
    (
        "shell",
        'echo $my_var ${my_var:-x} $(my_var) $other "my_var" my_var=1 x\n',
        'echo $my_var ${my_var:-****} $(my_var) **** "my_var" my_var=**** x\n',
        'echo **** **** **** **** "****" my_var=**** x\n',
    ),
    ("shell", 'echo "my_var=v other=w"\n', 'echo "my_var****"\n', 'echo "****"\n'),
    (
        "docker",
        "ENV my_var=1\nRUN env my_var=2 x\n",
        "ENV my_var=****\nRUN env my_var=**** x\n",
        "ENV my_var=****\nRUN env my_var=**** x\n",
    ),
    (
        "yaml",
        "k: my_var\nl: ${{ env.my_var }}\nm: ${{ my_var.X }}\nn: [my_var, other]\n- my_var=1\n",
        "k: my_var\nl: ${{ env.my_var }}\nm: ${{ my_var.X }}\nn: [my_var, ****]\n- my_var=****\n",
        "k: ****\nl: ****\nm: ${{ my_var.X }}\nn: [****, ****]\n- my_var=****\n",
    ),
    ("properties", "k=${my_var}\n", "k=${my_var}\n", "k=****\n"),
    ("go", 'a := "my_var" + "other"\n', 'a := "my_var" + "****"\n', 'a := "****" + "****"\n'),
    (
        "properties",
        "k=a\\\n$my_var\n=$my_var\n",
        "k=****\n$my_var\n****$my_var\n",
        "k=****\n****\n****\n",
    ),
    (
        "shell",
        "cat <<EOF\nx $my_var\nEOF\nEnvironment=my_var=v\nrun --flag=my_var,x\n",
        "cat <<EOF\n****$my_var\nEOF\nEnvironment=my_var=****\nrun --flag=my_var,****\n",
        "cat <<EOF\n****\nEOF\nEnvironment=****\nrun --flag=****,****\n",
    ),
    ("docker", "ENV K $my_var\n", "ENV K $my_var\n", "ENV K ****\n"),
    (
        "yaml",
        'k: |\n  $my_var x\nl: x\n  $my_var y\nm: "a $my_var"\nn: [a $my_var]\n',
        'k: |\n  $my_var****\nl: ****\n  $my_var****\nm: "****$my_var"\nn: [****$my_var]\n',
        'k: |\n  ****\nl: ****\n  ****\nm: "****"\nn: [****]\n',
    ),
]


@pytest.mark.parametrize(("kind", "text", "shown", "hidden"), NAMED)
def test_mask_shows_the_given_names(kind: str, text: str, shown: str, hidden: str) -> None:
    assert mask(text, kind, ["my_var"]) == shown
    assert mask(text, kind, iter(["my_var"])) == shown  # any iterable, read once
    assert mask(text, kind) == hidden


def test_python_tokens_of_a_newer_tokenize_are_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python 3.12 splits ``f"{S}{y:>{w}}"`` into FSTRING_START, FSTRING_MIDDLE (the text),
    the fields' tokens and FSTRING_END; the text is hidden, names and structure stay. The
    token stream of 3.12 is replayed here (this interpreter may not produce it)."""
    import tokenize

    text = f'x = f"{S}{{y}}"  # c\n'
    start, middle, end = 1001, 1002, 1003
    for kind, name in ((start, "FSTRING_START"), (middle, "FSTRING_MIDDLE"), (end, "FSTRING_END")):
        monkeypatch.setitem(tokenize.tok_name, kind, name)
    line = text

    def tok(kind: int, string: str, col: int) -> tokenize.TokenInfo:
        return tokenize.TokenInfo(kind, string, (1, col), (1, col + len(string)), line)

    stream = [
        tok(tokenize.NAME, "x", 0),
        tok(tokenize.OP, "=", 2),
        tok(start, 'f"', 4),
        tok(middle, S, 6),
        tok(tokenize.OP, "{", 22),
        tok(tokenize.NAME, "y", 23),
        tok(tokenize.OP, "}", 24),
        tok(end, '"', 25),
        tok(tokenize.COMMENT, "# c", 28),
        tok(tokenize.NEWLINE, "\n", 31),
        tokenize.TokenInfo(tokenize.ENDMARKER, "", (2, 0), (2, 0), ""),
    ]
    monkeypatch.setattr(tokenize, "generate_tokens", lambda readline: iter(stream))
    assert mask(text, "python") == 'x = f"****{y}"  # c\n'
    # a token kind nobody placed is hidden, and so is anything between tokens but blanks
    stream[3] = tok(4242, S, 6)
    assert mask(text, "python") == 'x = f"****{y}"  # c\n'
    stream[3:4] = []
    assert mask(text, "python") == 'x = f"****{y}"  # c\n'


def test_given_names_in_expressions_and_quoted_assignments() -> None:
    """A given name that is neither upper-case nor lower-case, as a context in ``${{ }}``;
    given names around an assignment inside a double-quoted shell string."""
    assert mask("a: ${{ myVar.X }}\n", "yaml", ["myVar"]) == "a: ${{ myVar.X }}\n"
    assert mask("a: ${{ myVar.X }}\n", "yaml") == "a: ****\n"
    text = 'echo "$my_var K=$my_var"\n'
    assert mask(text, "shell", ["my_var"]) == 'echo "$my_var****K****$my_var"\n'


def test_a_given_name_with_digits_is_shown_as_a_word() -> None:
    assert mask("echo key2 x9\n", "shell", ["key2"]) == "echo key2 ****\n"
    assert mask("echo key2 x9\n", "shell") == "echo **** ****\n"
