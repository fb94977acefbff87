#!/usr/bin/python3
"""doc_examples.py — run the shell examples of the docs; a failing one fails
the build (make doc-test, part of make check).

    /usr/bin/python3 tests/doc_examples.py --nianbao build/release/nianbao \\
        README.md docs/tools.md docs/batch.md

Which examples run: every fenced block whose info string is exactly `sh`.
A block that cannot run here is marked `sh no-run` in the Markdown: it needs
an archive the reader has (/archive), other hosts, sudo, or it is `make`
itself.  Mark a block no-run only for such a reason, never because it fails.

How a block runs: in a fresh temporary directory holding a link to the
repository's corpus/ and schema/ (so `corpus/...` paths read as in the repo
root and files the example writes, like archive.jsonl, land in the temporary
copy), with the built binary first on PATH as `nianbao`, under bash.

  * A plain block runs line by line (a line ending in `\\` continues); each
    line must exit 0, or the status its comment names ("# … exit 1 …"): a
    batch over corpus/ exits 1 on purpose, the corpus holds broken inputs.
  * A transcript block (lines starting with `$ `) runs its `$ ` lines in one
    shell; every output line printed below them, except `…`, must appear in
    what they print, in order (so `$ echo $?` followed by `1` checks the
    exit status).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def blocks(path):
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r"^```([^\n]*)\n(.*?)^```", text, re.M | re.S):
        line = text.count("\n", 0, m.start()) + 1
        yield line, m.group(1).strip(), m.group(2)


def workdir():
    tmp = tempfile.mkdtemp(prefix="nianbao-doc-")
    for name in ("corpus", "schema"):
        os.symlink(os.path.join(ROOT, name), os.path.join(tmp, name))
    return tmp


def run(script, cwd, env):
    return subprocess.run(["bash", "-c", script], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def commands(body):
    """The lines of a plain block, continuation lines joined."""
    out, pending = [], ""
    for line in body.splitlines():
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line)
    return out


def check_plain(body, cwd, env):
    problems = []
    for command in commands(body):
        m = re.search(r"#.*\bexit (\d+)", command)
        want = int(m.group(1)) if m else 0
        r = run(command, cwd, env)
        if r.returncode != want:
            problems.append("%s\n    exit %d, want %d; stderr: %s" % (
                command, r.returncode, want, r.stderr.strip()[-400:]))
    return problems


def check_transcript(body, cwd, env):
    script, expected = [], []
    for line in body.splitlines():
        if line.startswith("$ "):
            script.append(line[2:])
        elif line.strip() and line.strip() != "…":
            expected.append(line.rstrip())
    r = run("\n".join(script), cwd, env)
    got = [line.rstrip() for line in (r.stdout + r.stderr).splitlines()]
    problems, at = [], 0
    for want in expected:
        try:
            at = got.index(want, at) + 1
        except ValueError:
            problems.append("%s\n    missing line: %s\n    got:\n      %s" % (
                "; ".join(script), want, "\n      ".join(got[:20])))
            break
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nianbao", required=True)
    ap.add_argument("docs", nargs="+")
    args = ap.parse_args()
    bindir = tempfile.mkdtemp(prefix="nianbao-bin-")
    os.symlink(os.path.abspath(args.nianbao), os.path.join(bindir, "nianbao"))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"],
               LC_ALL="C.UTF-8")
    env.pop("LANG", None)
    ran = skipped = 0
    failures = []
    for doc in args.docs:
        for line, info, body in blocks(os.path.join(ROOT, doc)):
            if info == "sh no-run":
                skipped += 1
                continue
            if info != "sh":
                continue
            cwd = workdir()
            transcript = any(l.startswith("$ ") for l in body.splitlines())
            problems = (check_transcript if transcript else check_plain)(
                body, cwd, env)
            subprocess.run(["rm", "-rf", cwd])
            ran += 1
            for p in problems:
                failures.append("%s:%d: %s" % (doc, line, p))
    subprocess.run(["rm", "-rf", bindir])
    for f in failures:
        print("FAIL", f)
    print("doc examples: %d blocks run, %d marked no-run, %d failures" % (
        ran, skipped, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
