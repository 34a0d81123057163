"""Finding and reading lint config files, keeping line numbers for error messages.

tomllib gives no positions, so a key's line is found by scanning the TOML text for it
inside the right table; YAML positions come from the composed node tree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

YAML_NAMES = (".mlops-deck.yml", ".mlops-deck.yaml")
TOML_TABLE = ("tool", "mlops-deck", "lint")


class ConfigError(Exception):
    """A bad config file. ``str()`` is one line: ``file:line: message``."""


@dataclass
class RawConfig:
    """The lint table as read, with a way to say where a key was written."""

    path: Path
    table: dict[str, Any]
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)  # key path -> line
    start_line: int = 1

    def line_of(self, key: str, within: str | None = None) -> int:
        if within:
            found = self.lines.get((within, key)) or self.lines.get((within,))
            if found:
                return found
        return self.lines.get((key,)) or self.start_line

    def error(self, message: str, key: str, within: str | None = None) -> ConfigError:
        return ConfigError(f"{self.path}:{self.line_of(str(key), within)}: {message}")


def find_config(start: Path) -> RawConfig | None:
    """The nearest config from ``start`` upwards, stopping at the repository top (.git)."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for directory in (folder, *folder.parents):
        for name in YAML_NAMES:
            if (directory / name).is_file():
                return read_config(directory / name)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            raw = _read_toml(pyproject, required=False)
            if raw is not None:
                return raw
        if (directory / ".git").exists():
            return None
    return None


def read_config(path: Path) -> RawConfig:
    """Read one config file named explicitly (``--config``)."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    if path.suffix in (".yml", ".yaml"):
        return _read_yaml(path)
    if path.suffix == ".toml":
        raw = _read_toml(path, required=True)
        assert raw is not None
        return raw
    raise ConfigError(f"{path}: config must be a pyproject.toml or a .mlops-deck.yml file")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def _read_toml(path: Path, required: bool) -> RawConfig | None:
    import tomllib

    text = _read_text(path)
    if not required and "mlops-deck" not in text:
        return None  # cheap skip: most pyproject files have no table for us
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise ConfigError(f"{path}:{found.group(1) if found else 1}: invalid TOML: "
                          f"{str(exc).split(' (at')[0]}") from None
    table: Any = data
    for part in TOML_TABLE if path.name == "pyproject.toml" or "tool" in data else ():
        table = table.get(part) if isinstance(table, dict) else None
    if table is None:
        if required:
            raise ConfigError(f"{path}:1: no [tool.mlops-deck.lint] table")
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}:1: [tool.mlops-deck.lint] must be a table")
    lines, start = _toml_lines(text)
    return RawConfig(path, table, lines, start)


_HEADER = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("([^"]+)"|'([^']+)'|[A-Za-z0-9_-]+)\s*=""")


def _toml_lines(text: str) -> tuple[dict[tuple[str, ...], int], int]:
    """Lines of keys under ``[tool.mlops-deck.lint]`` and its sub-tables (best effort)."""
    prefix = "tool.mlops-deck.lint"
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] | None = None
    start = 1
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            name = header.group(1).replace('"', "").replace("'", "")
            table = None
            if name == prefix:
                table, start = (), number
            elif name.startswith(prefix + "."):
                table = (name[len(prefix) + 1:],)
                lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key and table is not None:
            name = key.group(2) or key.group(3) or key.group(1)
            lines.setdefault(table + (name,), number)
            lines.setdefault((name,), number)
    return lines, start


def _read_yaml(path: Path) -> RawConfig:
    import yaml

    text = _read_text(path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ConfigError(f"{path}:{line}: invalid YAML: "
                          f"{getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: expected a mapping with a 'lint' key")
    unknown = [k for k in data if k != "lint"]
    lines = _yaml_lines(node)
    if unknown:
        raise ConfigError(f"{path}:{lines.get((str(unknown[0]),), 1)}: unknown key "
                          f"'{unknown[0]}' (expected 'lint')")
    table = data.get("lint") or {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}:{lines.get(('lint',), 1)}: 'lint' must be a mapping")
    inner = {k[1:]: v for k, v in lines.items() if k[:1] == ("lint",) and len(k) > 1}
    inner.update({(k[-1],): v for k, v in inner.items() if len(k) == 2})
    return RawConfig(path, {str(k): v for k, v in table.items()}, inner,
                     lines.get(("lint",), 1))


def _yaml_lines(node, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    import yaml

    out: dict[tuple[str, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = prefix + (str(key.value),)
            out[path] = key.start_mark.line + 1
            out.update(_yaml_lines(value, path))
    return out
