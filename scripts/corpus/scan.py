#!/usr/bin/python3
"""Scanned cases (issue 14): corpus/scan-* made from the PDF corpus's own reports.

Usage: /usr/bin/python3 scripts/corpus/scan.py [--only SUBSTRING ...] [--check] [--list]

Each case takes a report case with an expected.json (corpus/pdf-cairo-*,
pdf-chromium-*, pdf-libreoffice-*), renders its pages with pdftoppm at the case's
dpi and spoils them the way scanners, copiers and phones do: grey or bilevel,
skew, noise and dust, blur, JPEG artefacts, yellowed paper, a red seal over a
signature block (agency and date, drawn under the last line: a signature is no
part of sections.other) and over some numbers of a table, a page upside down, a
photo taken at an angle (perspective, uneven light, desk around the page).  The
pages are written as an image-only PDF (img2pdf), a long PNG or JPEG (the pages
one under the other, as web sites post reports), a multi-page TIFF, or put back
into the text PDF in place of its table pages (qpdf).  Everything is seeded by
the case name: the same bytes on every run (img2pdf --nodate, qpdf
--deterministic-id).

expected.json is the donor's, with only `source` changed: file and sha256 of the
new input, kind ("pdf", or "image" for PNG/JPEG/TIFF), pages (a PNG or JPEG is
one page, a TIFF one page per frame), producer as pdfinfo reads it (null for an
image), and `ocr`: the pages read by OCR.  meta.json says `"compare": "ocr"`
(tests/corpus.py: wrong cells must be covered by a warning, sections compared by
similarity), `"pending": "issue 14: OCR"` until the reader lands, the set, and
`"eval_only": true` for the heavy cases `make check` skips.

--check makes every case in a temporary directory and compares it byte for byte
with the committed files (proves the generator is deterministic and the files are
its output); --list prints the cases.  Needs poppler-utils, img2pdf, qpdf,
python3-pil, python3-numpy and fonts-noto-cjk (scripts/packages-corpus.txt).
"""

import argparse
import copy
import hashlib
import io
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
CORPUS = REPO / "corpus"
FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
FONT_INDEX = 2  # the Simplified Chinese face of the collection
PENDING = "issue 14: OCR"
A4 = (595.28, 841.89)

# (name, donor case, set, output, options).  output: "pdf" (image-only PDF),
# "tables" (the text PDF with its table pages as pictures), "png"/"jpeg" (the
# pages one under the other in one picture), "tiff" (one frame per page).
# options: dpi, mode (grey, bilevel, colour), skew (degrees, the largest; each
# page draws its own up to it), noise (sigma of grey levels), specks (dust per
# page), blur (radius in px at the case's dpi), jpeg (quality; else lossless),
# yellow (paper), seal ("sign", "numbers" or both), photo, upside_down (pages),
# check (run by make check; else eval-only), passes (not pending: the reader reads
# it), and meta extras.
WF, HO = "written-first", "held-out"
CASES = [
    ("scan-11-jiangnan-scjg-2021-grey300", "pdf-cairo-01-jiangnan-scjg-2021", WF, "pdf",
     {"dpi": 300, "mode": "grey", "skew": 0.4, "noise": 3, "specks": 40, "jpeg": 65,
      "passes": True}),
    ("scan-12-linjiang-scjg-2020-bilevel300", "pdf-cairo-02-linjiang-scjg-2020", WF, "pdf",
     {"dpi": 300, "mode": "bilevel", "skew": 1.2, "noise": 10, "specks": 120}),
    ("scan-13-beiling-sthj-2021-grey150", "pdf-libreoffice-15-beiling-sthj-2021", WF, "pdf",
     {"dpi": 150, "mode": "grey", "skew": 0.6, "noise": 4, "specks": 20, "jpeg": 75,
      "check": True, "passes": True}),
    ("scan-14-nanhu-wjw-2025-seal", "pdf-libreoffice-08-nanhu-wjw-2025", WF, "pdf",
     {"dpi": 200, "mode": "colour", "skew": 0.8, "noise": 3, "specks": 30, "jpeg": 70,
      "yellow": True, "seal": ("sign", "numbers")}),
    ("scan-15-shimen-xzf-2021-table-pictures", "pdf-libreoffice-06-shimen-xzf-2021", WF,
     "tables", {"dpi": 200, "mode": "grey", "skew": 0.3, "noise": 2, "jpeg": 80,
                "check": True, "passes": True}),
    ("scan-16-donghai-bgt-2021-tiff", "pdf-chromium-02-donghai-bgt-2021", WF, "tiff",
     {"dpi": 200, "mode": "bilevel", "skew": 0.5, "noise": 8, "specks": 60}),
    ("scan-17-jiansheludao-2020-long-png", "pdf-chromium-09-jiansheludao-2020", WF, "png",
     {"dpi": 150, "mode": "grey", "passes": True}),
    ("scan-18-xichuan-jtys-2020-photo", "pdf-chromium-01-xichuan-jtys-2020", WF, "pdf",
     {"dpi": 200, "mode": "colour", "photo": True, "noise": 2, "jpeg": 70}),
    ("scan-19-yunzhou-zjj-2023-blur", "pdf-libreoffice-05-yunzhou-zjj-2023", WF, "pdf",
     {"dpi": 200, "mode": "grey", "skew": 2.0, "blur": 1.2, "noise": 4, "jpeg": 45,
      "passes": True}),
    ("scan-20-changning-yjj-2025-long-jpeg", "pdf-chromium-07-changning-yjj-2025", WF, "jpeg",
     {"dpi": 200, "mode": "colour", "yellow": True, "seal": ("sign",), "jpeg": 70,
      "noise": 2}),
    # written after the held-out set's first score (session 5): the shapes it read
    # worst, from other donors, to work on without looking at the held-out cases
    ("scan-21-beiling-sthj-2019-table-pictures-bilevel", "pdf-libreoffice-04-beiling-sthj-2019",
     WF, "tables", {"dpi": 300, "mode": "bilevel", "skew": 0.8, "noise": 8, "specks": 50,
                    "passes": True}),
    ("scan-22-nanhu-wjw-2022-photo", "pdf-cairo-06-nanhu-wjw-2022", WF, "pdf",
     {"dpi": 200, "mode": "colour", "photo": True, "noise": 2, "jpeg": 70,
      "passes": True}),
    # written in session 6, before any code for them: the held-out shapes still
    # read worst (yellowed paper at 150 dpi, a long JPEG with seals over numbers,
    # upside-down pages), from donors no scan case used, to work on without
    # opening the held-out cases
    ("scan-23-baihe-jyj-2019-yellow150", "pdf-cairo-04-baihe-jyj-2019", WF, "pdf",
     {"dpi": 150, "mode": "colour", "skew": 1.1, "noise": 5, "specks": 30, "jpeg": 65,
      "yellow": True}),
    ("scan-24-xihu-jyj-2024-long-jpeg-seal", "pdf-chromium-11-xihu-jyj-2024", WF, "jpeg",
     {"dpi": 200, "mode": "colour", "skew": 0.4, "noise": 2, "jpeg": 70, "yellow": True,
      "seal": ("sign", "numbers")}),
    ("scan-25-taoyuan-nync-2020-upside-down", "pdf-libreoffice-09-taoyuan-nync-2020", WF,
     "pdf", {"dpi": 200, "mode": "grey", "skew": 1.2, "noise": 3, "jpeg": 70,
             "upside_down": (2,), "passes": True}),
    # written in session 7, before any code for it: the held-out shape still read
    # worst (grey 200 dpi with a seal over the signature and over numbers), from a
    # donor no scan case used, to work on without opening the held-out case
    ("scan-26-zhongyuan-wjw-2022-grey-seal", "pdf-chromium-08-zhongyuan-wjw-2022", WF, "pdf",
     {"dpi": 200, "mode": "grey", "skew": 1.0, "noise": 3, "jpeg": 70,
      "seal": ("sign", "numbers")}),
    ("scan-41-linhai-swj-2022-grey300", "pdf-libreoffice-10-linhai-swj-2022", HO, "pdf",
     {"dpi": 300, "mode": "grey", "skew": 1.7, "noise": 4, "specks": 80, "jpeg": 60,
      "passes": True}),
    ("scan-42-dongcheng-qzf-2023-grey-seal", "pdf-libreoffice-11-dongcheng-qzf-2023", HO, "pdf",
     {"dpi": 200, "mode": "grey", "skew": 1.0, "noise": 3, "jpeg": 70,
      "seal": ("sign", "numbers")}),
    ("scan-43-gaoxin-sthj-2019-yellow150", "pdf-chromium-12-gaoxin-sthj-2019", HO, "pdf",
     {"dpi": 150, "mode": "colour", "skew": 1.3, "noise": 5, "specks": 30, "jpeg": 65,
      "yellow": True}),
    ("scan-44-liuhe-zf-2019-tiff-grey", "pdf-cairo-12-liuhe-zf-2019", HO, "tiff",
     {"dpi": 200, "mode": "grey", "skew": 0.9, "passes": True}),
    # scan-45 was opened in session 5 (its tables read as prose: a broken table taken
    # for a frame): tuned since, and scan-49 holds its shape out in its place
    ("scan-45-jinchuan-czj-2019-table-pictures", "pdf-libreoffice-12-jinchuan-czj-2019", "tuned",
     "tables", {"dpi": 300, "mode": "bilevel", "skew": 0.7, "noise": 8, "specks": 50}),
    ("scan-49-yunzhou-zjj-2020-table-pictures-landscape", "pdf-cairo-14-yunzhou-zjj-2020", HO,
     "tables", {"dpi": 300, "mode": "bilevel", "skew": 0.6, "noise": 8, "specks": 50,
                "passes": True}),
    ("scan-46-songxi-rsj-2024-photo", "pdf-libreoffice-16-songxi-rsj-2024", HO, "pdf",
     {"dpi": 200, "mode": "colour", "photo": True, "noise": 2, "jpeg": 70}),
    ("scan-47-qinghe-rsj-2023-long-jpeg-seal", "pdf-chromium-05-qinghe-rsj-2023", HO, "jpeg",
     {"dpi": 200, "mode": "colour", "skew": 0.5, "noise": 2, "jpeg": 70, "yellow": True,
      "seal": ("sign", "numbers")}),
    ("scan-48-zhongyuan-wjw-2024-upside-down", "pdf-cairo-13-zhongyuan-wjw-2024", HO, "pdf",
     {"dpi": 200, "mode": "grey", "skew": 1.5, "noise": 3, "jpeg": 70, "upside_down": (3,),
      "passes": True}),
    # the limits: a 72 dpi scan gives a report whose every wrong cell is covered by a
    # warning (no accuracy promised); a blank scanned page is the error no_text_layer
    # (BLANK_CASE; it passes before OCR and must go on passing, so it is not pending)
    ("scan-91-yuquan-sfj-2022-72dpi", "pdf-chromium-03-yuquan-sfj-2022", WF, "pdf",
     {"dpi": 72, "mode": "grey", "skew": 0.3, "noise": 3, "jpeg": 80, "check": True,
      "passes": True, "meta": {"min_cell_accuracy": 0, "min_section_similarity": 0}}),
]
BLANK_CASE = ("scan-90-blank-page", WF, {"dpi": 200, "noise": 5, "specks": 60, "check": True})


# ------------------------------------------------------------------ helpers

def seed_of(name):
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little")


def run(cmd, **kw):
    return subprocess.run([str(c) for c in cmd], check=True, capture_output=True, **kw)


def pdf_pages(pdf):
    """[(width, height)] in points, per page, from pdfinfo."""
    out = run(["pdfinfo", "-f", "1", "-l", "999", pdf], text=True).stdout
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            parts = line.split("size:")[1].split()
            sizes.append((float(parts[0]), float(parts[2])))
    return sizes


def pdf_info(pdf):
    out = run(["pdfinfo", pdf], text=True).stdout
    pages, producer = None, None
    for line in out.splitlines():
        key, _, value = line.partition(":")
        if key == "Pages":
            pages = int(value.strip())
        elif key == "Producer":
            producer = value.strip() or None
    return pages, producer


def words(pdf, page):
    """[(xmin, ymin, xmax, ymax, text)] in points of one page (pdftotext -bbox)."""
    out = run(["pdftotext", "-f", page, "-l", page, "-bbox", pdf, "-"], text=True).stdout
    found = []
    for line in out.splitlines():
        line = line.strip()
        if not line.startswith("<word "):
            continue
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', line[:line.index(">")]))
        text = line[line.index(">") + 1:line.rindex("</word>")]
        found.append((float(attrs["xMin"]), float(attrs["yMin"]), float(attrs["xMax"]),
                      float(attrs["yMax"]), text))
    return found


def table_pages(pdf):
    """Pages that hold a part of a template table: at least 8 words that are
    nothing but a number or a dash (cells; prose has its numbers inside its
    lines, a page number is one such word)."""
    pages = []
    for page in range(1, len(pdf_pages(pdf)) + 1):
        cells = sum(1 for w in words(pdf, page) if re.fullmatch(r"[\d.,\-—–]+", w[4]))
        if cells >= 8:
            pages.append(page)
    return pages


def render(pdf, page, dpi, tmp):
    """One page as an RGB array of floats 0..1 (pdftoppm, anti-aliased)."""
    prefix = pathlib.Path(tmp) / "page"
    run(["pdftoppm", "-r", dpi, "-f", page, "-l", page, "-singlefile", "-png", pdf, prefix])
    path = prefix.with_suffix(".png")
    img = Image.open(path).convert("RGB")
    arr = np.asarray(img, dtype=np.float32) / 255.0
    path.unlink()
    return arr


def ink_rows(arr):
    return np.where((arr.mean(axis=2) < 0.6).sum(axis=1) > 0)[0]


# ----------------------------------------------------------------- spoiling

def draw_signature(arr, dpi, agency, date):
    """Agency and date right-aligned under the last line of the page's text
    (above its footer); returns the centre of the block in px."""
    h, w, _ = arr.shape
    rows = ink_rows(arr[: int(h * 0.88)])
    last = int(rows.max()) if len(rows) else int(h * 0.5)
    size = int(round(16 / 72 * dpi))
    font = ImageFont.truetype(FONT, size, index=FONT_INDEX)
    img = Image.fromarray((arr * 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    right = int(w - 0.16 * w)
    top = min(last + int(2.2 * size), int(h * 0.86) - 2 * int(1.6 * size))
    lines = [agency, date]
    widths = [draw.textlength(t, font=font) for t in lines]
    block = max(widths)
    for i, (text, width) in enumerate(zip(lines, widths)):
        x = right - block + (block - width) / 2
        draw.text((x, top + i * int(1.6 * size)), text, font=font, fill=(0, 0, 0))
    arr[...] = np.asarray(img, dtype=np.float32) / 255.0
    return (right - block / 2, top + 1.6 * size * 0.8)


def seal_mask(diameter, rng):
    """A round official seal: ring, arc of text-like strokes, star, bar; 0..1 ink."""
    scale = 4
    n = int(diameter) * scale
    img = Image.new("L", (n, n), 0)
    draw = ImageDraw.Draw(img)
    r = n / 2
    ring = n * 0.035
    draw.ellipse([ring / 2, ring / 2, n - ring / 2, n - ring / 2], outline=255, width=int(ring))
    # "characters" along the upper arc: each a few short strokes in a cell
    chars = int(rng.integers(11, 16))
    for k in range(chars):
        angle = np.pi * (1.15 + 0.7 * k / (chars - 1))  # from ~200 to ~340 degrees
        cx, cy = r + 0.72 * r * np.cos(angle), r + 0.72 * r * np.sin(angle)
        cell = 0.17 * r
        rot = angle + np.pi / 2
        for _ in range(int(rng.integers(3, 6))):
            x0, y0, x1, y1 = rng.uniform(-0.5, 0.5, 4) * cell
            if rng.random() < 0.5:
                y1 = y0
            else:
                x1 = x0
            pts = [(cx + x * np.cos(rot) - y * np.sin(rot), cy + x * np.sin(rot) + y * np.cos(rot))
                   for x, y in ((x0, y0), (x1, y1))]
            draw.line(pts, fill=255, width=int(n * 0.014))
    star = []
    for k in range(10):
        rad = 0.22 * r if k % 2 == 0 else 0.09 * r
        a = -np.pi / 2 + k * np.pi / 5
        star.append((r + rad * np.cos(a), r * 0.98 + rad * np.sin(a)))
    draw.polygon(star, fill=255)
    draw.rectangle([r - 0.45 * r, r + 0.42 * r, r + 0.45 * r, r + 0.47 * r], fill=255)
    img = img.resize((int(diameter), int(diameter)), Image.LANCZOS)
    mask = np.asarray(img, dtype=np.float32) / 255.0
    # uneven ink: the pad presses harder on one side
    yy, xx = np.mgrid[0:mask.shape[0], 0:mask.shape[1]] / max(1, mask.shape[0])
    mask *= 0.65 + 0.3 * (0.5 + 0.5 * np.cos(3 * xx + 2 * yy + rng.uniform(0, 6)))
    return mask


def stamp(arr, centre, dpi, rng):
    """Multiply a red seal onto the page (black stays black, white turns red)."""
    diameter = 40 / 25.4 * dpi
    mask = seal_mask(diameter, rng)
    red = np.array([0.86, 0.12, 0.14], dtype=np.float32)
    h, w, _ = arr.shape
    x0, y0 = int(centre[0] - diameter / 2), int(centre[1] - diameter / 2)
    mh, mw = mask.shape
    sx0, sy0 = max(0, -x0), max(0, -y0)
    dx0, dy0 = max(0, x0), max(0, y0)
    dx1, dy1 = min(w, x0 + mw), min(h, y0 + mh)
    if dx1 <= dx0 or dy1 <= dy0:
        return
    m = mask[sy0:sy0 + dy1 - dy0, sx0:sx0 + dx1 - dx0, None]
    arr[dy0:dy1, dx0:dx1] *= 1 - m * (1 - red)


def number_centre(pdf, page, dpi, rng):
    """The centre (px) of one number printed in the page's table."""
    nums = [w for w in words(pdf, page) if w[4].replace(".", "").replace("-", "").isdigit()
            and w[1] > 60]
    nums.sort(key=lambda w: (w[1], w[0]))
    pick = nums[int(len(nums) * rng.uniform(0.35, 0.65))]
    return ((pick[0] + pick[2]) / 2 * dpi / 72, (pick[1] + pick[3]) / 2 * dpi / 72)


def paper(arr, rng, yellow):
    """Multiply by the paper: yellowed with blotches, or a faint grey cast."""
    h, w, _ = arr.shape
    coarse = rng.normal(0, 1, (max(2, h // 96), max(2, w // 96))).astype(np.float32)
    blotch = np.asarray(Image.fromarray(coarse).resize((w, h), Image.BILINEAR))
    if yellow:
        base = np.array([0.96, 0.92, 0.80], dtype=np.float32)
        tint = base[None, None, :] * (1 + 0.025 * blotch[..., None])
    else:
        tint = np.full((1, 1, 3), 0.97, dtype=np.float32) * (1 + 0.01 * blotch[..., None])
    arr *= np.clip(tint, 0, 1)


def rotate(arr, degrees, fill):
    img = Image.fromarray((np.clip(arr, 0, 1) * 255).astype(np.uint8))
    img = img.rotate(degrees, resample=Image.BICUBIC, expand=False,
                     fillcolor=tuple(int(v * 255) for v in fill))
    return np.asarray(img, dtype=np.float32) / 255.0


def perspective_coeffs(src, dst):
    """PIL PERSPECTIVE coefficients mapping output points dst to input points src."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return np.linalg.solve(np.array(rows, dtype=np.float64), np.array(rhs, dtype=np.float64))


def photograph(arr, rng):
    """The page photographed at an angle on a desk: perspective, light falling off."""
    h, w, _ = arr.shape
    img = Image.fromarray((np.clip(arr, 0, 1) * 255).astype(np.uint8))
    out_w, out_h = int(w * 1.08), int(h * 1.06)
    j = lambda s: rng.uniform(0.0, s)  # noqa: E731
    dst = [(0.04 * out_w + j(0.03 * out_w), 0.03 * out_h + j(0.02 * out_h)),
           (0.96 * out_w - j(0.05 * out_w), 0.02 * out_h + j(0.02 * out_h)),
           (0.97 * out_w - j(0.02 * out_w), 0.97 * out_h - j(0.02 * out_h)),
           (0.02 * out_w + j(0.04 * out_w), 0.98 * out_h - j(0.03 * out_h))]
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    coeffs = perspective_coeffs(src, dst)
    desk = (88, 72, 58)
    warped = img.transform((out_w, out_h), Image.PERSPECTIVE, tuple(coeffs), Image.BICUBIC,
                           fillcolor=desk)
    out = np.asarray(warped, dtype=np.float32) / 255.0
    yy, xx = np.mgrid[0:out_h, 0:out_w]
    fx, fy = rng.uniform(0.2, 0.8), rng.uniform(0.1, 0.4)
    dist = np.hypot(xx / out_w - fx, yy / out_h - fy)
    light = (1.0 - 0.28 * dist).astype(np.float32)
    out = out * light[..., None] * np.array([1.0, 0.97, 0.9], dtype=np.float32)
    return out


def noise(arr, rng, sigma, specks):
    h, w, _ = arr.shape
    if sigma:
        arr += rng.normal(0, sigma / 255.0, (h, w, 1)).astype(np.float32)
    for _ in range(specks):
        y, x = int(rng.integers(0, h)), int(rng.integers(0, w))
        r = int(rng.integers(1, 3))
        arr[max(0, y - r):y + r, max(0, x - r):x + r] *= rng.uniform(0.1, 0.6)
    np.clip(arr, 0, 1, out=arr)


def spoil(arr, opts, rng, page_no):
    """Apply the case's scan defects to one page (RGB float array)."""
    paper(arr, rng, opts.get("yellow", False))
    if opts.get("photo"):
        arr = photograph(arr, rng)
    if opts.get("skew"):
        fill = arr[2, 2].copy()
        arr = rotate(arr, rng.uniform(-1, 1) * opts["skew"], fill)
    if page_no in opts.get("upside_down", ()):
        arr = arr[::-1, ::-1].copy()
    if opts.get("blur") or opts.get("photo"):
        radius = opts.get("blur", 0.6)
        img = Image.fromarray((np.clip(arr, 0, 1) * 255).astype(np.uint8))
        arr = np.asarray(img.filter(ImageFilter.GaussianBlur(radius)), dtype=np.float32) / 255
        arr = arr.copy()
    noise(arr, rng, opts.get("noise", 0), opts.get("specks", 0))
    mode = opts["mode"]
    if mode != "colour":
        # the scanner's white point: paper a little darker than white turns white
        arr = np.clip(arr / 0.93, 0, 1)
    img = Image.fromarray((np.clip(arr, 0, 1) * 255).astype(np.uint8))
    if mode == "grey":
        img = img.convert("L")
    elif mode == "bilevel":
        img = img.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1", dither=0)
    return img


# ----------------------------------------------------------------- writing

def encode(img, opts, fmt):
    """Bytes of one page picture: JPEG at the case's quality, else PNG/TIFF G4."""
    dpi = (opts["dpi"], opts["dpi"])
    buf = io.BytesIO()
    if fmt == "jpeg" or (fmt == "pdf" and opts.get("jpeg") and img.mode != "1"):
        img.save(buf, "JPEG", quality=opts.get("jpeg", 85), dpi=dpi, optimize=False)
    elif img.mode == "1":
        img.save(buf, "TIFF", compression="group4", dpi=dpi)
    else:
        img.save(buf, "PNG", dpi=dpi, optimize=False)
    return buf.getvalue()


def img2pdf(pictures, out, tmp):
    paths = []
    for i, data in enumerate(pictures):
        path = pathlib.Path(tmp) / ("pic-%03d" % i)
        path.write_bytes(data)
        paths.append(path)
    run(["img2pdf", "--nodate", "--engine", "internal", "--producer", "", "-o", out] + paths)
    for path in paths:
        path.unlink()


def long_picture(images, opts):
    width = max(i.width for i in images)
    gap = int(opts["dpi"] * 0.15)
    height = sum(i.height for i in images) + gap * (len(images) - 1)
    mode = "RGB" if any(i.mode == "RGB" for i in images) else "L"
    out = Image.new(mode, (width, height), (236, 236, 236) if mode == "RGB" else 236)
    y = 0
    for img in images:
        out.paste(img.convert(mode), ((width - img.width) // 2, y))
        y += img.height + gap
    return out


def signature_date(report, rng):
    year = report.get("year") or 2020
    return "%d年%d月%d日" % (year + 1, int(rng.integers(1, 3)), int(rng.integers(10, 29)))


def make_case(name, donor, set_name, output, opts, out_dir, tmp):
    rng = np.random.default_rng(seed_of(name))
    src = CORPUS / donor / "input.pdf"
    expected = json.loads((CORPUS / donor / "expected.json").read_text(encoding="utf-8"))
    donor_meta = json.loads((CORPUS / donor / "meta.json").read_text(encoding="utf-8"))
    n_pages = len(pdf_pages(src))
    tables = table_pages(src)
    if output == "tables":
        scanned = tables
    else:
        scanned = list(range(1, n_pages + 1))
    seal = opts.get("seal", ())
    seal_page = tables[len(tables) // 2] if "numbers" in seal else None
    images = []
    for page in scanned:
        arr = render(src, page, opts["dpi"], tmp)
        if "sign" in seal and page == n_pages:
            centre = draw_signature(arr, opts["dpi"], expected["agency"],
                                    signature_date(expected, rng))
            stamp(arr, (centre[0] + rng.uniform(-0.3, 0.3) * opts["dpi"], centre[1]),
                  opts["dpi"], rng)
        if page == seal_page:
            stamp(arr, number_centre(src, page, opts["dpi"], rng), opts["dpi"], rng)
        images.append(spoil(arr, opts, rng, page))
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("input.*"):
        old.unlink()
    if output == "pdf":
        path = out_dir / "input.pdf"
        img2pdf([encode(i, opts, "pdf") for i in images], path, tmp)
    elif output == "tables":
        path = out_dir / "input.pdf"
        parts = []
        for page, img in zip(scanned, images):
            part = pathlib.Path(tmp) / ("table-%d.pdf" % page)
            img2pdf([encode(img, opts, "pdf")], part, tmp)
            parts.append((page, part))
        pages_arg = []
        pictures = dict(parts)
        for page in range(1, n_pages + 1):
            if page in pictures:
                pages_arg += [pictures[page], "1"]
            else:
                pages_arg += [src, str(page)]
        run(["qpdf", "--deterministic-id", "--empty", "--pages"] + pages_arg + ["--", path])
    elif output in ("png", "jpeg"):
        path = out_dir / ("input.png" if output == "png" else "input.jpg")
        path.write_bytes(encode(long_picture(images, opts), opts, output))
    elif output == "tiff":
        path = out_dir / "input.tif"
        first, rest = images[0], images[1:]
        compression = "group4" if first.mode == "1" else "tiff_adobe_deflate"
        first.save(path, "TIFF", save_all=True, append_images=rest, compression=compression,
                   dpi=(opts["dpi"], opts["dpi"]))
    else:
        raise ValueError(output)
    rel = "corpus/%s/%s" % (name, path.name)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if path.suffix == ".pdf":
        pages, producer = pdf_info(path)
        source = {"file": rel, "sha256": digest, "kind": "pdf", "pages": pages,
                  "producer": producer, "ocr": scanned}
    else:
        frames = len(images) if output == "tiff" else 1
        source = {"file": rel, "sha256": digest, "kind": "image", "pages": frames,
                  "producer": None, "ocr": list(range(1, frames + 1))}
    doc = copy.deepcopy(expected)
    doc["source"] = source
    (out_dir / "expected.json").write_text(dumps(doc), encoding="utf-8")
    variations = describe(output, opts)
    meta = {"producer": "scripts/corpus/scan.py", "made_from": donor,
            "variations": variations, "breaks": donor_meta.get("breaks", []),
            "set": set_name, "pending": PENDING, "compare": "ocr"}
    meta.update(opts.get("meta", {}))
    if opts.get("passes"):  # the reader reads it: no longer pending
        del meta["pending"]
    if not opts.get("check"):
        meta["eval_only"] = True
    for stale in ("expected-error.json", "expected.jsonl"):
        if (out_dir / stale).exists():
            (out_dir / stale).unlink()
    (out_dir / "meta.json").write_text(dumps(meta), encoding="utf-8")
    return path


def describe(output, opts):
    out = {"pdf": "image_only_pdf", "tables": "table_pages_as_pictures_in_text_pdf",
           "png": "long_png_of_all_pages", "jpeg": "long_jpeg_of_all_pages",
           "tiff": "multipage_tiff"}[output]
    items = [out, "%d_dpi" % opts["dpi"], opts["mode"]]
    if opts.get("skew"):
        items.append("skew_up_to_%g_degrees" % opts["skew"])
    if opts.get("noise"):
        items.append("noise_sigma_%g" % opts["noise"])
    if opts.get("specks"):
        items.append("dust_%d_per_page" % opts["specks"])
    if opts.get("blur"):
        items.append("blur_%gpx" % opts["blur"])
    if opts.get("jpeg") and (output == "jpeg" or opts["mode"] != "bilevel"):
        items.append("jpeg_quality_%d" % opts["jpeg"])
    if opts.get("yellow"):
        items.append("yellowed_paper")
    for where in opts.get("seal", ()):
        items.append({"sign": "red_seal_over_signature",
                      "numbers": "red_seal_over_table_numbers"}[where])
    if opts.get("photo"):
        items.append("photo_perspective_uneven_light")
    for page in opts.get("upside_down", ()):
        items.append("page_%d_upside_down" % page)
    return items


def make_blank(name, set_name, opts, out_dir, tmp):
    """One blank sheet through the scanner: paper, noise, dust, a dark edge."""
    rng = np.random.default_rng(seed_of(name))
    dpi = opts["dpi"]
    w, h = int(A4[0] / 72 * dpi), int(A4[1] / 72 * dpi)
    arr = np.ones((h, w, 3), dtype=np.float32)
    paper(arr, rng, False)
    arr[:, : int(0.012 * w)] *= 0.35  # the scanner lid's shadow at the edge
    noise(arr, rng, opts["noise"], opts["specks"])
    img = Image.fromarray((arr * 255).astype(np.uint8)).convert("L")
    out_dir.mkdir(parents=True, exist_ok=True)
    img2pdf([encode(img, dict(opts, jpeg=80), "pdf")], out_dir / "input.pdf", tmp)
    # no text, even by OCR: no_text_layer, as docs/batch.md has it for blank pages
    (out_dir / "expected-error.json").write_text(dumps({"exit": 9, "code": "no_text_layer"}),
                                                 encoding="utf-8")
    meta = {"producer": "scripts/corpus/scan.py",
            "variations": ["image_only_pdf", "%d_dpi" % dpi, "grey", "blank_page",
                           "noise_sigma_%g" % opts["noise"], "dust_%d_per_page" % opts["specks"],
                           "scanner_edge_shadow"],
            "breaks": [], "set": set_name}
    (out_dir / "meta.json").write_text(dumps(meta), encoding="utf-8")


def image_case_expected(donor, pdf, rel):
    """expected.json of corpus/pdf-image-01-* (generate.py): the donor's report
    with the source of the rasterised PDF, every page read by OCR."""
    expected = json.loads((CORPUS / donor / "expected.json").read_text(encoding="utf-8"))
    pages, producer = pdf_info(pdf)
    expected["source"] = {"file": rel, "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(),
                          "kind": "pdf", "pages": pages, "producer": producer,
                          "ocr": list(range(1, pages + 1))}
    return dumps(expected)


def dumps(doc):
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def all_cases():
    return [c[0] for c in CASES] + [BLANK_CASE[0]]


def make(names, root, tmp):
    for name, donor, set_name, output, opts in CASES:
        if name in names:
            path = make_case(name, donor, set_name, output, opts, root / name, tmp)
            print("%-44s %-7s %-13s %5.1f MB" % (name, output, set_name,
                                                 path.stat().st_size / 1e6))
            sys.stdout.flush()
    name, set_name, opts = BLANK_CASE
    if name in names:
        make_blank(name, set_name, opts, root / name, tmp)
        print("%-44s %-7s %s" % (name, "pdf", set_name))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="*", help="substrings of case names; default all")
    ap.add_argument("--check", "--verify-only", action="store_true", dest="check",
                    help="make the cases in a temporary directory and compare with corpus/")
    ap.add_argument("--list", action="store_true", help="print the cases and their donors")
    args = ap.parse_args()
    names = [n for n in all_cases() if not args.only or any(s in n for s in args.only)]
    if args.list:
        for name, donor, set_name, output, opts in CASES:
            if name in names:
                print("%s\t%s\t%s\t%s\t%s" % (name, donor, set_name, output,
                                              "check" if opts.get("check") else "eval"))
        if BLANK_CASE[0] in names:
            print("%s\t-\t%s\tpdf\tcheck" % (BLANK_CASE[0], BLANK_CASE[1]))
        return 0
    tmp = tempfile.mkdtemp(prefix="nb-scan-")
    try:
        if not args.check:
            make(names, CORPUS, tmp)
            return 0
        root = pathlib.Path(tmp) / "corpus"
        make(names, root, tmp)
        bad = 0
        for name in names:
            for made in sorted((root / name).iterdir()):
                committed = CORPUS / name / made.name
                if not committed.exists() or committed.read_bytes() != made.read_bytes():
                    print("DIFFERS %s/%s" % (name, made.name))
                    bad += 1
        print("scan --check: %d cases, %d files differ" % (len(names), bad))
        return 1 if bad else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
