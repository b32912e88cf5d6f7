#!/usr/bin/python3
"""Oracle for tests/stdnum_agreement_test.cc: Debian's python3-stdnum verdicts.

Usage: /usr/bin/python3 tests/stdnum_oracle.py INPUT
INPUT has one value per line as KIND<TAB>VALUE, KIND being R (resident ID,
stdnum.cn.ric) or U (credit code, stdnum.cn.uscc). Prints one line per input
line, in order: 1 when stdnum's is_valid() says valid, else 0. The first
output line is the stdnum version.

stdnum.cn.ric looks the first six digits up in its division table with a
linear scan (about 4 ms per call); the lookup is a pure function of those six
digits, so it is memoised here. That changes the speed, not any verdict.
"""

import sys

import stdnum
from stdnum import numdb
from stdnum.cn import ric, uscc


def memoise_division_lookup():
    db = numdb.get("cn/loc")
    lookup = db.info
    cache = {}

    def info(number):
        if number not in cache:
            cache[number] = lookup(number)
        return cache[number]

    db.info = info


def main():
    memoise_division_lookup()
    checks = {"R": ric.is_valid, "U": uscc.is_valid}
    out = [stdnum.__version__]
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            kind, _, value = line.rstrip("\n").partition("\t")
            out.append("1" if checks[kind](value) else "0")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
