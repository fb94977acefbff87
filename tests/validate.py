#!/usr/bin/python3
"""Validate nianbao JSON output against schema/report.schema.json.

Usage: tests/validate.py [--schema FILE | --records] [--lines] [FILE ...]
With no FILE, or with -, reads stdin.  Each input is one JSON document, or with
--lines one document per line (batch output).  --records validates against
schema/record.schema.json instead: a report, an error record or a duplicate
record, what a batch writes on each line.  The schemas of schema/ are found by
their $id, so one may refer to another.  Prints every violation as
`input: path: message` and exits 1 if any document is invalid, 2 on unreadable
input.  Uses python3-jsonschema's Draft202012Validator, so run it with
/usr/bin/python3.
"""

import argparse
import json
import os
import sys

import jsonschema

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def documents(name, text, lines):
    """(label, parsed document) pairs of one input, raising ValueError."""
    if not lines:
        return [(name, json.loads(text))]
    return [("%s:%d" % (name, number), json.loads(line))
            for number, line in enumerate(text.splitlines(), 1) if line.strip()]


def schema_store():
    """Every schema of schema/, by its $id."""
    store = {}
    folder = os.path.join(REPO_ROOT, "schema")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".schema.json"):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                schema = json.load(handle)
            store[schema["$id"]] = schema
    return store


def read_input(name):
    if name == "-":
        return sys.stdin.read()
    with open(name, encoding="utf-8") as handle:
        return handle.read()


def main(argv):
    parser = argparse.ArgumentParser(description="Validate report JSON against the schema.")
    parser.add_argument("--schema", default=os.path.join(REPO_ROOT, "schema", "report.schema.json"))
    parser.add_argument("--records", action="store_true",
                        help="validate batch records (schema/record.schema.json)")
    parser.add_argument("--lines", action="store_true", help="one JSON document per line")
    parser.add_argument("inputs", nargs="*", default=["-"])
    args = parser.parse_args(argv)
    if args.records:
        args.schema = os.path.join(REPO_ROOT, "schema", "record.schema.json")
    with open(args.schema, encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    resolver = jsonschema.RefResolver.from_schema(schema, store=schema_store())
    validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
    invalid = 0
    for name in args.inputs:
        try:
            docs = documents(name, read_input(name), args.lines)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            print("%s: cannot read: %s" % (name, error), file=sys.stderr)
            return 2
        for label, doc in docs:
            errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
            for error in errors:
                path = "/".join(str(p) for p in error.absolute_path) or "(top)"
                print("%s: %s: %s" % (label, path, error.message[:300]))
            invalid += bool(errors)
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
