#!/usr/bin/python3
"""Check batch JSONL outputs for tests/batch.sh.  Prints one line per
problem and exits 1 if there is any.

  check-records.py expect EXPECT.tsv OUT.jsonl
      EXPECT.tsv: <path as given to nianbao> TAB <codes>, codes '|'-separated,
      "ok" for a report, "*" for anything.  Every path must have exactly one
      record (a compilation: one per report, source.part 1..n), with an
      allowed code, and OUT must hold no other record.
  check-records.py single NIANBAO EXPECT.tsv OUT.jsonl
      Each record must equal what `NIANBAO extract -c FILE` gives for its file:
      the same JSON line for a report, the same code (from the exit status) and
      message for an error (batch-only codes excepted).
  check-records.py same A.jsonl B.jsonl
      A and B hold the same multiset of records (order ignored), a duplicate
      record {"source", "duplicate_of": PATH} counting as equal to the record
      of PATH with its own source.file: which of two paths with the same
      bytes is extracted depends on the order they come in.
  check-records.py count OUT.jsonl
      Print the number of inputs with complete records (the parts of a
      compilation count once).
  check-records.py ok OUT.jsonl
      The same, for inputs that gave reports (not duplicate records).
  check-records.py duplicates OUT.jsonl
      The number of duplicate records.

A duplicate record has the code of the record it points to (expect) and must
equal, with its own source.file, the single-file run of its input (single).

Paths in EXPECT.tsv are bytes; a path that is not UTF-8 appears in records
with U+FFFD for each bad byte (Python's "replace" gives the same string).
"""

import json
import subprocess
import sys

EXIT_CODES = {3: "io_error", 4: "empty", 5: "not_utf8", 6: "not_a_pdf",
              7: "damaged_pdf", 8: "encrypted", 9: "no_text_layer",
              10: "not_a_report", 11: "truncated", 12: "too_large",
              13: "unsupported_text_layout", 14: "multiple_reports",
              15: "legacy_word", 16: "missing_library", 17: "archive"}


def read_expect(path):
    """[(raw path bytes, shown str, set of codes)]"""
    entries = []
    with open(path, "rb") as f:
        for line in f:
            line = line.rstrip(b"\n")
            if not line:
                continue
            raw, codes = line.rsplit(b"\t", 1)
            entries.append((raw, raw.decode("utf-8", "replace"),
                            set(codes.decode().split("|"))))
    return entries


def read_records(path):
    """[(line, record)]; complete lines only."""
    records = []
    with open(path, "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                continue
            line = raw.decode("utf-8").rstrip("\n")
            records.append((line, json.loads(line)))
    return records


def first_part(record):
    """A record that starts an input's records: every record but parts 2..n
    of a compilation (whose records are appended together)."""
    return (record.get("source") or {}).get("part", 1) in (1, None)


def code_of(record):
    return record["error"]["code"] if "error" in record else "ok"


def is_duplicate(record):
    return "duplicate_of" in record


def resolve(record, records):
    """The records a duplicate record stands for: those of the path it
    points to, with the duplicate's source.file; [record] for any other
    record, and for a duplicate whose target has no record."""
    if not is_duplicate(record):
        return [record]
    targets = [r for _l, r in records
               if not is_duplicate(r) and r["source"]["file"] == record["duplicate_of"]]
    if not targets:
        return [record]
    resolved = []
    for target in targets:
        target = json.loads(json.dumps(target))
        target["source"]["file"] = record["source"]["file"]
        resolved.append(target)
    return resolved


def canonical(record):
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def by_file(records):
    files = {}
    for line, record in records:
        files.setdefault(record["source"]["file"], []).append((line, record))
    return files


def cmd_expect(expect_path, out_path):
    problems = []
    records = read_records(out_path)
    files = by_file(records)
    expected = read_expect(expect_path)
    for _raw, shown, codes in expected:
        got = files.get(shown, [])
        # a compilation: one record per report, parts 1..n, appended together
        parts = [r["source"].get("part") for _l, r in got if "source" in r]
        if len(got) > 1 and parts == list(range(1, len(got) + 1)):
            got = got[:1]
        if len(got) != 1:
            problems.append("%s: %d records, want exactly 1" % (shown, len(got)))
            continue
        code = code_of(resolve(got[0][1], records)[0])
        if "*" not in codes and code not in codes:
            problems.append("%s: %s, want %s" % (shown, code, "|".join(sorted(codes))))
    known = {shown for _raw, shown, _codes in expected}
    for name in sorted(set(files) - known):
        problems.append("%s: a record for a file that is not an input" % name)
    return problems


def without_file(record):
    record = json.loads(json.dumps(record))
    record["source"].pop("file", None)
    return record


def compare_single(nianbao, raw, line, record):
    code = code_of(record)
    if code in ("crashed", "timeout", "out_of_memory"):
        return None  # batch-only: the single-file run would hang or crash
    run = subprocess.run([nianbao, "extract", "-c", raw], capture_output=True,
                         timeout=120)
    shown = raw.decode("utf-8", "replace")
    stdout = run.stdout.decode("utf-8", "replace").rstrip("\n")
    stderr = run.stderr.decode("utf-8", "replace").strip()
    if run.returncode == 0:
        if code != "ok":
            return "%s: batch says %s, single-file run succeeds" % (shown, code)
        part = record["source"].get("part")
        if part:  # a compilation: extract prints one line per report
            lines = stdout.split("\n")
            stdout = lines[part - 1] if part <= len(lines) else ""
        if stdout == line or (line is None and json.loads(stdout) == record):
            return None
        # nb_schema_build drops a file name that is not UTF-8; the batch
        # shows it with U+FFFD.  Everything else must be equal.
        if raw != shown.encode("utf-8") and \
                without_file(json.loads(stdout)) == without_file(record):
            return None
        return "%s: batch record differs from `extract -c`" % shown
    want = EXIT_CODES.get(run.returncode, "exit %d" % run.returncode)
    if code != want:
        return "%s: batch says %s, single-file run says %s" % (shown, code, want)
    message = record["error"]["message"]
    if not stderr.endswith(": " + message):
        return "%s: message %r, single-file stderr %r" % (shown, message, stderr)
    return None


def cmd_single(nianbao, expect_path, out_path):
    problems = []
    records = read_records(out_path)
    files = by_file(records)
    for raw, shown, _codes in read_expect(expect_path):
        for line, record in files.get(shown, []):
            if is_duplicate(record):
                # a compilation's duplicate stands for its first report
                record = resolve(record, records)[0]
                line = None
            problem = compare_single(nianbao, raw, line, record)
            if problem:
                problems.append(problem)
    return problems


def resolved_lines(path):
    records = read_records(path)
    return sorted(canonical(r) for _l, record in records
                  for r in resolve(record, records))


def cmd_same(a_path, b_path):
    a = resolved_lines(a_path)
    b = resolved_lines(b_path)
    if a == b:
        return []
    only_a = sorted(set(a) - set(b))
    only_b = sorted(set(b) - set(a))
    problems = ["%d records in %s, %d in %s" % (len(a), a_path, len(b), b_path)]
    for line in only_a[:5]:
        problems.append("only in %s: %s" % (a_path, line[:160]))
    for line in only_b[:5]:
        problems.append("only in %s: %s" % (b_path, line[:160]))
    return problems


def main(argv):
    if len(argv) == 4 and argv[1] == "expect":
        problems = cmd_expect(argv[2], argv[3])
    elif len(argv) == 5 and argv[1] == "single":
        problems = cmd_single(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "same":
        problems = cmd_same(argv[2], argv[3])
    elif len(argv) == 3 and argv[1] == "count":
        print(sum(1 for _l, r in read_records(argv[2]) if first_part(r)))
        return 0
    elif len(argv) == 3 and argv[1] == "ok":
        print(sum(1 for _l, r in read_records(argv[2])
                  if first_part(r) and not is_duplicate(r) and code_of(r) == "ok"))
        return 0
    elif len(argv) == 3 and argv[1] == "duplicates":
        print(sum(1 for _l, r in read_records(argv[2]) if is_duplicate(r)))
        return 0
    else:
        sys.stderr.write(__doc__)
        return 2
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
