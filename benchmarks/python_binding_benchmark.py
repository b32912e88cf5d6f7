#!/usr/bin/env python3
"""Rows per second of the creditdata Python package.

Measures, on a generated natural_person_arrears CSV in memory (the valid
template row repeated with varying account numbers, as c_api_benchmark.cc
does):

  validate      creditdata.validate(bytes): the loop runs in C++, so this
                should stay near the C++ speed
  read          iterating creditdata.read(bytes): one dict of typed values
                per record (date, Decimal, int, str)
  write         creditdata.write(creditdata.read(bytes), "csv"): records
                passed from reader to writer inside the library
  cli           for reference, `creditdata validate` on the same rows in a
                file (the C++ path end to end), when --cli is given

Each is run --repeat times; the median is reported. Before timing, the
script checks that every row is read and valid.

    CREDITDATA_LIBRARY=build/bindings/c/libcreditdata.so \\
    PYTHONPATH=bindings/python \\
      python3 benchmarks/python_binding_benchmark.py --rows 100000 \\
        --cli build/creditdata
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "python"))

import creditdata  # noqa: E402

VALUES = {
    "name": "张三", "id_type": "身份证", "id_number": "320281199001011233",
    "arrears_type": "水费", "arrears_start_date": "2024-01-01",
    "arrears_end_date": "2024-03-31", "arrears_periods": "2024年1-3月",
    "overdue_days": "90", "arrears_quantity": "12.5",
    "arrears_amount": "345.60", "severity": "一般", "validity": "2027-12-31",
    "source_department": "江阴市自来水有限公司",
    "provider": "江阴市自来水有限公司", "usage_scope": "政务共享",
    "provided_date": "2025-01-10"}


def make_csv(rows):
    table = creditdata.table("natural_person_arrears")
    ids = [table.fields[c.field].id for c in table.columns]
    lines = [",".join(c.header for c in table.columns)]
    for row in range(rows):
        values = dict(VALUES, account_no="62220%d" % (1000000 + row))
        lines.append(",".join(values[i] for i in ids))
    return ("\n".join(lines) + "\n").encode()


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cli", help="path of the creditdata tool")
    args = parser.parse_args()

    data = make_csv(args.rows)
    report = creditdata.validate(data)
    if report.rows != args.rows or report.valid_rows != args.rows:
        sys.exit("generated input is not all valid: %r" % report)
    records = sum(1 for _ in creditdata.read(data))
    if records != args.rows:
        sys.exit("read %d records, want %d" % (records, args.rows))

    def read_all():
        for _ in creditdata.read(data):
            pass

    cases = [
        ("validate", lambda: creditdata.validate(data)),
        ("read", read_all),
        ("write", lambda: creditdata.write(creditdata.read(data), "csv")),
    ]
    if args.cli:
        with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as f:
            f.write(data)
            path = f.name

        def cli():
            subprocess.run([args.cli, "validate", "--quiet", "--format",
                            "json", path], stdout=subprocess.DEVNULL,
                           check=False)

        cases.append(("cli", cli))

    print("creditdata %s, %d rows (%.1f MB), median of %d runs"
          % (creditdata.__version__, args.rows, len(data) / 1e6, args.repeat))
    print("%-10s %12s %12s %12s" % ("case", "median s", "rows/s", "us/row"))
    for name, function in cases:
        median, _ = timed(function, args.repeat)
        print("%-10s %12.3f %12.0f %12.2f" % (
            name, median, args.rows / median, median / args.rows * 1e6))
    if args.cli:
        os.unlink(path)


if __name__ == "__main__":
    main()
