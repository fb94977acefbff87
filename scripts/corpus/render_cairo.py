"""cairo producer: every line and every table cell placed and drawn by hand.

Some reports come from reporting systems that draw their PDFs directly with a
graphics library instead of an office suite.  This renderer does the page
layout itself with Pango (line breaking, first-line indent, justification)
and cairo (a PDF surface), so the text objects, font embedding and ruling
differ from both LibreOffice and Chromium.  Tables are laid out row by row;
a row never splits, a cell spanning rows is ruled as one box per page it
reaches, and the header rows are drawn again on a new page when asked.
Pages are laid out twice so that "第 N 页 共 M 页" knows M.

Two kinds of noise only a drawn page has: a watermark (grey text with a date,
turned 30-45 degrees, tiled over every page and drawn first, behind the
tables), and footnote digits printed raised and small after a number (17 then
a raised 1), with the footnotes under their table.
"""

import math
import random

import cairo
import gi

gi.require_version("Pango", "1.0")
gi.require_version("PangoCairo", "1.0")
from gi.repository import GLib, Pango, PangoCairo  # noqa: E402

import doc  # noqa: E402

FONTS = ["WenQuanYi Zen Hei", "AR PL UMing CN", "AR PL UKai CN",
         "Noto Sans CJK SC"]
A4 = (595.28, 841.89)
SCALE = Pango.SCALE


class Pager:
    """Page geometry, the current y position and page furniture."""

    def __init__(self, surface, ctx, d, font, total_pages):
        self.surface = surface
        self.ctx = ctx
        self.d = d
        self.font = font
        self.total = total_pages
        self._orient(d["orientation"] == "landscape")
        self.page = 1
        self.y = self.top
        self.fresh = True
        self.watermark()

    def watermark(self):
        """Grey turned text with a date, tiled over the page, drawn behind."""
        if not self.d.get("watermark"):
            return
        angle, text = self.d["watermark"]
        ctx = self.ctx
        ctx.save()
        ctx.set_source_rgb(0.78, 0.78, 0.78)
        step_x, step_y = self.w / 2.0, self.h / 3.0
        for row in range(3):
            for col in range(2):
                ctx.save()
                ctx.translate(step_x * (col + 0.18) + (row % 2) * 40.0,
                              step_y * (row + 0.78))
                ctx.rotate(-math.radians(angle))
                lay = PangoCairo.create_layout(ctx)
                lay.set_font_description(Pango.FontDescription("%s 22" % self.font))
                lay.set_text(text, -1)
                ctx.move_to(0, 0)
                PangoCairo.show_layout(ctx, lay)
                ctx.restore()
        ctx.restore()

    def _orient(self, landscape):
        self.w, self.h = (A4[1], A4[0]) if landscape else A4
        self.left, self.right = 62.0, self.w - 58.0
        self.top, self.bottom = 66.0, self.h - 66.0

    @property
    def width(self):
        return self.right - self.left

    def layout(self, text, size, width, align=Pango.Alignment.LEFT, indent=0.0,
               justify=False, spacing=1.0, marker=None):
        lay = PangoCairo.create_layout(self.ctx)
        lay.set_font_description(Pango.FontDescription("%s %s" % (self.font, size)))
        lay.set_width(int(width * SCALE))
        lay.set_wrap(Pango.WrapMode.WORD_CHAR)
        lay.set_alignment(align)
        lay.set_indent(int(indent * SCALE))
        lay.set_justify(justify)
        if spacing != 1.0:
            lay.set_line_spacing(spacing)
        if marker:      # a footnote digit: 60 % of the size, raised 45 % of it
            lay.set_markup('%s<span size="%d" rise="%d">%s</span>' % (
                GLib.markup_escape_text(text), int(size * 0.6 * SCALE),
                int(size * 0.45 * SCALE), marker), -1)
        else:
            lay.set_text(text, -1)
        return lay

    def furniture(self):
        if self.d["running_header"]:
            self._centered(self.d["running_header"], 9, 34.0)
            self.ctx.move_to(self.left, 50.0)
            self.ctx.line_to(self.right, 50.0)
            self.ctx.set_line_width(0.6)
            self.ctx.stroke()
        text = doc.page_number_text(self.d["page_numbers"], self.page, self.total or 99)
        if text:
            self._centered(text, 10, self.h - 44.0)

    def _centered(self, text, size, y):
        lay = self.layout(text, size, self.width, Pango.Alignment.CENTER)
        self.ctx.move_to(self.left, y)
        PangoCairo.show_layout(self.ctx, lay)

    def new_page(self, landscape=None):
        """Finish this page; landscape=True/False turns the next pages."""
        self.furniture()
        self.ctx.show_page()
        if landscape is not None:
            self._orient(landscape)
            self.surface.set_size(self.w, self.h)
        self.page += 1
        self.y = self.top
        self.fresh = True
        self.watermark()

    def paragraph(self, text, size, align=Pango.Alignment.LEFT, indent=0.0, justify=False,
                  before=0.0, after=0.0, spacing=1.0, keep_lines=1):
        lay = self.layout(text, size, self.width, align, indent, justify, spacing)
        if not self.fresh:
            self.y += before
        it = lay.get_iter()
        first_top = None
        lines = []
        while True:
            _, logical = it.get_line_extents()
            lines.append((logical.x / SCALE, logical.y / SCALE, logical.height / SCALE,
                          it.get_baseline() / SCALE, it.get_line_readonly()))
            if not it.next_line():
                break
        need = sum(h for _, _, h, _, _ in lines[:keep_lines])
        if self.y + need > self.bottom:
            self.new_page()
        for x, top, height, baseline, line in lines:
            if first_top is None:
                first_top = top
            if self.y + height > self.bottom:
                self.new_page()
                first_top = top
            self.ctx.move_to(self.left + x, self.y + (baseline - top))
            PangoCairo.show_layout_line(self.ctx, line)
            self.y += height
            self.fresh = False
        self.y += after


def _note(pg, marker, text, size):
    """A footnote line under a table: the raised small digit, then its text."""
    lay = PangoCairo.create_layout(pg.ctx)
    lay.set_font_description(Pango.FontDescription("%s %s" % (pg.font, size)))
    lay.set_width(int(pg.width * SCALE))
    lay.set_wrap(Pango.WrapMode.WORD_CHAR)
    lay.set_markup('<span size="%d" rise="%d">%s</span>%s' % (
        int(size * 0.6 * SCALE), int(size * 0.45 * SCALE), marker,
        GLib.markup_escape_text(text)), -1)
    height = lay.get_pixel_extents()[1].height
    if pg.y + height > pg.bottom:
        pg.new_page()
    pg.ctx.move_to(pg.left, pg.y)
    PangoCairo.show_layout(pg.ctx, lay)
    pg.y += height + 2
    pg.fresh = False


Pager.note = _note


def _table(pg, t, size):
    """Lay out and draw one table; rows flow over pages."""
    ctx = pg.ctx
    pad = 4.0 if pg.d["split"] else 2.5
    total_w = sum(t["widths"])
    xs = [pg.left]
    for w in t["widths"]:
        xs.append(xs[-1] + pg.width * w / total_w)
    ncols, nrows = t["ncols"], len(t["rows"])
    placed = []          # (row, col, cell)
    occupied = set()
    for r, row in enumerate(t["rows"]):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            for rr in range(r, r + cell["rs"]):
                for cc in range(c, c + cell["cs"]):
                    occupied.add((rr, cc))
            placed.append((r, c, cell))
            c += cell["cs"]
    if any(c >= ncols for (_r, c) in occupied):
        raise ValueError("table wider than its columns")
    layouts = {}
    heights = [0.0] * nrows
    for r, c, cell in placed:
        width = xs[c + cell["cs"]] - xs[c] - 2 * pad
        align = Pango.Alignment.LEFT if cell["role"] in ("label", "section") else Pango.Alignment.CENTER
        marker = cell.get("marker")
        lay = pg.layout(cell["text"] or " ", size, width, align, marker=marker)
        fit = size
        while cell["role"] == "num" and lay.get_line_count() > 1 and fit > 5:
            fit -= 0.5      # a number never wraps: shrink it until it fits
            lay = pg.layout(cell["text"], fit, width, align, marker=marker)
        layouts[(r, c)] = lay
        need = lay.get_pixel_extents()[1].height + 2 * pad + 2
        if cell["rs"] == 1:
            heights[r] = max(heights[r], need)
    for r, c, cell in placed:
        if cell["rs"] > 1:
            need = layouts[(r, c)].get_pixel_extents()[1].height + 2 * pad + 2
            have = sum(heights[r:r + cell["rs"]])
            if need > have:
                heights[r + cell["rs"] - 1] += need - have
    # the header block stays together with the first body row
    head = t["head_rows"] or (3 if t["name"] != "active" else 0)
    repeat = t["head_rows"]
    segments = [[]]      # per page: [(row, y)]
    y = pg.y + 4
    r = 0
    while r < nrows:
        end = head + 1 if (r == 0 and head) else r + 1
        block_h = sum(heights[r:end])
        if y + block_h > pg.bottom and (segments[-1] or y > pg.top + 8):
            segments.append([])
            y = pg.top
            for hr in range(repeat):
                segments[-1].append((hr, y))
                y += heights[hr]
        for rr in range(r, end):
            segments[-1].append((rr, y))
            y += heights[rr]
        r = end
    pieces = {}
    for r, c, cell in placed:
        pieces[(r, c)] = _pieces(segments, r, cell["rs"], heights)
    ctx.set_line_width(0.5)
    for si, seg in enumerate(segments):
        if si > 0:
            pg.new_page()
        for r, c, cell in placed:
            mine = pieces[(r, c)]
            tallest = max(range(len(mine)), key=lambda k: (mine[k][2] - mine[k][1], -k))
            for k, (sj, top, bottom) in enumerate(mine):
                if sj != si:
                    continue
                x0, x1 = xs[c], xs[c + cell["cs"]]
                ctx.rectangle(x0, top, x1 - x0, bottom - top)
                ctx.stroke()
                if k == tallest or r < repeat:
                    lay = layouts[(r, c)]
                    h = lay.get_pixel_extents()[1].height
                    ctx.move_to(x0 + pad, top + max(pad, (bottom - top - h) / 2))
                    PangoCairo.show_layout(ctx, lay)
    pg.y = y + 6
    pg.fresh = False


def _pieces(segments, r0, rs, heights):
    """(segment index, top, bottom) of each page's part of a cell spanning rows r0.."""
    out = []
    for si, seg in enumerate(segments):
        rows = [(r, y) for r, y in seg if r0 <= r < r0 + rs]
        if rows:
            top = rows[0][1]
            bottom = rows[-1][1] + heights[rows[-1][0]]
            out.append((si, top, bottom))
    return out


def _draw(surface, ctx, d, font, body_pt, cell_pt, total):
    pg = Pager(surface, ctx, d, font, total)
    for kind, payload in d["blocks"]:
        if kind == "heading" and d["landscape_tables"] and payload[:2] in ("三、", "五、"):
            pg.new_page(landscape=payload.startswith("三、"))
        if kind == "title":
            pg.paragraph(payload, body_pt + 6, Pango.Alignment.CENTER, after=4)
        elif kind == "heading":
            if d["split"] and payload.startswith("二、") and not pg.fresh:
                pg.new_page()
            pg.paragraph(payload, body_pt, indent=2 * body_pt, before=8, after=4, keep_lines=3)
        elif kind == "para":
            pg.paragraph(payload, body_pt, indent=2 * body_pt, justify=d["justify"], spacing=1.45)
        elif kind == "note":
            for marker, text in payload:
                pg.note(marker, text, cell_pt)
        elif kind == "subhead":
            pg.paragraph(payload, body_pt, indent=2 * body_pt, before=4, spacing=1.45,
                         keep_lines=2)
        else:
            size = cell_pt - 1 if payload["name"] == "reviews" else cell_pt
            _table(pg, payload, size)
    pg.furniture()
    ctx.show_page()
    return pg.page


def render(d, case, out_pdf):
    rng = random.Random(case + "/cairo")
    font = d["font"] or rng.choice(FONTS)
    body_pt = rng.choice([11, 12, 13])
    cell_pt = rng.choice([8.5, 9, 9.5])
    w, h = (A4[1], A4[0]) if d["orientation"] == "landscape" else A4
    total = None
    for _ in range(2):
        surface = cairo.PDFSurface(str(out_pdf), w, h)
        surface.set_metadata(cairo.PDFMetadata.TITLE, d["title_text"])
        surface.set_metadata(cairo.PDFMetadata.CREATOR, "nianbao corpus (cairo)")
        # published in the January after the year reported on; fixed, so
        # regenerating gives the same bytes
        stamp = "%d-01-20T09:30:00" % (d["year"] + 1)
        surface.set_metadata(cairo.PDFMetadata.CREATE_DATE, stamp)
        surface.set_metadata(cairo.PDFMetadata.MOD_DATE, stamp)
        ctx = cairo.Context(surface)
        ctx.set_source_rgb(0, 0, 0)
        total = _draw(surface, ctx, d, font, body_pt, cell_pt, total)
        surface.finish()
    return {"font": font, "body_pt": body_pt, "cell_pt": cell_pt}
