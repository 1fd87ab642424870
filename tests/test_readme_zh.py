"""README.zh-CN.md keeps step with README.md: the same sections in the same order, every
fenced block byte-identical and in the same section, the same file and web links, the same
inline code, table code cells untouched, and every `](#anchor)` of either file resolving to
a heading of that file by GitHub's slug rules (and to the counterpart of the same heading)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
EN_PATH = ROOT / "README.md"
ZH_PATH = ROOT / "README.zh-CN.md"
EN_SWITCH = "English | [简体中文](README.zh-CN.md)"
ZH_SWITCH = "[English](README.md) | 简体中文"

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_LINK = re.compile(r"\]\(([^()\s]+)\)")


class Heading(NamedTuple):
    level: int
    text: str


class Section(NamedTuple):
    """A heading and what follows it up to the next heading (fences kept whole)."""

    heading: Heading | None
    prose: str  # the lines outside fenced blocks
    fences: tuple[str, ...]  # each fenced block, fence lines included


def sections(text: str) -> list[Section]:
    """Split Markdown at ATX headings outside fenced blocks (CommonMark fence rules)."""
    result: list[Section] = []
    heading: Heading | None = None
    prose: list[str] = []
    fences: list[str] = []
    lines = iter(text.splitlines(keepends=True))
    for line in lines:
        if fence := _FENCE.match(line):
            fences.append(line + _rest_of_fence(lines, fence.group(1)))
        elif match := _HEADING.match(line.rstrip("\n")):
            result.append(Section(heading, "".join(prose), tuple(fences)))
            heading, prose, fences = Heading(len(match[1]), match[2] or ""), [], []
        else:
            prose.append(line)
    result.append(Section(heading, "".join(prose), tuple(fences)))
    return result


def _rest_of_fence(lines: Iterator[str], opener: str) -> str:
    closer = re.compile(rf"^ {{0,3}}{re.escape(opener[0])}{{{len(opener)},}}[ \t]*$")
    body = []
    for line in lines:
        body.append(line)
        if closer.match(line.rstrip("\n")):
            break
    return "".join(body)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: its rendered text, lower-cased, keeping letters and
    marks of any script, decimal and letter numbers, `_`, `-` and spaces (-> `-`); all
    other punctuation, full-width included, symbols and other numbers are dropped."""
    text = _CODE_SPAN.sub(lambda m: m[2].strip(), heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text).strip().lower()
    kept = (c for c in text if c in "- " or unicodedata.category(c)[:2] in _SLUG_KEEPS)
    return "".join(kept).replace(" ", "-")


_SLUG_KEEPS = {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "Pc"}


def anchors(text: str) -> list[str]:
    """The anchors GitHub gives a file's headings, in order (repeats get -1, -2, ...)."""
    seen: dict[str, int] = {}
    result = []
    for section in sections(text):
        if section.heading is None:
            continue
        base = slug(section.heading.text)
        anchor = base if base not in seen else f"{base}-{seen[base]}"
        seen[base] = seen.get(base, 0) + 1
        seen.setdefault(anchor, 1)
        result.append(anchor)
    return result


def code_spans(prose: str) -> set[str]:
    """Inline code, its line breaks read as spaces (as Markdown renders them)."""
    return {" ".join(m[2].split()) for m in _CODE_SPAN.finditer(prose)}


def links(prose: str) -> list[str]:
    return list(_LINK.findall(prose))


def tables(prose: str) -> list[list[list[str]]]:
    """Each table's rows (header, then body; the `|---|` line dropped) as lists of cells."""
    found: list[list[list[str]]] = []
    previous_is_row = False
    for line in prose.splitlines():
        is_row = line.startswith("|")
        if is_row and not re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line):
            row = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if not previous_is_row:
                found.append([])
            found[-1].append(row)
        previous_is_row = is_row
    return found


EN = EN_PATH.read_text(encoding="utf-8")
ZH = ZH_PATH.read_text(encoding="utf-8")
EN_SECTIONS = sections(EN)
ZH_SECTIONS = sections(ZH)
PAIRS = list(zip(EN_SECTIONS, ZH_SECTIONS, strict=False))


def _id(pair: tuple[Section, Section]) -> str:
    return pair[0].heading.text if pair[0].heading else "(top)"


def test_language_switch_lines_on_top() -> None:
    assert EN.splitlines()[:3] == ["# envmigrate", "", EN_SWITCH]
    assert ZH.splitlines()[:3] == ["# envmigrate", "", ZH_SWITCH]


def test_same_sections_in_the_same_order() -> None:
    en = [s.heading.level if s.heading else 0 for s in EN_SECTIONS]
    zh = [s.heading.level if s.heading else 0 for s in ZH_SECTIONS]
    assert len(zh) == len(en)
    assert zh == en
    assert EN_SECTIONS[1].heading == ZH_SECTIONS[1].heading == Heading(1, "envmigrate")


def test_the_chinese_headings_are_translated() -> None:
    """Only names may stay English (a format, a tool): any other heading has Chinese."""
    names = {"pre-commit", "GitHub Action", "JSON", "SARIF", "Markdown"}
    for en, zh in PAIRS[2:]:
        assert en.heading
        assert zh.heading
        if _CODE_SPAN.sub("", en.heading.text).strip(" ()") not in names:
            assert re.search(r"[\u4e00-\u9fff]", zh.heading.text), zh.heading


@pytest.mark.parametrize("pair", PAIRS, ids=_id)
def test_fenced_blocks_are_byte_identical(pair: tuple[Section, Section]) -> None:
    en, zh = pair
    assert zh.fences == en.fences


@pytest.mark.parametrize("pair", PAIRS, ids=_id)
def test_same_links_to_files_and_sites(pair: tuple[Section, Section]) -> None:
    en, zh = pair
    switch = {"README.md", "README.zh-CN.md"}  # the language switch, checked above
    outside = [t for t in links(en.prose) if t[0] != "#" and t not in switch]
    assert sorted(t for t in links(zh.prose) if t[0] != "#" and t not in switch) == sorted(outside)


@pytest.mark.parametrize("pair", PAIRS, ids=_id)
def test_same_inline_code(pair: tuple[Section, Section]) -> None:
    """Commands, options, keys and values are not translated: a section's inline code
    in Chinese is the English section's, no span left out, none added."""
    en, zh = pair
    assert code_spans(zh.prose) == code_spans(en.prose)


@pytest.mark.parametrize("pair", PAIRS, ids=_id)
def test_tables_keep_their_shape_and_code_cells(pair: tuple[Section, Section]) -> None:
    en, zh = pair
    en_tables, zh_tables = tables(en.prose), tables(zh.prose)
    assert [[len(r) for r in t] for t in zh_tables] == [[len(r) for r in t] for t in en_tables]
    for en_table, zh_table in zip(en_tables, zh_tables, strict=True):
        for en_row, zh_row in zip(en_table[1:], zh_table[1:], strict=True):
            assert zh_row[0] == en_row[0]  # the key column: a code, a name, an exit code
            for en_cell, zh_cell in zip(en_row, zh_row, strict=True):
                if re.fullmatch(r"(`[^`]*`)?", en_cell):  # a code cell or an empty one
                    assert zh_cell == en_cell


@pytest.mark.parametrize(("name", "text"), [("README.md", EN), ("README.zh-CN.md", ZH)])
def test_every_anchor_link_resolves_to_a_heading(name: str, text: str) -> None:
    known = set(anchors(text))
    targets = [t[1:] for t in links(text) if t.startswith("#")]
    assert targets, name
    assert [t for t in targets if t not in known] == [], name


def test_anchor_links_point_at_the_same_heading() -> None:
    """A cross-link in Chinese goes to the translation of the heading the English one
    goes to (compared by heading position)."""
    en_index = {anchor: i for i, anchor in enumerate(anchors(EN))}
    zh_index = {anchor: i for i, anchor in enumerate(anchors(ZH))}
    for en, zh in PAIRS:
        en_targets = sorted(en_index[t[1:]] for t in links(en.prose) if t.startswith("#"))
        zh_targets = sorted(zh_index[t[1:]] for t in links(zh.prose) if t.startswith("#"))
        assert zh_targets == en_targets, _id((en, zh))


def test_relative_file_links_exist() -> None:
    for text in (EN, ZH):
        for target in links(text):
            if not re.match(r"[a-z]+:|#", target):
                assert (ROOT / target.split("#")[0]).is_file(), target


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("JSON (`--format json`)", "json---format-json"),
        ("SARIF or `--format github`?", "sarif-or---format-github"),
        ("No silent half-migration", "no-silent-half-migration"),
        ("快速开始", "快速开始"),
        ("Markdown（`--format markdown`）", "markdown--format-markdown"),
        ("不会悄悄只迁移一半：完整性判定", "不会悄悄只迁移一半完整性判定"),
        ("在 CI 中", "在-ci-中"),
        ("[链接](x.md) 与 _下划线_", "链接-与-_下划线_"),
        ("第①步 · 配置²", "第步--配置"),
        ("Café 设置", "café-设置"),
    ],
)
def test_slug_follows_github(heading: str, anchor: str) -> None:
    assert slug(heading) == anchor


def test_repeated_headings_get_numbered_anchors() -> None:
    assert anchors("# A\n## a\n```\n# not a heading\n```\n## A\n") == ["a", "a-1", "a-2"]


def test_sections_ignore_headings_in_nested_fences() -> None:
    text = "# T\n````markdown\n### inner\n```diff\n-x\n```\n````\n## U\ntext\n"
    parsed = sections(text)
    assert [s.heading for s in parsed] == [None, Heading(1, "T"), Heading(2, "U")]
    assert parsed[1].fences == ("````markdown\n### inner\n```diff\n-x\n```\n````\n",)
