"""The YAML scanner (compose, workflows, Kubernetes, Helm, CloudFormation), whole results:
every hit (line, column, code, name, replacement or store) and the exact bytes written,
over anchors/aliases, flow style, block scalars, comments, CRLF and stored secrets."""

from __future__ import annotations

import re

import pytest

from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners import yaml
from tests.scanners.helpers import records_and_fix

Row = tuple[str, list[str], str]

YAML: list[Row] = [
    # every env key, map form; not other keys
    (
        "env:\n  OLD_ID: 1\nenvironment:\n  OLD_KEY: 1\nvariables:\n  GONE: 1\nargs:\n  OLD_ID: 1\nextraEnv:\n  OLD_KEY: 1\nlabels:\n  OLD_ID: 1\nOLD_KEY: 1\n",
        [
            "2:3 EM102 OLD_ID>NEW_ID",
            "4:3 EM102 OLD_KEY>NEW_KEY",
            "6:3 EM103 GONE",
            "8:3 EM102 OLD_ID>NEW_ID",
            "10:3 EM102 OLD_KEY>NEW_KEY",
        ],
        "env:\n  NEW_ID: 1\nenvironment:\n  NEW_KEY: 1\nvariables:\n  GONE: 1\nargs:\n  NEW_ID: 1\nextraEnv:\n  NEW_KEY: 1\nlabels:\n  OLD_ID: 1\nOLD_KEY: 1\n",
    ),
    # Helm and other env-map keys
    (
        "extraEnvVars:\n  OLD_ID: 1\nenvVars:\n  OLD_ID: 1\nenvs:\n  OLD_ID: 1\nenvironmentVariables:\n  OLD_ID: 1\ncontainerEnv:\n  OLD_ID: 1\nsecretEnv:\n  OLD_ID: 1\nbuildArgs:\n  OLD_ID: 1\nbuild_args:\n  OLD_ID: 1\n",
        [
            "2:3 EM102 OLD_ID>NEW_ID",
            "4:3 EM102 OLD_ID>NEW_ID",
            "6:3 EM102 OLD_ID>NEW_ID",
            "8:3 EM102 OLD_ID>NEW_ID",
            "10:3 EM102 OLD_ID>NEW_ID",
            "12:3 EM102 OLD_ID>NEW_ID",
            "14:3 EM102 OLD_ID>NEW_ID",
            "16:3 EM102 OLD_ID>NEW_ID",
        ],
        "extraEnvVars:\n  NEW_ID: 1\nenvVars:\n  NEW_ID: 1\nenvs:\n  NEW_ID: 1\nenvironmentVariables:\n  NEW_ID: 1\ncontainerEnv:\n  NEW_ID: 1\nsecretEnv:\n  NEW_ID: 1\nbuildArgs:\n  NEW_ID: 1\nbuild_args:\n  NEW_ID: 1\n",
    ),
    # quoted keys, tabs, CRLF
    (
        "env:\r\n  'OLD_ID': 1\r\n  \"OLD_KEY\" : 2\r\n  OLD_IDX: 3\r\n",
        ["2:4 EM102 OLD_ID>NEW_ID", "3:4 EM102 OLD_KEY>NEW_KEY"],
        "env:\r\n  'NEW_ID': 1\r\n  \"NEW_KEY\" : 2\r\n  OLD_IDX: 3\r\n",
    ),
    # a nested map closes the env map by indentation
    (
        "env:\n  OLD_ID: 1\n  nested:\n    OLD_KEY: 2\n  OLD_KEY: 3\nother:\n  OLD_ID: 4\n",
        ["2:3 EM102 OLD_ID>NEW_ID", "5:3 EM102 OLD_KEY>NEW_KEY"],
        "env:\n  NEW_ID: 1\n  nested:\n    OLD_KEY: 2\n  NEW_KEY: 3\nother:\n  OLD_ID: 4\n",
    ),
    # list items: NAME=value, NAME, quoted, commented; not longer names
    (
        "environment:\n  - OLD_ID=1\n  - 'OLD_KEY'\n  - \"GONE\"  # c\n  - OLD_IDX=2\n  - OLD_ID # c\n  - x OLD_ID\nports:\n  - OLD_ID\n",
        [
            "2:5 EM102 OLD_ID>NEW_ID",
            "3:6 EM102 OLD_KEY>NEW_KEY",
            "4:6 EM103 GONE",
            "6:5 EM102 OLD_ID>NEW_ID",
        ],
        "environment:\n  - NEW_ID=1\n  - 'NEW_KEY'\n  - \"GONE\"  # c\n  - OLD_IDX=2\n  - NEW_ID # c\n  - x OLD_ID\nports:\n  - OLD_ID\n",
    ),
    # a list item at the key's indentation
    (
        "environment:\n- OLD_ID\n- OLD_KEY=1\nnext:\n- OLD_ID\n",
        ["2:3 EM102 OLD_ID>NEW_ID", "3:3 EM102 OLD_KEY>NEW_KEY"],
        "environment:\n- NEW_ID\n- NEW_KEY=1\nnext:\n- OLD_ID\n",
    ),
    # Kubernetes env lists: name: values
    (
        "env:\n  - name: OLD_ID\n    value: x\n  - name: 'OLD_KEY'   # c\n  - name: x\n    value: OLD_ID\ncontainers:\n  - name: OLD_ID\n",
        ["2:11 EM102 OLD_ID>NEW_ID", "4:12 EM102 OLD_KEY>NEW_KEY"],
        "env:\n  - name: NEW_ID\n    value: x\n  - name: 'NEW_KEY'   # c\n  - name: x\n    value: OLD_ID\ncontainers:\n  - name: OLD_ID\n",
    ),
    # name keys in and out of env sections
    (
        "envName: OLD_ID\nenv_name: OLD_KEY\nenvVar: OLD_ID\nenv_var: OLD_KEY\nvariable: OLD_ID\nname: OLD_ID\nsecrets:\n  name: OLD_KEY\n",
        [
            "1:10 EM102 OLD_ID>NEW_ID",
            "2:11 EM102 OLD_KEY>NEW_KEY",
            "3:9 EM102 OLD_ID>NEW_ID",
            "4:10 EM102 OLD_KEY>NEW_KEY",
            "5:11 EM102 OLD_ID>NEW_ID",
            "8:9 EM102 OLD_KEY>NEW_KEY",
        ],
        "envName: NEW_ID\nenv_name: NEW_KEY\nenvVar: NEW_ID\nenv_var: NEW_KEY\nvariable: NEW_ID\nname: OLD_ID\nsecrets:\n  name: NEW_KEY\n",
    ),
    # references everywhere: $X ${X} $(X) ${{ env.X }} ${env:X} .Values.X
    (
        "a: $OLD_ID\nb: ${OLD_KEY}\nc: $(OLD_ID)\nd: ${{ env.OLD_KEY }}\ne: ${env: OLD_ID}\nf: {{ .Values.OLD_KEY }}\ng: {{ .Values.a.b-c.OLD_ID }}\nh: x.env.OLD_ID $OLD_IDX\n",
        [
            "1:5 EM102 OLD_ID>NEW_ID",
            "2:6 EM102 OLD_KEY>NEW_KEY",
            "3:6 EM102 OLD_ID>NEW_ID",
            "4:12 EM102 OLD_KEY>NEW_KEY",
            "5:11 EM102 OLD_ID>NEW_ID",
            "6:15 EM102 OLD_KEY>NEW_KEY",
            "7:21 EM102 OLD_ID>NEW_ID",
        ],
        "a: $NEW_ID\nb: ${NEW_KEY}\nc: $(NEW_ID)\nd: ${{ env.NEW_KEY }}\ne: ${env: NEW_ID}\nf: {{ .Values.NEW_KEY }}\ng: {{ .Values.a.b-c.NEW_ID }}\nh: x.env.OLD_ID $OLD_IDX\n",
    ),
    # references in comments stay
    (
        "# $OLD_ID\na: 1 # ${OLD_KEY}\n  # env.OLD_ID\r# $OLD_KEY\r",
        [],
        "# $OLD_ID\na: 1 # ${OLD_KEY}\n  # env.OLD_ID\r# $OLD_KEY\r",
    ),
    # a comment line in a CR-only file
    (
        "a: 1\rb: 2\r# $OLD_ID ${{ secrets.OLD_KEY }}\rc: $OLD_KEY\r",
        ["4:5 EM102 OLD_KEY>NEW_KEY"],
        "a: 1\rb: 2\r# $OLD_ID ${{ secrets.OLD_KEY }}\rc: $NEW_KEY\r",
    ),
    # stored secrets: secrets.X and vars.X (renamed names only)
    (
        "a: ${{ secrets.OLD_ID }}\nb: ${{ vars.OLD_KEY }}\nc: ${{ secrets.GONE }}\nd: x.secrets.OLD_ID\n# ${{ secrets.OLD_KEY }}\ne: ${{ secrets.OLD_IDX }}\n",
        ["1:16 EM102 OLD_ID @github", "2:13 EM102 OLD_KEY @github-vars"],
        "a: ${{ secrets.OLD_ID }}\nb: ${{ vars.OLD_KEY }}\nc: ${{ secrets.GONE }}\nd: x.secrets.OLD_ID\n# ${{ secrets.OLD_KEY }}\ne: ${{ secrets.OLD_IDX }}\n",
    ),
    # a Kubernetes Secret: its keys are stored (with the Secret's name)
    (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: bot\ndata:\n  OLD_ID: eA==\nstringData:\n  OLD_KEY: x\n  GONE: y\n",
        ["6:3 EM102 OLD_ID @kubernetes:bot", "8:3 EM102 OLD_KEY @kubernetes:bot", "9:3 EM103 GONE"],
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: bot\ndata:\n  OLD_ID: eA==\nstringData:\n  OLD_KEY: x\n  GONE: y\n",
    ),
    # a Secret without a name; a quoted kind
    (
        'kind: "Secret"\ndata:\n  OLD_ID: x\n',
        ["3:3 EM102 OLD_ID @kubernetes"],
        'kind: "Secret"\ndata:\n  OLD_ID: x\n',
    ),
    # a ConfigMap's data is env (through envFrom); documents reset the kind
    (
        "kind: ConfigMap\ndata:\n  OLD_ID: x\n---\ndata:\n  OLD_KEY: y\n---\nkind: Secret\ndata:\n  OLD_ID: z\n",
        ["3:3 EM102 OLD_ID>NEW_ID", "10:3 EM102 OLD_ID @kubernetes"],
        "kind: ConfigMap\ndata:\n  NEW_ID: x\n---\ndata:\n  OLD_KEY: y\n---\nkind: Secret\ndata:\n  OLD_ID: z\n",
    ),
    # metadata name only at the top of a Secret
    (
        "kind: Secret\nspec:\n  metadata:\n    name: inner\nmetadata:\n  name: outer\ndata:\n  OLD_ID: x\n",
        ["8:3 EM102 OLD_ID @kubernetes:outer"],
        "kind: Secret\nspec:\n  metadata:\n    name: inner\nmetadata:\n  name: outer\ndata:\n  OLD_ID: x\n",
    ),
    # data nested under a key is not a ConfigMap's
    (
        "kind: ConfigMap\nx:\n  data:\n    OLD_ID: 1\n",
        [],
        "kind: ConfigMap\nx:\n  data:\n    OLD_ID: 1\n",
    ),
    # secretKeyRef: key is stored, name names the Secret
    (
        "env:\n  - name: OLD_ID\n    valueFrom:\n      secretKeyRef:\n        name: creds\n        key: OLD_KEY\n  - name: OLD_KEY\n    valueFrom:\n      secretKeyRef:\n        key: OLD_ID\n",
        [
            "2:11 EM102 OLD_ID>NEW_ID",
            "6:14 EM102 OLD_KEY @kubernetes:creds",
            "7:11 EM102 OLD_KEY>NEW_KEY",
            "10:14 EM102 OLD_ID @kubernetes",
        ],
        "env:\n  - name: NEW_ID\n    valueFrom:\n      secretKeyRef:\n        name: creds\n        key: OLD_KEY\n  - name: NEW_KEY\n    valueFrom:\n      secretKeyRef:\n        key: OLD_ID\n",
    ),
    # configMapKeyRef keys are renamed
    (
        "env:\n  - name: A\n    valueFrom:\n      configMapKeyRef:\n        name: OLD_KEY\n        key: OLD_ID\n",
        ["6:14 EM102 OLD_ID>NEW_ID"],
        "env:\n  - name: A\n    valueFrom:\n      configMapKeyRef:\n        name: OLD_KEY\n        key: NEW_ID\n",
    ),
    # compose secrets: the host variable is renamed, the secret name is not
    (
        'secrets:\n  OLD_ID:\n    environment: OLD_ID\n  other:\n    environment: "OLD_KEY"\nx:\n  y:\n    environment: OLD_ID\n',
        ["3:18 EM102 OLD_ID>NEW_ID", "5:19 EM102 OLD_KEY>NEW_KEY"],
        'secrets:\n  OLD_ID:\n    environment: NEW_ID\n  other:\n    environment: "NEW_KEY"\nx:\n  y:\n    environment: OLD_ID\n',
    ),
    # anchors used as env maps (block and flow)
    (
        "x-a: &a\n  OLD_ID: 1\nx-b: &b {OLD_KEY: 2}\nx-c: &c\n  OLD_KEY: 3\ns:\n  environment: *a\n  env:\n    <<: *b\nlabels: *c\n",
        ["2:3 EM102 OLD_ID>NEW_ID", "3:10 EM102 OLD_KEY>NEW_KEY"],
        "x-a: &a\n  NEW_ID: 1\nx-b: &b {NEW_KEY: 2}\nx-c: &c\n  OLD_KEY: 3\ns:\n  environment: *a\n  env:\n    <<: *b\nlabels: *c\n",
    ),
    # a tagged anchor, an alias in a list
    (
        "x: !!map &a\n  OLD_ID: 1\nenv: [*a]\n",
        ["2:3 EM102 OLD_ID>NEW_ID"],
        "x: !!map &a\n  NEW_ID: 1\nenv: [*a]\n",
    ),
    # flow maps: keys and quoted keys, not values
    (
        "env: {OLD_ID: 1, 'OLD_KEY': OLD_ID, \"GONE\": 2}\nlabels: {OLD_ID: 1}\nenv: ${OLD_KEY}\n",
        [
            "1:7 EM102 OLD_ID>NEW_ID",
            "1:19 EM102 OLD_KEY>NEW_KEY",
            "1:38 EM103 GONE",
            "3:8 EM102 OLD_KEY>NEW_KEY",
        ],
        "env: {NEW_ID: 1, 'NEW_KEY': OLD_ID, \"GONE\": 2}\nlabels: {OLD_ID: 1}\nenv: ${NEW_KEY}\n",
    ),
    # flow lists: NAME=value and NAME
    (
        "environment: [OLD_ID=1, 'OLD_KEY', x OLD_ID, OLD_IDX]\n",
        ["1:15 EM102 OLD_ID>NEW_ID", "1:26 EM102 OLD_KEY>NEW_KEY"],
        "environment: [NEW_ID=1, 'NEW_KEY', x OLD_ID, OLD_IDX]\n",
    ),
    # flow items in an env list
    (
        "env:\n  - {name: OLD_ID, value: x}\n  - {name: 'OLD_KEY'}\n  - [OLD_ID]\nlabels:\n  - {name: OLD_ID}\n",
        ["2:12 EM102 OLD_ID>NEW_ID", "3:13 EM102 OLD_KEY>NEW_KEY", "4:6 EM102 OLD_ID>NEW_ID"],
        "env:\n  - {name: NEW_ID, value: x}\n  - {name: 'NEW_KEY'}\n  - [NEW_ID]\nlabels:\n  - {name: OLD_ID}\n",
    ),
    # a merge key outside env
    (
        "x:\n  <<: {OLD_ID: 1}\n",
        [],
        "x:\n  <<: {OLD_ID: 1}\n",
    ),
    # run: shell, single line and block
    (
        "steps:\n  - run: export OLD_ID=1\n  - run: |\n      OLD_KEY=2 cmd\n      echo OLD_ID\n    name: x\n  - run: >-\n      export OLD_ID\n",
        ["2:17 EM102 OLD_ID>NEW_ID", "4:7 EM102 OLD_KEY>NEW_KEY", "8:14 EM102 OLD_ID>NEW_ID"],
        "steps:\n  - run: export NEW_ID=1\n  - run: |\n      NEW_KEY=2 cmd\n      echo OLD_ID\n    name: x\n  - run: >-\n      export NEW_ID\n",
    ),
    # script lists (GitLab), before/after scripts, commands
    (
        "job:\n  script:\n    - export OLD_ID=1\n    - echo OLD_ID\n  before_script:\n    - OLD_KEY=1 x\n  after_script: OLD_ID=2 y\n  commands:\n    - |\n      export OLD_KEY\n",
        [
            "3:14 EM102 OLD_ID>NEW_ID",
            "6:7 EM102 OLD_KEY>NEW_KEY",
            "7:17 EM102 OLD_ID>NEW_ID",
            "10:14 EM102 OLD_KEY>NEW_KEY",
        ],
        "job:\n  script:\n    - export NEW_ID=1\n    - echo OLD_ID\n  before_script:\n    - NEW_KEY=1 x\n  after_script: NEW_ID=2 y\n  commands:\n    - |\n      export NEW_KEY\n",
    ),
    # quoted script values are shell (without escapes); flow lists are not read
    (
        'run: \'export OLD_ID=1\'\nscript: [export OLD_KEY=1]\nrun: "OLD_ID=1"  # c\nrun: "a\\\\"OLD_KEY=1"\nrun: \'\'\n',
        ["1:14 EM102 OLD_ID>NEW_ID", "3:7 EM102 OLD_ID>NEW_ID"],
        'run: \'export NEW_ID=1\'\nscript: [export OLD_KEY=1]\nrun: "NEW_ID=1"  # c\nrun: "a\\\\"OLD_KEY=1"\nrun: \'\'\n',
    ),
    # block scalars that are not shell
    (
        "description: |\n  export OLD_ID=1\n  $OLD_KEY\nnext: >\n  OLD_ID=1\nenv:\n  OLD_ID: 1\n",
        ["3:4 EM102 OLD_KEY>NEW_KEY", "7:3 EM102 OLD_ID>NEW_ID"],
        "description: |\n  export OLD_ID=1\n  $NEW_KEY\nnext: >\n  OLD_ID=1\nenv:\n  NEW_ID: 1\n",
    ),
    # a block scalar with an anchor, indicators and a comment
    (
        "run: &r |-2 # c\n  export OLD_ID\n\n  OLD_KEY=1\nx: 1\n",
        ["2:10 EM102 OLD_ID>NEW_ID", "4:3 EM102 OLD_KEY>NEW_KEY"],
        "run: &r |-2 # c\n  export NEW_ID\n\n  NEW_KEY=1\nx: 1\n",
    ),
    # a run: key under a list of steps with an anchor
    (
        "- run: &s |\n    export OLD_ID\n- script:\n  - export OLD_KEY\n",
        ["2:12 EM102 OLD_ID>NEW_ID", "4:12 EM102 OLD_KEY>NEW_KEY"],
        "- run: &s |\n    export NEW_ID\n- script:\n  - export NEW_KEY\n",
    ),
    # trailing comments: not after a quoted '#', not inside a word; block scalars have none
    (
        'a: "x # $OLD_ID" # $OLD_KEY\nb: it\'s # $OLD_ID\nc: x#$OLD_KEY\nrun: |\n  echo "a # $OLD_ID"\nd: 1 # ${{ secrets.OLD_ID }}\ne: \'a\' # ${OLD_ID}\nf: ["#", $OLD_KEY]\n',
        [
            "1:10 EM102 OLD_ID>NEW_ID",
            "3:7 EM102 OLD_KEY>NEW_KEY",
            "5:14 EM102 OLD_ID>NEW_ID",
            "8:11 EM102 OLD_KEY>NEW_KEY",
        ],
        'a: "x # $NEW_ID" # $OLD_KEY\nb: it\'s # $OLD_ID\nc: x#$NEW_KEY\nrun: |\n  echo "a # $NEW_ID"\nd: 1 # ${{ secrets.OLD_ID }}\ne: \'a\' # ${OLD_ID}\nf: ["#", $NEW_KEY]\n',
    ),
    # a kind only at the top level
    (
        "spec:\n  kind: Secret\ndata:\n  OLD_ID: 1\nkind:\tConfigMap\ndata:\n  OLD_KEY: 2\n",
        ["7:3 EM102 OLD_KEY>NEW_KEY"],
        "spec:\n  kind: Secret\ndata:\n  OLD_ID: 1\nkind:\tConfigMap\ndata:\n  NEW_KEY: 2\n",
    ),
    # an env map under a list item
    (
        "containers:\n  - env:\n      OLD_ID: 1\n    image: x\n  - args:\n    - OLD_KEY\n",
        ["3:7 EM102 OLD_ID>NEW_ID", "6:7 EM102 OLD_KEY>NEW_KEY"],
        "containers:\n  - env:\n      NEW_ID: 1\n    image: x\n  - args:\n    - NEW_KEY\n",
    ),
    # a key: that is not a key (no blank after the colon)
    (
        "env:\n  OLD_ID:1\n  OLD_KEY:\n",
        ["3:3 EM102 OLD_KEY>NEW_KEY"],
        "env:\n  OLD_ID:1\n  NEW_KEY:\n",
    ),
]


@pytest.mark.parametrize(("src", "expected", "fixed"), YAML)
def test_whole_result(src: str, expected: list[str], fixed: str) -> None:
    assert records_and_fix(yaml.scan, src) == (expected, fixed)


def test_messages_name_the_store() -> None:
    src = (
        "env:\n  DINGTALK_APP_KEY: ${{ secrets.DINGTALK_APP_SECRET }}\n"
        "  X: ${{ vars.DINGTALK_APP_KEY }}\n---\nkind: Secret\ndata:\n  DINGTALK_AGENT_ID: x\n"
    )
    hits = yaml.scan(src, DEFAULT_RULES)
    assert [(h.code, h.key, h.message, h.store) for h in hits] == [
        (
            "EM102",
            "DINGTALK_APP_KEY",
            "sets deprecated DINGTALK_APP_KEY: rename it to DINGTALK_CLIENT_ID",
            "",
        ),
        (
            "EM102",
            "DINGTALK_APP_SECRET",
            "names DINGTALK_APP_SECRET, kept in a GitHub Actions secret: "
            "add DINGTALK_CLIENT_SECRET there first, then rename this",
            "github",
        ),
        (
            "EM102",
            "DINGTALK_APP_KEY",
            "names DINGTALK_APP_KEY, kept in a GitHub Actions variable: "
            "add DINGTALK_CLIENT_ID there first, then rename this",
            "github-vars",
        ),
        (
            "EM103",
            "DINGTALK_AGENT_ID",
            "DINGTALK_AGENT_ID is not needed in Stream mode: remove it when nothing uses it",
            "",
        ),
    ]


def test_shell_reads_in_a_workflow_are_settings() -> None:
    """A read in ``run:`` is reported as config (EM102, "sets"), like the rest of the file."""
    hits = yaml.scan("run: echo $DINGTALK_APP_KEY\n", DEFAULT_RULES)
    assert [(h.code, h.message) for h in hits] == [
        ("EM102", "sets deprecated DINGTALK_APP_KEY: rename it to DINGTALK_CLIENT_ID")
    ]


def _match(pattern: re.Pattern[str], text: str) -> dict[str, str] | None:
    found = pattern.match(text)
    return found and {k: v for k, v in found.groupdict().items() if v is not None}


def _all(pattern: re.Pattern[str], text: str) -> list[dict[str, str] | str]:
    return [
        {k: v for k, v in m.groupdict().items() if v is not None} or m.group()
        for m in pattern.finditer(text)
    ]


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        # a kind at the line start, blanks or none, quoted or not, a word
        (yaml._KIND, 'kind: Secret', {'kind': 'Secret'}),
        (yaml._KIND, "kind:\t'ConfigMap'", {'kind': 'ConfigMap'}),
        (yaml._KIND, 'kind:"Secret"', {'kind': 'Secret'}),
        (yaml._KIND, ' kind: Secret', None),
        (yaml._KIND, 'kind: -x', None),
        # a key: indent, dash, quotes, a blank or the end after the colon
        (yaml._KEY, "  - 'OLD_ID': x", {'indent': '  ', 'dash': '- ', 'q': "'", 'key': 'OLD_ID'}),
        (yaml._KEY, '\t-\tk.a-b<: x', {'indent': '\t', 'dash': '-\t', 'q': '', 'key': 'k.a-b<'}),
        (yaml._KEY, 'key:', {'indent': '', 'q': '', 'key': 'key'}),
        (yaml._KEY, 'key:x', None),
        (yaml._KEY, 'key :\t', {'indent': '', 'q': '', 'key': 'key'}),
        (yaml._KEY, '\'key": 1', None),
        (yaml._KEY, 'a b: 1', None),
        (yaml._KEY, ': 1', None),
        (yaml._KEY, '-: 1', {'indent': '', 'q': '', 'key': '-'}),
        # a list item: NAME= or the whole (quoted) value, then a comment or the end
        (yaml._ITEM, '  - OLD_ID=1', {'indent': '  ', 'q': '', 'value': 'OLD_ID'}),
        (yaml._ITEM, "- 'OLD_ID'  # c", {'indent': '', 'q': "'", 'value': 'OLD_ID'}),
        (yaml._ITEM, '-\tOLD_ID', {'indent': '', 'q': '', 'value': 'OLD_ID'}),
        (yaml._ITEM, '- a.b-c', {'indent': '', 'q': '', 'value': 'a.b-c'}),
        (yaml._ITEM, '-OLD_ID', None),
        (yaml._ITEM, '- OLD_ID x', None),
        (yaml._ITEM, "- 'OLD_ID", None),
        (yaml._ITEM, '- OLD_ID #c', {'indent': '', 'q': '', 'value': 'OLD_ID'}),
        (yaml._ITEM, '- OLD_ID:', None),
        (yaml._ITEM, '- =1', None),
        # a whole (quoted) value, then a comment or the end
        (yaml._VALUE, ' OLD_ID', {'q': '', 'value': 'OLD_ID'}),
        (yaml._VALUE, "\t'a.b-c'  # c", {'q': "'", 'value': 'a.b-c'}),
        (yaml._VALUE, ' "x"', {'q': '"', 'value': 'x'}),
        (yaml._VALUE, ' \'x"', None),
        (yaml._VALUE, ' x y', None),
        (yaml._VALUE, ' x#c', {'q': '', 'value': 'x'}),
        (yaml._VALUE, '', None),
        (yaml._VALUE, " 'x' y", None),
        # an anchor, after an optional tag
        (yaml._ANCHOR, ' &a', {'a': 'a'}),
        (yaml._ANCHOR, ' !!map &a.b-c', {'a': 'a.b-c'}),
        (yaml._ANCHOR, '\t!Ref\t&a', {'a': 'a'}),
        (yaml._ANCHOR, ' !tag:x.org/a:b &a', {'a': 'a'}),
        (yaml._ANCHOR, '&a', {'a': 'a'}),
        (yaml._ANCHOR, ' !t&a', None),
        (yaml._ANCHOR, ' *a', None),
        (yaml._ANCHOR, ' & a', None),
        # a block scalar opener: key or dash or nothing, anchor, indicators, comment
        (yaml._BLOCK, 'run: |', {'indent': '', 'q': '', 'key': 'run'}),
        (yaml._BLOCK, '  - run: >-2 # c', {'indent': '  ', 'q': '', 'key': 'run'}),
        (yaml._BLOCK, '- |+', {'indent': ''}),
        (yaml._BLOCK, "'run':\t&a |", {'indent': '', 'q': "'", 'key': 'run'}),
        (yaml._BLOCK, 'run: |x', None),
        (yaml._BLOCK, 'run:|', None),
        (yaml._BLOCK, 'run: a |', None),
        (yaml._BLOCK, '|', {'indent': ''}),
        (yaml._BLOCK, 'run: |\t', {'indent': '', 'q': '', 'key': 'run'}),
        (yaml._BLOCK, 'run: &a|', None),
        (yaml._BLOCK, 'run: | x', None),
        # a one-line shell value
        (yaml._PLAIN, ' export X', {'v': 'export X'}),
        (yaml._PLAIN, "\t'a b' # c", {'s': 'a b'}),
        (yaml._PLAIN, ' "a b"', {'d': 'a b'}),
        (yaml._PLAIN, ' [x]', None),
        (yaml._PLAIN, ' {x', None),
        (yaml._PLAIN, ' |', None),
        (yaml._PLAIN, ' >', None),
        (yaml._PLAIN, ' &a', None),
        (yaml._PLAIN, ' *a', None),
        (yaml._PLAIN, ' !t', None),
        (yaml._PLAIN, ' #c', None),
        (yaml._PLAIN, ' %x', None),
        (yaml._PLAIN, ' @x', None),
        (yaml._PLAIN, ' `x', None),
        (yaml._PLAIN, '', None),
        (yaml._PLAIN, ' "a\\"b"', None),
        (yaml._PLAIN, " 'a' b", None),
        (yaml._PLAIN, '"a" b', None),
        (yaml._PLAIN, "x'y", {'v': "x'y"}),
    ],
)  # fmt: skip
def test_line_patterns(
    pattern: re.Pattern[str], text: str, expected: dict[str, str] | None
) -> None:
    assert _match(pattern, text) == expected


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        # flow keys after '{' (not '${') or ','
        (yaml._FLOW_KEY, '{a: 1, \'b\' :2,\t"c": 3, d}', [{'q': '', 'key': 'a'}, {'q': "'", 'key': 'b'}, {'q': '"', 'key': 'c'}]),
        (yaml._FLOW_KEY, '${a: 1}', []),
        (yaml._FLOW_KEY, 'x a: 1, [b: 2', []),
        (yaml._FLOW_KEY, '{ a-b.c:1}', [{'q': '', 'key': 'a-b.c'}]),
        # name: in a flow map, a whole value before ',' or '}'
        (yaml._FLOW_NAME, "{name: a, x: 1,\tname :\t'b' }", [{'q': '', 'value': 'a'}, {'q': "'", 'value': 'b'}]),
        (yaml._FLOW_NAME, '{name: a b}', []),
        (yaml._FLOW_NAME, '[name: a]', []),
        (yaml._FLOW_NAME, '{ name: "a"}', [{'q': '"', 'value': 'a'}]),
        (yaml._FLOW_NAME, '{name:a}', [{'q': '', 'value': 'a'}]),
        # flow list items: NAME= or the whole (quoted) value before ',' or ']'
        (yaml._FLOW_ITEM, '[a=1, \'b\', "c" , d e, f]', [{'q': '', 'key': 'a'}, {'q': "'", 'key': 'b'}, {'q': '"', 'key': 'c'}, {'q': '', 'key': 'f'}]),
        (yaml._FLOW_ITEM, '[a]', [{'q': '', 'key': 'a'}]),
        (yaml._FLOW_ITEM, '{a, b}', []),
        (yaml._FLOW_ITEM, '[\ta-b.c\t]', [{'q': '', 'key': 'a-b.c'}]),
        # lines: LF, CRLF, CR
        (yaml._LINE, 'a\r\nb\rc\nd', ['a\r\n', 'b\r', 'c\n', 'd', '']),
    ],
)  # fmt: skip
def test_flow_patterns(pattern: re.Pattern[str], text: str, expected: list[object]) -> None:
    assert _all(pattern, text) == expected
