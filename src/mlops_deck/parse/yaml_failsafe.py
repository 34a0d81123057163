"""YAML as Marpit reads it: js-yaml's FAILSAFE schema, with marp-core's "loose" values.

FAILSAFE means every scalar is a string (``true`` is ``"true"``, an empty value is ``""``),
and a duplicated key is an error. Loose mode quotes the unquoted value of a known
directive first, so ``header: Foo: bar`` means the string ``Foo: bar``.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Iterable

import yaml

_SPECIAL_START = "[\"'{|>~&*"


def failsafe_loader(base: type) -> type:
    """``base`` (a loader keeping scalars as strings: an empty value is "", as in js-yaml's
    FAILSAFE schema) plus js-yaml's duplicate-key and unknown-tag errors."""

    class FailsafeLoader(base):  # type: ignore[misc, valid-type]
        def construct_object(self, node, deep=False):  # type: ignore[override]
            if node.tag not in _FAILSAFE_TAGS:
                raise yaml.constructor.ConstructorError(
                    None, None, f"unknown tag {node.tag!r}", node.start_mark)
            return super().construct_object(node, deep=deep)

        def construct_mapping(self, node, deep=False):  # type: ignore[override]
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if not isinstance(key, str):
                    raise yaml.constructor.ConstructorError(
                        None, None, "complex mapping keys are not supported",
                        key_node.start_mark)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicated mapping key {key!r}", key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    FailsafeLoader.add_constructor("tag:yaml.org,2002:map", FailsafeLoader.construct_mapping)
    return FailsafeLoader


_FAILSAFE_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
# libyaml's parser (bundled with PyYAML's wheels) reads the same documents ~9x faster than
# PyYAML's pure-Python one: 1 ms instead of 9 for the deck's 42 YAML-looking comments. Only
# its error wording differs ("did not find expected key" for "expected <block end>, but
# found '<scalar>'").
_FailsafeLoader = failsafe_loader(getattr(yaml, "CBaseLoader", yaml.BaseLoader))


class YamlResult:
    """``value`` is the parsed document; ``error`` a message and 1-based line offset."""

    __slots__ = ("value", "error", "error_line")

    def __init__(self, value: Any = None, error: str | None = None, error_line: int = 0):
        self.value, self.error, self.error_line = value, error, error_line


# One `key: value` line whose YAML meaning is plain: no indicator, quote, colon or comment
# sign anywhere that could change it. Most directive comments look like this; building the
# mapping directly skips PyYAML (the slow part of a parse). Anything else goes to PyYAML.
_SIMPLE_LINE = re.compile(r"([^\s:#,\[\]{}&*!|>'\"%@`?-][^\s:#,\[\]{}]*) *:[ \t]+"
                          r"([^\s:#,\[\]{}&*!|>'\"%@`?-][^:#\n]*)")


def load(text: str) -> YamlResult:
    simple = _SIMPLE_LINE.fullmatch(text) if text.isprintable() else None
    if simple:
        return YamlResult({simple.group(1): simple.group(2).rstrip(" \t")})
    return load_with_pyyaml(text)


def load_with_pyyaml(text: str) -> YamlResult:
    try:
        # js-yaml ends a block scalar (`style: |`) with its line break even at the end of
        # the input (Marpit trims the text); PyYAML does so only if the break is there.
        return YamlResult(yaml.load(text + "\n", Loader=_FailsafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return YamlResult(error=str(problem), error_line=line)
    except (RecursionError, ValueError) as exc:
        return YamlResult(error=str(exc))


@lru_cache(maxsize=8)
def _loose_matcher(keys: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = []
    for key in keys:
        escaped = "_?" + re.escape(key)
        alternatives += [escaped, f'"{escaped}"', f"'{escaped}'"]
    return re.compile(rf"^((?:{'|'.join(alternatives)})\s*:)(.+)$")


def loosen(text: str, keys: Iterable[str]) -> str:
    """Quote unquoted values of the given keys (marp-core's looseYAML), line by line."""
    matcher = _loose_matcher(tuple(keys))

    def quote(match: re.Match[str]) -> str:
        prop, value = match.group(1), match.group(2)
        trimmed = value.strip()
        if not trimmed or trimmed[0] in _SPECIAL_START:
            return match.group(0)
        spaces = value[: len(value) - len(value.lstrip())]
        return prop + spaces + '"' + trimmed.replace('"', '\\"') + '"'

    lines = [matcher.sub(quote, line) for line in re.split(r"\r?\n", text)]
    return "\n".join(lines).strip()


def as_json_value(value: Any) -> Any:
    """Values for JSON output (failsafe YAML only holds str/list/dict/None)."""
    return json.loads(json.dumps(value, default=str))
