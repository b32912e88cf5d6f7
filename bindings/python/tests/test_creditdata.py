"""Tests of the creditdata Python package: the same ground as
tests/c_api_test.c (schema, codes, checks, reading, reports, writing,
misuse), and agreement with `creditdata validate --format json` on the
sample files."""

import collections
import datetime
import glob
import json
import os
import subprocess
import sys
import threading
from decimal import Decimal

import pytest

import creditdata
from creditdata import Error, Month

SOURCE_DIR = os.environ.get(
    "CREDITDATA_SOURCE_DIR",
    os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))
CLI = os.environ.get("CREDITDATA_CLI")

HEADER = ("姓名,证件类型,证件号码,账号,欠缴类型名称,欠缴开始日期,欠缴截止日期,"
          "欠缴账期,拖欠天数,欠费量,欠费金额(元),失信严重程度,失信行为有效期,"
          "信息来源部门全称,提供单位全称,信息使用范围,提供日期\n")
ROW2 = ("张三,身份证,320281199001011233,6222001,水费,2024-01-01,2024-03-31,"
        "2024年1-3月,90,12.5,345.60,一般,2027-12-31,江阴市自来水有限公司,"
        "江阴市自来水有限公司,政务共享,2025-01-10\n")
ROW3 = ("李四,身份证,320281199001011234,6222002,水费,2024-01-01,2024-03-31,,,,"
        "100,一般,,江阴市自来水有限公司,江阴市自来水有限公司,政务共享,"
        "2025-01-10\n")
ROW4 = ("王五,身份证,320281199001011233,6222003,电费,2024-02-01,2024-02-29,,,,"
        "\"1,234.50\",严重,,江阴市供电公司,江阴市供电公司,社会公开,2025-01-10\n")
CSV = (HEADER + ROW2 + ROW3 + ROW4).encode()
ARREARS = "natural_person_arrears"


def codes_of(findings):
    return [f.code for f in findings]


# ---- Version, errors. ----

def test_version():
    major, minor, patch = map(int, creditdata.__version__.split("."))
    assert creditdata._native.lib.cd_version_number() == \
        major * 1000000 + minor * 1000 + patch


def test_error_carries_code_and_message():
    with pytest.raises(Error) as e:
        creditdata.validate("/nonexistent/cd.csv")
    assert e.value.code == 9
    assert e.value.name == "CD_ERROR_IO"
    assert "/nonexistent/cd.csv" in e.value.message
    assert "CD_ERROR_IO" in str(e.value)


# ---- Schema. ----

def test_tables():
    tables = creditdata.tables()
    assert len(tables) == 9
    assert [t.index for t in tables] == list(range(9))
    arrears = creditdata.table(ARREARS)
    assert arrears is creditdata.table("自然人欠缴费用信息")
    assert arrears is creditdata.table(arrears)
    assert arrears.name_zh == "自然人欠缴费用信息"
    assert len(arrears.fields) == 17 and len(arrears.columns) == 17
    amount = arrears.field("arrears_amount")
    assert amount is arrears.field("欠费金额(元)") is arrears.field("欠费金额")
    assert (amount.index, amount.type, amount.required) == (
        10, "money", True)
    assert amount.aliases == ("欠费金额",)
    assert amount.disclosure == "public" and amount.key == "none"
    name = arrears.fields[0]
    assert (name.id, name.name_zh, name.max_length, name.disclosure) == (
        "name", "姓名", 50, "masked")
    assert arrears.field("id_number").key == "natural"
    assert arrears.columns[0] == ("姓名", 0)
    fund = creditdata.table("legal_person_housing_fund")
    assert fund.field("uscc").requirement == "one_of_subject"
    assert not fund.field("uscc").required
    # Table 8 prints the employer's credit code four times.
    social = creditdata.table("natural_person_social_insurance")
    uscc = social.field("employer_uscc").index
    assert sum(1 for c in social.columns if c.field == uscc) == 4
    assert len(social.columns) > len(social.fields)
    for t in tables:
        assert t.field("provided_date").type == "date"


def test_schema_misuse():
    with pytest.raises(Error) as e:
        creditdata.table("no_such_table")
    assert e.value.code == 3
    with pytest.raises(Error) as e:
        creditdata.table(ARREARS).field("colour")
    assert e.value.code == 3


def test_finding_codes():
    codes = creditdata.finding_codes()
    assert codes[0].name == "ok" and codes[0].severity == "info"
    assert [c.number for c in codes] == list(range(len(codes)))
    assert len({c.name for c in codes}) == len(codes)
    by_name = {c.name: c for c in codes}
    checksum = by_name["id_number.checksum"]
    assert checksum.severity == "error"
    assert checksum.message == "identity number check character is wrong"
    assert checksum.message_zh == "身份号码校验码错误"
    assert by_name["money.grouping"].severity == "warning"


# ---- Single values. ----

def test_check_verdicts():
    ok = creditdata.check("uscc", "91320621MA1MRHG205")
    assert ok.valid and not ok.empty and not ok.normalised
    assert (ok.severity, ok.code, ok.canonical) == (
        "info", "ok", "91320621MA1MRHG205")
    warn = creditdata.check("uscc", "91320621ma1mrhg205")
    assert warn.valid and warn.normalised
    assert (warn.severity, warn.code) == ("warning", "uscc.lowercase")
    assert warn.canonical == "91320621MA1MRHG205"
    assert warn.findings == (("uscc.lowercase", "warning"),)
    bad = creditdata.check("uscc", "91320621MA1MRHG206")
    assert not bad.valid and bad.code == "uscc.checksum"
    assert bad.severity == "error" and bad.canonical == ""
    assert bad.code_number == creditdata.finding_codes()[bad.code_number].number
    assert creditdata.check("org_code", "无").empty
    assert creditdata.check("date", "2024年3月5日").canonical == "2024-03-05"
    assert creditdata.check("money", "1,234.5").canonical == "1234.50"
    assert creditdata.check("rate", "12.5%").canonical == "12.5%"
    assert creditdata.check("month", "2024-13").severity == "error"
    assert creditdata.check("text(2)", "abc").code == "text.too_long"
    assert creditdata.check("text", "  abc ").canonical == "abc"


def test_check_every_type_accepts_empty():
    types = {f.type for t in creditdata.tables() for f in t.fields}
    assert "month_or_day" in types and "validity" in types
    for t in types:
        result = creditdata.check(t, "")
        assert result.valid and result.code == "ok" and result.canonical == ""


def test_check_options():
    inferred = creditdata.check("id_number", "320281199001011233")
    assert inferred.code == "id_type.inferred"
    given = creditdata.check("id_number", "320281199001011233",
                             id_type="身份证")
    assert given.code == "ok" and given.severity == "info"
    assert creditdata.check("id_number", "E12345678", id_type="护照").valid
    future = creditdata.check("id_number", "320281202101011231",
                              id_type="身份证",
                              reference_date=datetime.date(2020, 1, 1))
    assert not future.valid
    with pytest.raises(Error) as e:
        creditdata.check("id_number", "x", id_type="军官证件")
    assert e.value.code == 3 and "军官证件" in e.value.message
    with pytest.raises(Error) as e:
        creditdata.check("colour", "red")
    assert e.value.code == 3 and "colour" in e.value.message


def test_check_from_threads():
    results = []

    def work():
        for _ in range(200):
            results.append(creditdata.check("uscc", "91320621ma1mrhg205").code)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["uscc.lowercase"] * 800


# ---- Reports. ----

def check_sample_report(report, file=""):
    assert (report.rows, report.valid_rows, report.rejected_rows) == (3, 2, 1)
    assert (report.errors, report.warnings, report.blank_lines) == (1, 1, 0)
    assert report.normalised >= 1 and not report.truncated
    assert (report.file, report.table, report.encoding, report.format) == (
        file, ARREARS, "utf-8", "csv")
    assert not report.unreadable
    assert codes_of(report.findings) == ["id_number.checksum",
                                         "money.grouping"]
    f = report.findings[0]
    assert (f.row, f.column, f.header, f.field, f.severity, f.value) == (
        3, 3, "证件号码", "id_number", "error", "320281199001011234")
    assert "check character" in f.message
    assert f.message_zh == "身份号码校验码错误"
    data = json.loads(report.json)
    assert data["rows"] == 3 and data["rejected_rows"] == 1
    assert data["findings"][0] == f.as_dict()
    assert "id_number.checksum" in report.text


def test_validate_bytes_and_path(tmp_path):
    check_sample_report(creditdata.validate(CSV))
    check_sample_report(creditdata.validate(bytearray(CSV)))
    path = tmp_path / "arrears.csv"
    path.write_bytes(CSV)
    check_sample_report(creditdata.validate(str(path)), str(path))
    check_sample_report(creditdata.validate(path), str(path))


def test_validate_options():
    report = creditdata.validate(CSV, max_findings=1)
    assert report.truncated and len(report.findings) == 1
    assert report.warnings == 1  # counted, not stored
    report = creditdata.validate(CSV, table="自然人欠缴费用信息",
                                 encoding="utf-8", format="csv",
                                 reference_date=datetime.date(2025, 6, 30))
    assert report.rows == 3
    for option in ({"table": "nope"}, {"encoding": "latin-1"},
                   {"format": "xml"}):
        with pytest.raises(Error) as e:
            creditdata.validate(CSV, **option)
        assert e.value.code == 3
    Day = collections.namedtuple("Day", "year month day")
    with pytest.raises(Error) as e:
        creditdata.validate(CSV, reference_date=Day(2021, 2, 30))
    assert e.value.code == 2
    # More threads, the same report.
    assert (creditdata.validate(CSV, threads=3).json ==
            creditdata.validate(CSV).json)
    with pytest.raises(Error) as e:
        creditdata.validate(CSV, threads=0)
    assert e.value.code == 2
    # A stray quote: cut at its line end under a cap, else it swallows all.
    stray = (HEADER + '"' + ROW2 + ROW3).encode()
    assert creditdata.validate(stray, max_record_bytes=64).rows == 2
    assert creditdata.validate(stray, max_record_bytes=0).rows == 1
    with pytest.raises(Error) as e:
        creditdata.validate(CSV, max_record_bytes=-1)
    assert e.value.code == 2


def test_validate_unreadable():
    report = creditdata.validate(b"colour,size\nred,2\n")
    assert report.unreadable and report.rows == 0 and report.table == ""
    assert codes_of(report.findings) == ["file.unknown_table"]
    empty = creditdata.validate(b"")
    assert codes_of(empty.findings) == ["file.no_header"]


# ---- Reading. ----

def test_read_typed_values():
    reader = creditdata.read(CSV)
    assert reader.table is None  # not known before the first row
    rows = []
    for record in reader:
        rows.append((reader.row, reader.valid, codes_of(reader.findings),
                     record))
    assert [r[:3] for r in rows] == [
        (2, True, []), (3, False, ["id_number.checksum"]),
        (4, True, ["money.grouping"])]
    first = rows[0][3]
    assert list(first) == [f.id for f in creditdata.table(ARREARS).fields]
    assert first["name"] == "张三"
    assert first["id_type"] == "身份证"
    assert first["arrears_start_date"] == datetime.date(2024, 1, 1)
    assert first["overdue_days"] == 90
    assert first["arrears_quantity"] == Decimal("12.5")
    assert first["arrears_amount"] == Decimal("345.60")
    assert str(first["arrears_amount"]) == "345.60"
    assert first["severity"] == "一般"
    assert first["validity"] == "2027-12-31"
    assert first["usage_scope"] == "政务共享"
    rejected = rows[1][3]
    assert rejected["id_number"] is None and rejected["overdue_days"] is None
    assert rejected["arrears_amount"] == Decimal("100.00")
    assert rows[2][3]["arrears_amount"] == Decimal("1234.50")
    assert reader.table.name == ARREARS
    assert (reader.format, reader.encoding) == ("csv", "utf-8")
    check_sample_report(reader.report())


def test_read_other_types_and_formats():
    fund = creditdata.table("legal_person_housing_fund")
    record = {
        "org_name": "江阴市某某有限公司", "uscc": "91320621MA1MRHG205",
        "account_no": "A1", "contribution_start_month": "2024-01",
        "contribution_rate": "12%", "contributor_count": "15",
        "monthly_fund_amount": "1,234.50", "period_date": "2024-03-15",
        "source_department": "中心", "provider": "中心",
        "usage_scope": "政务共享", "provided_date": "2025-01-10"}
    data = creditdata.write([record], "ndjson", table=fund)
    (back,) = list(creditdata.read(data, format="ndjson"))
    assert back["contribution_start_month"] == Month(2024, 1)
    assert str(back["contribution_start_month"]) == "2024-01"
    assert back["contribution_rate"] == Decimal("12")
    assert back["contributor_count"] == 15
    assert back["monthly_fund_amount"] == Decimal("1234.50")
    assert back["period_date"] == datetime.date(2024, 3, 15)
    assert back["org_code"] is None
    # What read() gives, write() takes back.
    again = creditdata.write([back], "json", table=fund)
    assert list(creditdata.read(again)) == [back]


def test_read_json_rows_that_are_not_records():
    good = creditdata.write(creditdata.read(CSV), "ndjson")
    data = good.splitlines(keepends=True)[0] + b"[1]\n{broken\n"
    rows = []
    reader = creditdata.read(data)
    for record in reader:
        rows.append((reader.valid, codes_of(reader.findings), record["name"]))
    assert rows[0] == (True, [], "张三")
    # Not the previous row's values: nothing.
    assert [r[2] for r in rows[1:]] == [None] * (len(rows) - 1)
    assert all(not r[0] for r in rows[1:]) and len(rows) >= 2


def test_reader_from_file_and_misuse(tmp_path):
    path = tmp_path / "arrears.csv"
    path.write_bytes(CSV)
    with creditdata.read(str(path)) as reader:
        with pytest.raises(Error) as e:
            reader.row  # no current row yet
        assert e.value.code == 10 and "cd_reader_next" in e.value.message
        assert len(list(reader)) == 3
        assert reader.report().file == str(path)
        assert list(reader) == []  # exhausted
    with pytest.raises(Error) as e:
        creditdata.read("/nonexistent/cd.csv")
    assert e.value.code == 9
    with pytest.raises(Error) as e:
        creditdata.read(CSV, table="nope")
    assert e.value.code == 3


# ---- Writing. ----

def test_write_formats_round_trip():
    for fmt in creditdata.WRITE_FORMATS:
        data = creditdata.write(creditdata.read(CSV), fmt)
        report = creditdata.validate(data)
        assert (report.rows, report.valid_rows) == (2, 2), fmt
        assert report.table == ARREARS
    assert creditdata.write(creditdata.read(CSV), "csv").startswith(
        HEADER.encode())
    assert creditdata.write(creditdata.read(CSV), "csv-bom").startswith(
        b"\xef\xbb\xbf")
    assert creditdata.write(creditdata.read(CSV), "gb18030").startswith(
        "姓名".encode("gb18030"))
    ids = creditdata.write(creditdata.read(CSV), "csv", header="ids")
    assert ids.startswith(b"name,id_type,id_number,")
    everything = creditdata.write(creditdata.read(CSV), "json",
                                  valid_only=False)
    rows = json.loads(everything)
    assert len(rows) == 3 and rows[1]["id_number"] is None
    assert rows[2]["arrears_amount"] == "1234.50"


def test_write_dicts_round_trip():
    records = [r for r in creditdata.read(CSV) if r["id_number"]]
    data = creditdata.write(records, "csv-bom", table=ARREARS)
    assert list(creditdata.read(data)) == records
    with creditdata.Writer(ARREARS, "ndjson") as writer:
        for r in records:
            writer.write(r)
    assert writer.data.count(b"\n") == 2
    # Keys may be Chinese headers; missing keys are empty.
    data = creditdata.write([{"姓名": "张三", "欠费金额": Decimal("5")}],
                            "json", table=ARREARS)
    (row,) = json.loads(data)
    assert row["name"] == "张三" and row["arrears_amount"] == "5.00"
    assert row["account_no"] is None
    assert creditdata.write([], "json", table=ARREARS) == b"[]\n"


def test_write_misuse():
    with pytest.raises(Error) as e:
        creditdata.write([{"colour": "red"}], "csv", table=ARREARS)
    assert e.value.code == 3
    with pytest.raises(Error) as e:
        creditdata.write([{"arrears_amount": "abc"}], "csv", table=ARREARS)
    assert e.value.code == 12 and "money.format" in e.value.message
    with pytest.raises(Error) as e:
        creditdata.write([{"arrears_amount": "0"}], "csv", table=ARREARS)
    assert e.value.code == 12 and "money.not_positive" in e.value.message
    with pytest.raises(Error) as e:
        creditdata.write([], "xlsx", table=ARREARS)
    assert e.value.code == 3
    with pytest.raises(Error) as e:
        creditdata.write([{}], "csv")
    assert e.value.code == 2
    with pytest.raises(Error) as e:
        creditdata.Writer(ARREARS, "csv", header="fancy")
    assert e.value.code == 2
    with pytest.raises(Error) as e:
        creditdata.write(creditdata.read(CSV), "csv",
                         table="legal_person_housing_fund")
    assert e.value.code == 5
    with pytest.raises(Error) as e:
        creditdata.write(creditdata.read(b"colour\nred\n"), "csv")
    assert e.value.code == 7


# ---- Agreement with the command-line tool. ----

def sample_files():
    files = sorted(f for f in glob.glob(os.path.join(SOURCE_DIR, "examples",
                                                     "data", "*"))
                   if not f.endswith((".md", ".mistakes.tsv")))
    return files or ["generated"]


@pytest.fixture
def sample(request, tmp_path):
    if request.param != "generated":
        return request.param
    # No samples checked in yet: a few of our own, in several shapes.
    path = tmp_path / "generated.csv"
    path.write_bytes(creditdata.write(creditdata.read(CSV), "gb18030") +
                     ROW3.encode("gb18030"))
    return str(path)


@pytest.mark.skipif(not CLI or not os.path.exists(CLI),
                    reason="CREDITDATA_CLI not built")
@pytest.mark.parametrize("sample", sample_files(), indirect=True,
                         ids=os.path.basename)
def test_agrees_with_cli(sample):
    run = subprocess.run([CLI, "validate", "--format", "json", "--quiet",
                          sample], capture_output=True, check=False)
    assert run.returncode in (0, 1), run.stderr
    cli = json.loads(run.stdout)
    report = creditdata.validate(sample)
    assert report.json == run.stdout.decode()
    for key in ("file", "table", "encoding", "format", "rows", "valid_rows",
                "rejected_rows", "blank_lines", "errors", "warnings",
                "normalised", "truncated"):
        assert getattr(report, key) == cli[key], key
    assert [f.as_dict() for f in report.findings] == cli["findings"]
    # Reading record by record sees the same rows and findings.
    reader = creditdata.read(sample)
    seen = valid = 0
    row_findings = []
    for _ in reader:
        seen += 1
        valid += reader.valid
        row_findings += [f.as_dict() for f in reader.findings]
    assert (seen, valid) == (cli["rows"], cli["valid_rows"])
    stored = [f for f in cli["findings"] if f["row"] > 1]
    assert row_findings[:len(stored)] == stored or cli["truncated"]


# ---- The examples. ----

def test_python_example(tmp_path):
    path = tmp_path / "arrears.csv"
    path.write_bytes(CSV)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.join(SOURCE_DIR, "bindings", "python")] +
        ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    script = os.path.join(SOURCE_DIR, "examples", "validate_file.py")
    run = subprocess.run([sys.executable, script, str(path)],
                         capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 1, run.stderr
    assert "rows 3, valid 2, rejected 1" in run.stdout
    assert "id_number.checksum" in run.stdout
    run = subprocess.run([sys.executable, script, "--json", str(path)],
                         capture_output=True, text=True, env=env, check=False)
    assert json.loads(run.stdout)["rows"] == 3
    run = subprocess.run([sys.executable, script, "/nonexistent/x.csv"],
                         capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 2 and "CD_ERROR_IO" in run.stderr


@pytest.mark.skipif(not os.environ.get("CREDITDATA_EXAMPLE_C"),
                    reason="the C example is not built")
def test_c_example(tmp_path):
    path = tmp_path / "arrears.csv"
    path.write_bytes(CSV)
    example = os.environ["CREDITDATA_EXAMPLE_C"]
    run = subprocess.run([example, str(path)], capture_output=True,
                         text=True, check=False)
    assert run.returncode == 1, run.stderr
    assert "rows 3, valid 2, rejected 1" in run.stdout
    assert "row 3 column 3 error id_number.checksum id_number" in run.stdout
    run = subprocess.run([example, "--json", str(path)], capture_output=True,
                         text=True, check=False)
    assert run.stdout == creditdata.validate(str(path)).json
    run = subprocess.run([example, "/nonexistent/x.csv"], capture_output=True,
                         text=True, check=False)
    assert run.returncode == 2 and "input/output error" in run.stderr


def test_package_version_matches_library():
    pyproject = os.path.join(SOURCE_DIR, "bindings", "python",
                             "pyproject.toml")
    with open(pyproject, encoding="utf-8") as f:
        versions = [line.split('"')[1] for line in f
                    if line.startswith("version = ")]
    assert versions == [creditdata.__version__]
