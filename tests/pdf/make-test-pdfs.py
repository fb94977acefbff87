#!/usr/bin/python3
"""Make the small PDFs that tests/unit/test_pdf.c reads.

The PDFs are committed; run this only to change them (from any directory):

    /usr/bin/python3 tests/pdf/make-test-pdfs.py

Needs python3-cairo, qpdf and fonts-wqy-zenhei (scripts/packages-corpus.txt).

  report.pdf     two A4 pages drawn with cairo: a title, prose, and a ruled
                 table that continues on page 2, with a label wrapping over
                 two lines beside numbers centred in the tall cell, labels
                 close to their numbers, and page numbers.
  landscape.pdf  page 1 is landscape by its size; page 2 is portrait paper
                 turned by /Rotate 90 with text drawn turned the other way,
                 so both read upright as displayed.
  image-only.pdf one page holding only an image (a scan has no text layer).
  encrypted.pdf  report.pdf encrypted with a user password (qpdf; the only
                 file that differs between runs: AES-256 salts are random).
  turned.pdf     two portrait pages (no /Rotate) holding a landscape table
                 turned a quarter: clockwise on page 1 (text runs down),
                 anticlockwise on page 2 (text runs up).
  unmapped.pdf   one page whose text is private-use code points, as a font
                 without a ToUnicode map gives.
"""
import math
import os
import subprocess
import tempfile

import cairo

HERE = os.path.dirname(os.path.abspath(__file__))
FONT = "WenQuanYi Zen Hei"
A4 = (595.0, 842.0)


def new_surface(path, width, height):
    """A PDF surface with a fixed date, so that runs give the same bytes."""
    surface = cairo.PDFSurface(path, width, height)
    surface.set_metadata(cairo.PDF_METADATA_CREATE_DATE, "2024-01-01T00:00:00Z")
    return surface


def text(cr, x, y, s, size=10.5):
    """Draw s with its top-left corner near (x, y)."""
    cr.select_font_face(FONT)
    cr.set_font_size(size)
    cr.move_to(x, y + size)
    cr.show_text(s)


def ruled_rows(cr, x0, widths, y, heights):
    """Rule a grid: columns of `widths` from x0, rows of `heights` from y."""
    cr.set_line_width(0.5)
    x1 = x0 + sum(widths)
    for h in [0] + list(heights):
        y += h
        cr.move_to(x0, y)
        cr.line_to(x1, y)
    top = y - sum(heights)
    x = x0
    for w in [0] + list(widths):
        x += w
        cr.move_to(x, top)
        cr.line_to(x, y)
    cr.stroke()


COLS = [150, 90, 90, 90]


def row(cr, y, height, label_lines, numbers, size=10.5):
    """A table row: label lines top-aligned, numbers centred vertically."""
    for i, line in enumerate(label_lines):
        text(cr, 64, y + 3 + i * 14, line, size)
    x = 60 + COLS[0]
    ny = y + (height - size * 1.2) / 2
    for w, n in zip(COLS[1:], numbers):
        cr.select_font_face(FONT)
        cr.set_font_size(size)
        tw = cr.text_extents(n).x_advance
        text(cr, x + (w - tw) / 2, ny, n, size)
        x += w


def report(path):
    surface = new_surface(path, *A4)
    cr = cairo.Context(surface)
    text(cr, 150, 60, "测试局2020年政府信息公开工作年度报告", 16)
    text(cr, 60, 110, "一、总体情况", 12)
    prose = ["2020年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，",
             "全面推进政务公开工作，及时回应社会关切。"]
    for i, line in enumerate(prose):
        text(cr, 81 if i == 0 else 60, 136 + i * 18, line, 10.5)
    text(cr, 60, 200, "二、主动公开政府信息情况", 12)
    y = 230
    heights = [20, 20, 20, 34, 20]
    ruled_rows(cr, 60, COLS, y, heights)
    row(cr, y, 20, ["信息内容"], ["本年新制作数量", "本年新公开数量",
                                  "对外公开总数量"], 9)
    y += 20
    row(cr, y, 20, ["规章"], ["0", "0", "12"])
    y += 20
    row(cr, y, 20, ["规范性文件"], ["3", "1", "45"])
    y += 20
    row(cr, y, 34, ["其他对外管理服务事项的", "很长的标签"], ["10", "0", "3"])
    y += 34
    row(cr, y, 20, ["行政许可"], ["5", "-1", "2"])
    text(cr, 280, 800, "- 1 -", 9)
    cr.show_page()
    text(cr, 150, 40, "测试局2020年政府信息公开工作年度报告", 9)
    y = 80
    ruled_rows(cr, 60, COLS, y, [20, 20])
    row(cr, y, 20, ["行政处罚"], ["16", "0", "7"])
    row(cr, y + 20, 20, ["行政强制"], ["0", "0", "0"])
    text(cr, 60, 150, "三、收到和处理政府信息公开申请情况", 12)
    text(cr, 280, 800, "- 2 -", 9)
    cr.show_page()
    surface.finish()


def landscape(path):
    surface = new_surface(path, A4[1], A4[0])
    cr = cairo.Context(surface)
    text(cr, 60, 60, "横向页面第一行", 12)
    text(cr, 60, 90, "行政复议", 10.5)
    text(cr, 400, 90, "3", 10.5)
    cr.show_page()
    surface.set_size(*A4)
    # Drawn turned a quarter anticlockwise: /Rotate 90 turns it upright.
    cr.translate(0, A4[1])
    cr.rotate(-math.pi / 2)
    text(cr, 60, 60, "旋转页面第一行", 12)
    text(cr, 60, 90, "行政诉讼", 10.5)
    text(cr, 400, 90, "7", 10.5)
    cr.show_page()
    surface.finish()


def image_only(path):
    surface = new_surface(path, *A4)
    cr = cairo.Context(surface)
    image = cairo.ImageSurface(cairo.FORMAT_RGB24, 60, 80)
    ic = cairo.Context(image)
    ic.set_source_rgb(1, 1, 1)
    ic.paint()
    ic.set_source_rgb(0, 0, 0)
    for i in range(0, 80, 8):  # grey bars, like lines of scanned text
        ic.rectangle(6, i + 2, 48, 3)
    ic.fill()
    cr.scale(8, 8)
    cr.set_source_surface(image, 4, 4)
    cr.paint()
    cr.show_page()
    surface.finish()


def turned_table(cr):
    text(cr, 60, 60, "第二十条第（一）项", 12)
    y = 90
    ruled_rows(cr, 60, COLS, y, [20, 20, 20])
    row(cr, y, 20, ["信息内容"], ["本年新制作数量", "本年新公开数量",
                                  "对外公开总数量"], 9)
    row(cr, y + 20, 20, ["规章"], ["0", "0", "12"])
    row(cr, y + 40, 20, ["规范性文件"], ["3", "1", "45"])


def turned(path):
    surface = new_surface(path, *A4)
    cr = cairo.Context(surface)
    cr.save()
    cr.translate(A4[0], 0)  # a quarter clockwise: text runs down
    cr.rotate(math.pi / 2)
    turned_table(cr)
    cr.restore()
    cr.show_page()
    cr.translate(0, A4[1])  # a quarter anticlockwise: text runs up
    cr.rotate(-math.pi / 2)
    turned_table(cr)
    cr.show_page()
    surface.finish()


def unmapped(path):
    surface = new_surface(path, *A4)
    cr = cairo.Context(surface)
    text(cr, 60, 60, "年度报告", 12)
    for i in range(5):
        text(cr, 60, 90 + 20 * i,
             "".join(chr(0xE000 + 7 * i + k) for k in range(12)), 10.5)
    cr.show_page()
    surface.finish()


def main():
    report(os.path.join(HERE, "report.pdf"))
    image_only(os.path.join(HERE, "image-only.pdf"))
    unmapped(os.path.join(HERE, "unmapped.pdf"))
    turned(os.path.join(HERE, "turned.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        flat = os.path.join(tmp, "landscape.pdf")
        landscape(flat)
        subprocess.run(["qpdf", "--static-id", "--rotate=+90:2", flat,
                        os.path.join(HERE, "landscape.pdf")], check=True)
    subprocess.run(["qpdf", "--static-id", "--static-aes-iv",
                    "--encrypt", "secret", "owner", "256", "--",
                    os.path.join(HERE, "report.pdf"),
                    os.path.join(HERE, "encrypted.pdf")], check=True)


if __name__ == "__main__":
    main()
