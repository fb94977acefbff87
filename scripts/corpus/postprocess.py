"""PDF post-processing: Word-like radical ToUnicode maps and an image-only scan.

Word, with some fonts, writes ToUnicode CMaps that send ordinary ideographs to
Kangxi radicals or CJK radicals supplement codepoints (门 comes out as ⻔,
U+2ED4), so text copied from such a PDF looks right but compares wrong.
`radicalize` reproduces that on a finished PDF with pikepdf (libqpdf): every
font's ToUnicode stream is parsed, the bfchar/bfrange entries of the chosen
ideographs are redirected to radicals, and the CMap is written back as plain
bfchar blocks before the file is saved with compressed object streams.
`image_only` rasterises a PDF and wraps the page images in a new PDF with no
text layer, as a scanned report would be.
"""

import pathlib
import re
import shutil
import subprocess

RADICALS = {
    "门": "\u2ED4",  # ⻔
    "见": "\u2EC5",  # ⻅
    "户": "\u2F3E",  # ⼾
    "页": "\u2EDA",  # ⻚
    "民": "\u2EA0",  # ⺠
    "一": "\u2F00",  # ⼀
    "长": "\u2ED3",  # ⻓
    "工": "\u2F2F",  # ⼯
}
UNRADICAL = {v: k for k, v in RADICALS.items()}

_HEX = r"<([0-9A-Fa-f]+)>"


def _utf16_hex(text):
    return text.encode("utf-16-be").hex().upper()


def _parse_cmap(data):
    """ToUnicode CMap -> (codespace text, {source hex: unicode text})."""
    text = data.decode("latin-1")
    space = re.search(r"begincodespacerange(.*?)endcodespacerange", text, re.S)
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(_HEX + r"\s*" + _HEX, block):
            mapping[src.upper()] = bytes.fromhex(dst).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, rest in re.findall(_HEX + r"\s*" + _HEX + r"\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])",
                                       block):
            width = len(lo)
            a, b = int(lo, 16), int(hi, 16)
            if rest.startswith("["):
                dsts = re.findall(_HEX, rest)
                for i, dst in enumerate(dsts):
                    mapping["%0*X" % (width, a + i)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
            else:
                base = bytes.fromhex(rest[1:-1])
                last = int.from_bytes(base[-2:], "big")
                for i in range(b - a + 1):
                    dst = base[:-2] + (last + i).to_bytes(2, "big")
                    mapping["%0*X" % (width, a + i)] = dst.decode("utf-16-be", "replace")
    return (space.group(1).strip() if space else "<0000> <FFFF>"), mapping


def _write_cmap(space, mapping):
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "%d begincodespacerange" % len(space.splitlines()), space, "endcodespacerange"]
    items = sorted(mapping.items(), key=lambda kv: (len(kv[0]), kv[0]))
    for i in range(0, len(items), 100):
        chunk = items[i:i + 100]
        lines.append("%d beginbfchar" % len(chunk))
        lines += ["<%s> <%s>" % (src, _utf16_hex(dst)) for src, dst in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("latin-1")


def _fonts(pdf):
    seen = set()
    for page in pdf.pages:
        stack = [page.obj.get("/Resources")]
        while stack:
            res = stack.pop()
            if res is None:
                continue
            for _, font in (res.get("/Font") or {}).items():
                if font.objgen not in seen:
                    seen.add(font.objgen)
                    yield font
            for _, xobj in (res.get("/XObject") or {}).items():
                if xobj.get("/Subtype") == "/Form" and xobj.objgen not in seen:
                    seen.add(xobj.objgen)
                    stack.append(xobj.get("/Resources"))


def radicalize(src, dst):
    """Redirect RADICALS in every ToUnicode map; returns the characters changed."""
    import pikepdf  # only the generator needs it; verification does not

    changed = set()
    with pikepdf.open(src) as pdf:
        for font in _fonts(pdf):
            tu = font.get("/ToUnicode")
            if tu is None:
                continue
            space, mapping = _parse_cmap(tu.read_bytes())
            hit = False
            for k, text in mapping.items():
                if text in RADICALS:
                    mapping[k] = RADICALS[text]
                    changed.add(text)
                    hit = True
            if hit:
                tu.write(_write_cmap(space, mapping))
        pdf.save(dst, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate, static_id=True)
    if not changed:
        raise SystemExit("%s: no ideograph to send to a radical" % src)
    return sorted(changed)


def finish(src, dst):
    """The producer's PDF unchanged."""
    shutil.copyfile(src, dst)


def image_only(src, dst, tmp):
    """Rasterise src at 100 dpi, grey JPEG, and wrap the pages with img2pdf."""
    prefix = pathlib.Path(tmp) / "scan"
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-jpeg", "-jpegopt", "quality=55",
                    str(src), str(prefix)], check=True)
    pages = sorted(pathlib.Path(tmp).glob("scan-*.jpg"))
    subprocess.run(["img2pdf", "--pagesize", "A4", "-o", str(dst)] + [str(p) for p in pages],
                   check=True)
    for p in pages:
        p.unlink()
