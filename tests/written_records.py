"""The oracle for records written out by hand (``diff.Edit``, ``rewrite.RewriteResult``):
a ``collections.namedtuple`` of the same fields and defaults, which is what
``typing.NamedTuple`` builds."""

from __future__ import annotations

import collections
import copy
import inspect
import pickle
from typing import Any

import pytest


def reference(record: type[tuple[Any, ...]]) -> Any:
    """The NamedTuple the record stands for: its ``_fields``, and the defaults its
    constructor declares."""
    fields: tuple[str, ...] = record._fields  # type: ignore[attr-defined]
    params = inspect.signature(record).parameters
    assert tuple(params) == fields  # constructed by field, in field order
    defaults = [p.default for p in params.values() if p.default is not inspect.Parameter.empty]
    return collections.namedtuple(record.__name__, fields, defaults=defaults)


def assert_like_namedtuple(
    record: type[tuple[Any, ...]], a: tuple[Any, ...], b: tuple[Any, ...]
) -> None:
    """``record`` made of the field values ``a`` (and ``b``) behaves as the NamedTuple:
    made by position or keyword or with its defaults, read by name, index and unpacking,
    compared, hashed, ordered, printed, replaced, copied, pickled and matched alike."""
    ref_type = reference(record)
    fields: tuple[str, ...] = ref_type._fields
    mine, ref = record(*a), ref_type(*a)
    other, other_ref = record(*b), ref_type(*b)
    assert type(mine) is record
    assert record(**dict(zip(fields, a, strict=True))) == mine
    required = len(fields) - len(ref_type._field_defaults)
    assert tuple(record(*a[:required])) == tuple(ref_type(*a[:required]))
    assert tuple(getattr(mine, f) for f in fields) == tuple(getattr(ref, f) for f in fields)
    assert tuple(mine) == tuple(ref)
    assert [mine[i] for i in range(-len(fields), len(fields))] == list(ref[-len(fields) :] + ref)
    assert mine == ref
    assert (mine == other) == (ref == other_ref)
    try:
        expected: object = (ref < other_ref, ref <= other_ref, ref > other_ref)
    except TypeError as exc:  # fields that do not order (None against a value)
        expected = type(exc)
    try:
        got: object = (mine < other, mine <= other, mine > other)
    except TypeError as exc:
        got = type(exc)
    assert got == expected
    try:
        ref_hash: object = hash(ref)
    except TypeError as exc:  # a dict field
        ref_hash = type(exc)
    try:
        mine_hash: object = hash(mine)
    except TypeError as exc:
        mine_hash = type(exc)
    assert mine_hash == ref_hash
    assert repr(mine) == repr(ref)
    for name, value in zip(fields, b, strict=True):
        replaced = mine._replace(**{name: value})  # type: ignore[attr-defined]
        assert type(replaced) is record
        assert tuple(replaced) == tuple(ref._replace(**{name: value}))
    with pytest.raises(ValueError, match="unexpected field names"):
        mine._replace(nonesuch=1)  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="unexpected field names"):
        ref._replace(nonesuch=1)
    for clone in (copy.copy(mine), copy.deepcopy(mine), pickle.loads(pickle.dumps(mine))):  # noqa: S301 - our own bytes
        assert type(clone) is record
        assert clone == mine
    assert record.__match_args__ == fields  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        setattr(mine, fields[0], a[0])
    with pytest.raises(AttributeError):
        mine.nonesuch = 1  # type: ignore[attr-defined]
    assert not hasattr(mine, "__dict__")
    for bad in (a[: required - 1], (*a, a[0])):
        with pytest.raises(TypeError):
            record(*bad)
        with pytest.raises(TypeError):
            ref_type(*bad)
