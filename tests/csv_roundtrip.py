#!/usr/bin/python3
"""Read `nianbao csv` output back with a real CSV reader and check it against the JSON.

Usage: csv_roundtrip.py OUT.csv INPUT.json|INPUT.jsonl...

The INPUTs are the JSON files the CSV was made from (contract JSON or JSONL
batch output; error records are expected to be absent from the CSV).  Every
cell of every report (each leaf of active_disclosure, applications and
reviews, walked from the JSON itself, not from nianbao's tables) must be
exactly one CSV row, in the JSON's order, with:
  - file, sha256, agency, year, template as in the report ("" for null);
  - value "" for null, and otherwise the same number: an integer written
    without a decimal point, a real that reads back as the same float;
and no other rows.  The file must be RFC 4180 as nianbao promises: CRLF
line ends, the header row, UTF-8 (an optional BOM, with --bom).

Prints one line per problem and `csv_roundtrip: N cells ok` on success;
exits 1 on any problem.
"""

import csv
import io
import json
import re
import sys

HEADER = ["file", "sha256", "agency", "year", "template", "section", "row", "column", "value"]
SECTIONS = ["active_disclosure", "applications", "reviews"]


def load_reports(path):
    """Reports of a JSON or JSONL file, error records left out."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        records = [json.loads(text)]
    except json.JSONDecodeError:
        records = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [record for record in records if "error" not in record]


def expected_rows(report, input_path):
    source = report.get("source") or {}
    identity = [
        source.get("file") or input_path,
        source.get("sha256") or "",
        report.get("agency") or "",
        "" if report.get("year") is None else str(report["year"]),
        report.get("template") or "",
    ]
    for section in SECTIONS:
        for row, columns in (report.get(section) or {}).items():
            for column, value in columns.items():
                yield identity + [section, row, column], value


def value_problem(text, value):
    """Why the CSV text does not stand for the JSON value, or None."""
    if value is None:
        return None if text == "" else "null written as %r (must be empty)" % text
    if text == "":
        return "number %r written empty" % (value,)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "unexpected JSON value %r" % (value,)
    if isinstance(value, int):
        return None if text == str(value) else "integer %d written %r" % (value, text)
    try:
        read = float(text)
    except ValueError:
        return "not a number: %r" % text
    if read != value:
        return "real %r written %r" % (value, text)
    if "e" in text.lower() or len(text) > len(repr(value)) + 2:
        return "real %r written noisily as %r" % (value, text)
    return None


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    csv_path, inputs = argv[1], argv[2:]
    problems = []
    with open(csv_path, "rb") as handle:
        raw = handle.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = raw.decode("utf-8")
    # RFC 4180: every record ends CRLF; a bare LF may only sit inside quotes.
    unquoted = re.sub(r'"(?:[^"]|"")*"', "", text)
    if not text.endswith("\r\n") or re.search(r"(?<!\r)\n", unquoted):
        problems.append("a record does not end with CRLF")
    records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if not records or records[0] != HEADER:
        problems.append("header is %r" % (records[0] if records else None))
    rows = records[1:]
    expected = []
    for path in inputs:
        for report in load_reports(path):
            expected.extend(expected_rows(report, path))
    if len(rows) != len(expected):
        problems.append("%d data rows, %d cells in the JSON" % (len(rows), len(expected)))
    for number, (row, (keys, value)) in enumerate(zip(rows, expected), start=2):
        if len(row) != len(HEADER):
            problems.append("row %d has %d fields" % (number, len(row)))
            continue
        if row[:8] != keys:
            problems.append("row %d: %r, expected %r" % (number, row[:8], keys))
            continue
        problem = value_problem(row[8], value)
        if problem:
            problems.append("row %d (%s.%s.%s): %s" % (number, keys[5], keys[6], keys[7], problem))
    for problem in problems[:50]:
        print("csv_roundtrip: " + problem)
    if problems:
        print("csv_roundtrip: %d problems" % len(problems))
        return 1
    print("csv_roundtrip: %d cells ok" % len(expected))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
