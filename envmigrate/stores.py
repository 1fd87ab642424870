"""Secrets kept in stores: the next steps, as exact commands without values.

A reference such as ``${{ secrets.DINGTALK_APP_KEY }}`` or a Kubernetes ``secretKeyRef``
names a secret that lives outside the repository. Renaming the reference alone would
deploy an empty credential, so ``migrate`` leaves it and prints what to run, in the
zero-downtime order: add the new name to the store, deploy code that reads it, then
remove the old name. No command here ever carries a value.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from envmigrate.i18n import N_

#: The order that never leaves a running deployment without its credential.
ORDER = N_(
    "Zero-downtime order: 1. add the new names to the store; 2. deploy code that reads "
    "them; 3. remove the old names."
)


class Store(NamedTuple):
    """How to add a new name to a store and remove the old one (``{new}``/``{old}``)."""

    title: str
    add: str
    remove: str


STORES = {
    "github": Store(N_("GitHub Actions secret"), "gh secret set {new}", "gh secret delete {old}"),
    "github-vars": Store(
        N_("GitHub Actions variable"), "gh variable set {new}", "gh variable delete {old}"
    ),
    "gitlab": Store(
        N_("GitLab CI/CD variable"),
        "glab variable set {new} --masked",
        "glab variable delete {old}",
    ),
    "kubernetes": Store(
        N_("Kubernetes Secret"),
        "kubectl get secret SECRET_NAME -o json "
        "| jq '.data.{new} = .data.{old}' | kubectl apply -f -",
        "kubectl patch secret SECRET_NAME --type=json "
        '-p=\'[{{"op": "remove", "path": "/data/{old}"}}]\'',
    ),
    "docker": Store(
        N_("BuildKit secret"),
        "docker build --secret id={new},env={new} .",
        "(stop passing --secret id={old})",
    ),
}


def next_steps(renames: Iterable[tuple[str, str, str]]) -> list[str]:
    """The commands for every (store, old, new) still pending, each once, adds first.

    ``store`` is a key of :data:`STORES`, optionally with the store's own name after a
    colon (``kubernetes:bot-credentials``), which replaces ``SECRET_NAME``.
    """
    pending = sorted(set(renames))
    adds = [_command(store, "add", old, new) for store, old, new in pending]
    removes = [_command(store, "remove", old, new) for store, old, new in pending]
    return [*dict.fromkeys(adds), *dict.fromkeys(removes)]


def _command(store: str, step: str, old: str, new: str) -> str:
    kind, _, name = store.partition(":")
    template = getattr(STORES[kind], step)
    return str(template.format(new=new, old=old)).replace("SECRET_NAME", name or "SECRET_NAME")
