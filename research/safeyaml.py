"""The one way the toolkit reads YAML: bounded before anything is built.

Questionnaires, column mappings and any other YAML a user gives go through
:func:`load_yaml`, which refuses, with a :mod:`research.errors` message that
names the file (and the line and column where there is one):

- a text over :data:`~research.limits.MAX_YAML_KB`;
- nesting deeper than :data:`~research.limits.MAX_YAML_DEPTH`, counted on
  the parser's events as the composer takes them, so the composer (which
  recurses once per level) never goes deeper than the limit: ``[[[[…]]]]``
  ten thousand levels deep is an error message, not a ``RecursionError``;
- more than :data:`~research.limits.MAX_YAML_ALIASES` aliases (``*name``);
- a document whose aliases, expanded, would hold more than
  :data:`~research.limits.MAX_YAML_NODES` values or nest deeper than the
  depth limit ("billion laughs": nine levels of ten aliases each are 10⁹
  values), or an alias inside its own anchor's value (a cycle).  Both are
  measured on the composed node graph, each shared node once, before any
  Python object is constructed;
- a syntax error, reported with its line and column.

PyYAML builds an alias as a reference to the same object, so constructing
a billion-laughs document is cheap; what explodes is the first program that
walks it (a validator, ``json.dumps``, ``str()``).  Hence the node budget
on the expanded document, not only on the text.
"""
from __future__ import annotations

import os
from pathlib import Path

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent

from . import limits
from .errors import ResearchError


class _Refused(yaml.YAMLError):
    """A limit reached while parsing: carries the message key and its parameters."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


class Bounded:
    """Mixin for a PyYAML loader class (put it first): counts nesting and aliases on the event
    stream as the composer takes each event, and refuses past the limits."""

    _depth = 0
    _aliases = 0

    def get_event(self):
        event = super().get_event()
        if isinstance(event, CollectionStartEvent):
            self._depth += 1
            if self._depth > limits.MAX_YAML_DEPTH:
                raise _Refused("yaml_too_deep", limit=limits.MAX_YAML_DEPTH, **_at(event.start_mark))
        elif isinstance(event, CollectionEndEvent):
            self._depth -= 1
        elif isinstance(event, AliasEvent):
            self._aliases += 1
            if self._aliases > limits.MAX_YAML_ALIASES:
                raise _Refused("yaml_too_many_aliases", limit=limits.MAX_YAML_ALIASES, **_at(event.start_mark))
        return event


class SafeLoader(Bounded, yaml.SafeLoader):
    """PyYAML's SafeLoader (plain data only, never Python objects) within the limits."""


class UniqueKeyLoader(Bounded, yaml.SafeLoader):
    """:class:`SafeLoader` that also refuses a key given twice in one mapping (plain YAML keeps the last one
    silently): questionnaires and index systems, where a repeated key is a mistake that would lose a value."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' appears twice in one mapping", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def _at(mark) -> dict:
    return {"line": mark.line + 1, "col": mark.column + 1} if mark is not None else {"line": "?", "col": "?"}


def load_yaml(source, name: str | None = None, *, loader=SafeLoader, error=ResearchError):
    """The data of one YAML document, read within the limits of :mod:`research.limits`.

    ``source`` is a path (``pathlib.Path`` or another ``os.PathLike``), the
    file's bytes (an upload) or its text (a ``str`` is always text); ``name``
    is the file name shown in messages (default: the path's name, else
    ``"<upload>"`` or ``"<text>"``).  ``loader`` is a PyYAML loader class with :class:`Bounded`
    first in its bases (the default reads like ``yaml.safe_load``);
    ``error`` is the :class:`~research.errors.ResearchError` subclass raised
    (``QuestionnaireError`` for a questionnaire, ``MappingError`` for a
    mapping).  YAML errors of other kinds that the loader raises itself (not
    syntax errors) pass through unchanged.
    """
    if not issubclass(loader, Bounded):
        raise TypeError("the loader must have research.safeyaml.Bounded first among its bases")
    text, name = _text(source, name, error)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.MAX_YAML_KB * 1024:
        raise error("yaml_too_large", file=name, size=f"{size / 1024:,.0f}", limit=f"{limits.MAX_YAML_KB:,}")
    reader = None
    try:
        reader = loader(text)  # PyYAML checks the characters here
        node = reader.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        return reader.construct_document(node)
    except _Refused as exc:
        raise error(exc.key, file=name, **exc.params) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = "; ".join(str(p) for p in (exc.context, exc.problem) if p) or type(exc).__name__
        raise error("yaml_syntax", file=name, problem=problem, **_at(mark)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character, say)
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise error("yaml_syntax", file=name, line=line, col=column,
                    problem=f"character #x{exc.character:04X} is not allowed" if isinstance(exc.character, int)
                    else str(exc.reason)) from None
    finally:
        if reader is not None:
            reader.dispose()


def _text(source, name, error) -> tuple[str, str]:
    """The YAML text and the name to show, reading no more of a file than the limit allows."""
    limit = limits.MAX_YAML_KB * 1024
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, name = bytes(source), name or "<upload>"
    elif isinstance(source, str):
        return source.removeprefix("\ufeff"), name or "<text>"
    else:
        path = Path(os.fspath(source))
        name = name or path.name
        with path.open("rb") as fh:  # a FileNotFoundError is the caller's to report
            data = fh.read(limit + 1)
            if len(data) > limit:
                size = os.fstat(fh.fileno()).st_size
                raise error("yaml_too_large", file=name, size=f"{size / 1024:,.0f}", limit=f"{limits.MAX_YAML_KB:,}")
    if len(data) > limit:
        raise error("yaml_too_large", file=name, size=f"{len(data) / 1024:,.0f}", limit=f"{limits.MAX_YAML_KB:,}")
    try:
        return data.decode("utf-8-sig"), name
    except UnicodeDecodeError as exc:
        raise error("yaml_not_utf8", file=name, byte=exc.start + 1) from None


def _looks_inline(text: str) -> bool:
    """A one-line YAML document (``{scale: 5, ...}``) rather than a path."""
    return text.lstrip()[:1] in ("{", "[")


def is_yaml_text(source) -> bool:
    """Whether ``source`` is YAML content (bytes, or text with a line break or a ``{``/``[`` flow
    collection) rather than a path or a name."""
    return isinstance(source, (bytes, bytearray, memoryview)) or (
        isinstance(source, str) and ("\n" in source or _looks_inline(source)))


def _children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []


def _check_expansion(root) -> None:
    """Refuse a node graph that, with its aliases expanded, exceeds the node or depth budget or
    never ends (an alias inside its own anchor).  Each shared node is measured once; the walk is
    iterative, so its own depth costs no stack."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_: set[int] = set()   # nodes whose children are being measured: the path from the root
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_.discard(key)
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = (1 + max((depth[id(k)] for k in kids), default=0)) if kids or not isinstance(
                node, yaml.ScalarNode) else 0
            if size[key] > limits.MAX_YAML_NODES:
                raise _Refused("yaml_expands", limit=f"{limits.MAX_YAML_NODES:,}")
            if depth[key] > limits.MAX_YAML_DEPTH:
                raise _Refused("yaml_too_deep", limit=limits.MAX_YAML_DEPTH, **_at(node.start_mark))
            continue
        if key in size:
            continue
        if key in open_:  # reached again below itself: only an alias can do that
            raise _Refused("yaml_recursive", **_at(node.start_mark))
        open_.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in _children(node) if id(k) not in size)
