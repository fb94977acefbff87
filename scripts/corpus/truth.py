"""Truth documents in the exact shape of the report JSON contract.

The corpus proves nianbao against numbers that never passed through nianbao:
this module turns a generated report (the generator's own input) into the JSON
that `nianbao extract` must print for the rendered PDF.  It owns the contract's
key lists and key order for both templates, computes the `checks` array from
the numbers with its own arithmetic (following the project's conventions on
null cells and `total_blank`), and lists the diagnostics the report must cause.
"""

import hashlib
import json
import subprocess

APPLICANT_COLUMNS = [
    "natural_person", "commercial_enterprise", "research_institution",
    "nonprofit_organization", "legal_service_institution", "other_organization",
    "total",
]
SIX_COLUMNS = APPLICANT_COLUMNS[:6]

ACTIVE_2019 = [
    ("regulations", ["made", "published", "total_published"]),
    ("normative_documents", ["made", "published", "total_published"]),
    ("licensing", ["prior_items", "change", "decisions"]),
    ("other_services", ["prior_items", "change", "decisions"]),
    ("penalty", ["prior_items", "change", "decisions"]),
    ("coercion", ["prior_items", "change", "decisions"]),
    ("fees", ["prior_items", "change"]),
    ("procurement", ["projects", "amount"]),
]
ACTIVE_2021 = [
    ("regulations", ["issued", "repealed", "in_force"]),
    ("normative_documents", ["issued", "repealed", "in_force"]),
    ("licensing", ["decisions"]),
    ("penalty", ["decisions"]),
    ("coercion", ["decisions"]),
    ("fees", ["amount"]),
]

_DENIED = [
    "denied_state_secret", "denied_prohibited_by_law", "denied_security_stability",
    "denied_third_party", "denied_internal_affairs", "denied_process_info",
    "denied_enforcement_files", "denied_query_matters",
]
_UNAVAILABLE = ["unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear"]
_REJECTED = [
    "rejected_petition", "rejected_duplicate", "rejected_publication",
    "rejected_excessive", "rejected_confirmation",
]
OUTCOME_2019 = ["granted", "partially_granted"] + _DENIED + _UNAVAILABLE + _REJECTED + ["other"]
OUTCOME_2021 = (["granted", "partially_granted"] + _DENIED + _UNAVAILABLE + _REJECTED
                + ["other_no_correction", "other_fee_unpaid", "other_misc"])


def outcome_rows(template):
    return OUTCOME_2019 if template == "2019" else OUTCOME_2021


def application_rows(template):
    return (["new_received", "carried_over"] + outcome_rows(template)
            + ["outcome_total", "carried_forward"])


def active_rows(template):
    return ACTIVE_2019 if template == "2019" else ACTIVE_2021


REVIEW_GROUPS = ["administrative_review", "litigation_direct", "litigation_after_review"]
REVIEW_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]


def _sum(values):
    """Sum of cells, null counting as 0; integers stay integers."""
    total = sum(v for v in values if v is not None)
    if isinstance(total, float):
        total = round(total, 3)
        if total == int(total):
            total = int(total)
    return total


def _common_path(paths):
    """The narrowest dotted path holding every path of `paths`."""
    parts = [p.split(".") for p in paths]
    common = []
    for keys in zip(*parts):
        if any(k != keys[0] for k in keys):
            break
        common.append(keys[0])
    return ".".join(common)


def _check(rule, where, sum_side, printed_side, blank_fields=None):
    """One checks entry: expected = sum side, actual = printed side.

    Each side is a list of (dotted path, value).  For an ok=null entry the
    blank side's field (its one cell, else the narrowest path holding all its
    cells) is appended to blank_fields when that is a list."""
    sum_values = [v for _, v in sum_side]
    printed_values = [v for _, v in printed_side]
    expected = _sum(sum_values)
    actual = _sum(printed_values)
    sum_blank = all(v is None for v in sum_values)
    printed_blank = all(v is None for v in printed_values)
    if (printed_blank and expected != 0) or (sum_blank and actual != 0):
        ok = None
        if blank_fields is not None:
            side = printed_side if printed_blank else sum_side
            blank_fields.append(_common_path([p for p, _ in side]))
    else:
        ok = expected == actual
    return {"rule": rule, "where": where, "ok": ok, "expected": expected, "actual": actual}


def compute_checks(template, applications, reviews, blank_fields=None):
    """The contract's checks; the field of each ok=null entry's blank side is
    appended to blank_fields (in checks order) when that is a list."""
    def app(row, col):
        return ("applications.%s.%s" % (row, col), applications[row][col])

    def rev(group, col):
        return ("reviews.%s.%s" % (group, col), reviews[group][col])
    checks = []
    for col in APPLICANT_COLUMNS:
        checks.append(_check(
            "applications.balance", col,
            [app("new_received", col), app("carried_over", col)],
            [app("outcome_total", col), app("carried_forward", col)], blank_fields))
    for col in APPLICANT_COLUMNS:
        checks.append(_check(
            "applications.outcome_total", col,
            [app(row, col) for row in outcome_rows(template)],
            [app("outcome_total", col)], blank_fields))
    for row in application_rows(template):
        checks.append(_check(
            "applications.row_total", row,
            [app(row, col) for col in SIX_COLUMNS],
            [app(row, "total")], blank_fields))
    for group in REVIEW_GROUPS:
        checks.append(_check(
            "reviews.total", group,
            [rev(group, c) for c in REVIEW_COLUMNS[:4]],
            [rev(group, "total")], blank_fields))
    return checks


def amount_field(template):
    """The cell whose unit an amount_unit diagnostic is about."""
    if template == "2019":
        return "active_disclosure.procurement.amount"
    return "active_disclosure.fees.amount"


def diagnostics(checks, blank_fields, template, hybrid, amount_unit):
    """The diagnostics nianbao must emit, each with its field; messages and
    pages are not compared."""
    out = []
    blank = iter(blank_fields)
    for c in checks:
        if c["ok"] is None:
            out.append({"level": "warning", "code": "total_blank",
                        "message": "%s %s: one side left blank" % (c["rule"], c["where"]),
                        "page": None, "field": next(blank)})
    if hybrid:
        out.append({"level": "warning", "code": "other_unsplit",
                    "message": "（六）其他处理 printed as one row; numbers put in other_misc",
                    "page": None, "field": "applications.other_misc"})
    if amount_unit:
        out.append({"level": "info", "code": "amount_unit",
                    "message": "amount printed in %s, not 万元" % amount_unit,
                    "page": None, "field": amount_field(template)})
    return out


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def marker_diagnostics(report):
    """A raised small footnote digit after a number is dropped, with an info on
    the cell (in the marker's order: 1, 2, 3)."""
    found = []
    for key, table in (("active_disclosure", report["active"]),
                       ("applications", report["applications"])):
        for row, cols in table.items():
            for col, cell in cols.items():
                marker = getattr(cell, "marker", None)
                if marker:
                    found.append((marker, "%s.%s.%s" % (key, row, col), cell.text))
    out = []
    for marker, field, text in sorted(found):
        sup = marker.translate(SUPERSCRIPT)
        out.append({"level": "info", "code": "marker_stripped",
                    "message": "footnote marker %s dropped from %s%s" % (sup, text, sup),
                    "page": None, "field": field})
    return out


def pdf_source(repo_root, case):
    """The `source` object, measured on the finished PDF itself."""
    rel = "corpus/%s/input.pdf" % case
    path = repo_root / rel
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    pages, producer = None, None
    for line in info.splitlines():
        key, _, value = line.partition(":")
        if key == "Pages":
            pages = int(value.strip())
        elif key == "Producer":
            producer = value.strip() or None
    return {"file": rel, "sha256": digest, "kind": "pdf", "pages": pages,
            "producer": producer}


def build(report, source):
    """The full truth document for a generated report (see cases.py)."""
    template = report["template"]
    active = {}
    for row, cols in active_rows(template):
        active[row] = {c: report["active"][row][c].value for c in cols}
    applications = {}
    for row in application_rows(template):
        applications[row] = {c: report["applications"][row][c].value
                             for c in APPLICANT_COLUMNS}
    reviews = {}
    for group in REVIEW_GROUPS:
        reviews[group] = {c: report["reviews"][group][c].value for c in REVIEW_COLUMNS}
    blank_fields = []
    checks = compute_checks(template, applications, reviews, blank_fields)
    return {
        "schema_version": "1",
        "source": source,
        "agency": report["agency"],
        "year": report["year"],
        "template": template,
        "active_disclosure": active,
        "applications": applications,
        "reviews": reviews,
        "sections": {k: "\n".join(report["sections"][k])
                     for k in ("overview", "problems", "other")},
        "checks": checks,
        "diagnostics": diagnostics(checks, blank_fields, template, report["hybrid"],
                                   report["amount_unit"]) + marker_diagnostics(report),
    }


def dumps(doc):
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
