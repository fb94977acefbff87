#!/usr/bin/python3
"""Make the archive cases of the corpus (issue 15): corpus/archive-*.

Each case is an archive (input.zip, input.tar.gz, input.7z) of other
corpus cases' inputs, byte for byte, under the names a Chinese Windows user
gives them, and expected-records.jsonl: the batch record nianbao must write
for each member, in archive order.  A member's record is *its own case's*
truth, not nianbao's output: the member case's expected.json (or each line
of its expected.jsonl, a compilation) with source.file set to
`corpus/<case>/input.<ext>!/<member name>`, or, for a member case that must
be refused, an error record with its expected-error.json code.  The
numbers are therefore those already verified for the member cases (the PDF
cases against pdftotext, the text and Word cases by hand); this script only
checks that every member's bytes are its case's input (sha256).

Members that are not inputs (directories, symbolic links) get no record;
members over a limit or nested two archives deep get the error record this
script writes for them, named after the limit (docs/batch.md).

  /usr/bin/python3 scripts/corpus/archive.py           write the cases
  /usr/bin/python3 scripts/corpus/archive.py --check   prove the committed
                                                       expected files are what
                                                       it makes (no archive
                                                       is rewritten)

The archives themselves are made deterministically (fixed times, fixed
order); the 7z case needs bsdtar (Debian libarchive-tools, in
scripts/packages-corpus.txt).
"""

import bz2
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS = os.path.join(ROOT, "corpus")
DATE = (2024, 3, 1, 9, 30, 0)
MTIME = 1709285400


def case_input(case):
    names = [n for n in os.listdir(os.path.join(CORPUS, case)) if n.startswith("input.")]
    assert len(names) == 1, case
    with open(os.path.join(CORPUS, case, names[0]), "rb") as handle:
        return handle.read()


def case_truth(case):
    """The case's expected reports (a list), or its error code (a string)."""
    base = os.path.join(CORPUS, case)
    if os.path.exists(os.path.join(base, "expected.json")):
        with open(os.path.join(base, "expected.json"), encoding="utf-8") as handle:
            return [json.load(handle)]
    if os.path.exists(os.path.join(base, "expected.jsonl")):
        with open(os.path.join(base, "expected.jsonl"), encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    with open(os.path.join(base, "expected-error.json"), encoding="utf-8") as handle:
        return json.load(handle)["code"]


def sha(data):
    return hashlib.sha256(data).hexdigest()


# ---- what each case holds ------------------------------------------------
#
# A member is (name, case) for a corpus input, or (name, bytes, code) for
# bytes made here that must get the error `code`; a name ending in "/" is
# a directory, ("name", "->target") a symbolic link.

GBK_ZIP = [
    ("2021年/", None),
    ("2021年/金凤区2021年政府信息公开年报.txt", "text-02-jinfeng-2021"),
    ("江南区市场监管局2021年报.pdf", "pdf-cairo-01-jiangnan-scjg-2021"),
    ("青山区办公室2020年度报告.docx", "word-01-qingshan-bgs-2020"),
    ("临海市商务局2020年报.htm", "html-02-linhai-swj-2020-word"),
    ("损坏的报告.txt", "text-94-truncated"),
]

TAR_GZ = [
    ("reports/", None),
    ("reports/西夏区2022年政府信息公开工作年度报告.txt", "text-03-xixia-2022"),
    ("reports/西峡交通运输局2020.pdf", "pdf-chromium-01-xichuan-jtys-2020"),
    ("reports/临江市场监管2022.odt", "word-04-linjiang-scjg-2022-odt"),
    ("reports/松溪人社局2021.md", "md-01-pandoc-songxi-2021"),
    ("reports/最新年报.txt", "->西夏区2022年政府信息公开工作年度报告.txt"),
    ("reports/乱码.bin", "text-91-binary-garbage"),
]

UTF8_ZIP = [
    ("吴忠市商务和投资促进局2020年报.txt", "text-000-wuzhong-2020"),
    ("江南区自然资源局2021（修订稿）.docx", "word-02-jiangnan-zrzy-2021-tracked"),
    ("中宁县2022年政府信息公开年报汇编.txt", "text-30-zhongning-2022-compilation"),
]

SEVEN_Z = [
    ("永宁县2021年报.txt", "text-05-yongning-2021-hybrid"),
    ("清河人社局2023.pdf", "pdf-chromium-05-qinghe-rsj-2023"),
    ("云州住建局2023（WPS）.docx", "word-03-yunzhou-zjj-2023-wps"),
    ("松溪人社局2019.htm", "html-03-songxi-rsj-2019-thead-split"),
    ("空白.txt", "text-90-empty"),
]

GBK_ZIP_HELD = [
    ("中卫市2020年报（单位万元）.txt", "text-08-zhongwei-2020-units"),
    ("西吉县2020年报汇编.txt", "text-48-xiji-2020-compilation"),
    ("云州住建局2023.pdf", "pdf-libreoffice-05-yunzhou-zjj-2023"),
    ("白河教育局2019.md", "md-02-mineru-baihe-2019"),
    ("通知公告.txt", "text-93-not-a-report"),
]


def gbk_zip(members, compression=zipfile.ZIP_DEFLATED):
    """A zip whose names are raw GBK bytes without the UTF-8 flag, as
    Windows' Explorer and WinRAR on a Chinese system write them: Python's
    zipfile flags every non-ASCII name as UTF-8, so each is written under an
    ASCII stand-in of the same length and patched afterwards."""
    buf = io.BytesIO()
    swaps = []
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for index, (name, data) in enumerate(members):
            raw = name.encode("gbk")
            stand_in = ("@%03d" % index).ljust(len(raw), "_")
            if name.endswith("/"):
                stand_in = stand_in[:-1] + "/"
            swaps.append((stand_in.encode("ascii"), raw))
            info = zipfile.ZipInfo(stand_in, DATE)
            info.compress_type = compression
            info.external_attr = (0o40755 << 16 | 0x10) if name.endswith("/") else 0o100644 << 16
            zf.writestr(info, b"" if data is None else data)
    out = buf.getvalue()
    for stand_in, raw in swaps:
        assert out.count(stand_in) == 2, stand_in  # local header, central directory
        out = out.replace(stand_in, raw)
    return out


def utf8_zip(members, compression=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = compression
            info.external_attr = 0o100644 << 16
            zf.writestr(info, data)
    out = buf.getvalue()
    return out


def tar_gz(members):
    """A GNU tar, gzipped, whose names are raw GBK bytes (a tar made on
    Chinese Windows, or by GNU tar in a zh_CN.GBK locale): no pax header
    says their charset."""
    buf = io.BytesIO()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT,
                      encoding="gbk") as tf:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.mtime = MTIME
            info.uname = info.gname = "reports"
            if name.endswith("/"):
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tf.addfile(info)
            elif isinstance(data, str):
                info.type = tarfile.SYMTYPE
                info.linkname = data
                tf.addfile(info)
            else:
                info.size = len(data)
                info.mode = 0o644
                tf.addfile(info, io.BytesIO(data))
    import gzip
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw.getvalue())
    return buf.getvalue()


def seven_z(members):
    """7z through bsdtar (libarchive's own 7z writer, LZMA2)."""
    bsdtar = shutil.which("bsdtar")
    if not bsdtar:
        sys.exit("archive.py: the 7z case needs bsdtar (apt-get install libarchive-tools)")
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "t")
        os.mkdir(tree)
        for name, data in members:
            path = os.path.join(tree, name)
            with open(path, "wb") as handle:
                handle.write(data)
            os.utime(path, (MTIME, MTIME))
        out = os.path.join(tmp, "out.7z")
        names = [name for name, _ in members]
        subprocess.run([bsdtar, "--format", "7zip", "-cf", out, "-C", tree] + names,
                       check=True, env=dict(os.environ, LC_ALL="C.UTF-8"))
        with open(out, "rb") as handle:
            return handle.read()


RAR4 = [
    ("金凤区2022年政府信息公开年报.txt", "text-14-jinfeng-2022"),
    ("linjiang-scjg-2020.pdf", "pdf-cairo-02-linjiang-scjg-2020"),
]


def rar4_stored(members):
    """A RAR 4.x archive with stored members (method 0x30), written from
    the format's technote (RAR 2.9-4.x block layout: a marker block, the
    archive header, a file header per member followed by its bytes, the end
    block), since Debian main has no program that writes RAR.  Names are
    GBK without the Unicode flag (0x200), as WinRAR 3 on Chinese Windows
    writes a name its code page holds."""
    import struct
    import zlib

    def block(head_type, flags, body):
        size = 7 + len(body)
        head = struct.pack("<BHH", head_type, flags, size) + body
        return struct.pack("<H", zlib.crc32(head) & 0xFFFF) + head

    dos_time = ((DATE[0] - 1980) << 25 | DATE[1] << 21 | DATE[2] << 16
                | DATE[3] << 11 | DATE[4] << 5 | DATE[5] // 2)
    out = b"Rar!\x1a\x07\x00"
    out += block(0x73, 0x0000, struct.pack("<HI", 0, 0))
    for name, data in members:
        raw = name.encode("gbk")
        body = struct.pack("<IIBIIBBHI", len(data), len(data), 2,
                           zlib.crc32(data) & 0xFFFFFFFF, dos_time, 20, 0x30,
                           len(raw), 0x20) + raw
        out += block(0x74, 0x8000, body) + data
    out += block(0x7B, 0x4000, b"")
    return out


RAR5 = [
    ("年报/灵武市2021年政府信息公开工作年度报告.txt", "text-06-lingwu-2021-late"),
    ("年报/东海办公厅2021.pdf", "pdf-chromium-02-donghai-bgt-2021"),
]


def rar5_stored(members):
    """A RAR 5.0 archive with stored members, written from the RAR 5.0
    format technote (rarlab.com): the signature, the main archive header,
    a file header per member (names UTF-8, as RAR 5 always stores them,
    mtime and data CRC32 present, compression method 0: store) followed by
    its bytes, and the end of archive header; every header led by the
    CRC32 of its size field and body."""
    import struct
    import zlib

    def vint(n):
        out = bytearray()
        while True:
            byte = n & 0x7F
            n >>= 7
            out.append(byte | (0x80 if n else 0))
            if not n:
                return bytes(out)

    def header(body):
        size = vint(len(body))
        return struct.pack("<I", zlib.crc32(size + body) & 0xFFFFFFFF) + size + body

    out = b"Rar!\x1a\x07\x01\x00"
    out += header(vint(1) + vint(0) + vint(0))          # main: no flags
    for name, data in members:
        raw = name.encode("utf-8")
        body = (vint(2) + vint(0x0002) + vint(len(data))  # file, data area
                + vint(0x0002 | 0x0004)                   # mtime, CRC32
                + vint(len(data)) + vint(0x20)            # size, attributes
                + struct.pack("<I", MTIME)
                + struct.pack("<I", zlib.crc32(data) & 0xFFFFFFFF)
                + vint(0) + vint(0)                       # store; Windows
                + vint(len(raw)) + raw)
        out += header(body) + data
    out += header(vint(5) + vint(0) + vint(0))          # end of archive
    return out


# ---- the records ------------------------------------------------------------

def record_lines(archive_rel, members):
    """The expected records of `members` [(name, case or None, data, code)]."""
    lines = []
    for name, case, data, code in members:
        file = "%s!/%s" % (archive_rel, name)
        if case is not None:
            truth = case_truth(case)
            assert sha(data) == sha(case_input(case)), name
            if isinstance(truth, str):
                code = truth
            else:
                for report in truth:
                    report = json.loads(json.dumps(report))
                    report["source"]["file"] = file
                    report["source"]["sha256"] = sha(data)
                    lines.append(report)
                continue
        lines.append({"source": {"file": file, "sha256": sha(data) if data is not None else None},
                      "error": {"code": code}})
    return lines


def inputs_of(spec):
    """[(name, case, bytes)] for the members that are files."""
    out = []
    for name, case in spec:
        if case is None or case.startswith("->"):
            continue
        out.append((name, case, case_input(case)))
    return out


def member_breaks(records):
    """The check rules the member reports break on purpose: the union of
    their cases' meta.json "breaks" (each case's own truth)."""
    rules = set()
    for record in records:
        if "error" in record:
            continue
        for rule in record.get("checks", []):
            if rule.get("ok") is False:
                rules.add(rule["rule"])
    return sorted(rules)


def build(case, ext, data, records, meta):
    meta = dict(meta)
    meta["breaks"] = member_breaks(records)
    base = os.path.join(CORPUS, case)
    os.makedirs(base, exist_ok=True)
    for stale in os.listdir(base):
        if stale.startswith("input.") and stale != "input." + ext:
            os.remove(os.path.join(base, stale))
    return {
        os.path.join(base, "input." + ext): data,
        os.path.join(base, "expected-records.jsonl"): "".join(
            json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8"),
        os.path.join(base, "meta.json"): (json.dumps(meta, ensure_ascii=False, indent=2)
                                          + "\n").encode("utf-8"),
    }


def rel(case, ext):
    return "corpus/%s/input.%s" % (case, ext)


def make_all():
    files = {}

    # 01: a zip from Chinese Windows: GBK names, no UTF-8 flag, a directory
    case = "archive-01-mixed-gbk-zip"
    members = inputs_of(GBK_ZIP)
    data = gbk_zip([(n, None) for n, c in GBK_ZIP if c is None]
                   + [(n, d) for n, _, d in members])
    records = record_lines(rel(case, "zip"), [(n, c, d, None) for n, c, d in members])
    files.update(build(case, "zip", data, records, {
        "producer": "scripts/corpus/archive.py",
        "format": "zip",
        "variations": ["gbk names without the UTF-8 flag", "a directory entry",
                       "pdf, text, docx, html and a truncated report"],
        "skipped": {"directories": 1},
        "set": "written-first"}))

    # 02: a tar.gz with a symbolic link and a binary member
    case = "archive-02-mixed-targz"
    members = inputs_of(TAR_GZ)
    spec = []
    for name, c in TAR_GZ:
        if c is None:
            spec.append((name, None))
        elif c.startswith("->"):
            spec.append((name, c[2:]))
        else:
            spec.append((name, case_input(c)))
    data = tar_gz(spec)
    records = record_lines(rel(case, "tar.gz"), [(n, c, d, None) for n, c, d in members])
    files.update(build(case, "tar.gz", data, records, {
        "producer": "scripts/corpus/archive.py",
        "format": "tar.gz (GNU)",
        "variations": ["gbk names", "a directory and a symbolic link (skipped)",
                       "text, pdf, odt, markdown and binary data"],
        "skipped": {"directories": 1, "symbolic links": 1},
        "set": "written-first"}))

    # 03: a zip with the UTF-8 flag (7-Zip, Python, macOS), a compilation inside
    case = "archive-03-utf8-flag-zip"
    members = inputs_of(UTF8_ZIP)
    data = utf8_zip([(n, d) for n, _, d in members])
    records = record_lines(rel(case, "zip"), [(n, c, d, None) for n, c, d in members])
    files.update(build(case, "zip", data, records, {
        "producer": "scripts/corpus/archive.py",
        "format": "zip",
        "variations": ["utf-8 flagged names", "a compilation member (two records)"],
        "set": "written-first"}))

    # 04: archives in an archive: one level is read, two are refused
    case = "archive-04-nested-zip"
    inner_members = [("贺兰县2020年报.txt", "text-04-helan-2020"),
                     ("北林生态环境局2019.odt", "word-05-beiling-sthj-2019-odt")]
    inner = utf8_zip([(n, case_input(c)) for n, c in inner_members])
    deepest = utf8_zip([("平罗县2023年报.txt", case_input("text-07-pingluo-2023"))])
    middle = utf8_zip([("最里层.zip", deepest)])
    outer_spec = [("石嘴山市2019年报.txt", case_input("text-01-shizuishan-2019")),
                  ("各单位年报.zip", inner),
                  ("两层压缩.zip", middle)]
    data = utf8_zip(outer_spec)
    r = rel(case, "zip")
    records = record_lines(r, [("石嘴山市2019年报.txt", "text-01-shizuishan-2019",
                                case_input("text-01-shizuishan-2019"), None)])
    records += record_lines(r, [("各单位年报.zip!/" + n, c, case_input(c), None)
                                for n, c in inner_members])
    records += record_lines(r, [("两层压缩.zip!/最里层.zip", None, deepest, "archive")])
    files.update(build(case, "zip", data, records, {
        "producer": "scripts/corpus/archive.py",
        "format": "zip",
        "variations": ["a zip in the zip (read)", "a zip in a zip in the zip (archive error)",
                       "an odt member is a document, not a level"],
        "set": "written-first"}))

    # 05: bomb-shaped: a member declaring 300 MB, one inflating 64 MiB of
    # zeros from a few hundred bytes, reports before and after them
    case = "archive-05-bomb-zip"
    ok_before = case_input("text-12-tongxin-2019")
    ok_after = case_input("text-13-yanchi-2022")
    big = bytes(300 * 1000 * 1000)
    ratio = bytes(64 << 20)
    data = utf8_zip([("01-同心县2019年报.txt", ok_before)])
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as zf:
        for name, payload in (("02-bomb.txt", big), ("03-ratio.txt", ratio)):
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_BZIP2
            info.external_attr = 0o100644 << 16
            zf.writestr(info, payload)
        info = zipfile.ZipInfo("04-盐池县2022年报.txt", DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o100644 << 16
        zf.writestr(info, ok_after)
    data = buf.getvalue()
    r = rel(case, "zip")
    records = record_lines(r, [("01-同心县2019年报.txt", "text-12-tongxin-2019", ok_before, None)])
    # too_large members: no bytes were read, so no sha256
    records.append({"source": {"file": r + "!/02-bomb.txt", "sha256": None},
                    "error": {"code": "too_large"}})
    records.append({"source": {"file": r + "!/03-ratio.txt", "sha256": None},
                    "error": {"code": "too_large"}})
    records += record_lines(r, [("04-盐池县2022年报.txt", "text-13-yanchi-2022", ok_after, None)])
    files.update(build(case, "zip", data, records, {
        "producer": "scripts/corpus/archive.py",
        "format": "zip (bzip2 members)",
        "variations": ["a member declaring 300 MB (member size limit)",
                       "64 MiB of zeros from a few hundred bytes (compression ratio limit)",
                       "reports before and after them"],
        "set": "written-first"}))

    # 06 (held out): 7z
    case = "archive-06-mixed-7z"
    members = inputs_of(SEVEN_Z)
    data = seven_z([(n, d) for n, _, d in members])
    records = record_lines(rel(case, "7z"), [(n, c, d, None) for n, c, d in members])
    files.update(build(case, "7z", data, records, {
        "producer": "scripts/corpus/archive.py (bsdtar --format 7zip)",
        "format": "7z",
        "variations": ["7z (LZMA2)", "text, pdf, WPS docx, html and an empty file"],
        "set": "held-out"}))

    # 07 (held out): another GBK zip, stored members, a compilation
    case = "archive-07-gbk-zip-stored"
    members = inputs_of(GBK_ZIP_HELD)
    data = gbk_zip([(n, d) for n, _, d in members], zipfile.ZIP_STORED)
    records = record_lines(rel(case, "zip"), [(n, c, d, None) for n, c, d in members])
    files.update(build(case, "zip", data, records, {
        "producer": "scripts/corpus/archive.py",
        "format": "zip (stored)",
        "variations": ["gbk names", "stored members", "a compilation member",
                       "a member that is not a report"],
        "set": "held-out"}))
    # 08: RAR 4, written by hand (no RAR writer in Debian main)
    case = "archive-08-stored-rar4"
    members = inputs_of(RAR4)
    data = rar4_stored([(n, d) for n, _, d in members])
    records = record_lines(rel(case, "rar"), [(n, c, d, None) for n, c, d in members])
    files.update(build(case, "rar", data, records, {
        "producer": "scripts/corpus/archive.py (RAR 4 block layout, stored)",
        "format": "rar (RAR 4, stored members)",
        "variations": ["rar 4", "a GBK name without the Unicode flag", "text and pdf"],
        "set": "written-first"}))

    # 09: RAR 5, written by hand too
    case = "archive-09-stored-rar5"
    members = inputs_of(RAR5)
    data = rar5_stored([(n, d) for n, _, d in members])
    records = record_lines(rel(case, "rar"), [(n, c, d, None) for n, c, d in members])
    files.update(build(case, "rar", data, records, {
        "producer": "scripts/corpus/archive.py (RAR 5.0 headers, stored)",
        "format": "rar (RAR 5, stored members)",
        "variations": ["rar 5", "utf-8 names in a folder", "text and pdf"],
        "set": "written-first"}))
    return files


def main(argv):
    check = "--check" in argv
    files = make_all()
    bad = 0
    for path, data in sorted(files.items()):
        if check:
            if path.endswith((".zip", ".gz", ".7z", ".rar")):
                continue  # bytes of compressors may differ by version
            with open(path, "rb") as handle:
                if handle.read() != data:
                    print("archive.py: %s differs from what the script makes"
                          % os.path.relpath(path, ROOT))
                    bad += 1
            continue
        if path.endswith(".7z") and os.path.exists(path):
            continue  # bsdtar's 7z is not byte-for-byte repeatable: kept
        with open(path, "wb") as handle:
            handle.write(data)
    if check:
        print("archive.py: %s" % ("%d files differ" % bad if bad else "every expected file is what the script makes"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
