"""One noop table (must not change) and one fix table (src -> expected) per scanner rule.

Every fix is checked to be idempotent (the expected text has nothing left to rename) and
every noop to produce no edit. Store renames (BuildKit secrets, ``/run/secrets``) are
reported and never edited.
"""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners.hits import Hit
from envmigrate.scanners.js import scan as scan_js
from envmigrate.scanners.python import scan as scan_python
from envmigrate.scanners.shell import (
    scan_docker,
    scan_make,
    scan_procfile,
    scan_shell,
    scan_systemd,
)
from envmigrate.scanners.structured import scan_hcl, scan_json
from envmigrate.scanners.yaml import scan as scan_yaml
from tests.scanners.helpers import Scanner, fix
from tests.test_cli import run

JS_NOOP = [
    "// process.env.DINGTALK_APP_KEY\n",
    "/* const { DINGTALK_APP_KEY } = process.env */\n",
    "throw new Error('DINGTALK_APP_KEY');\n",
    "throw new TypeError(`DINGTALK_APP_KEY`);\n",
    "console.error('missing', 'DINGTALK_APP_KEY');\n",
    "logger.warn('DINGTALK_APP_KEY');\n",
    "expect(err.message).toContain('DINGTALK_APP_KEY');\n",
    "expect(() => load()).toThrow('DINGTALK_APP_KEY');\n",
    "if (msg.includes('DINGTALK_APP_KEY')) {}\n",
    "const m = 'Missing DINGTALK_APP_KEY, see docs';\n",
    "const m = `set DINGTALK_APP_KEY first`;\n",
    "import { DINGTALK_APP_KEY } from './names';\n",
    "export { DINGTALK_APP_KEY };\n",
    "enum Keys { DINGTALK_APP_KEY = 'k', DINGTALK_APP_SECRET }\n",
    "const DINGTALK_APP_KEY = 1;\n",
    "const v = ok ? DINGTALK_APP_KEY : other;\n",
    "const { DINGTALK_CLIENT_ID: DINGTALK_APP_KEY } = process.env;\n",
    "process.env.MY_DINGTALK_APP_KEY;\n",
    "process.env.DINGTALK_APP_KEY_2;\n",
]
JS_FIXES = [
    ("process.env?.DINGTALK_APP_KEY\n", "process.env?.DINGTALK_CLIENT_ID\n"),
    ('process.env?.["DINGTALK_APP_KEY"]\n', 'process.env?.["DINGTALK_CLIENT_ID"]\n'),
    ("Bun.env.DINGTALK_APP_SECRET\n", "Bun.env.DINGTALK_CLIENT_SECRET\n"),
    ('Deno.env.get("DINGTALK_APP_KEY")\n', 'Deno.env.get("DINGTALK_CLIENT_ID")\n'),
    ("import.meta.env.DINGTALK_APP_KEY\n", "import.meta.env.DINGTALK_CLIENT_ID\n"),
    # quoted and computed destructuring keys (issue 9 item 6)
    (
        'const { "DINGTALK_APP_KEY": id } = process.env;\n',
        'const { "DINGTALK_CLIENT_ID": id } = process.env;\n',
    ),
    (
        "const { ['DINGTALK_APP_SECRET']: s, [`DINGTALK_APP_KEY`]: k } = process.env;\n",
        "const { ['DINGTALK_CLIENT_SECRET']: s, [`DINGTALK_CLIENT_ID`]: k } = process.env;\n",
    ),
    (
        "const { DINGTALK_APP_KEY } = env;\n",
        "const { DINGTALK_CLIENT_ID: DINGTALK_APP_KEY } = env;\n",
    ),
    # env schemas and the parsed object's properties
    (
        "const env = z.object({\n  DINGTALK_APP_KEY: z.string(),\n"
        "  DINGTALK_APP_SECRET: z.string().min(1), // DINGTALK_APP_KEY\n"
        "}).parse(process.env);\nuse(env.DINGTALK_APP_KEY, config?.DINGTALK_APP_SECRET);\n",
        "const env = z.object({\n  DINGTALK_CLIENT_ID: z.string(),\n"
        "  DINGTALK_CLIENT_SECRET: z.string().min(1), // DINGTALK_APP_KEY\n"
        "}).parse(process.env);\nuse(env.DINGTALK_CLIENT_ID, config?.DINGTALK_CLIENT_SECRET);\n",
    ),
    (
        "export const env = cleanEnv(process.env, { DINGTALK_APP_KEY: str() });\n",
        "export const env = cleanEnv(process.env, { DINGTALK_CLIENT_ID: str() });\n",
    ),
    (
        "createEnv({\n  server: { DINGTALK_APP_KEY: z.string() },\n"
        "  runtimeEnv: { DINGTALK_APP_KEY: process.env.DINGTALK_APP_KEY },\n});\n",
        "createEnv({\n  server: { DINGTALK_CLIENT_ID: z.string() },\n"
        "  runtimeEnv: { DINGTALK_CLIENT_ID: process.env.DINGTALK_CLIENT_ID },\n});\n",
    ),
    (
        "Joi.object({ DINGTALK_APP_KEY: Joi.string().required() }).unknown()\n",
        "Joi.object({ DINGTALK_CLIENT_ID: Joi.string().required() }).unknown()\n",
    ),
    (
        "interface Env {\n  DINGTALK_APP_KEY: string\n  DINGTALK_APP_SECRET?: string\n}\n",
        "interface Env {\n  DINGTALK_CLIENT_ID: string\n  DINGTALK_CLIENT_SECRET?: string\n}\n",
    ),
    (
        "const url = `${base}?k=${process.env.DINGTALK_APP_KEY}`;\n",
        "const url = `${base}?k=${process.env.DINGTALK_CLIENT_ID}`;\n",
    ),
    (  # a quote inside a regex literal does not open a string
        "const c = s.replace(/['\"]/g, '');\nconst k = process.env.DINGTALK_APP_KEY;\n",
        "const c = s.replace(/['\"]/g, '');\nconst k = process.env.DINGTALK_CLIENT_ID;\n",
    ),
    # a message stays, the read in the same call is renamed
    (
        "console.log('DINGTALK_APP_KEY', process.env.DINGTALK_APP_KEY);\n",
        "console.log('DINGTALK_APP_KEY', process.env.DINGTALK_CLIENT_ID);\n",
    ),
]

SHELL_NOOP = [
    "# export DINGTALK_APP_KEY=x\n",
    'echo "DINGTALK_APP_KEY is not set" >&2\n',
    "echo DINGTALK_APP_KEY missing\n",
    "echo 'literally $DINGTALK_APP_KEY'\n",
    "printf '%s\\n' 'DINGTALK_APP_KEY'\n",
    'read -r -p "DINGTALK_APP_KEY: " value\n',
    "msg='set DINGTALK_APP_KEY'\n",
    'die "DINGTALK_APP_SECRET required"\n',
    "cat <<'EOF'\nuse $DINGTALK_APP_KEY\nEOF\n",
    "cat /run/secrets/DINGTALK_APP_SECRET\n",
    "gh secret set DINGTALK_APP_KEY < key.txt\n",
]
SHELL_FIXES = [
    (
        'read -r -p "Enter DINGTALK_APP_KEY: " DINGTALK_APP_KEY\n',
        'read -r -p "Enter DINGTALK_APP_KEY: " DINGTALK_CLIENT_ID\n',
    ),
    (
        'echo "DINGTALK_APP_KEY is $DINGTALK_APP_KEY"  # DINGTALK_APP_KEY\n',
        'echo "DINGTALK_APP_KEY is $DINGTALK_CLIENT_ID"  # DINGTALK_APP_KEY\n',
    ),
    ('echo "DINGTALK_APP_KEY=$K" >> .env\n', 'echo "DINGTALK_CLIENT_ID=$K" >> .env\n'),
    (
        "cat > .env <<EOF\nDINGTALK_APP_KEY=${DINGTALK_APP_KEY}\nabout DINGTALK_APP_KEY\nEOF\n",
        "cat > .env <<EOF\nDINGTALK_CLIENT_ID=${DINGTALK_CLIENT_ID}\nabout DINGTALK_APP_KEY\nEOF\n",
    ),
    (
        ': "${DINGTALK_APP_KEY:?set DINGTALK_APP_KEY}"\n',
        ': "${DINGTALK_CLIENT_ID:?set DINGTALK_APP_KEY}"\n',
    ),
    (
        'docker run -e DINGTALK_APP_KEY -e "DINGTALK_APP_SECRET=$S" img\n',
        'docker run -e DINGTALK_CLIENT_ID -e "DINGTALK_CLIENT_SECRET=$S" img\n',
    ),
    ('k="$(printenv DINGTALK_APP_KEY)"\n', 'k="$(printenv DINGTALK_CLIENT_ID)"\n'),
    (
        'if [ -z "${DINGTALK_APP_KEY:-}" ]; then\n  exit 1\nfi\n',
        'if [ -z "${DINGTALK_CLIENT_ID:-}" ]; then\n  exit 1\nfi\n',
    ),
    (
        'export DINGTALK_APP_SECRET="$(cat /run/secrets/DINGTALK_APP_SECRET)"\n',
        'export DINGTALK_CLIENT_SECRET="$(cat /run/secrets/DINGTALK_APP_SECRET)"\n',
    ),
    ("DINGTALK_APP_KEY=1 python bot.py\n", "DINGTALK_CLIENT_ID=1 python bot.py\n"),
    (  # single quotes defer the expansion: still a reference
        "docker exec bot sh -c 'test -n \"$DINGTALK_APP_KEY\"'\nenvsubst '${DINGTALK_APP_SECRET}' < t\n",
        "docker exec bot sh -c 'test -n \"$DINGTALK_CLIENT_ID\"'\nenvsubst '${DINGTALK_CLIENT_SECRET}' < t\n",
    ),
]

DOCKER_NOOP = [
    "# ENV DINGTALK_APP_KEY=1\n",
    "RUN --mount=type=secret,id=DINGTALK_APP_SECRET cat /run/secrets/DINGTALK_APP_SECRET\n",
    'RUN --mount=type=secret,id="DINGTALK_APP_KEY" ./build.sh\n',
    # the id and the variable set from it move together or not at all
    "RUN --mount=type=secret,id=DINGTALK_APP_SECRET,env=DINGTALK_APP_SECRET \\\n"
    '    ./build.sh --secret "$DINGTALK_APP_SECRET"\n',
    "ENV DINGTALK_SECRET_FILE=/run/secrets/DINGTALK_APP_SECRET\n",
]
DOCKER_FIXES = [
    (
        "ARG DINGTALK_APP_KEY\nRUN --mount=type=secret,id=token ./x $DINGTALK_APP_KEY\n",
        "ARG DINGTALK_CLIENT_ID\nRUN --mount=type=secret,id=token ./x $DINGTALK_CLIENT_ID\n",
    ),
]

YAML_NOOP = [
    "secrets:\n  - DINGTALK_APP_SECRET\n",  # compose secret names: a store
    "labels: {DINGTALK_APP_KEY: x}\n",
    "x-labels: &l {DINGTALK_APP_KEY: x}\nlabels: *l\n",
    "data:\n  DINGTALK_APP_KEY: x\n",  # not a Secret or ConfigMap
    "kind: ConfigMap\ndata:\n  x: 1\n---\ndata:\n  DINGTALK_APP_KEY: x\n",
    # a Secret's keys are what is stored: reported as a store rename
    "kind: Secret\nstringData:\n  DINGTALK_APP_SECRET: s\n",
    "# ${DINGTALK_APP_KEY}\n",
    "description: |\n  DINGTALK_APP_KEY: set it\n  export DINGTALK_APP_KEY=1\n",  # text, not shell
    "run: |\n  echo 'DINGTALK_APP_KEY is read from the secret store'\n",
    "ValueFrom: arn:aws:ssm:r:1:parameter/DINGTALK_APP_SECRET\n",
]
YAML_FIXES = [
    # issue 9 item 8: an anchor used as an env map
    (
        "x-env: &e {DINGTALK_APP_KEY: ${DINGTALK_APP_KEY}}\nservices:\n  a:\n    environment: *e\n",
        "x-env: &e {DINGTALK_CLIENT_ID: ${DINGTALK_CLIENT_ID}}\nservices:\n  a:\n    environment: *e\n",
    ),
    (
        "x-env: &e\n  DINGTALK_APP_SECRET: s\nservices:\n  a:\n    environment:\n      <<: *e\n",
        "x-env: &e\n  DINGTALK_CLIENT_SECRET: s\nservices:\n  a:\n    environment:\n      <<: *e\n",
    ),
    (
        "environment: {DINGTALK_APP_KEY: '1', \"DINGTALK_APP_SECRET\": x}\n",
        "environment: {DINGTALK_CLIENT_ID: '1', \"DINGTALK_CLIENT_SECRET\": x}\n",
    ),
    (
        "environment: [DINGTALK_APP_KEY=1, DINGTALK_APP_SECRET]\n",
        "environment: [DINGTALK_CLIENT_ID=1, DINGTALK_CLIENT_SECRET]\n",
    ),
    (  # compose: a secret read from the host's variable keeps its (store) name
        "secrets:\n  DINGTALK_APP_SECRET:\n    environment: DINGTALK_APP_SECRET\n",
        "secrets:\n  DINGTALK_APP_SECRET:\n    environment: DINGTALK_CLIENT_SECRET\n",
    ),
    # the shell of run:/script: (a generated env line, an export; not the message)
    (
        'steps:\n  - run: |\n      echo "DINGTALK_APP_KEY=${{ secrets.DINGTALK_APP_KEY }}" >> .env\n'
        '      echo "DINGTALK_APP_KEY is set"\n  - run: export DINGTALK_APP_SECRET=$S\n',
        'steps:\n  - run: |\n      echo "DINGTALK_CLIENT_ID=${{ secrets.DINGTALK_APP_KEY }}" >> .env\n'
        '      echo "DINGTALK_APP_KEY is set"\n  - run: export DINGTALK_CLIENT_SECRET=$S\n',
    ),
    (
        "job:\n  script:\n    - export DINGTALK_APP_KEY=$K\n    - echo DINGTALK_APP_KEY ok\n",
        "job:\n  script:\n    - export DINGTALK_CLIENT_ID=$K\n    - echo DINGTALK_APP_KEY ok\n",
    ),
    (  # the Serverless Framework reads the environment as ${env:X}
        "provider:\n  environment:\n    DINGTALK_APP_KEY: ${env:DINGTALK_APP_KEY}\n",
        "provider:\n  environment:\n    DINGTALK_CLIENT_ID: ${env:DINGTALK_CLIENT_ID}\n",
    ),
    # CloudFormation / ECS
    (
        "Environment:\n  - Name: DINGTALK_APP_KEY\n    Value: !Ref Key\nSecrets:\n"
        "  - Name: DINGTALK_APP_SECRET\n    ValueFrom: !Ref Param\n",
        "Environment:\n  - Name: DINGTALK_CLIENT_ID\n    Value: !Ref Key\nSecrets:\n"
        "  - Name: DINGTALK_CLIENT_SECRET\n    ValueFrom: !Ref Param\n",
    ),
    (
        "Environment:\n  Variables:\n    DINGTALK_APP_KEY: !Sub '${Key}'\n",
        "Environment:\n  Variables:\n    DINGTALK_CLIENT_ID: !Sub '${Key}'\n",
    ),
    # Kubernetes
    (
        "kind: ConfigMap\ndata:\n  DINGTALK_APP_KEY: k\n---\nkind: Pod\nenv:\n"
        "  - name: X\n    valueFrom:\n      configMapKeyRef:\n        key: DINGTALK_APP_KEY\n",
        "kind: ConfigMap\ndata:\n  DINGTALK_CLIENT_ID: k\n---\nkind: Pod\nenv:\n"
        "  - name: X\n    valueFrom:\n      configMapKeyRef:\n        key: DINGTALK_CLIENT_ID\n",
    ),
    (
        "env:\n  - {name: DINGTALK_APP_KEY, value: k}\n",
        "env:\n  - {name: DINGTALK_CLIENT_ID, value: k}\n",
    ),
    ('args: ["--id", "$(DINGTALK_APP_KEY)"]\n', 'args: ["--id", "$(DINGTALK_CLIENT_ID)"]\n'),
    # Helm
    (
        "extraEnv:\n  DINGTALK_APP_KEY: k\nenvVars:\n  - name: DINGTALK_APP_SECRET\n",
        "extraEnv:\n  DINGTALK_CLIENT_ID: k\nenvVars:\n  - name: DINGTALK_CLIENT_SECRET\n",
    ),
    (
        "value: {{ .Values.env.DINGTALK_APP_KEY | quote }}\n",
        "value: {{ .Values.env.DINGTALK_CLIENT_ID | quote }}\n",
    ),
]

JSON_NOOP = [
    '{"name": "DINGTALK_APP_KEY"}',
    '{"labels": {"DINGTALK_APP_KEY": "x"}}',
    '{"message": "set DINGTALK_APP_KEY"}',
    '{"scripts": {"check": "echo DINGTALK_APP_KEY missing"}}',
    '{"secrets": [{"name": "x", "valueFrom": "arn:aws:ssm:r:1:parameter/DINGTALK_APP_SECRET"}]}',
]
JSON_FIXES = [
    (
        '{"containerDefinitions": [{"name": "bot", "environment": [{"name": "DINGTALK_APP_KEY", '
        '"value": "k"}], "secrets": [{"name": "DINGTALK_APP_SECRET", "valueFrom": "arn"}]}]}',
        '{"containerDefinitions": [{"name": "bot", "environment": [{"name": "DINGTALK_CLIENT_ID", '
        '"value": "k"}], "secrets": [{"name": "DINGTALK_CLIENT_SECRET", "valueFrom": "arn"}]}]}',
    ),
    (
        '{"scripts": {"start": "DINGTALK_APP_KEY=$DINGTALK_APP_KEY node bot.js"}}',
        '{"scripts": {"start": "DINGTALK_CLIENT_ID=$DINGTALK_CLIENT_ID node bot.js"}}',
    ),
    (
        '{"env": {"DINGTALK_APP_KEY": {"required": true}}}',
        '{"env": {"DINGTALK_CLIENT_ID": {"required": true}}}',
    ),
    ('{"Fn::Sub": "--id ${DINGTALK_APP_KEY}"}', '{"Fn::Sub": "--id ${DINGTALK_CLIENT_ID}"}'),
]

HCL_NOOP = [
    'variable "DINGTALK_APP_KEY" {}\n',
    'locals { msg = "DINGTALK_APP_KEY" }\n',
    "# DINGTALK_APP_KEY = 1\n",
    'resource "aws_secretsmanager_secret" "s" { name = "DINGTALK_APP_SECRET" }\n',
    "tags = { DINGTALK_APP_KEY = 1 }\n",
]
HCL_FIXES = [
    (
        'resource "aws_lambda_function" "f" {\n  environment {\n    variables = {\n'
        "      DINGTALK_APP_KEY = var.app_key\n    }\n  }\n}\n",
        'resource "aws_lambda_function" "f" {\n  environment {\n    variables = {\n'
        "      DINGTALK_CLIENT_ID = var.app_key\n    }\n  }\n}\n",
    ),
    (
        'container_definitions = jsonencode([{\n  environment = [{ name = "DINGTALK_APP_KEY", '
        'value = "k" }]\n  secrets = [{ name = "DINGTALK_APP_SECRET", valueFrom = "arn" }]\n}])\n',
        'container_definitions = jsonencode([{\n  environment = [{ name = "DINGTALK_CLIENT_ID", '
        'value = "k" }]\n  secrets = [{ name = "DINGTALK_CLIENT_SECRET", valueFrom = "arn" }]\n}])\n',
    ),
    (
        'env {\n  name  = "DINGTALK_APP_KEY"\n  value = var.k\n}\n',
        'env {\n  name  = "DINGTALK_CLIENT_ID"\n  value = var.k\n}\n',
    ),
]

MAKE_NOOP = ["# DINGTALK_APP_KEY ?= x\n", 'run:\n\t@echo "set DINGTALK_APP_KEY"\n']
MAKE_FIXES = [
    (
        "DINGTALK_APP_KEY ?=\nexport DINGTALK_APP_SECRET\nrun:\n"
        '\tDINGTALK_APP_KEY=$(DINGTALK_APP_KEY) python bot.py --s "$$DINGTALK_APP_SECRET"\n',
        "DINGTALK_CLIENT_ID ?=\nexport DINGTALK_CLIENT_SECRET\nrun:\n"
        '\tDINGTALK_CLIENT_ID=$(DINGTALK_CLIENT_ID) python bot.py --s "$$DINGTALK_CLIENT_SECRET"\n',
    ),
]
PROCFILE_NOOP = ["worker: echo DINGTALK_APP_KEY\n"]
PROCFILE_FIXES = [("web: bot --id $DINGTALK_APP_KEY\n", "web: bot --id $DINGTALK_CLIENT_ID\n")]
SYSTEMD_NOOP = [
    "# Environment=DINGTALK_APP_KEY=1\n",
    "Description=needs DINGTALK_APP_KEY\n",
    "EnvironmentFile=-/etc/bot/DINGTALK_APP_KEY.env\n",
]
SYSTEMD_FIXES = [
    (
        'Environment=DINGTALK_APP_KEY=x "DINGTALK_APP_SECRET=y z"\n'
        "ExecStart=/usr/bin/bot --id ${DINGTALK_APP_KEY} $DINGTALK_APP_SECRET\n",
        'Environment=DINGTALK_CLIENT_ID=x "DINGTALK_CLIENT_SECRET=y z"\n'
        "ExecStart=/usr/bin/bot --id ${DINGTALK_CLIENT_ID} $DINGTALK_CLIENT_SECRET\n",
    ),
    ("PassEnvironment=DINGTALK_APP_KEY PATH\n", "PassEnvironment=DINGTALK_CLIENT_ID PATH\n"),
]

PYTHON_NOOP = [
    'raise RuntimeError("DINGTALK_APP_KEY")\n',
    'logger.error("missing %s", "DINGTALK_APP_KEY")\n',
    'print("DINGTALK_APP_KEY")\n',
    'assert "DINGTALK_APP_KEY" in str(err)\n',
    'assert "DINGTALK_APP_KEY" in capsys.readouterr().err\n',
    'assert "DINGTALK_APP_KEY" not in caplog.text\n',
    'self.assertIn("DINGTALK_APP_KEY", message)\n',
    'with pytest.raises(KeyError, match="DINGTALK_APP_KEY"):\n    pass\n',
]
PYTHON_FIXES = [
    (
        'if "DINGTALK_APP_KEY" not in os.environ:\n    raise SystemExit("DINGTALK_APP_KEY")\n',
        'if "DINGTALK_CLIENT_ID" not in os.environ:\n    raise SystemExit("DINGTALK_APP_KEY")\n',
    ),
    ('print(os.getenv("DINGTALK_APP_KEY"))\n', 'print(os.getenv("DINGTALK_CLIENT_ID"))\n'),
    # an assertion on data, not on message text
    (
        'assert "DINGTALK_APP_KEY" in main.REQUIRED\n',
        'assert "DINGTALK_CLIENT_ID" in main.REQUIRED\n',
    ),
    (
        "from pydantic_settings import BaseSettings\n\nclass S(BaseSettings):\n"
        "    dingtalk_app_key: str\n    dingtalk_app_secret: str = ''\n",
        "from pydantic_settings import BaseSettings\nfrom pydantic import Field\n\n"
        "class S(BaseSettings):\n"
        '    dingtalk_app_key: str = Field(validation_alias="DINGTALK_CLIENT_ID")\n'
        "    dingtalk_app_secret: str = Field('', validation_alias=\"DINGTALK_CLIENT_SECRET\")\n",
    ),
    (
        "from pydantic import Field\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n"
        "class S(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix='DINGTALK_')\n"
        "    app_key: str = Field(min_length=1)\n",
        "from pydantic import Field\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n"
        "class S(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix='DINGTALK_')\n"
        '    app_key: str = Field(min_length=1, validation_alias="DINGTALK_CLIENT_ID")\n',
    ),
]

SCANNERS: dict[str, tuple[Scanner, list[str], list[tuple[str, str]]]] = {
    "js": (scan_js, JS_NOOP, JS_FIXES),
    "shell": (scan_shell, SHELL_NOOP, SHELL_FIXES),
    "docker": (scan_docker, DOCKER_NOOP, DOCKER_FIXES),
    "yaml": (scan_yaml, YAML_NOOP, YAML_FIXES),
    "json": (scan_json, JSON_NOOP, JSON_FIXES),
    "hcl": (scan_hcl, HCL_NOOP, HCL_FIXES),
    "make": (scan_make, MAKE_NOOP, MAKE_FIXES),
    "procfile": (scan_procfile, PROCFILE_NOOP, PROCFILE_FIXES),
    "systemd": (scan_systemd, SYSTEMD_NOOP, SYSTEMD_FIXES),
    "python": (scan_python, PYTHON_NOOP, PYTHON_FIXES),
}


def _edits(hits: list[Hit]) -> list[Hit]:
    return [h for h in hits if h.replacement is not None]


@pytest.mark.parametrize(
    ("kind", "src"), [(k, s) for k, (_, noop, _) in SCANNERS.items() for s in noop]
)
def test_noop(kind: str, src: str) -> None:
    scan = SCANNERS[kind][0]
    assert _edits(scan(src, DEFAULT_RULES)) == []


@pytest.mark.parametrize(
    ("kind", "src", "expected"),
    [(k, *c) for k, (_, _, fixes) in SCANNERS.items() for c in fixes],
)
def test_fix(kind: str, src: str, expected: str) -> None:
    scan = SCANNERS[kind][0]
    assert fix(scan, src) == expected
    assert fix(scan, expected) == expected


@pytest.mark.parametrize(
    "src",
    [
        "RUN --mount=type=secret,id=DINGTALK_APP_SECRET cat /run/secrets/DINGTALK_APP_SECRET\n",
        'RUN --mount=type=secret,id="DINGTALK_APP_SECRET" ./x\n',
    ],
)
def test_secret_mount_is_reported_as_a_store_rename(src: str) -> None:
    hits = scan_docker(src, DEFAULT_RULES)
    assert hits
    assert all(h.replacement is None and h.store == "docker" for h in hits)
    assert "DINGTALK_CLIENT_SECRET" in hits[0].message


def test_obsolete_names_are_reported_everywhere() -> None:
    for scan, src in [
        (scan_json, '{"env": {"DINGTALK_AGENT_ID": "1"}}'),
        (scan_hcl, 'env {\n  name = "DINGTALK_AGENT_ID"\n}\n'),
        (scan_systemd, "Environment=DINGTALK_AGENT_ID=1\n"),
        (scan_yaml, "kind: ConfigMap\ndata:\n  DINGTALK_AGENT_ID: '1'\n"),
        (scan_js, "const { DINGTALK_AGENT_ID } = process.env;\n"),
    ]:
        assert [h.code for h in scan(src, DEFAULT_RULES)] == ["EM103"], src
        assert fix(scan, src) == src


def test_pydantic_settings_field_reads_the_new_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """The migrated class reads DINGTALK_CLIENT_ID into the same attribute, and no longer
    the old name (run by pydantic-settings itself)."""
    pytest.importorskip("pydantic_settings")
    src = (
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n"
        "class S(BaseSettings):\n"
        "    model_config = SettingsConfigDict(env_prefix='DINGTALK_')\n"
        "    app_key: str = 'unset'\n"
        "    app_secret: str | None = None\n"
    )
    after = fix(scan_python, src)
    for name in ("DINGTALK_APP_KEY", "DINGTALK_APP_SECRET", "DINGTALK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DINGTALK_CLIENT_ID", "new-id")
    monkeypatch.setenv("DINGTALK_APP_SECRET", "old-secret")
    namespace: dict[str, object] = {}
    exec(compile(after, "settings.py", "exec"), namespace)  # noqa: S102 - our own test source
    settings = namespace["S"]()  # type: ignore[operator]
    assert (settings.app_key, settings.app_secret) == ("new-id", None)


ALPHABET = [
    "DINGTALK_APP_KEY", "DINGTALK_APP_SECRET", "DINGTALK_AGENT_ID", "$", "{", "}", "(", ")",
    "[", "]", '"', "'", "`", "\\", "#", "//", "/*", "*/", "<<", "EOF", "\n", "\r\n", " ", "\t",
    ":", "=", ",", ";", "-", "&e", "*e", "<<:", "env", "environment", "name", "echo", "read -p",
    "export", "--mount=type=secret,id=", "/run/secrets/", "RUN", "ENV", "process.env.", "?.",
    "z.object(", "kind: Secret\n", "data:", "x", "é", "\x00", "${", "$(", "${DINGTALK_APP_KEY",
    '"$', "\\\n", "`$(", "=${",
]  # fmt: skip


@pytest.mark.parametrize("kind", sorted(SCANNERS))
@pytest.mark.parametrize(
    "unit", ["$( ${ ' \" <<E\n", '"$(', "$(", "/* {\n", "x: &a {\n", "<<E\n", "[{(", "`$("]
)
def test_hostile_nesting_is_bounded(kind: str, unit: str) -> None:
    """Deep nesting neither overflows the stack nor takes quadratic time (a 4 MiB file
    of it must stay usable): 20 000 levels in seconds, not minutes."""
    text = unit * 20_000 + "DINGTALK_APP_KEY\n"
    started = time.perf_counter()
    SCANNERS[kind][0](text, DEFAULT_RULES)
    # Under mutation testing every call goes through an instrumenting trampoline (many
    # times slower); its own timeout still stops a mutant that loops.
    assert time.perf_counter() - started < (300 if "MUTANT_UNDER_TEST" in os.environ else 10)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    parts=st.lists(st.sampled_from(ALPHABET), max_size=40), kind=st.sampled_from(sorted(SCANNERS))
)
def test_scanners_never_crash_and_edit_in_bounds(parts: list[str], kind: str) -> None:
    """Whatever the text, a scanner returns edits inside it that do not overlap, each
    replacing exactly a watched name."""
    text = "".join(parts)
    hits = SCANNERS[kind][0](text, DEFAULT_RULES)
    edits = sorted({(h.start, h.end): h for h in _edits(hits)}.values())
    names = {*DEFAULT_RULES.renames, *DEFAULT_RULES.obsolete, ""}
    for hit in edits:
        assert 0 <= hit.start <= hit.end <= len(text)
        assert text[hit.start : hit.end] in names or kind == "python"
    for first, second in itertools.pairwise(edits):
        assert first.end <= second.start


def test_quoted_destructuring_shows_in_the_masked_diff(in_tmp: Path) -> None:
    """Issue: ``{ "OLD": id }`` became ``{ "NEW: OLD": id }`` and the mask hid it."""
    src = (
        "const { \"DINGTALK_APP_KEY\": id, ['DINGTALK_APP_SECRET']: secret } = process.env;\n"
        'const token = "sentinel-9f2c";\n'
    )
    (in_tmp / "app.js").write_text(src)
    code, out, err = run("migrate", "--code", "--yes", "--no-verify", "app.js")
    assert code == 0, out + err
    assert (
        "-const { \"DINGTALK_APP_KEY\": id, ['DINGTALK_APP_SECRET']: secret } = process.env;" in out
    )
    assert (
        "+const { \"DINGTALK_CLIENT_ID\": id, ['DINGTALK_CLIENT_SECRET']: secret } = process.env;"
        in out
    )
    assert "sentinel-9f2c" not in out + err
    assert (in_tmp / "app.js").read_text() == src.replace(
        "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"
    ).replace("DINGTALK_APP_SECRET", "DINGTALK_CLIENT_SECRET")


#: Spaced ``X = v`` and ``X ?= v`` values are not masked by the value mask yet: the
#: allow-list mask (issue 9, item 5) masks every value; remove the marks when it lands.
@pytest.mark.parametrize(
    ("name", "src"),
    [
        ("bot.service", "[Service]\nEnvironment=DINGTALK_APP_SECRET=sentinel-9f2c\n"),
        ("bot.service", 'Environment="DINGTALK_APP_KEY=sentinel-9f2c" X=sentinel-9f2c\n'),
        ("Makefile", "run:\n\tDINGTALK_APP_KEY=sentinel-9f2c x\n"),
        ("Makefile", "DINGTALK_APP_SECRET ?= sentinel-9f2c\n"),
        ("Procfile", "web: DINGTALK_APP_KEY=sentinel-9f2c bot --s 'sentinel-9f2c'\n"),
        ("main.tf", 'env = {\n  DINGTALK_APP_KEY = "sentinel-9f2c"\n}\n'),
        ("main.tf", "env = {\n  DINGTALK_APP_KEY = sentinel-9f2c\n}\n"),
        ("task.json", '{"env": {"DINGTALK_APP_KEY": "sentinel-9f2c", "n": 1}}'),
        ("package.json", '{"scripts": {"s": "DINGTALK_APP_KEY=sentinel-9f2c node x"}}'),
    ],
)
def test_new_kinds_never_show_values(name: str, src: str, in_tmp: Path) -> None:
    (in_tmp / name).write_text(src)
    code, out, err = run("migrate", "--code", "--yes", "--no-verify", name)
    assert code == 0, out + err
    assert "DINGTALK_CLIENT_" in (in_tmp / name).read_text()
    assert "sentinel-9f2c" not in out + err


@pytest.mark.parametrize(
    ("name", "src"),
    [
        ("Makefile", "run:\n\tDINGTALK_APP_KEY=$(K) x\n"),
        ("main.tf", 'env = {\n  DINGTALK_APP_KEY = "k"\n}\n'),
        ("task.json", '{"env": {"DINGTALK_APP_KEY": "k"}}'),
        ("bot.service", "Environment=DINGTALK_APP_KEY=k\n"),
        ("package.json", '{"scripts": {"s": "DINGTALK_APP_KEY=k node x"}}'),
    ],
)
def test_new_kinds_show_the_rename(name: str, src: str, in_tmp: Path) -> None:
    (in_tmp / name).write_text(src)
    code, out, err = run("migrate", "--code", "--yes", "--no-verify", name)
    assert code == 0, out + err
    assert "+" in out
    assert "DINGTALK_CLIENT_ID" in out
