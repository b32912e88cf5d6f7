"""creditdata: validate, read and write Chinese public-credit records.

A pure-Python package over creditdata's C ABI (libcreditdata.so, loaded
with ctypes; see _native.py for where it is looked up). No compiler is
needed to install it.

    import creditdata

    creditdata.tables()                       # the nine annex tables
    creditdata.check("uscc", "91320621MA1MRHG205").valid
    report = creditdata.validate("arrears.csv")
    print(report.rows, report.valid_rows, report.findings[:3])
    for record in creditdata.read("arrears.csv"):
        record["arrears_amount"]              # Decimal('345.60')
    data = creditdata.write(records, "csv-bom", table="natural_person_arrears")

Values read are typed: `datetime.date` for dates, `Month` for year-months,
`decimal.Decimal` for money and quantities (and rates, in percent: 12.5%
is Decimal('12.5')), `int` for counts, `str` for text, identifiers and code
lists, and None for empty fields. Every failure of a call raises
creditdata.Error, which carries the C result code and the message.

Thread safety: module functions may be called from any thread; a Reader or
Writer belongs to one thread at a time.
"""

import collections
import ctypes
import datetime
import decimal
import os
import threading
import weakref

from . import _native
from ._native import Error, lib

__all__ = [
    "Error", "Table", "Field", "Column", "Month", "FindingCode", "Finding",
    "CheckResult", "Report", "Reader", "Writer", "tables", "table",
    "finding_codes", "check", "validate", "read", "write", "__version__",
    "WRITE_FORMATS",
]

__version__ = lib.cd_version().decode()

# The output formats of write() and Writer.
WRITE_FORMATS = ("csv", "csv-bom", "gb18030", "json", "ndjson")

_byref = ctypes.byref
_check = _native.check
_encode = _native.encode
_text = _native.read_text


# ---- Values. ----

class Month(collections.namedtuple("Month", "year month")):
    """A calendar month; str() gives the canonical "YYYY-MM"."""

    __slots__ = ()

    @classmethod
    def parse(cls, text):
        """From "YYYY-MM"."""
        return cls(int(text[0:4]), int(text[5:7]))

    def __str__(self):
        return "%04d-%02d" % (self.year, self.month)


def _month_or_day(text):
    return datetime.date.fromisoformat(text) if len(text) == 10 \
        else Month.parse(text)


def _rate(text):
    return decimal.Decimal(text[:-1])  # "12.5%" -> Decimal('12.5')


# Canonical text -> Python value, per value type name.
_PARSERS = {
    "date": datetime.date.fromisoformat,
    "month": Month.parse,
    "month_or_day": _month_or_day,
    "money": decimal.Decimal,
    "positive_money": decimal.Decimal,
    "quantity": decimal.Decimal,
    "rate": _rate,
    "count": int,
}


def _to_text(value, type_name):
    """A Python value as text that the library reads back to the same
    value (rates given as numbers are percentages, as read() returns
    them)."""
    if value is None:
        return b""
    if isinstance(value, bytes):
        return value
    if isinstance(value, bool):
        return "是".encode() if value else "否".encode()
    if isinstance(value, (datetime.date, Month)):
        return str(value).encode()
    if isinstance(value, (decimal.Decimal, int, float)):
        text = format(value, "f") if isinstance(value, decimal.Decimal) \
            else str(value)
        return (text + "%" if type_name == "rate" else text).encode()
    return str(value).encode("utf-8")


# ---- Schema. ----

Column = collections.namedtuple("Column", "header field")
Column.__doc__ = "A template column: its annex header and field index."


class Field:
    """A field of a table: id, Chinese name, aliases, type and rules."""

    __slots__ = ("index", "id", "name_zh", "aliases", "type", "type_code",
                 "max_length", "requirement", "disclosure", "key")

    def __init__(self, index, handle):
        self.index = index
        self.id = _text(lib.cd_field_id, handle)
        self.name_zh = _text(lib.cd_field_name_zh, handle)
        aliases = _text(lib.cd_field_aliases, handle)
        self.aliases = tuple(aliases.split("|")) if aliases else ()
        self.type = _text(lib.cd_field_type_name, handle)
        value = ctypes.c_int32()
        _check(lib.cd_field_type(handle, _byref(value)))
        self.type_code = value.value
        _check(lib.cd_field_max_length(handle, _byref(value)))
        self.max_length = value.value
        _check(lib.cd_field_requirement(handle, _byref(value)))
        self.requirement = _native.REQUIREMENTS[value.value]
        _check(lib.cd_field_disclosure(handle, _byref(value)))
        self.disclosure = _native.DISCLOSURES[value.value]
        _check(lib.cd_field_key(handle, _byref(value)))
        self.key = _native.KEYS[value.value]

    @property
    def required(self):
        """True when the field must be filled (R; R* fields are one of
        three)."""
        return self.requirement == "required"

    def __repr__(self):
        return "Field(%r, %r, %s)" % (self.id, self.name_zh, self.type)


class Table:
    """One of the nine annex tables."""

    def __init__(self, handle):
        self._handle = handle
        self.name = _text(lib.cd_table_name, handle)
        self.name_zh = _text(lib.cd_table_name_zh, handle)
        n = ctypes.c_size_t()
        _check(lib.cd_table_index(handle, _byref(n)))
        self.index = n.value
        _check(lib.cd_table_field_count(handle, _byref(n)))
        self.fields = []
        for i in range(n.value):
            field = ctypes.c_void_p()
            _check(lib.cd_table_field(handle, i, _byref(field)))
            self.fields.append(Field(i, field))
        _check(lib.cd_table_column_count(handle, _byref(n)))
        self.columns = []
        for i in range(n.value):
            column = ctypes.c_void_p()
            _check(lib.cd_table_column(handle, i, _byref(column)))
            index = ctypes.c_size_t()
            _check(lib.cd_column_field(column, _byref(index)))
            self.columns.append(
                Column(_text(lib.cd_column_header, column), index.value))
        self._types = [_native.TYPE_NAMES[f.type_code] for f in self.fields]
        self._parsers = [_PARSERS.get(t) for t in self._types]
        self._ids = [f.id for f in self.fields]
        self._index = {f.id: f.index for f in self.fields}

    def field(self, name):
        """The field named by id, Chinese header or alias."""
        data = _encode(name)
        index = ctypes.c_size_t()
        rc = lib.cd_table_field_index(self._handle, data, len(data),
                                      _byref(index))
        if rc != _native.OK:
            raise Error(rc, "table %s has no field %r" % (self.name, name))
        return self.fields[index.value]

    def __repr__(self):
        return "Table(%r, %r)" % (self.name, self.name_zh)


_tables = None
_tables_lock = threading.Lock()


def tables():
    """The nine tables, in annex order."""
    global _tables
    with _tables_lock:
        if _tables is None:
            result = []
            for i in range(lib.cd_table_count()):
                handle = ctypes.c_void_p()
                _check(lib.cd_table_at(i, _byref(handle)))
                result.append(Table(handle))
            _tables = result
        return list(_tables)


def table(name):
    """A table by English id or Chinese name (a Table passes through)."""
    if isinstance(name, Table):
        return name
    data = _encode(name)
    handle = ctypes.c_void_p()
    rc = lib.cd_table_find(data, len(data), _byref(handle))
    if rc != _native.OK:
        raise Error(rc, "no table %r" % (name,))
    index = ctypes.c_size_t()
    _check(lib.cd_table_index(handle, _byref(index)))
    return tables()[index.value]


# ---- Finding codes. ----

FindingCode = collections.namedtuple(
    "FindingCode", "number name severity message message_zh")
FindingCode.__doc__ = "A finding code: number, dotted name, default " \
    "severity, English and Chinese message."


def _load_codes():
    codes = []
    severity = ctypes.c_int32()
    for number in range(lib.cd_code_count()):
        _check(lib.cd_code_severity(number, _byref(severity)))
        codes.append(FindingCode(
            number, _text(lib.cd_code_name, number),
            _native.SEVERITIES[severity.value],
            _text(lib.cd_code_message, number, _native.LANGUAGE_ENGLISH),
            _text(lib.cd_code_message, number, _native.LANGUAGE_CHINESE)))
    return tuple(codes)


_CODES = _load_codes()
_CODE_BY_NAME = {c.name: c for c in _CODES}


def finding_codes():
    """Every finding code the library knows, by number."""
    return _CODES


class Finding:
    """What was found about a value, a row or the input."""

    __slots__ = ("row", "column", "header", "field", "code", "code_number",
                 "severity", "value", "message")

    def __init__(self, handle):
        i64 = ctypes.c_int64()
        i32 = ctypes.c_int32()
        _check(lib.cd_finding_row(handle, _byref(i64)))
        self.row = i64.value
        _check(lib.cd_finding_column(handle, _byref(i32)))
        self.column = i32.value
        _check(lib.cd_finding_code(handle, _byref(i32)))
        self.code_number = i32.value
        self.code = _CODES[i32.value].name
        _check(lib.cd_finding_severity(handle, _byref(i32)))
        self.severity = _native.SEVERITIES[i32.value]
        self.header = _text(lib.cd_finding_header, handle)
        self.field = _text(lib.cd_finding_field, handle)
        self.value = _text(lib.cd_finding_value, handle)
        self.message = _text(lib.cd_finding_message, handle)

    @property
    def message_zh(self):
        """The code's Chinese message."""
        return _CODES[self.code_number].message_zh

    def as_dict(self):
        """The finding as the JSON report writes it."""
        return {"row": self.row, "column": self.column,
                "header": self.header, "field": self.field,
                "code": self.code, "severity": self.severity,
                "value": self.value, "message": self.message,
                "message_zh": self.message_zh}

    def __repr__(self):
        return "Finding(row=%d, column=%d, code=%r, severity=%r, field=%r)" % (
            self.row, self.column, self.code, self.severity, self.field)


# ---- Single values. ----

CheckResult = collections.namedtuple(
    "CheckResult",
    "valid empty normalised severity code code_number canonical findings")
CheckResult.__doc__ = """The verdict on one value.

valid: no error (warnings allowed); empty: blank or a placeholder;
normalised: the input had to be cleaned up to be read; severity: "info",
"warning" or "error"; code: the first error, else first warning, else "ok";
canonical: the canonical text ("" unless valid and not empty); findings:
all (code, severity) pairs."""

class _Checker:
    """One cd_checker per thread, freed when its thread ends."""

    def __init__(self):
        self.handle = ctypes.c_void_p()
        _check(lib.cd_checker_create(_byref(self.handle)))
        self._destroy = lib.cd_checker_destroy

    def __del__(self):
        self._destroy(self.handle)


_local = threading.local()


def _checker():
    checker = getattr(_local, "checker", None)
    if checker is None:
        checker = _local.checker = _Checker()
    return checker.handle


def check(type, value, id_type=None, reference_date=None):
    """Checks one value as a value of `type` ("uscc", "id_number", "date",
    "money", ..., or "text(N)"). `id_type` is the certificate type of an
    id_number ("身份证", "护照", ...; None infers a resident ID);
    `reference_date` (a date) replaces today for "not in the future"
    checks. Raises Error for an unknown type or certificate type."""
    checker = _checker()
    errmsg = lib.cd_checker_errmsg
    id_bytes = _encode(id_type) if id_type else b""
    _check(lib.cd_checker_set_id_type(checker, id_bytes, len(id_bytes)),
           errmsg, checker)
    if reference_date is None:
        _check(lib.cd_checker_set_reference_date(checker, 0, 0, 0))
    else:
        _check(lib.cd_checker_set_reference_date(
            checker, reference_date.year, reference_date.month,
            reference_date.day), errmsg, checker)
    type_bytes = _encode(type)
    value_bytes = _encode(value)
    _check(lib.cd_checker_check(checker, type_bytes, len(type_bytes),
                                value_bytes, len(value_bytes)),
           errmsg, checker)
    flag = ctypes.c_int()
    code = ctypes.c_int32()
    severity = ctypes.c_int32()
    _check(lib.cd_checker_valid(checker, _byref(flag)))
    valid = bool(flag.value)
    _check(lib.cd_checker_empty(checker, _byref(flag)))
    empty = bool(flag.value)
    _check(lib.cd_checker_normalised(checker, _byref(flag)))
    normalised = bool(flag.value)
    count = ctypes.c_size_t()
    _check(lib.cd_checker_finding_count(checker, _byref(count)))
    findings = []
    for i in range(count.value):
        _check(lib.cd_checker_finding(checker, i, _byref(code),
                                      _byref(severity)))
        findings.append((_CODES[code.value].name,
                         _native.SEVERITIES[severity.value]))
    _check(lib.cd_checker_code(checker, _byref(code)))
    _check(lib.cd_checker_severity(checker, _byref(severity)))
    return CheckResult(valid, empty, normalised,
                       _native.SEVERITIES[severity.value],
                       _CODES[code.value].name, code.value,
                       _text(lib.cd_checker_canonical, checker),
                       tuple(findings))


# ---- Options. ----

class _Options:
    """A cd_read_options handle built from keyword arguments."""

    def __init__(self, table=None, encoding=None, format=None,
                 max_findings=None, reference_date=None, threads=None,
                 max_record_bytes=None):
        self.handle = ctypes.c_void_p()
        _check(lib.cd_read_options_create(_byref(self.handle)))
        self._finalizer = weakref.finalize(
            self, lib.cd_read_options_destroy, self.handle)
        for setter, value, what in (
                (lib.cd_read_options_set_table, table, "table"),
                (lib.cd_read_options_set_encoding, encoding, "encoding"),
                (lib.cd_read_options_set_format, format, "format")):
            if value is None:
                continue
            if isinstance(value, Table):
                value = value.name
            data = _encode(value)
            rc = setter(self.handle, data, len(data))
            if rc != _native.OK:
                raise Error(rc, "unknown %s %r" % (what, value))
        if max_findings is not None:
            _check(lib.cd_read_options_set_max_findings(self.handle,
                                                        int(max_findings)))
        if reference_date is not None:
            rc = lib.cd_read_options_set_reference_date(
                self.handle, reference_date.year, reference_date.month,
                reference_date.day)
            if rc != _native.OK:
                raise Error(rc, "bad reference date %r" % (reference_date,))
        if threads is not None:
            rc = lib.cd_read_options_set_threads(self.handle, int(threads))
            if rc != _native.OK:
                raise Error(rc, "threads must be 1 to 64, not %r" % (threads,))
        if max_record_bytes is not None:
            if max_record_bytes < 0:
                raise Error(_native.ERROR_INVALID_ARGUMENT,
                            "max_record_bytes must not be negative")
            _check(lib.cd_read_options_set_max_record_bytes(
                self.handle, int(max_record_bytes)))


def _is_buffer(source):
    return isinstance(source, (bytes, bytearray, memoryview))


def _path_bytes(source):
    path = os.fsencode(source)
    if not path:
        raise Error(_native.ERROR_INVALID_ARGUMENT, "empty path")
    return path


# ---- Reports. ----

class Report:
    """The counts and findings of a whole input.

    rows = valid_rows + rejected_rows; errors and warnings count every
    finding, `findings` holds the first max_findings of them (`truncated`
    says when some were only counted). `json` is the report as the CLI's
    `validate --format json` prints it."""

    _COUNTS = (("rows", _native.COUNT_ROWS),
               ("valid_rows", _native.COUNT_VALID_ROWS),
               ("rejected_rows", _native.COUNT_REJECTED_ROWS),
               ("blank_lines", _native.COUNT_BLANK_LINES),
               ("errors", _native.COUNT_ERRORS),
               ("warnings", _native.COUNT_WARNINGS),
               ("normalised", _native.COUNT_NORMALISED))
    _INFO = (("file", _native.INFO_FILE), ("table", _native.INFO_TABLE),
             ("encoding", _native.INFO_ENCODING),
             ("format", _native.INFO_FORMAT))

    def __init__(self, handle):
        value = ctypes.c_int64()
        for name, which in self._COUNTS:
            _check(lib.cd_report_count(handle, which, _byref(value)))
            setattr(self, name, value.value)
        _check(lib.cd_report_count(handle, _native.COUNT_TRUNCATED,
                                   _byref(value)))
        self.truncated = bool(value.value)
        for name, which in self._INFO:
            setattr(self, name, _text(lib.cd_report_info, handle, which))
        flag = ctypes.c_int()
        _check(lib.cd_report_unreadable(handle, _byref(flag)))
        self.unreadable = bool(flag.value)
        _check(lib.cd_report_count(handle, _native.COUNT_FINDINGS,
                                   _byref(value)))
        self.findings = []
        finding = ctypes.c_void_p()
        for i in range(value.value):
            _check(lib.cd_report_finding(handle, i, _byref(finding)))
            self.findings.append(Finding(finding))
        self.json = _text(lib.cd_report_json, handle)
        self.text = _text(lib.cd_report_text, handle)

    def __repr__(self):
        return ("Report(table=%r, rows=%d, valid_rows=%d, errors=%d, "
                "warnings=%d)" % (self.table, self.rows, self.valid_rows,
                                  self.errors, self.warnings))


class _ReportHandle:
    def __init__(self):
        self.handle = ctypes.c_void_p()
        _check(lib.cd_report_create(_byref(self.handle)))

    def __enter__(self):
        return self.handle

    def __exit__(self, *exc):
        lib.cd_report_destroy(self.handle)


def validate(source, table=None, encoding=None, format=None,
             max_findings=None, reference_date=None, threads=None,
             max_record_bytes=None):
    """Validates a whole input and returns its Report.

    source: a path (str or os.PathLike) or the bytes of the input.
    table: the table (id, Chinese name or Table); detected when None.
    encoding: "utf-8", "gb18030", "utf-16"; detected when None.
    format: "csv", "tsv", "json", "ndjson"; detected when None.
    max_findings: findings stored in the report (default 1000).
    reference_date: the day checks compare against (default today).
    threads: threads validating rows (default 1); the report is the same.
    max_record_bytes: a CSV record still inside an open quote this far
    after it began ends at its first line end, reported as malformed
    (default 16 MiB; 0: no limit).
    Raises Error for a file that cannot be read or a bad option."""
    options = _Options(table, encoding, format, max_findings, reference_date,
                       threads, max_record_bytes)
    with _ReportHandle() as report:
        if _is_buffer(source):
            data = bytes(source)
            rc = lib.cd_report_validate_buffer(report, options.handle, data,
                                               len(data))
        else:
            path = _path_bytes(source)
            rc = lib.cd_report_validate_file(report, options.handle, path,
                                             len(path))
        _check(rc, lib.cd_report_errmsg, report)
        return Report(report)


# ---- Reading. ----

class Reader:
    """An iterator over the records of one input, as dicts keyed by field id
    with typed values (None for empty fields). Rows that fail validation are
    yielded too, with their failed fields None: `valid` and `findings` say
    what is wrong with the current row. After the last row, `report()` has
    the counts and findings of the whole input. Use read() to make one."""

    def __init__(self, source, table=None, encoding=None, format=None,
                 max_findings=None, reference_date=None):
        options = _Options(table, encoding, format, max_findings,
                           reference_date)
        self._handle = ctypes.c_void_p()
        _check(lib.cd_reader_create(options.handle, _byref(self._handle)))
        self._finalizer = weakref.finalize(self, lib.cd_reader_destroy,
                                           self._handle)
        if _is_buffer(source):
            self._data = bytes(source)  # borrowed by the C reader
            rc = lib.cd_reader_open_buffer(self._handle, self._data,
                                           len(self._data))
        else:
            path = _path_bytes(source)
            rc = lib.cd_reader_open_file(self._handle, path, len(path))
        _check(rc, lib.cd_reader_errmsg, self._handle)
        self._record = None
        self._table = None
        self._done = False

    # The C reader's current record (valid for the reader's life), and the
    # buffer cd_record_copy_texts fills with one record's texts.
    def _bind(self):
        record = ctypes.c_void_p()
        _check(lib.cd_reader_record(self._handle, _byref(record)))
        self._record = record
        self._table = self.table
        self._block = ctypes.create_string_buffer(1 << 14)
        self._needed = ctypes.c_size_t()
        self._fields = list(zip(self._table._ids, self._table._parsers))

    def _advance(self):
        """Moves the C reader to the next row; False at the end."""
        if self._done:
            return False
        rc = lib.cd_reader_next(self._handle)
        if rc == _native.ROW:
            if self._record is None:
                self._bind()
            return True
        self._done = True
        if rc == _native.DONE:
            return False
        _check(rc, lib.cd_reader_errmsg, self._handle)
        return False

    def _values(self):
        # One call copies every canonical text, NUL-terminated, in field
        # order; Python splits and types them.
        needed = self._needed
        rc = lib.cd_record_copy_texts(self._record, self._block,
                                      len(self._block), _byref(needed))
        if rc == _native.ERROR_BUFFER_TOO_SMALL:
            self._block = ctypes.create_string_buffer(needed.value * 2)
            rc = lib.cd_record_copy_texts(self._record, self._block,
                                          len(self._block), _byref(needed))
        _check(rc)
        texts = self._block[:needed.value].decode("utf-8").split("\0")
        return {field_id: (parse(text) if parse else text) if text else None
                for (field_id, parse), text in zip(self._fields, texts)}

    def __iter__(self):
        return self

    def __next__(self):
        if not self._advance():
            raise StopIteration
        return self._values()

    def close(self):
        """Frees the C reader (also done when the Reader is collected)."""
        self._done = True
        self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def table(self):
        """The Table being read, or None while unknown."""
        handle = ctypes.c_void_p()
        rc = lib.cd_reader_table(self._handle, _byref(handle))
        if rc == _native.ERROR_NO_VALUE:
            return None
        _check(rc)
        index = ctypes.c_size_t()
        _check(lib.cd_table_index(handle, _byref(index)))
        return tables()[index.value]

    @property
    def row(self):
        """The current row's spreadsheet row (header = 1)."""
        value = ctypes.c_int64()
        _check(lib.cd_reader_row(self._handle, _byref(value)),
               lib.cd_reader_errmsg, self._handle)
        return value.value

    @property
    def valid(self):
        """True when the current row has no error."""
        value = ctypes.c_int()
        _check(lib.cd_reader_row_valid(self._handle, _byref(value)),
               lib.cd_reader_errmsg, self._handle)
        return bool(value.value)

    @property
    def findings(self):
        """The current row's findings."""
        count = ctypes.c_size_t()
        _check(lib.cd_reader_finding_count(self._handle, _byref(count)),
               lib.cd_reader_errmsg, self._handle)
        result = []
        finding = ctypes.c_void_p()
        for i in range(count.value):
            _check(lib.cd_reader_finding(self._handle, i, _byref(finding)))
            result.append(Finding(finding))
        return result

    @property
    def raw_row(self):
        """The current row as it came in (decoded to UTF-8)."""
        return _text(lib.cd_reader_raw_row, self._handle)

    @property
    def format(self):
        return _text(lib.cd_reader_format, self._handle)

    @property
    def encoding(self):
        return _text(lib.cd_reader_encoding, self._handle)

    def report(self):
        """The Report so far (complete once iteration has ended)."""
        with _ReportHandle() as report:
            _check(lib.cd_reader_report(self._handle, report),
                   lib.cd_reader_errmsg, self._handle)
            return Report(report)


def read(source, table=None, encoding=None, format=None, max_findings=None,
         reference_date=None):
    """A Reader over `source` (a path, or the bytes of the input); options
    as for validate()."""
    return Reader(source, table, encoding, format, max_findings,
                  reference_date)


# ---- Writing. ----

_HEADERS = {"template": _native.HEADER_TEMPLATE,
            "ids": _native.HEADER_FIELD_IDS}


class Writer:
    """Writes records of one table: "csv" (UTF-8), "csv-bom" (UTF-8 with
    BOM, CRLF: Excel), "gb18030" (CRLF: Excel on Chinese Windows), "json"
    (an array) or "ndjson". header: "template" (the annex's Chinese headers)
    or "ids" (field ids), for the CSV formats.

        with Writer("natural_person_arrears", "csv-bom") as w:
            w.write({"name": "张三", ...})
        data = w.data
    """

    def __init__(self, table_name, format="csv", header="template"):
        self.table = table(table_name)
        if header not in _HEADERS:
            raise Error(_native.ERROR_INVALID_ARGUMENT,
                        "header must be 'template' or 'ids'")
        data = _encode(format)
        self._handle = ctypes.c_void_p()
        rc = lib.cd_writer_create(self.table._handle, data, len(data),
                                  _HEADERS[header], _byref(self._handle))
        if rc != _native.OK:
            raise Error(rc, "unknown format %r (one of %s)"
                        % (format, ", ".join(WRITE_FORMATS)))
        self._finalizer = weakref.finalize(self, lib.cd_writer_destroy,
                                           self._handle)
        self._record = ctypes.c_void_p()
        _check(lib.cd_record_create(self.table._handle,
                                    _byref(self._record)))
        self._record_finalizer = weakref.finalize(
            self, lib.cd_record_destroy, self._record)
        self._chunks = []
        self.data = None
        self._errmsg = lib.cd_writer_errmsg
        _check(lib.cd_writer_begin(self._handle), self._errmsg, self._handle)

    def write(self, record):
        """Writes one record: a dict keyed by field id (or Chinese header);
        missing keys are empty fields. Values are read as the validator
        reads cells, so str works for every field; date, Month, Decimal,
        int and bool work where they fit. Raises Error (CD_ERROR_NOT_FOUND)
        for an unknown key and (CD_ERROR_INVALID_VALUE) for a value that
        fails its check."""
        given = {}
        index = self.table._index
        for key, value in record.items():
            i = index.get(key)
            given[self.table.field(key).index if i is None else i] = value
        code = ctypes.c_int32()
        types = self.table._types
        for i in range(len(types)):
            text = _to_text(given.get(i), types[i])
            rc = lib.cd_record_set(self._record, i, text, len(text),
                                   _byref(code))
            if rc != _native.OK:
                _check(rc, lib.cd_record_errmsg, self._record)
        _check(lib.cd_writer_write(self._handle, self._record), self._errmsg,
               self._handle)
        self._drain()

    def _drain(self):
        # Keep the C side's buffer small: take it as chunks grow.
        pending = ctypes.c_void_p()
        size = ctypes.c_size_t()
        _check(lib.cd_writer_output(self._handle, _byref(pending),
                                    _byref(size)))
        if size.value >= (1 << 16):
            self._chunks.append(self._take())

    def _take(self):
        needed = ctypes.c_size_t()
        _check(lib.cd_writer_copy_output(self._handle, None, 0,
                                         _byref(needed)))
        buffer = ctypes.create_string_buffer(needed.value)
        _check(lib.cd_writer_copy_output(self._handle, buffer, needed.value,
                                         _byref(needed)), self._errmsg,
               self._handle)
        return buffer.raw[:needed.value]

    def close(self):
        """Finishes the output and returns all of it as bytes (also kept
        in `data`)."""
        if self.data is None:
            _check(lib.cd_writer_end(self._handle), self._errmsg,
                   self._handle)
            self._chunks.append(self._take())
            self.data = b"".join(self._chunks)
            self._chunks = []
            self._finalizer()
            self._record_finalizer()
        return self.data

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def write(records, format="csv", table=None, header="template",
          valid_only=True):
    """Writes records and returns the bytes.

    records: a Reader (its remaining rows are written straight from the C
    side; with valid_only, rejected rows are skipped as `creditdata convert`
    does) or an iterable of dicts keyed by field id, in which case `table`
    is required. format and header: as for Writer."""
    if isinstance(records, Reader):
        reader = records
        writer = None
        valid = ctypes.c_int(1)
        valid_ref = _byref(valid)
        row_valid = lib.cd_reader_row_valid
        write_record = lib.cd_writer_write
        rows = 0
        while reader._advance():
            if writer is None:
                writer = Writer(table or reader._table, format, header)
            if valid_only:
                _check(row_valid(reader._handle, valid_ref))
                if not valid.value:
                    continue
            rc = write_record(writer._handle, reader._record)
            if rc != _native.OK:
                _check(rc, writer._errmsg, writer._handle)
            rows += 1
            if rows % 1024 == 0:
                writer._drain()
        if writer is None:
            found = table or reader.table
            if found is None:
                raise Error(_native.ERROR_NO_VALUE,
                            "the input has no table to write")
            writer = Writer(found, format, header)
        return writer.close()
    if table is None:
        raise Error(_native.ERROR_INVALID_ARGUMENT,
                    "write() of dicts needs the table")
    writer = Writer(table, format, header)
    for record in records:
        writer.write(record)
    return writer.close()
