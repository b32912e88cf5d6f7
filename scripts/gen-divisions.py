#!/usr/bin/python3
"""Generates src/values/divisions.inc, the GB/T 2260 division-code table that
the resident-ID check looks 6-digit address codes up in.

Source: the county-level codes of Debian's python3-stdnum
(/usr/lib/python3/dist-packages/stdnum/cn/loc.dat, itself generated from the
cn/GB2260 project), plus the few codes that tests/spec/STANDARDS.md §5.3
verifies and that file lacks. Codes STANDARDS.md §5.3 lists as abolished are
emitted a second time in a small "retired" list.

Usage (from anywhere; install python3-stdnum first):
    /usr/bin/python3 scripts/gen-divisions.py [LOC_DAT]
writes src/values/divisions.inc. The output is deterministic for a given
loc.dat, so a re-run with the same Debian package changes nothing.
"""

import os
import re
import sys

DEFAULT_LOC_DAT = "/usr/lib/python3/dist-packages/stdnum/cn/loc.dat"

# Codes missing from loc.dat that STANDARDS.md §5.3 names (created 2015 when
# Wuxi's inner districts merged). Only codes verified there are added: the
# table is a WARN-level lookup, and a guessed code would hide a typo.
ADDED = {
    320213: "梁溪区 (无锡市), STANDARDS.md §5.3",
    320214: "新吴区 (无锡市), STANDARDS.md §5.3",
}

# Codes STANDARDS.md §5.3 lists as abolished (merged into 320213 梁溪区).
# loc.dat keeps historical codes without saying which are abolished, so this
# is the only retirement information the table carries.
RETIRED = {
    320202: "崇安区 (无锡市)",
    320203: "南长区 (无锡市)",
    320204: "北塘区 (无锡市)",
}

LINE = re.compile(r"^(\d{6})\s")


def read_codes(path):
    codes = set()
    generated = ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                stripped = line[1:].strip()
                if re.match(r"^\d{4}-\d{2}-\d{2}", stripped):
                    generated = stripped
                continue
            m = LINE.match(line)
            if m:
                codes.add(int(m.group(1)))
    return codes, generated


def package_version():
    try:
        with open("/var/lib/dpkg/status", encoding="utf-8") as f:
            blocks = f.read().split("\n\n")
        for b in blocks:
            if "Package: python3-stdnum\n" in b:
                m = re.search(r"^Version: (.+)$", b, re.M)
                if m:
                    return m.group(1)
    except OSError:
        pass
    return "unknown"


def main():
    loc_dat = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_LOC_DAT
    codes, generated = read_codes(loc_dat)
    if len(codes) < 3000:
        sys.exit(f"{loc_dat}: only {len(codes)} codes, expected about 3 377")
    from_loc = len(codes)
    for code in ADDED:
        if code in codes:
            sys.exit(f"{code} is already in {loc_dat}; drop it from ADDED")
        codes.add(code)
    for code in RETIRED:
        if code not in codes:
            sys.exit(f"retired code {code} is not in the table")
    ordered = sorted(codes)

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_path = os.path.join(root, "src", "values", "divisions.inc")
    lines = [
        "// GENERATED FILE, do not edit: run",
        "//   /usr/bin/python3 scripts/gen-divisions.py",
        "// GB/T 2260 county-level division codes for the resident-ID check:",
        f"// {from_loc} codes from Debian python3-stdnum {package_version()}",
        "// (stdnum/cn/loc.dat, generated " + (generated or "unknown") + ")",
        f"// plus {len(ADDED)} codes verified in tests/spec/STANDARDS.md §5.3:",
    ]
    for code, note in sorted(ADDED.items()):
        lines.append(f"//   {code} {note}")
    lines.append("// Retired codes (STANDARDS.md §5.3):")
    for code, note in sorted(RETIRED.items()):
        lines.append(f"//   {code} {note}")
    lines += [
        "//",
        "// Included inside a namespace by src/values/identifiers.cc.",
        "",
        "// Sorted ascending, no duplicates.",
        f"inline constexpr int32_t kDivisionCodes[{len(ordered)}] = {{",
    ]
    row = []
    for code in ordered:
        row.append(f"{code},")
        if len(row) == 10:
            lines.append("    " + " ".join(row))
            row = []
    if row:
        lines.append("    " + " ".join(row))
    lines += [
        "};",
        "",
        "// Sorted ascending; each is also in kDivisionCodes.",
        f"inline constexpr int32_t kRetiredDivisionCodes[{len(RETIRED)}] = {{",
        "    " + " ".join(f"{c}," for c in sorted(RETIRED)),
        "};",
        "",
    ]
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print(f"wrote {out_path}: {len(ordered)} codes, {len(RETIRED)} retired")


if __name__ == "__main__":
    main()
