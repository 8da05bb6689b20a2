"""YAML → plain data plus the source line of every value, so that validation errors can name the line.

A plan file is untrusted text, and YAML can make a few bytes cost without bound. Reading is bounded:
- at most MAX_NODES values, aliases expanded: ten levels of nine aliases make a 600-byte file billions of values;
  an alias that points into itself (`a: &a [*a]`) is refused, not followed forever;
- at most MAX_DEPTH levels of nesting (PyYAML composes recursively: 5,000 "[" would end in RecursionError);
- only plain values (text, numbers, true/false, null, dates), lists and key–value maps: any other tag
  (`!!python/name:…`, `!!set`, `!custom`) is refused;
- keys must be plain values, and a value that cannot be built (a date such as 2025-02-30) is refused.
Each refusal is a YamlRefusedError with a catalog key and the line (1-based) that caused it.

The plans in use need ~300 values (examples/plan.yaml 216, tests/fixtures/plan-mong-cai-2.yaml 291) and 5 levels;
a ward with 500 units is ~5,000 values. 50,000 values take PyYAML ~1.5 s and ~35 MB; 20 levels are 4× what a plan
has. Aliases and anchors stay allowed within those bounds (one set of windows shared by several documents).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor

Path_ = tuple[str | int, ...]

MAX_NODES = 50_000
MAX_DEPTH = 20
_MAX_NODES_TEXT = f"{MAX_NODES:,}".replace(",", ".")  # 50.000, as Vietnamese writes it

_TEXT_TAGS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})  # "<<" and "=": kept as text
_SCALAR_TAGS = _TEXT_TAGS | {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
}
_SEQUENCE_TAG = "tag:yaml.org,2002:seq"
_MAPPING_TAG = "tag:yaml.org,2002:map"
_IMPLICIT = (None, "!")  # no tag, or YAML's non-specific "!": the type is read from the value itself


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, detail: str) -> None:
        super().__init__(detail)
        self.line = line
        self.detail = detail


class YamlRefusedError(ValueError):
    """A plan file refused for what it does rather than how it is written: `code` is a catalog key
    (plan.yaml_*), `params` its fields besides the path and the line."""

    def __init__(self, code: str, line: int, **params: object) -> None:
        super().__init__(code, line, params)
        self.code = code
        self.line = line
        self.params = params


def load_with_lines(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML document. Returns (data, {path: 1-based line}). Raises YamlSyntaxError, YamlRefusedError."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlSyntaxError((mark.line + 1) if mark else 1, str(exc.problem or exc)) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, str(exc)) from exc
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    if node is None:
        return None, lines
    return _Builder(loader.alias_sites).build(node, lines), lines


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader's composer with the node count, the depth and the tags checked as each node starts, and where
    each alias is used as a value remembered: (id of the parent node, position in it) → (line, alias name)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.alias_sites: dict[tuple[int, int], tuple[int, str]] = {}
        self._nodes = 0
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            if parent is not None and index is not None:  # not a key: a key must be a plain value anyway
                # In a list `index` is the position; in a map it is the key node, and the pair is not added yet.
                position = index if isinstance(index, int) else len(parent.value)
                self.alias_sites[(id(parent), position)] = (line, str(event.anchor))
            return super().compose_node(parent, index)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise YamlRefusedError("plan.yaml_too_many_values", line, limit=_MAX_NODES_TEXT)
        if self._depth >= MAX_DEPTH:
            raise YamlRefusedError("plan.yaml_too_deep", line, limit=MAX_DEPTH)
        tag = getattr(event, "tag", None)
        if tag not in _IMPLICIT and tag not in _allowed_tags(event):
            raise YamlRefusedError("plan.yaml_tag", line, tag=str(tag).replace("tag:yaml.org,2002:", "!!", 1))
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _allowed_tags(event: yaml.Event) -> frozenset[str]:
    if isinstance(event, yaml.SequenceStartEvent):
        return frozenset({_SEQUENCE_TAG})
    if isinstance(event, yaml.MappingStartEvent):
        return frozenset({_MAPPING_TAG})
    return _SCALAR_TAGS


class _Builder:
    """Nodes → plain data, aliases expanded into copies, within MAX_NODES values and MAX_DEPTH levels."""

    def __init__(self, alias_sites: dict[tuple[int, int], tuple[int, str]]) -> None:
        self._alias_sites = alias_sites
        self._constructor = SafeConstructor()
        self._built = 0
        self._open: set[int] = set()  # the nodes being built: meeting one again is an alias into itself
        self._aliases: list[tuple[int, str]] = []  # the aliases being expanded, outermost first

    def build(self, node: yaml.Node, lines: dict[Path_, int]) -> Any:
        return self._build(node, (), lines)

    def _child(self, parent: yaml.Node, position: int, node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
        site = self._alias_sites.get((id(parent), position))
        if site is None:
            return self._build(node, path, lines)
        if id(node) in self._open:
            raise YamlRefusedError("plan.yaml_alias_loop", site[0], name=site[1])
        self._aliases.append(site)
        try:
            return self._build(node, path, lines)
        finally:
            self._aliases.pop()

    def _build(self, node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
        line = node.start_mark.line + 1
        self._built += 1
        # Without aliases the composer has checked both already: past them, an alias is what grew the plan.
        if self._built > MAX_NODES:
            site_line, name = self._aliases[0] if self._aliases else (line, "")
            raise YamlRefusedError("plan.yaml_alias_too_big", site_line, name=name, limit=_MAX_NODES_TEXT)
        if len(path) >= MAX_DEPTH:
            site_line, name = self._aliases[0] if self._aliases else (line, "")
            raise YamlRefusedError("plan.yaml_too_deep", site_line, name=name, limit=MAX_DEPTH)
        lines[path] = line
        if isinstance(node, yaml.MappingNode):
            self._open.add(id(node))
            out: dict[Any, Any] = {}
            for position, (key_node, value_node) in enumerate(node.value):
                key = self._key(key_node)
                out[key] = self._child(node, position, value_node, (*path, str(key)), lines)
            self._open.discard(id(node))
            return out
        if isinstance(node, yaml.SequenceNode):
            self._open.add(id(node))
            items = [self._child(node, i, item, (*path, i), lines) for i, item in enumerate(node.value)]
            self._open.discard(id(node))
            return items
        return self._scalar(node)

    def _key(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise YamlRefusedError("plan.yaml_key", node.start_mark.line + 1)
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag in _TEXT_TAGS:
            return str(node.value)  # merge keys are not expanded: "<<" is a key like any other
        try:
            return self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            raise YamlRefusedError("plan.yaml_value", node.start_mark.line + 1, value=str(node.value)[:80]) from exc


def line_of(lines: dict[Path_, int], loc: tuple[Any, ...]) -> int:
    """The line of the deepest known prefix of `loc` (a pydantic error location)."""
    path: tuple[Any, ...] = tuple(loc)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), 1)
