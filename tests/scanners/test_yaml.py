"""docker-compose, GitHub/GitLab workflow and Kubernetes references (line based, in context)."""

from __future__ import annotations

import pytest

from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners.yaml import scan
from tests.scanners.helpers import codes, fix

NOOP = [
    "DINGTALK_APP_KEY: 1\n",  # a top-level key outside any env section
    "labels:\n  DINGTALK_APP_KEY: x\n",
    "environment:\n  - MY_DINGTALK_APP_KEY=1\n",
    "environment:\n  # DINGTALK_APP_KEY: commented out\n",
    "steps:\n  - name: DINGTALK_APP_KEY\n",
]
FIXES = [
    # compose, map and list forms, interpolation
    (
        "services:\n  a:\n    environment:\n      DINGTALK_APP_KEY: ${DINGTALK_APP_KEY:-}\n",
        "services:\n  a:\n    environment:\n      DINGTALK_CLIENT_ID: ${DINGTALK_CLIENT_ID:-}\n",
    ),
    (
        "environment:\n  - DINGTALK_APP_KEY=x\n  - 'DINGTALK_APP_SECRET'\n",
        "environment:\n  - DINGTALK_CLIENT_ID=x\n  - 'DINGTALK_CLIENT_SECRET'\n",
    ),
    ("environment:\n- DINGTALK_APP_KEY\n", "environment:\n- DINGTALK_CLIENT_ID\n"),
    ("build:\n  args:\n    - DINGTALK_APP_KEY\n", "build:\n  args:\n    - DINGTALK_CLIENT_ID\n"),
    # GitHub Actions and GitLab CI
    (
        "env:\n  DINGTALK_APP_KEY: ${{ secrets.DINGTALK_APP_KEY }}\n",
        "env:\n  DINGTALK_CLIENT_ID: ${{ secrets.DINGTALK_APP_KEY }}\n",
    ),
    ("run: echo ${{ env.DINGTALK_APP_KEY }}\n", "run: echo ${{ env.DINGTALK_CLIENT_ID }}\n"),
    ("variables:\n  DINGTALK_APP_KEY: $K\n", "variables:\n  DINGTALK_CLIENT_ID: $K\n"),
    ('script:\n  - echo "$DINGTALK_APP_KEY"\n', 'script:\n  - echo "$DINGTALK_CLIENT_ID"\n'),
    # Kubernetes
    (
        'env:\n  - name: DINGTALK_APP_KEY\n    value: x\n  - name: "DINGTALK_APP_SECRET"  # c\n',
        'env:\n  - name: DINGTALK_CLIENT_ID\n    value: x\n  - name: "DINGTALK_CLIENT_SECRET"  # c\n',
    ),
    (
        "containers:\n  - name: a\n    env:\n    - name: DINGTALK_APP_KEY\r\n",
        "containers:\n  - name: a\n    env:\n    - name: DINGTALK_CLIENT_ID\r\n",
    ),
]


#: Names of secrets kept in stores: reported with their store, never rewritten.
STORED = [
    ("env:\n  X: ${{ secrets.DINGTALK_APP_KEY }}\n", "github"),
    ("env:\n  X: ${{ vars.DINGTALK_APP_SECRET }}\n", "github-vars"),
    ("run: echo ${{secrets.DINGTALK_APP_KEY||''}}\n", "github"),
    (
        "env:\n  - name: X\n    valueFrom:\n      secretKeyRef:\n        key: DINGTALK_APP_KEY\n",
        "kubernetes",
    ),
    (
        "env:\n  - name: X\n    valueFrom:\n      secretKeyRef:\n        name: bot-creds\n"
        "        key: 'DINGTALK_APP_KEY'\n",
        "kubernetes:bot-creds",
    ),
]
NOT_STORED = [
    "env:\n  X: ${{ secrets.MY_DINGTALK_APP_KEY }}\n",
    "env:\n  X: ${{ github.secrets.DINGTALK_APP_KEYS }}\n",
    "env:\n  - name: X\n    valueFrom:\n      configMapKeyRef:\n        key: app-key\n",
    "env:\n  - name: X\n    valueFrom:\n      secretKeyRef:\n        key: DINGTALK_AGENT_ID\n",
]


@pytest.mark.parametrize(("src", "store"), STORED)
def test_stored_secret_is_reported_never_rewritten(src: str, store: str) -> None:
    hits = scan(src, DEFAULT_RULES)
    assert [(h.code, h.store, src[h.start : h.end]) for h in hits] == [
        ("EM102", store, hits[0].key)
    ]
    assert hits[0].key in DEFAULT_RULES.renames
    assert fix(scan, src) == src


@pytest.mark.parametrize("src", NOT_STORED)
def test_not_a_stored_old_name(src: str) -> None:
    assert [h for h in scan(src, DEFAULT_RULES) if h.store] == []


@pytest.mark.parametrize("src", NOOP)
def test_noop(src: str) -> None:
    assert codes(scan, src) == []


@pytest.mark.parametrize(("src", "expected"), FIXES)
def test_fix(src: str, expected: str) -> None:
    assert fix(scan, src) == expected
    assert [h.code for h in scan(expected, DEFAULT_RULES) if not h.store] == []


def test_obsolete_is_reported_not_rewritten() -> None:
    src = "env:\n  DINGTALK_AGENT_ID: '1'\n"
    assert codes(scan, src) == ["EM103"]
    assert fix(scan, src) == src
