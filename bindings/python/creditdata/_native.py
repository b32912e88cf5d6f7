"""Loading libcreditdata.so and declaring its C functions for ctypes.

Only this module knows the C ABI's signatures; the rest of the package calls
`lib.cd_*` through it and turns result codes into exceptions with `check`.

The library is looked up, in order, at:
  1. the path in the environment variable CREDITDATA_LIBRARY;
  2. next to this package (libcreditdata.so, libcreditdata.so.MAJOR);
  3. the system's library path (libcreditdata.so.MAJOR).
"""

import ctypes
import ctypes.util
import os

# The major version of the C ABI this package is written against.
ABI_MAJOR = 0

c_int32 = ctypes.c_int32
c_int64 = ctypes.c_int64
c_uint64 = ctypes.c_uint64
c_size_t = ctypes.c_size_t
c_int = ctypes.c_int
c_void_p = ctypes.c_void_p
c_char_p = ctypes.c_char_p
P = ctypes.POINTER

# Result codes (creditdata.h, frozen).
OK = 0
ERROR_INTERNAL = 1
ERROR_INVALID_ARGUMENT = 2
ERROR_NOT_FOUND = 3
ERROR_OUT_OF_RANGE = 4
ERROR_WRONG_TABLE = 5
ERROR_TYPE_MISMATCH = 6
ERROR_NO_VALUE = 7
ERROR_BUFFER_TOO_SMALL = 8
ERROR_IO = 9
ERROR_STATE = 10
ERROR_NO_MEMORY = 11
ERROR_INVALID_VALUE = 12
ROW = 100
DONE = 101

RESULT_NAMES = {
    OK: "CD_OK",
    ERROR_INTERNAL: "CD_ERROR_INTERNAL",
    ERROR_INVALID_ARGUMENT: "CD_ERROR_INVALID_ARGUMENT",
    ERROR_NOT_FOUND: "CD_ERROR_NOT_FOUND",
    ERROR_OUT_OF_RANGE: "CD_ERROR_OUT_OF_RANGE",
    ERROR_WRONG_TABLE: "CD_ERROR_WRONG_TABLE",
    ERROR_TYPE_MISMATCH: "CD_ERROR_TYPE_MISMATCH",
    ERROR_NO_VALUE: "CD_ERROR_NO_VALUE",
    ERROR_BUFFER_TOO_SMALL: "CD_ERROR_BUFFER_TOO_SMALL",
    ERROR_IO: "CD_ERROR_IO",
    ERROR_STATE: "CD_ERROR_STATE",
    ERROR_NO_MEMORY: "CD_ERROR_NO_MEMORY",
    ERROR_INVALID_VALUE: "CD_ERROR_INVALID_VALUE",
    ROW: "CD_ROW",
    DONE: "CD_DONE",
}

# Value types (CD_TYPE_*), in the C enum's order.
TYPE_NAMES = (
    "text", "uscc", "org_code", "reg_no", "entity_code", "id_type",
    "id_number", "date", "month", "month_or_day", "validity", "money",
    "positive_money", "quantity", "rate", "count", "yes_no", "usage_scope",
    "severity")
REQUIREMENTS = ("required", "one_of_subject", "optional")
DISCLOSURES = ("public", "masked", "hidden")
KEYS = ("none", "natural", "subject")
SEVERITIES = ("info", "warning", "error")
LANGUAGE_CHINESE = 0
LANGUAGE_ENGLISH = 1
HEADER_TEMPLATE = 0
HEADER_FIELD_IDS = 1

# cd_report_count / cd_report_info selectors.
COUNT_ROWS = 0
COUNT_VALID_ROWS = 1
COUNT_REJECTED_ROWS = 2
COUNT_BLANK_LINES = 3
COUNT_ERRORS = 4
COUNT_WARNINGS = 5
COUNT_NORMALISED = 6
COUNT_TRUNCATED = 7
COUNT_FINDINGS = 8
INFO_FILE = 0
INFO_TABLE = 1
INFO_ENCODING = 2
INFO_FORMAT = 3

_text = [P(c_void_p), P(c_size_t)]  # const char** text, size_t* len

# name: (result type, argument types)
_SIGNATURES = {
    "cd_version": (c_char_p, []),
    "cd_version_number": (c_int32, []),
    "cd_result_string": (c_char_p, [c_int32]),
    # schema
    "cd_table_count": (c_size_t, []),
    "cd_table_at": (c_int32, [c_size_t, P(c_void_p)]),
    "cd_table_find": (c_int32, [c_char_p, c_size_t, P(c_void_p)]),
    "cd_table_name": (c_int32, [c_void_p] + _text),
    "cd_table_name_zh": (c_int32, [c_void_p] + _text),
    "cd_table_index": (c_int32, [c_void_p, P(c_size_t)]),
    "cd_table_field_count": (c_int32, [c_void_p, P(c_size_t)]),
    "cd_table_column_count": (c_int32, [c_void_p, P(c_size_t)]),
    "cd_table_field": (c_int32, [c_void_p, c_size_t, P(c_void_p)]),
    "cd_table_field_index": (c_int32,
                             [c_void_p, c_char_p, c_size_t, P(c_size_t)]),
    "cd_table_column": (c_int32, [c_void_p, c_size_t, P(c_void_p)]),
    "cd_field_id": (c_int32, [c_void_p] + _text),
    "cd_field_name_zh": (c_int32, [c_void_p] + _text),
    "cd_field_aliases": (c_int32, [c_void_p] + _text),
    "cd_field_type": (c_int32, [c_void_p, P(c_int32)]),
    "cd_field_type_name": (c_int32, [c_void_p] + _text),
    "cd_field_max_length": (c_int32, [c_void_p, P(c_int32)]),
    "cd_field_requirement": (c_int32, [c_void_p, P(c_int32)]),
    "cd_field_disclosure": (c_int32, [c_void_p, P(c_int32)]),
    "cd_field_key": (c_int32, [c_void_p, P(c_int32)]),
    "cd_column_header": (c_int32, [c_void_p] + _text),
    "cd_column_field": (c_int32, [c_void_p, P(c_size_t)]),
    "cd_type_name": (c_int32, [c_int32] + _text),
    "cd_type_from_name": (c_int32, [c_char_p, c_size_t, P(c_int32)]),
    # finding codes
    "cd_code_count": (c_int32, []),
    "cd_code_name": (c_int32, [c_int32] + _text),
    "cd_code_from_name": (c_int32, [c_char_p, c_size_t, P(c_int32)]),
    "cd_code_severity": (c_int32, [c_int32, P(c_int32)]),
    "cd_code_message": (c_int32, [c_int32, c_int32] + _text),
    "cd_severity_name": (c_int32, [c_int32] + _text),
    # findings
    "cd_finding_row": (c_int32, [c_void_p, P(c_int64)]),
    "cd_finding_column": (c_int32, [c_void_p, P(c_int32)]),
    "cd_finding_code": (c_int32, [c_void_p, P(c_int32)]),
    "cd_finding_severity": (c_int32, [c_void_p, P(c_int32)]),
    "cd_finding_header": (c_int32, [c_void_p] + _text),
    "cd_finding_field": (c_int32, [c_void_p] + _text),
    "cd_finding_value": (c_int32, [c_void_p] + _text),
    "cd_finding_message": (c_int32, [c_void_p] + _text),
    # checks
    "cd_check": (c_int32, [c_char_p, c_size_t, c_char_p, c_size_t,
                           P(c_int32), P(c_int32), c_void_p, c_size_t,
                           P(c_size_t)]),
    "cd_checker_create": (c_int32, [P(c_void_p)]),
    "cd_checker_destroy": (None, [c_void_p]),
    "cd_checker_set_id_type": (c_int32, [c_void_p, c_char_p, c_size_t]),
    "cd_checker_set_reference_date": (c_int32,
                                      [c_void_p, c_int32, c_int32, c_int32]),
    "cd_checker_check": (c_int32,
                         [c_void_p, c_char_p, c_size_t, c_char_p, c_size_t]),
    "cd_checker_valid": (c_int32, [c_void_p, P(c_int)]),
    "cd_checker_empty": (c_int32, [c_void_p, P(c_int)]),
    "cd_checker_normalised": (c_int32, [c_void_p, P(c_int)]),
    "cd_checker_code": (c_int32, [c_void_p, P(c_int32)]),
    "cd_checker_severity": (c_int32, [c_void_p, P(c_int32)]),
    "cd_checker_finding_count": (c_int32, [c_void_p, P(c_size_t)]),
    "cd_checker_finding": (c_int32,
                           [c_void_p, c_size_t, P(c_int32), P(c_int32)]),
    "cd_checker_canonical": (c_int32, [c_void_p] + _text),
    "cd_checker_errmsg": (c_char_p, [c_void_p]),
    # read options
    "cd_read_options_create": (c_int32, [P(c_void_p)]),
    "cd_read_options_destroy": (None, [c_void_p]),
    "cd_read_options_set_table": (c_int32, [c_void_p, c_char_p, c_size_t]),
    "cd_read_options_set_encoding": (c_int32, [c_void_p, c_char_p, c_size_t]),
    "cd_read_options_set_format": (c_int32, [c_void_p, c_char_p, c_size_t]),
    "cd_read_options_set_max_findings": (c_int32, [c_void_p, c_uint64]),
    "cd_read_options_set_threads": (c_int32, [c_void_p, c_int32]),
    "cd_read_options_set_max_record_bytes": (c_int32, [c_void_p, c_uint64]),
    "cd_read_options_set_reference_date": (
        c_int32, [c_void_p, c_int32, c_int32, c_int32]),
    # reader
    "cd_reader_create": (c_int32, [c_void_p, P(c_void_p)]),
    "cd_reader_destroy": (None, [c_void_p]),
    "cd_reader_open_buffer": (c_int32, [c_void_p, c_char_p, c_size_t]),
    "cd_reader_open_file": (c_int32, [c_void_p, c_char_p, c_size_t]),
    "cd_reader_next": (c_int32, [c_void_p]),
    "cd_reader_row": (c_int32, [c_void_p, P(c_int64)]),
    "cd_reader_row_valid": (c_int32, [c_void_p, P(c_int)]),
    "cd_reader_record": (c_int32, [c_void_p, P(c_void_p)]),
    "cd_reader_finding_count": (c_int32, [c_void_p, P(c_size_t)]),
    "cd_reader_finding": (c_int32, [c_void_p, c_size_t, P(c_void_p)]),
    "cd_reader_raw_row": (c_int32, [c_void_p] + _text),
    "cd_reader_cell_count": (c_int32, [c_void_p, P(c_size_t)]),
    "cd_reader_cell": (c_int32, [c_void_p, c_size_t] + _text),
    "cd_reader_table": (c_int32, [c_void_p, P(c_void_p)]),
    "cd_reader_format": (c_int32, [c_void_p] + _text),
    "cd_reader_encoding": (c_int32, [c_void_p] + _text),
    "cd_reader_progress": (c_int32, [c_void_p, P(c_uint64), P(c_uint64)]),
    "cd_reader_report": (c_int32, [c_void_p, c_void_p]),
    "cd_reader_errmsg": (c_char_p, [c_void_p]),
    # records
    "cd_record_create": (c_int32, [c_void_p, P(c_void_p)]),
    "cd_record_clone": (c_int32, [c_void_p, P(c_void_p)]),
    "cd_record_destroy": (None, [c_void_p]),
    "cd_record_table": (c_int32, [c_void_p, P(c_void_p)]),
    "cd_record_field_count": (c_int32, [c_void_p, P(c_size_t)]),
    "cd_record_field_index": (c_int32,
                              [c_void_p, c_char_p, c_size_t, P(c_size_t)]),
    "cd_record_has": (c_int32, [c_void_p, c_size_t, P(c_int)]),
    "cd_record_text": (c_int32, [c_void_p, c_size_t] + _text),
    "cd_record_texts": (c_int32, [c_void_p, P(c_void_p), P(c_size_t),
                                  c_size_t, P(c_size_t)]),
    "cd_record_copy_texts": (c_int32, [c_void_p, c_void_p, c_size_t,
                                       P(c_size_t)]),
    "cd_record_money": (c_int32, [c_void_p, c_size_t, P(c_int64)]),
    "cd_record_date": (c_int32, [c_void_p, c_size_t, P(c_int32), P(c_int32),
                                 P(c_int32)]),
    "cd_record_month": (c_int32,
                        [c_void_p, c_size_t, P(c_int32), P(c_int32)]),
    "cd_record_count": (c_int32, [c_void_p, c_size_t, P(c_int64)]),
    "cd_record_quantity": (c_int32, [c_void_p, c_size_t, P(c_int64)]),
    "cd_record_rate": (c_int32, [c_void_p, c_size_t, P(c_int32)]),
    "cd_record_code": (c_int32, [c_void_p, c_size_t, P(c_int32)]),
    "cd_record_set": (c_int32, [c_void_p, c_size_t, c_char_p, c_size_t,
                                P(c_int32)]),
    "cd_record_errmsg": (c_char_p, [c_void_p]),
    # reports
    "cd_report_create": (c_int32, [P(c_void_p)]),
    "cd_report_destroy": (None, [c_void_p]),
    "cd_report_validate_buffer": (c_int32,
                                  [c_void_p, c_void_p, c_char_p, c_size_t]),
    "cd_report_validate_file": (c_int32,
                                [c_void_p, c_void_p, c_char_p, c_size_t]),
    "cd_report_count": (c_int32, [c_void_p, c_int32, P(c_int64)]),
    "cd_report_info": (c_int32, [c_void_p, c_int32] + _text),
    "cd_report_unreadable": (c_int32, [c_void_p, P(c_int)]),
    "cd_report_finding": (c_int32, [c_void_p, c_size_t, P(c_void_p)]),
    "cd_report_json": (c_int32, [c_void_p] + _text),
    "cd_report_text": (c_int32, [c_void_p] + _text),
    "cd_report_errmsg": (c_char_p, [c_void_p]),
    # writers
    "cd_writer_create": (c_int32, [c_void_p, c_char_p, c_size_t, c_int32,
                                   P(c_void_p)]),
    "cd_writer_destroy": (None, [c_void_p]),
    "cd_writer_begin": (c_int32, [c_void_p]),
    "cd_writer_write": (c_int32, [c_void_p, c_void_p]),
    "cd_writer_end": (c_int32, [c_void_p]),
    "cd_writer_output": (c_int32, [c_void_p] + _text),
    "cd_writer_copy_output": (c_int32,
                              [c_void_p, c_void_p, c_size_t, P(c_size_t)]),
    "cd_writer_take_output": (c_int32, [c_void_p, P(c_void_p)]),
    "cd_writer_errmsg": (c_char_p, [c_void_p]),
    # owned buffers
    "cd_buffer_data": (c_int32, [c_void_p] + _text),
    "cd_buffer_destroy": (None, [c_void_p]),
}


def _candidates():
    env = os.environ.get("CREDITDATA_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    for name in ("libcreditdata.so", "libcreditdata.so.%d" % ABI_MAJOR):
        path = os.path.join(here, name)
        if os.path.exists(path):
            yield path
    found = ctypes.util.find_library("creditdata")
    if found:
        yield found
    yield "libcreditdata.so.%d" % ABI_MAJOR


def _load():
    errors = []
    for candidate in _candidates():
        try:
            library = ctypes.CDLL(candidate)
        except OSError as e:
            errors.append("%s: %s" % (candidate, e))
            continue
        for name, (restype, argtypes) in _SIGNATURES.items():
            function = getattr(library, name)
            function.restype = restype
            function.argtypes = argtypes
        number = library.cd_version_number()
        if number // 1000000 != ABI_MAJOR:
            raise ImportError(
                "%s is creditdata %s; this package needs ABI major %d"
                % (candidate, library.cd_version().decode(), ABI_MAJOR))
        return library
    raise ImportError(
        "cannot load libcreditdata.so (set CREDITDATA_LIBRARY to its path): "
        + "; ".join(errors))


lib = _load()


class Error(Exception):
    """A creditdata call failed: `code` is the C result code (an int),
    `name` its symbolic name ("CD_ERROR_IO") and `message` the detail."""

    def __init__(self, code, message=""):
        self.code = code
        self.name = RESULT_NAMES.get(code, "CD_ERROR_%d" % code)
        self.message = message or lib.cd_result_string(code).decode()
        super().__init__("%s: %s" % (self.name, self.message))


def check(rc, errmsg=None, handle=None):
    """Raises Error unless rc is CD_OK; the message comes from the handle's
    errmsg function when given, else from the code's static text."""
    if rc == OK:
        return rc
    message = ""
    if errmsg is not None and handle is not None:
        message = (errmsg(handle) or b"").decode("utf-8", "replace")
    raise Error(rc, message)


def encode(text):
    """UTF-8 bytes of str (bytes pass through)."""
    if isinstance(text, bytes):
        return text
    return str(text).encode("utf-8")


def read_text(function, *args):
    """Calls a cd_* function whose last two arguments are (const char**,
    size_t*) and returns the text as str; raises Error on failure."""
    pointer = c_void_p()
    length = c_size_t()
    check(function(*args, ctypes.byref(pointer), ctypes.byref(length)))
    if length.value == 0:
        return ""
    return ctypes.string_at(pointer.value, length.value).decode("utf-8")
