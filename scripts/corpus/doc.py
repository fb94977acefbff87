"""The printed document of one report, independent of the renderer.

All three renderers draw the same thing: title lines, the six numbered
sections with their paragraphs, and the three official tables as grids of
cells with row and column spans.  This module decides every printed string
(label wording of the report's template, parenthesis and digit widths,
numbering style, spaces inside labels, zero as 0/blank/—) so that the
renderers only lay out and draw, and the verifier knows what must be read back.
"""

FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")

SECTION_HEADINGS = {
    "2019": ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
             "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
             "五、存在的主要问题及改进情况", "六、其他需要报告的事项"],
    "2021": ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
             "四、政府信息公开行政复议、行政诉讼情况",
             "五、存在的主要问题及改进情况", "六、其他需要报告的事项"],
}

HEADING_VARIANTS = {
    "三、收到和处理政府信息公开申请情况": "三、收到和处理政府信息公开申请情况统计",
    "四、政府信息公开行政复议、行政诉讼情况": "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况": "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况": "五、政府信息公开工作存在的主要问题及改进情况",
    "六、其他需要报告的事项": "六、其他需要报告的事项说明",
}

PREAMBLE = ("本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条规定编制，"
            "内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
            "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
            "本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")

SPACED = {"规章", "行政许可", "行政处罚", "行政强制", "自然人", "总计", "信息内容",
          "科研机构", "其他", "重复申请", "予以公开"}

DENIED_ITEMS = ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”",
                "保护第三方合法权益", "属于三类内部事务信息", "属于四类过程性信息",
                "属于行政执法案卷", "属于行政查询事项"]
UNAVAILABLE_ITEMS = ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"]
REJECTED_ITEMS = ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
                  "要求行政机关确认或重新出具已获取信息"]
OTHER_ITEMS = ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
               "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
               "其他"]


def cell(text, role, cs=1, rs=1, marker=None):
    return {"text": text, "role": role, "cs": cs, "rs": rs, "marker": marker}


class Labels:
    """Applies a case's label variations to the official wording."""

    def __init__(self, v, rng):
        self.v = v
        self.rng = rng

    def paren(self, text):
        style = self.v["paren"]
        if style == "half" or (style == "mixed" and self.rng.random() < 0.5):
            return text.replace("（", "(").replace("）", ")")
        return text

    def spaced(self, text):
        if self.v["label_spaces"] and text in SPACED:
            return " ".join(text) if len(text) <= 3 else text[:2] + " " + text[2:]
        return text

    def item(self, n, text):
        style = self.v["numbering"]
        num = str(n)
        if self.v["fullwidth_digits"]:
            num = num.translate(FW_DIGITS)
        if style == "（1）":
            return self.paren("（%s）" % num) + text
        return num + style[1:] + text


def _num(c):
    return cell(c.text, "num", marker=c.marker)


NOTE_TEXTS = ["含上级机关转办的申请。", "含补正后重新提交的申请。", "含简易程序作出的决定。"]


def _notes(rows):
    """Footnotes under a table for its numbers printed with a raised digit:
    (marker digit, text), in marker order."""
    marks = sorted(c["marker"] for row in rows for c in row if c.get("marker"))
    return [(m, NOTE_TEXTS[(int(m) - 1) % len(NOTE_TEXTS)]) for m in marks]


def active_table(report, lab):
    t, a = report["template"], report["active"]
    v = report["variations"]
    rows = []

    def sec(text):
        rows.append([cell(lab.paren(text), "section", cs=4)])

    def head(*texts):
        rows.append([cell(lab.spaced(texts[0]), "head")]
                    + [cell(x, "head", cs=(4 - len(texts) + 1 if i == len(texts) - 2 else 1))
                       for i, x in enumerate(texts[1:])])

    def data(label, cells, pad=0):
        row = [cell(lab.spaced(label), "label")]
        for i, c in enumerate(cells):
            cs = 4 - len(cells) if (i == len(cells) - 1 and pad == 0) else 1
            row.append(cell(c.text, "num", cs=cs, marker=c.marker))
        row += [cell("", "num")] * pad
        rows.append(row)

    notes = v["label_notes"]
    if t == "2019":
        sec("第二十条第（一）项")
        head("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量")
        for key, label in (("regulations", "规章"), ("normative_documents", "规范性文件")):
            data(label, [a[key][k] for k in ("made", "published", "total_published")])
        for secname, keys in (("第二十条第（五）项", [("licensing", "行政许可"),
                                                   ("other_services", "其他对外管理服务事项")]),
                              ("第二十条第（六）项", [("penalty", "行政处罚"), ("coercion", "行政强制")])):
            sec(secname)
            head("信息内容", "上一年项目数量", "本年增/减", "处理决定数量")
            for key, label in keys:
                data(label, [a[key][k] for k in ("prior_items", "change", "decisions")])
        sec("第二十条第（八）项")
        rows.append([cell(lab.spaced("信息内容"), "head"), cell("上一年项目数量", "head"),
                     cell("本年增/减", "head"), cell("", "head")])
        data("行政事业性收费", [a["fees"]["prior_items"], a["fees"]["change"]], pad=1)
        sec("第二十条第（九）项")
        amount_head = "采购总金额"
        if v["amount_unit"] == "元" and v["amount_style"] == "header":
            amount_head = "采购总金额（元）"
        rows.append([cell(lab.spaced("信息内容"), "head"), cell("采购项目数量", "head"),
                     cell(amount_head, "head"), cell("", "head")])
        data("政府集中采购", [a["procurement"]["projects"], a["procurement"]["amount"]], pad=1)
        return rows
    year_head = "本年（%d）制发件数" % report["year"] if notes else "本年制发件数"
    sec("第二十条第（一）项")
    head("信息内容", year_head, "本年废止件数", "现行有效件数")
    reg = "规章（县级无此项）" if notes and report["level"] in ("county", "town") else "规章"
    norm = "规范性文件" if notes else "行政规范性文件"
    for key, label in (("regulations", reg), ("normative_documents", norm)):
        data(label, [a[key][k] for k in ("issued", "repealed", "in_force")])
    for secname, keys in (("第二十条第（五）项", [("licensing", "行政许可")]),
                          ("第二十条第（六）项", [("penalty", "行政处罚"), ("coercion", "行政强制")])):
        sec(secname)
        head("信息内容", "本年处理决定数量")
        for key, label in keys:
            data(label, [a[key]["decisions"]])
    sec("第二十条第（八）项")
    unit = "元" if v["amount_unit"] == "元" else "万元"
    head("信息内容", "本年收费金额（单位：%s）" % unit)
    data("行政事业性收费", [a["fees"]["amount"]])
    return rows


def applications_table(report, lab):
    """10 columns: three label columns, six applicant columns, 总计."""
    t, a = report["template"], report["applications"]
    hybrid = report["hybrid"]
    cols = ["natural_person", "commercial_enterprise", "research_institution",
            "nonprofit_organization", "legal_service_institution", "other_organization", "total"]

    def nums(key):
        return [_num(a[key][c]) for c in cols]

    rows = [
        [cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "head", cs=3, rs=3),
         cell("申请人情况", "head", cs=7)],
        [cell(lab.spaced("自然人"), "head", rs=2), cell("法人或其他组织", "head", cs=5),
         cell(lab.spaced("总计"), "head", rs=2)],
        [cell("商业企业", "head"), cell(lab.spaced("科研机构"), "head"), cell("社会公益组织", "head"),
         cell("法律服务机构", "head"), cell(lab.spaced("其他"), "head")],
        [cell("一、本年新收政府信息公开申请数量", "label", cs=3)] + nums("new_received"),
        [cell("二、上年结转政府信息公开申请数量", "label", cs=3)] + nums("carried_over"),
    ]
    single_other = t == "2019" or hybrid
    n_outcome = 2 + 8 + 3 + 5 + (1 if single_other else 3) + 1
    rows.append([cell("三、本年度办理结果", "label", rs=n_outcome),
                 cell(lab.paren("（一）") + lab.spaced("予以公开"), "label", cs=2)] + nums("granted"))
    rows.append([cell(lab.paren("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), "label", cs=2)]
                + nums("partially_granted"))

    def group(title, items, keys):
        for i, (text, key) in enumerate(zip(items, keys)):
            label = lab.item(i + 1, lab.spaced(text))
            first = [cell(lab.paren(title), "label", rs=len(items))] if i == 0 else []
            rows.append(first + [cell(label, "label")] + nums(key))

    group("（三）不予公开", DENIED_ITEMS, [k for k in a if k.startswith("denied_")])
    group("（四）无法提供", UNAVAILABLE_ITEMS, [k for k in a if k.startswith("unavailable_")])
    group("（五）不予处理", REJECTED_ITEMS, [k for k in a if k.startswith("rejected_")])
    if single_other:
        key = "other" if t == "2019" else "other_misc"
        rows.append([cell(lab.paren("（六）其他处理"), "label", cs=2)] + nums(key))
    else:
        group("（六）其他处理", OTHER_ITEMS,
              ["other_no_correction", "other_fee_unpaid", "other_misc"])
    rows.append([cell(lab.paren("（七）") + lab.spaced("总计"), "label", cs=2)] + nums("outcome_total"))
    rows.append([cell("四、结转下年度继续办理", "label", cs=3)] + nums("carried_forward"))
    return rows


def reviews_table(report, lab):
    r = report["reviews"]
    five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        [cell("行政复议", "head", cs=5), cell("行政诉讼", "head", cs=10)],
        [cell(x, "head", rs=2) for x in five]
        + [cell("未经复议直接起诉", "head", cs=5), cell("复议后起诉", "head", cs=5)],
        [cell(x, "head") for x in five] * 2,
        [_num(r[g][c]) for g in ("administrative_review", "litigation_direct",
                                 "litigation_after_review")
         for c in ("upheld", "corrected", "other", "pending", "total")],
    ]
    return rows


def printed_paragraph(text, v):
    return text.translate(FW_DIGITS) if v["fullwidth_digits"] else text


def build(report):
    """The document: list of blocks plus page furniture."""
    v = report["variations"]
    lab = Labels(v, report["rng"])
    t = report["template"]
    heads = SECTION_HEADINGS[t]
    if v["heading_variant"]:
        heads = [HEADING_VARIANTS.get(h, h) for h in heads]
    year = str(report["year"])
    ytext = year + (" 年" if v["title_space"] else "年")
    title = ytext + "政府信息公开工作年度报告"
    blocks = []
    if v["one_line_title"]:
        blocks.append(("title", report["agency"] + title))
    else:
        blocks.append(("title", report["agency"]))
        blocks.append(("title", title))
    blocks.append(("para", PREAMBLE.format(year=year)))
    secs = report["sections"]
    blocks.append(("heading", heads[0]))
    for p in secs["overview"]:
        kind = "subhead" if v["subheads"] and len(p) <= 20 and p.startswith("（") else "para"
        blocks.append((kind, printed_paragraph(p, v)))
    blocks.append(("heading", heads[1]))
    active_rows = active_table(report, lab)
    if v["active_split_tables"]:
        groups = []
        for row in active_rows:
            if row[0]["role"] == "section":
                groups.append([])
            groups[-1].append(row)
    else:
        groups = [active_rows]
    for rows in groups:
        blocks.append(("table", {"name": "active", "ncols": 4, "head_rows": 0,
                                 "widths": [3.2, 2, 2, 2], "rows": rows}))
    if _notes(active_rows):
        blocks.append(("note", _notes(active_rows)))
    blocks.append(("heading", heads[2]))
    app_rows = applications_table(report, lab)
    blocks.append(("table", {"name": "applications", "ncols": 10,
                             "head_rows": 3 if v["header_repeat"] else 0,
                             "widths": [1.1, 1.3, 3.2] + [1] * 7,
                             "rows": app_rows}))
    if _notes(app_rows):
        blocks.append(("note", _notes(app_rows)))
    blocks.append(("heading", heads[3]))
    blocks.append(("table", {"name": "reviews", "ncols": 15, "head_rows": 3,
                             "widths": [1] * 15, "rows": reviews_table(report, lab)}))
    blocks.append(("heading", heads[4]))
    blocks += [("para", printed_paragraph(p, v)) for p in secs["problems"]]
    blocks.append(("heading", heads[5]))
    blocks += [("para", printed_paragraph(p, v)) for p in secs["other"]]
    running = (report["agency"] + year + "年政府信息公开工作年度报告") if v["running_header"] else None
    return {"blocks": blocks, "running_header": running, "page_numbers": v["page_numbers"],
            "orientation": v["orientation"], "justify": v["justify"],
            "title_text": report["agency"] + title, "split": v["split"], "font": v["font"], "letter_spacing": v["letter_spacing"],
            "landscape_tables": v["landscape_tables"],
            "watermark": (v["watermark"], "内部资料 %d-05-12" % (report["year"] + 1))
            if v["watermark"] else None,
            "year": report["year"]}


def page_number_text(style, page, pages):
    if style == "dash":
        return "- %d -" % page
    if style == "di":
        return "第 %d 页" % page
    if style == "di_of":
        return "第 %d 页 共 %d 页" % (page, pages)
    if style == "plain":
        return str(page)
    return None
