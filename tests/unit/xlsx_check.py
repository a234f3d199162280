#!/usr/bin/env python3
"""xlsx_check.py: reads an XLSX file with an independent reader (openpyxl,
Debian python3-openpyxl) and checks cells against expectations.

Usage (Debian's /usr/bin/python3 is used when the python3 in PATH lacks openpyxl):
    python3 tests/unit/xlsx_check.py FILE.xlsx EXPECTED.json   (or - for stdin)
    python3 tests/unit/xlsx_check.py --dump FILE.xlsx           (prints every cell as JSON)

Exit status 0 when every expectation holds, 1 on a mismatch (each one is
printed to stderr), 2 on a usage error or a file that cannot be read.

EXPECTED.json is either a list of cell expectations or an object
{"sheets": ["name", ...], "cells": [ ... ]} ("sheets": the sheet names in
order, checked exactly).  A cell expectation:

    {"sheet": "Boliger",     sheet name; or an index 0, 1, ... (default 0)
     "cell": "B3",           A1 reference
     "type": "int",          int | float | datetime | str | none
     "value": 40,            int/float: the number (float compared to 1e-9);
                             datetime: "åååå-mm-dd"; str: the text; none: omit
     "format": "#,##0",      optional: the cell's number format, exactly
     "bold": true}           optional: the font is (not) bold

"int" is a whole number stored as a number; "float" accepts any number
(Excel stores only doubles: 12.0 is read back as an int); "datetime" is a
number with a date format, read back as a date; "str" is a text cell
(never a formula: a text that begins with "=" must be a string value);
"none" is an empty cell.
"""
import datetime
import io
import json
import os
import sys

try:
    import openpyxl
except ImportError:
    # Another python3 first in PATH (pyenv, a venv): use Debian's, which
    # has python3-openpyxl.
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise


def describe(v):
    return f"{type(v).__name__} {v!r}"


def check_cell(wb, exp):
    problems = []
    sheet = exp.get("sheet", 0)
    try:
        ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
    except (KeyError, IndexError):
        return [f"no sheet {sheet!r} (sheets: {wb.sheetnames})"]
    ref = exp["cell"]
    c = ws[ref]
    where = f"{ws.title}!{ref}"
    v = c.value
    kind = exp.get("type")
    want = exp.get("value")
    if kind == "int":
        if not (isinstance(v, int) and not isinstance(v, bool)) or v != want:
            problems.append(f"{where}: expected int {want!r}, got {describe(v)}")
    elif kind == "float":
        if not isinstance(v, (int, float)) or isinstance(v, bool) or abs(v - float(want)) > 1e-9:
            problems.append(f"{where}: expected number {want!r}, got {describe(v)}")
    elif kind == "datetime":
        if not isinstance(v, (datetime.datetime, datetime.date)):
            problems.append(f"{where}: expected date {want!r}, got {describe(v)}")
        elif v.strftime("%Y-%m-%d") != want:
            problems.append(f"{where}: expected date {want}, got {v.strftime('%Y-%m-%d')}")
    elif kind == "str":
        if not isinstance(v, str) or v != want or c.data_type not in ("s", "inlineStr"):
            problems.append(f"{where}: expected text {want!r}, got {describe(v)} (type {c.data_type})")
    elif kind == "none":
        if v is not None:
            problems.append(f"{where}: expected an empty cell, got {describe(v)}")
    else:
        problems.append(f"{where}: unknown type {kind!r} in the expectation")
    if "format" in exp and c.number_format != exp["format"]:
        problems.append(f"{where}: expected number format {exp['format']!r}, got {c.number_format!r}")
    if "bold" in exp and bool(c.font.b) != bool(exp["bold"]):
        problems.append(f"{where}: expected bold {exp['bold']}, got {bool(c.font.b)}")
    return problems


def load(path):
    # from the bytes, so that the file need not be named .xlsx
    with open(path, "rb") as f:
        return openpyxl.load_workbook(io.BytesIO(f.read()))


def dump(path):
    wb = load(path)
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                v = c.value
                if isinstance(v, (datetime.datetime, datetime.date)):
                    v = v.strftime("%Y-%m-%d")
                out.append({"sheet": ws.title, "cell": c.coordinate, "python": type(c.value).__name__,
                            "value": v, "format": c.number_format, "bold": bool(c.font.b)})
    json.dump({"sheets": wb.sheetnames, "cells": out}, sys.stdout, ensure_ascii=False, indent=1)
    print()


def main(argv):
    if len(argv) == 3 and argv[1] == "--dump":
        dump(argv[2])
        return 0
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        wb = load(argv[1])
        src = sys.stdin if argv[2] == "-" else open(argv[2], encoding="utf-8")
        spec = json.load(src)
    except Exception as e:  # a file that is no workbook is a failure, not a crash
        print(f"xlsx_check: {e}", file=sys.stderr)
        return 2
    if isinstance(spec, dict):
        sheets, cells = spec.get("sheets"), spec.get("cells", [])
    else:
        sheets, cells = None, spec
    problems = []
    if sheets is not None and wb.sheetnames != sheets:
        problems.append(f"expected sheets {sheets}, got {wb.sheetnames}")
    for exp in cells:
        problems += check_cell(wb, exp)
    for p in problems:
        print(f"xlsx_check: {p}", file=sys.stderr)
    if not cells and sheets is None:
        print("xlsx_check: no expectations given", file=sys.stderr)
        return 2
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
