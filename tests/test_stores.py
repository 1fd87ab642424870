"""Next steps for secrets kept in stores: exact commands, adds before removes, no values."""

from __future__ import annotations

import pytest

from envmigrate.stores import STORES, next_steps

OLD, NEW = "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"


def test_adds_come_first_each_once() -> None:
    steps = next_steps(
        [("github", OLD, NEW), ("github", OLD, NEW), ("gitlab", "DINGTALK_APP_SECRET", "S")]
    )
    assert steps == [
        "gh secret set DINGTALK_CLIENT_ID",
        "glab variable set S --masked",
        "gh secret delete DINGTALK_APP_KEY",
        "glab variable delete DINGTALK_APP_SECRET",
    ]


def test_a_named_kubernetes_secret_is_used() -> None:
    add, remove = next_steps([("kubernetes:bot-creds", OLD, NEW)])
    assert add == (
        "kubectl get secret bot-creds -o json "
        f"| jq '.data.{NEW} = .data.{OLD}' | kubectl apply -f -"
    )
    assert remove.startswith("kubectl patch secret bot-creds ")
    assert f'"path": "/data/{OLD}"' in remove


def test_nothing_pending() -> None:
    assert next_steps([]) == []


@pytest.mark.parametrize("store", sorted(STORES))
def test_every_store_names_both_keys_and_no_value(store: str) -> None:
    add, remove = next_steps([(store, OLD, NEW)])
    assert NEW in add
    assert OLD in remove
    assert not any(field in add + remove for field in ("{new}", "{old}", "SECRET_NAME}"))
