"""Load YAML into plain Python values while remembering the line of every key and item."""

from dataclasses import dataclass, field
from typing import Any

import yaml


class PolicyError(ValueError):
    """An invalid policy file: the message names the file, the line and the reason."""


@dataclass
class LinedDocument:
    """A YAML document as Python values, and the 1-based line of each path in it."""

    value: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, path: tuple) -> int:
        """Return the line of `path`, else of its nearest ancestor that has one."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def load_lined(text: str, source: str) -> LinedDocument:
    """Parse one YAML document; a syntax error raises PolicyError with its line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        value = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise PolicyError(f"{source}, line {line}: invalid YAML: {problem}") from error
    document = LinedDocument(value)
    if node is not None:
        _record_lines(node, (), document.lines)
    return document


def _record_lines(node: yaml.Node, path: tuple, lines: dict[tuple, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _record_lines(value_node, path + (key_node.value,), lines)
            # A key's own line is where a reader looks for it, even when its value starts below.
            lines[path + (key_node.value,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (index,), lines)
