"""Check a loaded document against a committed JSON Schema, with messages authors can act on."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path as FsPath
from typing import Any

import jsonschema
import jsonschema_rs
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from .problems import Problem
from .yamlfile import YamlDoc

# "At least one character that is not white space", as the schemas write it. Python's \s also
# counts the separators \x1c-\x1f as space and Rust's does not: naming them keeps jsonschema
# and jsonschema-rs in agreement.
VISIBLE = r"[^\s\x1c-\x1f]"


@cache
def validator(schema_file: FsPath) -> Draft202012Validator:
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    registry = Registry().with_resource(schema["$id"], Resource.from_contents(schema))
    return Draft202012Validator(schema, registry=registry)


@cache
def _compiled(schema_file: FsPath) -> Any:
    return jsonschema_rs.validator_for(json.loads(schema_file.read_text(encoding="utf-8")))


def is_valid(data: Any, schema_file: FsPath) -> bool:
    """Quick yes/no from the compiled schema (jsonschema-rs); `check` explains a no."""
    return bool(_compiled(schema_file).is_valid(data))


def check(doc: YamlDoc, schema_file: FsPath) -> list[Problem]:
    """One problem per schema violation, at the deepest place that explains it."""
    problems = []
    for error in validator(schema_file).iter_errors(doc.data):
        for leaf in _leaves(error):
            path = tuple(leaf.absolute_path)
            found, expected = _explain(leaf)
            problems.append(doc.problem(path, found, expected))
    return problems


def _leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """For oneOf/if-then errors, the sub-errors say more than the summary, unless there are none."""
    if error.validator == "oneOf" and error.context:
        # Errors of the branch that got furthest explain what is wrong; a failed `required`
        # in a branch only says which branch it was not.
        deep = [
            e for e in error.context if e.validator != "required" or len(e.absolute_path) > len(error.absolute_path)
        ]
        if deep:
            return [leaf for e in deep for leaf in _leaves(e)]
    return [error]


def _found(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _explain(error: jsonschema.ValidationError) -> tuple[str, str]:
    kind, schema, value = error.validator, error.schema, error.instance
    description = schema.get("description") if isinstance(schema, dict) else None
    if kind == "required":
        missing = [k for k in error.validator_value if isinstance(value, dict) and k not in value]
        return f"no '{missing[0] if missing else error.validator_value}'", f"the key '{missing[0] if missing else ''}'"
    if kind == "additionalProperties":
        extra = sorted(k for k in value if k not in schema.get("properties", {}))
        allowed = ", ".join(schema.get("properties", {}))
        return f"the unknown key '{extra[0] if len(extra) == 1 else extra}'", f"one of: {allowed}"
    if kind == "enum":
        return _found(value), "one of: " + ", ".join(map(str, error.validator_value))
    if kind == "pattern":
        if error.validator_value == VISIBLE:
            return "a blank text", "a text in this language"
        return _found(value), description or f"text matching {error.validator_value}"
    if kind == "type":
        expected = {"object": "a mapping", "array": "a list", "string": "text"}.get(
            str(error.validator_value), str(error.validator_value)
        )
        if value is None and error.validator_value == "string":
            return "a missing text (empty value)", "a text in this language"
        return _found(value), expected + (f" ({description})" if description else "")
    if kind == "minItems":
        return f"{len(value)} item{'s' if len(value) != 1 else ''}", f"at least {error.validator_value}"
    if kind == "maxItems":
        return f"{len(value)} items", f"at most {error.validator_value}"
    if kind == "minProperties":
        return "an empty mapping", f"at least {error.validator_value} entry"
    if kind == "uniqueItems":
        return "the same item twice", "each item once"
    if kind == "oneOf":
        return _found(
            value
        ) + " that fits none or several of the allowed forms", description or "exactly one allowed form"
    if kind == "maxLength":
        return f"{len(value)} characters", f"at most {error.validator_value}"
    return error.message, description or "a value that fits the schema"
