"""The code masks: an allow-list per kind (tables), and the sentinel property on `mask`."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.scanners.mask import mask
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


KINDS = {
    "python": pools.PYTHON,
    "js": pools.JS,
    "shell": pools.SHELL + pools.JSON + pools.HCL + pools.MAKE + pools.PROCFILE + pools.SYSTEMD,
    "docker": pools.DOCKER,
    "yaml": pools.YAML_MAP + pools.YAML_LIST + pools.K8S,
    "deps": pools.DEPS,
}


@st.composite
def code(draw: st.DrawFn) -> tuple[str, str, str]:
    kind = draw(st.sampled_from(sorted(KINDS)))
    secret = draw(st.sampled_from(pools.SECRETS))
    name = draw(st.sampled_from(pools.NAMES))
    lines = draw(st.lists(st.sampled_from(KINDS[kind]), min_size=1, max_size=12))
    nl = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = "\n".join(t.format(s=secret, n=name) for t in lines).replace("\n", nl) + nl
    return kind, text, secret


@given(code())
@settings(max_examples=200, deadline=None, derandomize=True)
def test_mask_keeps_lines_and_hides_the_secret(case: tuple[str, str, str]) -> None:
    kind, text, secret = case
    masked = mask(text, kind)
    assert not any(secret[i : i + 6] in masked for i in range(len(secret) - 5))
    for end in ("\r\n", "\n", "\r"):
        assert masked.count(end) == text.count(end)
