"""The masking allow-list, end to end: a sentinel secret planted in every position of
generated files of every kind the tool scans never reaches any output (text, JSON,
github, ``-v``, errors) of ``check``, ``migrate --dry-run`` or ``migrate --code --dry-run``
without ``--show-secrets``; not even a 6-character piece of it.

Each template is a line (or lines) of one kind of file with ``{s}`` where a secret can
stand and ``{n}`` where a watched name stands (so the file has something to migrate).
The issue's examples (inline comments holding an assignment, commented-out multi-line
values, YAML block scalars, values with ``#`` or starting with ``$``/``&``/``{``, Python
and JavaScript strings spanning lines, shell ``PASS=abc#…``, heredocs, Dockerfile
``ENV``/``ARG``/``CMD``) are all in the tables.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from envmigrate.entry import main

SECRETS = ("Zq8vW3kP0xYt7Lm2", "zq8vw3kp0xyt7lm2", "Zq8v-W3kP/0xYt+7Lm2==", "9Zq8vW3kP0xYt7Lm2")
NAMES = ("DINGTALK_APP_KEY", "DINGTALK_APP_SECRET", "DINGTALK_AGENT_ID")

ENV = [
    "{n}={s}",
    "export {n}='{s}'",
    '{n}="{s}"',
    '{n}="a{s}\n{s}\nb{s}"',
    "{n}={s} # c",
    "{n}=id # DINGTALK_APP_SECRET={s}",
    "{n}='x' # note: {s}",
    "{n}=id # see {s} here",
    "# {n}={s}",
    "# export {n} = '{s}'",
    '# {n}="{s}\n# {s}\n# x{s}" # y={s}',
    'DINGTALK_AGENT_ID="{s}\n{s}\n-----END {s}"',
    "DINGTALK_AGENT_ID='\n{s}\n'",
    "{n}={s} 'broken",
    "{n}=${{OTHER:-{s}}}",
    "X=${{{n}}}{s}",
    "'{n}'=\"{s}\"",
    '{n}="{s}',
    "{n}='{s}",
    'export {n}="{s}',
    "export {n}='{s}",
    "{s}",
    "{s}=x",
    "x{s}={s}",
    "  {s} tail",
    "junk: {s}",
    "OTHER={s}#{s}",
    "OTHER=${s}",
    "OTHER=",
    "",
    "# plain words",
]
PYTHON = [
    'X = os.getenv("{n}", "{s}")',
    'Y = """{s}\n{s}\n"""',
    "Z = f\"{s}{{os.environ['{n}']}}{s}\"",
    "F = f'''{s}\n{{x}}{s}\n'''",
    "# {n}={s}",
    'os.environ["{n}"]  # {s}',
    "W = '{s}' + r'{s}' + b\"{s}\"",
    'settings.{n} = "{s}"',
    "def f(a='{s}'):\n    return a",
    "",
]
JS = [
    'const a = process.env.{n} || "{s}";',
    "const t = `{s}\n${{process.env.{n}}}\n{s}`;",
    "// {s}",
    "/* {s}\n{s} */",
    "const {{ {n} }} = process.env; const k = '{s}';",
    "let x = \"{s}\" + '{s}'; // {n}={s}",
    "const u = `x ${{'{s}'}} y`;",
    'const r = /"/; const k = "{s}"; const q = a / b;',
    "",
]
SHELL = [
    "export {n}={s}",
    '{n}="{s}"',
    "PASS=abc#{s}",
    "cat <<EOF\n{s} ${n}\nEOF",
    "cat <<-'END'\n\t{s}\n\tEND",
    'echo "{s}\n{s}" # {s}',
    'curl -u u:{s} --token={s} "${n}"',
    "# {n}={s}",
    "X='{s}'",
    "{s}",
    "echo ${{{n}:-{s}}}",
    "",
]
DOCKER = [
    "ENV {n}={s}",
    "ENV {n} {s}",
    "ARG {n}={s}",
    'CMD ["python", "{s}"]',
    "RUN echo {s} && export {n}={s}",
    "RUN <<EOF\n{s}\nEOF",
    "ENV A={s} \\\n    {n}={s}",
    "# {s}",
    'LABEL x="{s}"',
    "FROM img:{s}",
    "RUN --mount=type=secret,id={n} cat /run/secrets/{n} {s}",
]
YAML_MAP = [
    "{n}: {s}",
    'X: "{s}"',
    "Y: '{s}'",
    "P: |\n  {s}\n  {s}",
    "Q: >-\n  {s}\n\n  {s}",
    "R: &a {s}",
    "S: {{k: {s}, {n}: ${{{n}}}}}",
    "T: abc#{s} # c {s}",
    "U: ${s}",
    "V: ${{{n}}}{s}",
    "W: [{s}, '{s}']",
    "Z: plain\n  {s}",
    'M: "{s}\n  {s}"',
    "# {n}: {s}",
    "{n}: ${{{{ secrets.X }}}}",
    "",
]
YAML_LIST = ["- {n}={s}", "- {s}", '- "{s}"', "- {n}"]
K8S = ["- name: {n}\n  value: {s}", '- name: {n}\n  value: "{s}"', "- name: X\n  value: |\n    {s}"]
JSON = ['"{n}": "{s}",', '"x": "{s}",', '"n": 1{s},', '"{n}_URL": "https://u:{s}@h",']
HCL = [
    'variable "{n}" {{ default = "{s}" }}',
    'x = "{s}"',
    "y = <<EOF\n{s}\nEOF",
    "# {s}",
    'env = {{ {n} = "{s}" }}',
    "z = {s}",
]
MAKE = ["export {n} := {s}", "PASS = {s} x", "run:\n\tcurl -u u:{s} $${n}", "{n} ?= {s}"]
PROCFILE = ["web: {n}={s} python app.py --token={s}", "worker: run ${n} {s}"]
SYSTEMD = ["Environment={n}={s}", 'Environment="{n}={s}" "B={s}"', "ExecStart=/bin/app --key={s}"]
# Languages read by the token lexer: (file, a read of the name, templates)
LEXED = {
    "main.go": (
        'var k = os.Getenv("{n}")',
        ['var s = "{s}"', "var t = `\n{s}\n`", "// {n}={s}", "/* {s}\n{s} */"],
    ),
    "App.java": (
        'String k = System.getenv("{n}");',
        ['String s = "{s}";', 'String t = """\n  {s}\n  """;', "// {s}", "char c = 'x';"],
    ),
    "Main.kt": ('val k = System.getenv("{n}")', ['val t = """\n{s} ${{x}}\n"""', 'val s = "{s}"']),
    "Program.cs": (
        'var k = Environment.GetEnvironmentVariable("{n}");',
        ['var t = @"\n{s}";', 'var s = $"{s}{{k}}";', "// {s}"],
    ),
    "lib.rs": ('let k = env::var("{n}");', ['let t = r#"\n{s}\n"#;', 'let s = "{s}";']),
    "index.php": (
        "<?php\n$k = env('{n}');",
        [
            "$t = <<<EOT\n{s}\nEOT;",
            "$s = '{s}';",
            "# {s}",
            '$u = "{s}{{$k}}";',
            "?>\n<p>{s}</p> <i>{s}\n<?php",
        ],
    ),
    "app.rb": ("k = ENV['{n}']", ["t = <<~EOS\n  {s}\nEOS", 's = "{s}#{{k}}"', "# {s}"]),
    "app.ex": ('k = System.get_env("{n}")', ['@t """\n{s}\n"""', 's = "{s}"', "# {s}"]),
    "Jenkinsfile": (
        "environment {{ {n} = credentials('x') }}",
        [
            'sh "curl -d {s} ${{env.{n}}}"',
            "sh '''\n  export {n}={s}\n'''",
            'withEnv(["{n}={s}"]) {{ }}',
            "def t = $/{s}/$",
            "// {s}",
            "bat 'set {n}={s}'",
        ],
    ),
    "build.gradle": (
        'def k = System.getenv("{n}")',
        ["test {{ environment '{n}', '{s}' }}", 'def t = """\n{s} ${{k}}\n"""', "/* {s} */"],
    ),
}
PROPERTIES = ["dingtalk.key={s}", "x: {s}", "y {s}", "# {s}", "z = a\\\n  {s}"]
DEPS = ["dingtalk-stream==0.7.{s}", "--index-url https://u:{s}@host/simple", "# {s}", "x=={s}"]


def _lines(templates: list[str]) -> st.SearchStrategy[list[str]]:
    """Some templates in any order, or (one example in eight) all of them."""
    return st.one_of(
        st.lists(st.sampled_from(templates), min_size=1, max_size=6),
        st.permutations(templates),
    )


def _indent(text: str, by: str) -> str:
    return "".join(by + line if line.strip() else line for line in text.splitlines(True))


@st.composite
def repository(draw: st.DrawFn) -> dict[str, str]:
    """File name -> text: one file of every kind, each with a watched name in it."""
    secret = draw(st.sampled_from(SECRETS))
    name = draw(st.sampled_from(NAMES))
    nl = draw(st.sampled_from(["\n", "\r\n", "\r"]))

    def fill(templates: list[str], lead: str = "") -> str:
        lines = [f"{lead}{name}_PLACE"] if lead else []
        lines += [t.format(s=secret, n=name) for t in draw(_lines(templates))]
        return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))  # a last line end or not

    env = f"{name}=x\n" + fill(ENV)
    files = {
        ".env": env,
        "app.py": f'A = os.getenv("{name}")\n' + fill(PYTHON),
        "web.ts": f"const b = process.env.{name};\n" + fill(JS),
        "run.sh": f"echo ${name}\n" + fill(SHELL),
        "Dockerfile": f"FROM python\nARG {name}\n" + fill(DOCKER),
        "docker-compose.yml": "services:\n  app:\n    environment:\n"
        + _indent(f"{name}: ${{{name}}}\n" + fill(YAML_MAP), "      ")
        + "    env_file: x\n  other:\n    environment:\n"
        + _indent(fill(YAML_LIST), "      "),
        "k8s.yaml": "spec:\n  containers:\n    - env:\n"
        + _indent(f"- name: {name}\n" + fill(K8S), "        "),
        ".github/workflows/ci.yml": "env:\n"
        + _indent(f"{name}: ${{{{ secrets.X }}}}\n", "  ")
        + "jobs:\n  a:\n    env:\n"
        + _indent(fill(YAML_MAP), "      "),
        "requirements.txt": fill(DEPS),
        "config.json": "{\n" + f'"a": "${{{name}}}",\n' + fill(JSON) + '"end": 1\n}\n',
        "main.tf": f'variable "{name}" {{}}\n' + fill(HCL),
        "Makefile": f"X := $({name})\n" + fill(MAKE),
        "Procfile": f"web: echo ${name}\n" + fill(PROCFILE),
        "app.service": f"[Service]\nEnvironment={name}=x\n" + fill(SYSTEMD),
        "application.properties": f"k=${{{name}}}\n" + fill(PROPERTIES),
        **{
            file: read.format(n=name) + "\n" + fill(templates)
            for file, (read, templates) in LEXED.items()
        },
        "shown.env": f"DINGTALK_APP_SECRET={secret}\n",  # --show-secrets shows this diff
        # old and new names with different values: refused, reported (EM004)
        "conflict.env": f"DINGTALK_APP_KEY=a{secret}\nDINGTALK_CLIENT_ID='{secret}'\n",
    }
    if draw(st.booleans()):
        files["bad.env"] = f"{name}=\udcff{secret}\n"  # not UTF-8: an error line
    return {k: v.replace("\n", nl) for k, v in files.items()}


RUNS = [
    ["check"],
    ["check", "-v"],
    ["check", "--format", "json"],
    ["check", "--format", "github"],
    ["migrate", "--dry-run"],
    ["migrate", "--dry-run", "-v", "--format", "json"],
    ["migrate", "--code", "--dry-run"],
    ["migrate", "--code", "--dry-run", "-v"],
    ["migrate", "--code", "--dry-run", "--format", "json"],
]


def run(argv: list[str], folder: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main([*argv, "--no-color", folder])
    return out.getvalue() + err.getvalue()


def pieces(secret: str) -> set[str]:
    return {secret[i : i + 6] for i in range(len(secret) - 5)}


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogateescape"))


@given(repository())
@settings(
    max_examples=int(os.environ.get("SENTINEL_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@example(  # found on a random seed: a plain scalar's continuation that looks like "key: v"
    files={
        ".env": "DINGTALK_APP_KEY=Zq8vW3kP0xYt7Lm2\n",
        "docker-compose.yml": "services:\n  app:\n    environment:\n"
        "      DINGTALK_APP_KEY: ${DINGTALK_APP_KEY}\n"
        "      Z: plain\n        Zq8vW3kP0xYt7Lm2    env_file: x\n",
    }
)
def test_sentinel_never_printed(files: dict[str, str]) -> None:
    secret = next(s for s in SECRETS if any(s in text for text in files.values()))
    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp), files)
        for argv in RUNS:
            output = run(argv, tmp)
            leaked = sorted(p for p in pieces(secret) if p in output)
            assert not leaked, f"{argv}: {leaked[:3]} in\n{output}"
        assert run(["migrate", "--code", "--dry-run", "--show-secrets"], tmp).count(secret)


@given(repository())
@settings(max_examples=5, deadline=None)
def test_every_kind_is_generated(example: dict[str, str]) -> None:
    """The generated tree holds a file of every kind the folder walk scans."""
    from envmigrate.files import kind_of

    kinds = {kind_of(Path(name).name) for name in example}
    assert {"python", "js", "shell", "docker", "yaml", "deps", None} <= kinds
    assert {"json", "hcl", "make", "procfile", "systemd", "properties"} <= kinds
    assert {"go", "java", "kotlin", "csharp", "rust", "php", "ruby", "elixir", "groovy"} <= kinds
