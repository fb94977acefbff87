#!/usr/bin/python3
"""Write small PDFs for the bad-input suite, with nothing but the standard
library (no Ghostscript, no ImageMagick): the byte offsets of the xref table
are computed here, so poppler opens the files without repairing them.

  minipdf.py blank N OUT      N blank A4 pages (no text layer)
  minipdf.py image OUT        one page holding only a grey image (a "scan")
  minipdf.py glyphs N OUT     one page with N glyphs of Helvetica text
  minipdf.py slow N OUT       N pages of 15,000 glyphs each, one shared
                              content stream: a small, valid file that takes
                              minutes to read (the batch tests' "hang")
"""

import sys
import zlib


def write_pdf(path, objects):
    """objects: list of bytes bodies; object i+1 is objects[i]; 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


def stream(data, extra=b""):
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pages_pdf(path, page_count, page_resources, content, media_box=b"[0 0 595 842]"):
    """Catalog 1, Pages 2, shared content 3, resources objects from 4, pages after."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None, stream(content)]
    objects += page_resources["objects"]
    first_page = len(objects) + 1
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(page_count))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, page_count)
    for _ in range(page_count):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox %s "
                       b"/Contents 3 0 R /Resources %s >>"
                       % (media_box, page_resources["dict"]))
    write_pdf(path, objects)


def blank(count, path):
    pages_pdf(path, count, {"objects": [], "dict": b"<< >>"}, b"")


def image(path):
    width = height = 200
    pixels = bytes((x ^ y) & 0xFF for y in range(height) for x in range(width))
    img = stream(zlib.compress(pixels),
                 b" /Type /XObject /Subtype /Image /Width %d /Height %d "
                 b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"
                 % (width, height))
    content = b"q 400 0 0 400 97 300 cm /Im1 Do Q"
    pages_pdf(path, 1, {"objects": [img], "dict": b"<< /XObject << /Im1 4 0 R >> >>"},
              content)


def glyph_lines(count):
    """Content drawing `count` glyphs as lines of 2-point text 3 points apart."""
    per_line = 400
    lines, left, y = [b"BT /F1 2 Tf"], count, 2990
    while left > 0:
        n = min(per_line, left)
        lines.append(b"1 0 0 1 10 %d Tm (%s) Tj" % (y, b"x" * n))
        left -= n
        y -= 3
    lines.append(b"ET")
    return b"\n".join(lines)


def slow(pages, path):
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    pages_pdf(path, pages, {"objects": [font], "dict": b"<< /Font << /F1 4 0 R >> >>"},
              glyph_lines(15000), media_box=b"[0 0 900 3000]")


def glyphs(count, path):
    """Lines of 2-point text 3 points apart on a tall page, never overlapping
    (poppler drops a glyph drawn over the same glyph)."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    pages_pdf(path, 1, {"objects": [font], "dict": b"<< /Font << /F1 4 0 R >> >>"},
              glyph_lines(count), media_box=b"[0 0 900 3000]")


def main(argv):
    if len(argv) == 4 and argv[1] == "blank":
        blank(int(argv[2]), argv[3])
    elif len(argv) == 3 and argv[1] == "image":
        image(argv[2])
    elif len(argv) == 4 and argv[1] == "slow":
        slow(int(argv[2]), argv[3])
    elif len(argv) == 4 and argv[1] == "glyphs":
        glyphs(int(argv[2]), argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
