"""The corpus cases: who reports, which year and template, which numbers, how printed.

Every PDF case is listed in CASES with the variations it must show; everything
not pinned there (numbers, prose, fonts) is drawn from a random generator seeded
with the case name, so regenerating gives byte-identical inputs to the
renderers.  `make_report` returns the generator's input for one case: numbers
as cells that know both their truth value and the exact string printed in the
PDF (a zero may print as "0", blank or "—"; a blank is null in the truth), the
free-text paragraphs, and the variation flags the renderers and meta.json use.
"""

import random

import prose
import truth

# (agency, level, how the body calls itself in prose)
BODIES = [
    ("江南省自然资源厅", "province", "本厅"),
    ("北岭省生态环境厅", "province", "本厅"),
    ("西川省交通运输厅", "province", "本厅"),
    ("东海省人民政府办公厅", "province", "本厅"),
    ("中原省卫生健康委员会", "province", "本委"),
    ("江南省市场监督管理局", "province", "本局"),
    ("青山市人民政府办公室", "city", "本办"),
    ("云州市住房和城乡建设局", "city", "本局"),
    ("白河市教育局", "city", "本局"),
    ("南湖市卫生健康委员会", "city", "本委"),
    ("临海市商务局", "city", "本局"),
    ("金川市财政局", "city", "本局"),
    ("玉泉市司法局", "city", "本局"),
    ("清河市人力资源和社会保障局", "city", "本局"),
    ("云州市公安局交通警察支队", "department", "本支队"),
    ("白河市生态环境局高新区分局", "department", "本分局"),
    ("临江县市场监督管理局", "county", "本局"),
    ("石门县人民政府", "county", "县政府"),
    ("桃源县农业农村局", "county", "本局"),
    ("青山市东城区人民政府", "county", "区政府"),
    ("松溪县人力资源和社会保障局", "county", "本局"),
    ("凤鸣县自然资源局", "county", "本局"),
    ("长宁县应急管理局", "county", "本局"),
    ("云州市西湖区教育局", "county", "本局"),
    ("临江县柳河镇人民政府", "town", "本镇"),
    ("青山市东城区建设路街道办事处", "town", "本街道"),
]


class Cell:
    """A table cell: `value` is what the truth says, `text` what the PDF prints."""

    def __init__(self, value, text):
        self.value = value
        self.text = text
        self.marker = None   # a footnote digit printed raised and small after it

    def __repr__(self):
        return "Cell(%r, %r, %r)" % (self.value, self.text, self.marker)


# Defaults every case starts from; a case entry overrides some of them.
DEFAULTS = {
    "zero": "0",              # how zero prints: "0", "blank", "dash", "mixed"
    "label_spaces": False,     # spaces inside some labels (自 然 人, 行 政 许 可)
    "paren": "full",           # （一） vs (一) in labels: "full", "half", "mixed"
    "numbering": "1.",         # item numbering: "1.", "1. ", "1、", "（1）", "1．"
    "fullwidth_digits": False,  # label numbering and some prose digits full width
    "header_repeat": True,     # repeat the 三 table's header on a new page
    "orientation": "portrait",
    "page_numbers": "dash",    # "dash" (- 3 -), "di" (第 3 页), "di_of", "plain", None
    "running_header": False,
    "radicals": False,         # ToUnicode maps some ideographs to radicals
    "one_line_title": False,
    "long_text": True,
    "scale": "medium",         # "zero", "small", "medium", "large"
    "breaks": [],              # planned: "row_total", "balance", "outcome_total", "reviews"
    "blank_total": None,       # "reviews" or "applications": a 总计 left blank
    "amount_unit": None,       # None (万元) or "元"
    "amount_style": "header",  # unit named in the header, or "suffix" in the cell
    "hybrid": False,
    "template": None,          # None: by year
    "label_notes": False,      # 规章（县级无此项）, 本年（2023）制发件数, 规范性文件 in 2021
    "justify": True,
    "title_space": False,      # "2021 年" in the title
    "problems_nil": False,
    "other_nil": False,
    "split": True,             # start 二 on a new page so the 三 table breaks across pages
    "font": None,              # None: the renderer picks one from its list
    "subheads": False,         # （一）主动公开情况 on a line of its own in 一、总体情况
    "heading_variant": False,  # longer or older wording of some section headings
    "active_split_tables": False,  # 二 as one small table per 第二十条 item
    "letter_spacing": False,   # Chromium: widened character spacing in paragraphs
    "landscape_tables": False,  # portrait report whose 三 and 四 pages are landscape
    "watermark": None,         # cairo: angle in degrees of a grey text watermark with a
                               # date ("内部资料 2024-05-12"), tiled over every page
    "raised_marker": False,    # cairo: a few numbers followed by a raised small footnote
                               # digit (17 then a raised 1), footnotes under the table
    "set": "tuned",            # corpus/README.md: tuned, written-first or held-out
    "pending": None,           # the capability a written-first case waits for
}

P_LO, P_CH, P_CA = "libreoffice", "chromium", "cairo"

# name slug, producer, year, body index, overrides
CASES = [
    ("jiangnan-zrzy-2021", P_LO, 2021, 0, {"scale": "large", "running_header": True}),
    ("qingshan-bgs-2020", P_LO, 2020, 6, {"zero": "blank", "page_numbers": "di"}),
    ("linjiang-scjg-2022", P_LO, 2022, 16, {"radicals": True, "scale": "small"}),
    ("beiling-sthj-2019", P_LO, 2019, 1, {"scale": "large", "orientation": "landscape",
                                          "page_numbers": "di_of"}),
    ("yunzhou-zjj-2023", P_LO, 2023, 7, {"header_repeat": False, "label_spaces": True,
                                         "breaks": ["row_total"]}),
    ("shimen-xzf-2021", P_LO, 2021, 17, {"template": "2019", "numbering": "1、"}),
    ("baihe-jyj-2024", P_LO, 2024, 8, {"radicals": True, "paren": "half",
                                       "fullwidth_digits": True}),
    ("nanhu-wjw-2025", P_LO, 2025, 9, {"scale": "zero", "zero": "dash",
                                       "problems_nil": True, "other_nil": True}),
    ("taoyuan-nync-2020", P_LO, 2020, 18, {"amount_unit": "元", "amount_style": "suffix",
                                           "breaks": ["balance"]}),
    ("linhai-swj-2022", P_LO, 2022, 10, {"hybrid": True, "one_line_title": True}),
    ("dongcheng-qzf-2023", P_LO, 2023, 19, {"blank_total": "reviews", "label_notes": True,
                                            "running_header": True}),
    ("jinchuan-czj-2019", P_LO, 2019, 11, {"radicals": True, "zero": "mixed",
                                           "orientation": "landscape"}),
    ("liuhe-zf-2024", P_LO, 2024, 24, {"scale": "small", "page_numbers": "plain", "split": False,
                                       "title_space": True, "justify": False}),

    ("xichuan-jtys-2020", P_CH, 2020, 2, {"scale": "large", "running_header": True,
                                          "page_numbers": "di_of",
                                          "font": "Noto Sans CJK SC"}),
    ("donghai-bgt-2021", P_CH, 2021, 3, {"scale": "large", "header_repeat": False}),
    ("yuquan-sfj-2022", P_CH, 2022, 12, {"zero": "dash", "numbering": "（1）",
                                         "paren": "mixed"}),
    ("songxi-rsj-2019", P_CH, 2019, 20, {"scale": "small", "zero": "blank",
                                         "orientation": "landscape"}),
    ("qinghe-rsj-2023", P_CH, 2023, 13, {"breaks": ["outcome_total"], "label_spaces": True}),
    ("fengming-zrzy-2024", P_CH, 2024, 21, {"radicals": True, "page_numbers": "di"}),
    ("changning-yjj-2025", P_CH, 2025, 22, {"blank_total": "applications",
                                            "scale": "small"}),
    ("zhongyuan-wjw-2022", P_CH, 2022, 4, {"scale": "large", "orientation": "landscape",
                                           "label_notes": True}),
    ("jiansheludao-2020", P_CH, 2020, 25, {"scale": "zero", "problems_nil": True, "split": False,
                                           "long_text": False, "one_line_title": True}),
    ("yunzhou-jjzd-2021", P_CH, 2021, 14, {"hybrid": True, "numbering": "1．",
                                           "fullwidth_digits": True}),
    ("xihu-jyj-2024", P_CH, 2024, 23, {"breaks": ["reviews"], "page_numbers": None,
                                       "running_header": True}),
    ("gaoxin-sthj-2019", P_CH, 2019, 15, {"amount_style": "suffix", "title_space": True,
                                          "justify": False}),

    ("jiangnan-scjg-2021", P_CA, 2021, 5, {"scale": "large"}),
    ("linjiang-scjg-2020", P_CA, 2020, 16, {"zero": "blank", "header_repeat": False,
                                            "paren": "half"}),
    ("qingshan-bgs-2023", P_CA, 2023, 6, {"label_spaces": True, "numbering": "1. ",
                                          "running_header": True, "page_numbers": "di"}),
    ("baihe-jyj-2019", P_CA, 2019, 8, {"orientation": "landscape", "scale": "large",
                                       "breaks": ["row_total"]}),
    ("shimen-xzf-2025", P_CA, 2025, 17, {"scale": "zero", "zero": "dash", "split": False,
                                         "other_nil": True}),
    ("nanhu-wjw-2022", P_CA, 2022, 9, {"radicals": True, "header_repeat": False}),
    ("taoyuan-nync-2024", P_CA, 2024, 18, {"amount_unit": "元", "fullwidth_digits": True,
                                           "numbering": "1、"}),
    ("xichuan-jtys-2023", P_CA, 2023, 2, {"zero": "mixed", "page_numbers": "di_of",
                                          "orientation": "landscape"}),
    ("linhai-swj-2020", P_CA, 2020, 10, {"blank_total": "reviews", "scale": "small"}),
    ("songxi-rsj-2022", P_CA, 2022, 20, {"breaks": ["balance", "reviews"],
                                         "one_line_title": True}),
    ("dongcheng-qzf-2021", P_CA, 2021, 19, {"label_notes": True, "title_space": True,
                                            "page_numbers": "plain", "justify": False}),
]

CASES += [
    ("qingshan-bgs-2025", P_LO, 2025, 6, {"subheads": True, "heading_variant": True,
                                          "radicals": True, "scale": "large"}),
    ("beiling-sthj-2021", P_LO, 2021, 1, {"active_split_tables": True, "template": "2019",
                                          "zero": "dash", "running_header": True}),
    ("baihe-jyj-2021", P_CH, 2021, 8, {"letter_spacing": True, "subheads": True}),
    ("jinchuan-czj-2023", P_CH, 2023, 11, {"active_split_tables": True,
                                           "heading_variant": True, "radicals": True}),
    ("liuhe-zf-2019", P_CA, 2019, 24, {"subheads": True, "active_split_tables": True,
                                       "scale": "small"}),
    ("zhongyuan-wjw-2024", P_CA, 2024, 4, {"heading_variant": True, "scale": "large",
                                           "breaks": ["outcome_total"]}),
    ("songxi-rsj-2024", P_LO, 2024, 20, {"landscape_tables": True, "header_repeat": False,
                                         "page_numbers": "di"}),
    ("jiangnan-zrzy-2019", P_CH, 2019, 0, {"landscape_tables": True, "zero": "blank",
                                           "scale": "large"}),
    ("yunzhou-zjj-2020", P_CA, 2020, 7, {"landscape_tables": True, "radicals": True,
                                         "page_numbers": "di_of", "header_repeat": False}),
]

# Issue 12 item 5, PDF-only noise: written first, before the code that reads them.
CASES += [
    ("qingshan-bgs-2020-watermark", P_CA, 2020, 6,
     {"watermark": 35, "set": "written-first"}),
    ("linhai-swj-2023-watermark", P_CA, 2023, 10,
     {"watermark": 42, "scale": "large", "page_numbers": "di", "set": "written-first"}),
    ("baihe-jyj-2020-markers", P_CA, 2020, 8,
     {"raised_marker": True, "scale": "large", "set": "written-first"}),
    ("songxi-rsj-2022-markers", P_CA, 2022, 20,
     {"raised_marker": True, "watermark": 30, "running_header": True,
      "set": "written-first"}),
]

IMAGE_CASE = ("image", "fengming-zrzy-2022-scan", 2022, 21)


def case_names():
    names = []
    counters = {}
    for slug, producer, _year, _body, _over in CASES:
        counters[producer] = counters.get(producer, 0) + 1
        names.append("pdf-%s-%02d-%s" % (producer, counters[producer], slug))
    return names


# ---------------------------------------------------------------- numbers

_SCALES = {
    # per applicant column: (low, high) of new applications
    "zero": [(0, 0)] * 6,
    "small": [(0, 25), (0, 4), (0, 1), (0, 1), (0, 2), (0, 3)],
    "medium": [(30, 420), (2, 60), (0, 6), (0, 8), (1, 30), (1, 25)],
    "large": [(900, 4800), (60, 900), (3, 40), (2, 35), (20, 260), (15, 180)],
}

_OUTCOME_WEIGHTS = {
    "granted": 40, "partially_granted": 8,
    "denied_state_secret": 0.4, "denied_prohibited_by_law": 0.6,
    "denied_security_stability": 0.4, "denied_third_party": 1.5,
    "denied_internal_affairs": 1.2, "denied_process_info": 2,
    "denied_enforcement_files": 1.2, "denied_query_matters": 1.2,
    "unavailable_not_held": 22, "unavailable_needs_creation": 3,
    "unavailable_unclear": 2.5,
    "rejected_petition": 4, "rejected_duplicate": 2.5, "rejected_publication": 0.6,
    "rejected_excessive": 1.5, "rejected_confirmation": 1,
    "other": 3, "other_no_correction": 1.5, "other_fee_unpaid": 0.5, "other_misc": 2,
}


def _distribute(rng, amount, keys):
    out = {k: 0 for k in keys}
    weights = [_OUTCOME_WEIGHTS[k] for k in keys]
    for _ in range(amount):
        out[rng.choices(keys, weights)[0]] += 1
    return out


def _applications(rng, template, scale, hybrid):
    """Raw integer matrix row -> column -> int, internally consistent."""
    out_rows = truth.outcome_rows(template)
    if hybrid:
        out_rows = [r for r in out_rows if r not in ("other_no_correction", "other_fee_unpaid")]
    rows = {r: {} for r in truth.application_rows(template)}
    for i, col in enumerate(truth.SIX_COLUMNS):
        lo, hi = _SCALES[scale][i]
        new = rng.randint(lo, hi)
        carried = rng.randint(0, max(0, new // 12)) if scale != "zero" else 0
        forward = rng.randint(0, max(0, (new + carried) // 15)) if scale != "zero" else 0
        dist = _distribute(rng, new + carried - forward, out_rows)
        rows["new_received"][col] = new
        rows["carried_over"][col] = carried
        for r in truth.outcome_rows(template):
            rows[r][col] = dist.get(r, 0)
        rows["outcome_total"][col] = new + carried - forward
        rows["carried_forward"][col] = forward
    for r in rows:
        rows[r]["total"] = sum(rows[r][c] for c in truth.SIX_COLUMNS)
    return rows


def _reviews(rng, scale):
    hi = {"zero": 0, "small": 2, "medium": 6, "large": 40}[scale]
    out = {}
    for g in truth.REVIEW_GROUPS:
        row = {c: rng.randint(0, hi) if rng.random() < 0.7 else 0
               for c in truth.REVIEW_COLUMNS[:4]}
        row["total"] = sum(row.values())
        out[g] = row
    return out


def _amount(rng, hi):
    """A 万元 amount with 0 to 3 decimals, kept as the printed string."""
    decimals = rng.choice([0, 1, 2, 2, 3, 3])
    value = rng.uniform(0, hi)
    return "%.*f" % (decimals, value) if decimals else str(int(value))


def _active(rng, template, scale, level):
    big = {"zero": 1, "small": 1, "medium": 10, "large": 60}[scale]
    county = level in ("county", "town")
    if template == "2019":
        def trio():
            made = rng.randint(0, 3 * big)
            return {"made": made, "published": made, "total_published": made + rng.randint(0, 40 * big)}

        def items(hi_prior, hi_dec):
            return {"prior_items": rng.randint(0, hi_prior), "change": rng.randint(-6, 5),
                    "decisions": rng.randint(0, hi_dec)}
        return {
            "regulations": ({"made": 0, "published": 0, "total_published": 0} if county else trio()),
            "normative_documents": trio(),
            "licensing": items(60 * big, 900 * big),
            "other_services": items(30 * big, 400 * big),
            "penalty": items(80 * big, 300 * big),
            "coercion": items(20 * big, 40 * big),
            "fees": {"prior_items": rng.randint(0, 8), "change": rng.randint(-3, 1)},
            "procurement": {"projects": rng.randint(0, 30 * big),
                            "amount": _amount(rng, 800.0 * big)},
        }

    def trio21():
        issued = rng.randint(0, 3 * big)
        repealed = rng.randint(0, 2 * big)
        return {"issued": issued, "repealed": repealed,
                "in_force": issued + rng.randint(repealed, repealed + 30 * big)}
    return {
        "regulations": ({"issued": 0, "repealed": 0, "in_force": 0} if county else trio21()),
        "normative_documents": trio21(),
        "licensing": {"decisions": rng.randint(0, 900 * big)},
        "penalty": {"decisions": rng.randint(0, 300 * big)},
        "coercion": {"decisions": rng.randint(0, 40 * big)},
        "fees": {"amount": _amount(rng, 300.0 * big)},
    }


# ---------------------------------------------------------------- printing

def _zero_text(style):
    return {"0": "0", "blank": "", "dash": "—"}[style]


def _count_cell(n, zero_style):
    if n == 0:
        text = _zero_text(zero_style)
        return Cell(0 if text == "0" else None, text)
    return Cell(n, str(n))


def _amount_cell(text, unit, style, zero_style):
    value = float(text) if "." in text else int(text)
    if value == 0:
        ztext = _zero_text(zero_style)
        return Cell(0 if ztext == "0" else None, ztext)
    if unit == "元":
        # the same money printed in 元: whole yuan, no decimals
        value = int(round(float(text) * 10000))
        return Cell(value, "%d元" % value if style == "suffix" else str(value))
    return Cell(value, text + "（万元）" if style == "suffix" else text)


def _zero_styles(v):
    if v["zero"] == "mixed":
        return {"active": "blank", "applications": "0", "reviews": "dash"}
    return {"active": v["zero"], "applications": v["zero"], "reviews": v["zero"]}


def _apply_breaks(rng, app, rev, breaks):
    """Change printed numbers so that exactly the planned rules fail."""
    nonzero = [c for c in truth.SIX_COLUMNS if app["granted"][c] > 0] or ["natural_person"]
    col = rng.choice(nonzero)
    for b in breaks:
        if b == "row_total":        # a row's 总计 off by a few
            app["unavailable_not_held"]["total"] += rng.randint(1, 4)
        elif b == "balance":        # 结转下年度 printed too high in one column and 总计
            k = rng.randint(1, 5)
            app["carried_forward"][col] += k
            app["carried_forward"]["total"] += k
        elif b == "outcome_total":  # one outcome row too high, （七）总计 as before
            k = rng.randint(1, 3)
            app["granted"][col] += k
            app["granted"]["total"] += k
        elif b == "reviews":
            rev["administrative_review"]["total"] += rng.randint(1, 2)
        else:
            raise ValueError("unknown break " + b)


def _place_markers(rng, active, applications):
    """Footnote digits 1, 2, 3 after three printed numbers: two in 三 (one of
    two or more digits, where a joined marker reads as a bigger number) and one
    in 二; each keeps its truth value."""
    def printed(cells):
        return [c for c in cells if c.text and c.text[0].isdigit() and "." not in c.text
                and c.text.isdigit()]
    app = [applications[r][c] for r in applications for c in truth.APPLICANT_COLUMNS
           if c != "total"]
    act = [active[r][c] for r in active for c in active[r]]
    big = [c for c in printed(app) if len(c.text) >= 2]
    chosen = []
    for pool in (big or printed(app), printed(app), printed(act)):
        pool = [c for c in pool if c not in chosen]
        if pool:
            chosen.append(rng.choice(pool))
    for n, cell in enumerate(chosen, 1):
        cell.marker = str(n)


def make_report(index):
    slug, producer, year, body_index, overrides = CASES[index]
    return make_report_named(case_names()[index], producer, year, body_index, overrides)


def make_report_named(name, producer, year, body_index, overrides):
    """The report of a case not in CASES (scripts/corpus/pages.py): numbers,
    prose and printing drawn from a generator seeded with `name`."""
    rng = random.Random(name)
    v = dict(DEFAULTS)
    v.update(overrides)
    agency, level, we = BODIES[body_index]
    template = v["template"] or ("2019" if year <= 2020 else "2021")
    if (v["watermark"] or v["raised_marker"]) and producer != P_CA:
        raise ValueError("watermarks and raised markers are drawn by the cairo renderer")
    if v["hybrid"] and template != "2021":
        raise ValueError("a hybrid report is on the 2021 template")

    app_raw = _applications(rng, template, v["scale"], v["hybrid"])
    rev_raw = _reviews(rng, v["scale"])
    if v["blank_total"] == "reviews" and rev_raw["administrative_review"]["total"] == 0:
        rev_raw["administrative_review"].update(upheld=2, other=1, total=3)
    if v["breaks"] and v["scale"] == "zero":
        raise ValueError("breaks need numbers")
    _apply_breaks(rng, app_raw, rev_raw, v["breaks"])
    act_raw = _active(rng, template, v["scale"], level)

    zs = _zero_styles(v)
    active = {}
    for row, cols in truth.active_rows(template):
        active[row] = {}
        for c in cols:
            raw = act_raw[row][c]
            if c == "amount":
                active[row][c] = _amount_cell(raw, v["amount_unit"], v["amount_style"],
                                              zs["active"])
            else:
                active[row][c] = _count_cell(raw, zs["active"])
    applications = {}
    for row in truth.application_rows(template):
        applications[row] = {}
        for c in truth.APPLICANT_COLUMNS:
            cell = _count_cell(app_raw[row][c], zs["applications"])
            if c == "total" and v["blank_total"] == "applications":
                cell = Cell(None, "")
            if v["hybrid"] and row in ("other_no_correction", "other_fee_unpaid"):
                cell = Cell(None, "")     # not printed at all
            applications[row][c] = cell
    reviews = {}
    for g in truth.REVIEW_GROUPS:
        reviews[g] = {c: _count_cell(rev_raw[g][c], zs["reviews"]) for c in truth.REVIEW_COLUMNS}
    if v["blank_total"] == "reviews":
        reviews["administrative_review"]["total"] = Cell(None, "")

    if v["raised_marker"]:
        _place_markers(rng, active, applications)

    values = {
        "we": we, "year": year,
        "new": app_raw["new_received"]["total"], "carry": app_raw["carried_over"]["total"],
        "done": app_raw["outcome_total"]["total"], "fwd": app_raw["carried_forward"]["total"],
    }
    for i in range(1, 11):
        values["n%d" % i] = rng.randint(3, 60) * (10 if i in (1, 6, 7) else 1)
    overview = prose.overview(rng, values, v["long_text"])
    if v["subheads"]:
        overview = prose.own_line_subheads(overview)
    sections = {
        "overview": overview,
        "problems": prose.problems(rng, values, v["problems_nil"]),
        "other": prose.other(rng, values, v["other_nil"]),
    }
    return {
        "case": name, "producer": producer, "agency": agency, "level": level,
        "year": year, "template": template, "hybrid": v["hybrid"],
        "amount_unit": v["amount_unit"], "active": active, "applications": applications,
        "reviews": reviews, "sections": sections, "variations": v, "rng": rng,
    }
