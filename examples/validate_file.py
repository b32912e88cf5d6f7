#!/usr/bin/env python3
"""validate_file.py: validates a submission through creditdata's Python
package (the C ABI underneath) and prints its counts and findings, like
examples/validate_file.c.

    validate_file.py [--table TABLE] [--json] FILE

Exit status: 0 when every row is valid, 1 when some row is rejected or the
input is not a table, 2 on a usage or I/O error. The package is found on
PYTHONPATH (bindings/python in a checkout) and loads libcreditdata.so from
CREDITDATA_LIBRARY, from beside the package, or from the system.
"""

import argparse
import sys

import creditdata


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", help="table id or Chinese name")
    parser.add_argument("--json", action="store_true",
                        help="print the JSON report")
    parser.add_argument("file")
    args = parser.parse_args(argv)
    try:
        report = creditdata.validate(args.file, table=args.table)
    except creditdata.Error as e:
        print("validate_file.py: %s" % e, file=sys.stderr)
        return 2
    if args.json:
        sys.stdout.write(report.json)
    else:
        print("%s: table %s, %s, %s" % (args.file, report.table or "(none)",
                                        report.format, report.encoding))
        print("rows %d, valid %d, rejected %d, errors %d, warnings %d, "
              "blank lines %d" % (report.rows, report.valid_rows,
                                  report.rejected_rows, report.errors,
                                  report.warnings, report.blank_lines))
        for f in report.findings:
            print("row %d column %d %s %s %s: %s" % (
                f.row, f.column, f.severity, f.code, f.field or "-",
                f.message))
        if report.truncated:
            print("(more findings were counted but not stored)")
    return 1 if report.rejected_rows or report.unreadable else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
