/*
 * creditdata.h: the C ABI of creditdata (installed as creditdata/creditdata.h)
 *
 * creditdata validates the public-credit records of the nine annex tables of
 * the Jiangyin credit-data policy (澄信用发〔2021〕6号): it reads CSV, TSV,
 * JSON and NDJSON in UTF-8, UTF-8 with BOM, UTF-16 or GB18030, checks every
 * value (credit codes, identity numbers, dates, money, ...) and every record,
 * and writes records back in canonical form. This header is the whole C
 * interface; it is C99 and usable from C++, and every language with a C FFI.
 *
 * ---- A short manual ----
 *
 * Handles. Every object is an opaque handle made by a cd_X_create function
 * and freed by cd_X_destroy (which accepts NULL). Schema objects (cd_table,
 * cd_field, cd_column) are static: never freed, valid for the life of the
 * program.
 *
 * Results. Every fallible call returns an int32_t result code: CD_OK (0) or
 * one of the CD_ERROR_ codes below, whose values are frozen. cd_result_string
 * gives static English text per code; a handle keeps the detailed message of
 * its most recent failed call (cd_reader_errmsg, cd_report_errmsg, ...).
 * Successful calls leave that message alone, like errno. A NULL handle or a
 * NULL required pointer gives CD_ERROR_INVALID_ARGUMENT; an index past the
 * end gives CD_ERROR_OUT_OF_RANGE; no function aborts, prints, or lets a C++
 * exception escape (an unexpected failure is CD_ERROR_INTERNAL).
 *
 * Outputs go through pointer arguments, which are only written on success
 * unless a function says otherwise.
 *
 * Text. All text is UTF-8, passed as a pointer plus a byte length, in and out;
 * an input pointer may be NULL only when its length is 0. Output text is also
 * NUL-terminated (except cells from cd_reader_cell), so `const char*` results
 * can be printed directly; writer output is bytes in the output's encoding.
 *
 * Lifetimes. Text and objects handed out are borrowed, and each function
 * says until when they stay valid: schema text forever; a reader's record,
 * findings and text until the next cd_reader_next (the record handle itself
 * until cd_reader_destroy); a report's until it is filled again; an owned
 * record's until it is changed. Bytes the caller keeps come two ways: a
 * caller buffer with a size query (like snprintf: pass NULL and 0 to learn
 * the size), or an owned cd_buffer freed with cd_buffer_destroy.
 *
 * Bad data is never an error of the call: a row with a wrong identity number
 * is read fine and carries findings (code, severity, row, column, message).
 * Result codes are for bad calls and I/O.
 *
 * Thread safety: a handle must not be used by two threads at once; different
 * handles are independent; the static functions are reentrant.
 *
 * ---- Example: validate a file, print each rejected row ----
 *
 *   #include <stdio.h>
 *   #include <string.h>
 *   #include <creditdata/creditdata.h>
 *
 *   int main(int argc, char** argv) {
 *     cd_reader* reader = NULL;
 *     int32_t rc;
 *     if (argc < 2 || cd_reader_create(NULL, &reader) != CD_OK) return 2;
 *     rc = cd_reader_open_file(reader, argv[1], strlen(argv[1]));
 *     if (rc == CD_OK) {
 *       while ((rc = cd_reader_next(reader)) == CD_ROW) {
 *         int valid;
 *         int64_t row;
 *         size_t i, n;
 *         cd_reader_row_valid(reader, &valid);
 *         if (valid) continue;
 *         cd_reader_row(reader, &row);
 *         cd_reader_finding_count(reader, &n);
 *         for (i = 0; i < n; ++i) {
 *           const cd_finding* f;
 *           const char* message;
 *           size_t len;
 *           cd_reader_finding(reader, i, &f);
 *           cd_finding_message(f, &message, &len);
 *           printf("row %lld: %s\n", (long long)row, message);
 *         }
 *       }
 *     }
 *     if (rc != CD_DONE) fprintf(stderr, "%s\n", cd_reader_errmsg(reader));
 *     cd_reader_destroy(reader);
 *     return rc == CD_DONE ? 0 : 1;
 *   }
 *
 * Typed values of the current record: cd_reader_record gives a cd_record;
 * cd_record_text gives any field's canonical text, cd_record_money its amount
 * in fen, cd_record_date year/month/day, and so on. Whole-input reports:
 * cd_report_validate_file / _buffer. Writing: cd_writer_*. Single values:
 * cd_check or a cd_checker.
 *
 * Compatibility: functions are only ever added; a changed signature would
 * come as a new _v2 function. The numeric values of result codes, enums and
 * finding codes are frozen (new finding codes are appended).
 */

#ifndef CREDITDATA_C_CREDITDATA_H_
#define CREDITDATA_C_CREDITDATA_H_

#include <stddef.h>
#include <stdint.h>

#include "creditdata/version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define CD_EXPORT __attribute__((visibility("default")))
#else
#define CD_EXPORT
#endif

/* ---- Version ---------------------------------------------------------- */

/* The version this header belongs to. Compare with cd_version_number() to
   check that the library loaded at run time matches. */
#define CD_VERSION_MAJOR CREDITDATA_VERSION_MAJOR
#define CD_VERSION_MINOR CREDITDATA_VERSION_MINOR
#define CD_VERSION_PATCH CREDITDATA_VERSION_PATCH
#define CD_VERSION_STRING CREDITDATA_VERSION_STRING
/* MAJOR * 1000000 + MINOR * 1000 + PATCH. */
#define CD_VERSION_NUMBER CREDITDATA_VERSION_NUMBER

/* The library's version, "MAJOR.MINOR.PATCH" (static text). */
CD_EXPORT const char* cd_version(void);
/* The library's CD_VERSION_NUMBER. */
CD_EXPORT int32_t cd_version_number(void);

/* ---- Result codes (frozen values) -------------------------------------- */

enum {
  CD_OK = 0,
  /* An unexpected failure inside the library (a bug): see the message. */
  CD_ERROR_INTERNAL = 1,
  /* A NULL handle or required pointer, text pointer NULL with a non-zero
     length, or a number outside its domain (an unknown enum value, a date
     that does not exist). */
  CD_ERROR_INVALID_ARGUMENT = 2,
  /* No such name: table, field, value type, format, encoding, certificate
     type or finding code. */
  CD_ERROR_NOT_FOUND = 3,
  /* An index at or past the count, or an unknown finding code number. */
  CD_ERROR_OUT_OF_RANGE = 4,
  /* A record of another table than the writer's. */
  CD_ERROR_WRONG_TABLE = 5,
  /* A typed getter on a field of another type (cd_record_money on a date). */
  CD_ERROR_TYPE_MISMATCH = 6,
  /* Nothing there: the field is empty in this record, or the reader's table
     is not known (yet). */
  CD_ERROR_NO_VALUE = 7,
  /* The caller's buffer cannot hold the result; the size needed was
     written. */
  CD_ERROR_BUFFER_TOO_SMALL = 8,
  /* A file could not be opened or read. */
  CD_ERROR_IO = 9,
  /* A call out of order: no current row, a reader never opened, a writer
     not begun or already ended, a change to a borrowed record. */
  CD_ERROR_STATE = 10,
  /* Memory ran out. */
  CD_ERROR_NO_MEMORY = 11,
  /* cd_record_set: the value failed its check (the finding code says why);
     the field was left empty. */
  CD_ERROR_INVALID_VALUE = 12,

  /* cd_reader_next outcomes, not errors. */
  CD_ROW = 100, /* a row is ready */
  CD_DONE = 101 /* the input is exhausted */
};

/* Static English text for a result code ("ok", "invalid argument", ...);
   never NULL, also for unknown codes. */
CD_EXPORT const char* cd_result_string(int32_t result);

/* ---- Enumerations (frozen values) ------------------------------------- */

/* Value types of fields (schema.h ValueType). */
enum {
  CD_TYPE_TEXT = 0,
  CD_TYPE_USCC = 1,
  CD_TYPE_ORG_CODE = 2,
  CD_TYPE_REG_NO = 3,
  CD_TYPE_ENTITY_CODE = 4,
  CD_TYPE_ID_TYPE = 5,
  CD_TYPE_ID_NUMBER = 6,
  CD_TYPE_DATE = 7,
  CD_TYPE_MONTH = 8,
  CD_TYPE_MONTH_OR_DAY = 9,
  CD_TYPE_VALIDITY = 10,
  CD_TYPE_MONEY = 11,
  CD_TYPE_POSITIVE_MONEY = 12, /* money > 0; its type name is "money" */
  CD_TYPE_QUANTITY = 13,
  CD_TYPE_RATE = 14,
  CD_TYPE_COUNT = 15,
  CD_TYPE_YES_NO = 16,
  CD_TYPE_USAGE_SCOPE = 17,
  CD_TYPE_SEVERITY = 18 /* 失信严重程度 */
};

/* Whether a field must be filled. */
enum {
  CD_REQUIRED = 0,       /* R: must be non-empty */
  CD_ONE_OF_SUBJECT = 1, /* R*: one of uscc, org_code, reg_no */
  CD_OPTIONAL = 2
};

/* What a public view may show of a field. */
enum {
  CD_DISCLOSURE_PUBLIC = 0,
  CD_DISCLOSURE_MASKED = 1,
  CD_DISCLOSURE_HIDDEN = 2
};

/* A field's part in the table's natural key. */
enum {
  CD_KEY_NONE = 0,
  CD_KEY_NATURAL = 1,
  CD_KEY_SUBJECT = 2 /* the first non-empty of uscc/org_code/reg_no */
};

/* Severity of a finding. */
enum {
  CD_SEVERITY_INFO = 0, /* only CD_FINDING_Ok */
  CD_SEVERITY_WARNING = 1,
  CD_SEVERITY_ERROR = 2
};

/* Message language. */
enum { CD_LANGUAGE_CHINESE = 0, CD_LANGUAGE_ENGLISH = 1 };

/* Values of the code-list types, as cd_record_code returns them. */
/* CD_TYPE_YES_NO: 否, 是. */
enum { CD_NO = 0, CD_YES = 1 };
/* CD_TYPE_USAGE_SCOPE: 社会公开, 政务共享, 授权查询. */
enum {
  CD_USAGE_PUBLIC = 0,
  CD_USAGE_GOVERNMENT_SHARING = 1,
  CD_USAGE_AUTHORIZED_QUERY = 2
};
/* CD_TYPE_SEVERITY (失信严重程度): 一般, 较重, 严重. */
enum { CD_LEVEL_GENERAL = 0, CD_LEVEL_SERIOUS = 1, CD_LEVEL_SEVERE = 2 };
/* CD_TYPE_ID_TYPE: 身份证, 户口簿, 港澳台居民居住证, 外国人永久居留身份证,
   护照, 港澳居民来往内地通行证, 台湾居民来往大陆通行证, 其他-… (the text
   holds the detail). */
enum {
  CD_ID_RESIDENT = 0,
  CD_ID_HOUSEHOLD_REGISTER = 1,
  CD_ID_RESIDENCE_PERMIT = 2,
  CD_ID_FOREIGN_PERMANENT_RESIDENT = 3,
  CD_ID_PASSPORT = 4,
  CD_ID_HK_MACAO_TRAVEL_PERMIT = 5,
  CD_ID_TAIWAN_TRAVEL_PERMIT = 6,
  CD_ID_OTHER = 7
};

/* The tables, in annex order: CD_TABLE_NaturalPersonArrears, ... Each value
   is the table's index for cd_table_at. Expanded from tables.def. */
enum {
#define CD_TABLE(Struct, id, zh) CD_TABLE_##Struct,
#include "creditdata/tables.def"
  CD_TABLE_COUNT
};

/* Finding codes: CD_FINDING_Ok = 0, CD_FINDING_Missing, ...,
   CD_FINDING_UsccChecksum, ... Expanded from findings.def, whose order is
   frozen (new codes are appended). cd_code_name gives the stable dotted name
   ("uscc.checksum"). */
enum {
#define CD_FINDING(name, code, severity, zh, en) CD_FINDING_##name,
#include "creditdata/findings.def"
  CD_FINDING_CODE_COUNT
};

/* ---- Opaque handles ---------------------------------------------------- */

typedef struct cd_table cd_table;     /* static */
typedef struct cd_field cd_field;     /* static */
typedef struct cd_column cd_column;   /* static */
typedef struct cd_finding cd_finding; /* borrowed from a reader or report */
typedef struct cd_read_options cd_read_options;
typedef struct cd_reader cd_reader;
typedef struct cd_record cd_record;
typedef struct cd_report cd_report;
typedef struct cd_writer cd_writer;
typedef struct cd_checker cd_checker;
typedef struct cd_buffer cd_buffer;

/* ---- Schema ------------------------------------------------------------ */
/* Everything returned here is static: valid for the life of the program. */

/* The number of tables (9). */
CD_EXPORT size_t cd_table_count(void);
/* The table at `index` (annex order; CD_TABLE_* values).
   Errors: INVALID_ARGUMENT (out NULL), OUT_OF_RANGE. */
CD_EXPORT int32_t cd_table_at(size_t index, const cd_table** out);
/* The table with this English id ("natural_person_arrears") or Chinese name
   ("自然人欠缴费用信息"). Errors: INVALID_ARGUMENT, NOT_FOUND. */
CD_EXPORT int32_t cd_table_find(const char* name, size_t name_len,
                                const cd_table** out);
/* The table's English id. */
CD_EXPORT int32_t cd_table_name(const cd_table* table, const char** name,
                                size_t* name_len);
/* The table's Chinese name. */
CD_EXPORT int32_t cd_table_name_zh(const cd_table* table, const char** name,
                                   size_t* name_len);
/* Its index in annex order (its CD_TABLE_* value). */
CD_EXPORT int32_t cd_table_index(const cd_table* table, size_t* index);
/* Fields are the values of a record; columns the positions of the annex
   template. They differ where the annex prints a column twice. */
CD_EXPORT int32_t cd_table_field_count(const cd_table* table, size_t* count);
CD_EXPORT int32_t cd_table_column_count(const cd_table* table, size_t* count);
/* Field `index`. Errors: INVALID_ARGUMENT, OUT_OF_RANGE. */
CD_EXPORT int32_t cd_table_field(const cd_table* table, size_t index,
                                 const cd_field** out);
/* Index of the field named by its id ("arrears_amount"), annex header
   ("欠费金额(元)") or an alias. Errors: INVALID_ARGUMENT, NOT_FOUND. */
CD_EXPORT int32_t cd_table_field_index(const cd_table* table, const char* name,
                                       size_t name_len, size_t* index);
/* Template column `index`. Errors: INVALID_ARGUMENT, OUT_OF_RANGE. */
CD_EXPORT int32_t cd_table_column(const cd_table* table, size_t index,
                                  const cd_column** out);

/* A field's English id ("id_number"). */
CD_EXPORT int32_t cd_field_id(const cd_field* field, const char** id,
                              size_t* id_len);
/* Its Chinese name, the annex header of its first column ("证件号码"). */
CD_EXPORT int32_t cd_field_name_zh(const cd_field* field, const char** name,
                                   size_t* name_len);
/* Other accepted headers, '|'-separated; "" when none. */
CD_EXPORT int32_t cd_field_aliases(const cd_field* field, const char** aliases,
                                   size_t* aliases_len);
/* Its value type, a CD_TYPE_* value. */
CD_EXPORT int32_t cd_field_type(const cd_field* field, int32_t* type);
/* Its value type's name ("id_number", "money"), as cd_check takes it. */
CD_EXPORT int32_t cd_field_type_name(const cd_field* field, const char** name,
                                     size_t* name_len);
/* Maximum length in code points for text; 0 when the type fixes it. */
CD_EXPORT int32_t cd_field_max_length(const cd_field* field,
                                      int32_t* max_length);
/* CD_REQUIRED, CD_ONE_OF_SUBJECT or CD_OPTIONAL. */
CD_EXPORT int32_t cd_field_requirement(const cd_field* field,
                                       int32_t* requirement);
/* CD_DISCLOSURE_PUBLIC, _MASKED or _HIDDEN. */
CD_EXPORT int32_t cd_field_disclosure(const cd_field* field,
                                      int32_t* disclosure);
/* CD_KEY_NONE, _NATURAL or _SUBJECT. */
CD_EXPORT int32_t cd_field_key(const cd_field* field, int32_t* key);

/* A template column's annex header. */
CD_EXPORT int32_t cd_column_header(const cd_column* column, const char** header,
                                   size_t* header_len);
/* The index of the field the column feeds. */
CD_EXPORT int32_t cd_column_field(const cd_column* column, size_t* field);

/* A value type's name ("uscc"; CD_TYPE_POSITIVE_MONEY is "money").
   Errors: INVALID_ARGUMENT for an unknown type. */
CD_EXPORT int32_t cd_type_name(int32_t type, const char** name,
                               size_t* name_len);
/* The CD_TYPE_* value of a type name. Errors: INVALID_ARGUMENT, NOT_FOUND. */
CD_EXPORT int32_t cd_type_from_name(const char* name, size_t name_len,
                                    int32_t* type);

/* ---- Finding codes ----------------------------------------------------- */
/* Static text; `code` is a CD_FINDING_* value. Errors: INVALID_ARGUMENT for
   NULL outputs, OUT_OF_RANGE for an unknown code. */

/* The number of finding codes this library knows (>= CD_FINDING_CODE_COUNT
   of an older header). */
CD_EXPORT int32_t cd_code_count(void);
/* The stable dotted name ("id_number.checksum"). */
CD_EXPORT int32_t cd_code_name(int32_t code, const char** name,
                               size_t* name_len);
/* The code of a dotted name. Errors: INVALID_ARGUMENT, NOT_FOUND. */
CD_EXPORT int32_t cd_code_from_name(const char* name, size_t name_len,
                                    int32_t* code);
/* The code's default severity, a CD_SEVERITY_* value. */
CD_EXPORT int32_t cd_code_severity(int32_t code, int32_t* severity);
/* The code's message in CD_LANGUAGE_CHINESE or CD_LANGUAGE_ENGLISH. */
CD_EXPORT int32_t cd_code_message(int32_t code, int32_t language,
                                  const char** message, size_t* message_len);
/* "info", "warning" or "error". Errors: INVALID_ARGUMENT. */
CD_EXPORT int32_t cd_severity_name(int32_t severity, const char** name,
                                   size_t* name_len);

/* ---- Findings ----------------------------------------------------------- */
/* A finding is borrowed from the reader or report it came from; see there
   for how long. Rows are spreadsheet rows (header = 1; for JSON the record's
   1-based position; 0 = the input as a whole); columns are 1-based input
   columns (0 = the whole row). */

CD_EXPORT int32_t cd_finding_row(const cd_finding* finding, int64_t* row);
CD_EXPORT int32_t cd_finding_column(const cd_finding* finding, int32_t* column);
/* A CD_FINDING_* value; cd_code_name gives its dotted name. */
CD_EXPORT int32_t cd_finding_code(const cd_finding* finding, int32_t* code);
/* A CD_SEVERITY_* value (a finding may be more severe than its code's
   default). */
CD_EXPORT int32_t cd_finding_severity(const cd_finding* finding,
                                      int32_t* severity);
/* The input's header text of the column; "" when none. */
CD_EXPORT int32_t cd_finding_header(const cd_finding* finding,
                                    const char** header, size_t* header_len);
/* The field id; "" when the finding is not about one field. */
CD_EXPORT int32_t cd_finding_field(const cd_finding* finding,
                                   const char** field, size_t* field_len);
/* The raw value as read (UTF-8). */
CD_EXPORT int32_t cd_finding_value(const cd_finding* finding,
                                   const char** value, size_t* value_len);
/* The English message with details (cd_code_message has the Chinese). */
CD_EXPORT int32_t cd_finding_message(const cd_finding* finding,
                                     const char** message, size_t* message_len);

/* ---- Checking single values --------------------------------------------- */

/* Checks `value` as a value of the type named `type` ("uscc", "id_number",
   "date", "money", ..., or "text(N)" for text of at most N code points) and
   writes the verdict: `code` the first error, else the first warning, else
   CD_FINDING_Ok; `severity` the worst severity (CD_SEVERITY_ERROR means the
   value is rejected). The canonical form of an accepted value is written to
   `canonical` (NUL-terminated, `canonical_size` bytes available) and its
   length without the NUL to `*canonical_len`; it is "" for a rejected or
   empty value. Pass canonical = NULL, canonical_size = 0 to only learn the
   length. An empty value is CD_FINDING_Ok (whether a field is required is
   the record's business). Identity numbers are checked as resident IDs; use
   a cd_checker to give another certificate type or a reference date.
   Returns CD_OK whatever the verdict. Errors: INVALID_ARGUMENT, NOT_FOUND
   (unknown type), BUFFER_TOO_SMALL (`*code`, `*severity` and
   `*canonical_len` are still written; the buffer holds "" when
   canonical_size > 0). */
CD_EXPORT int32_t cd_check(const char* type, size_t type_len, const char* value,
                           size_t value_len, int32_t* code, int32_t* severity,
                           char* canonical, size_t canonical_size,
                           size_t* canonical_len);

/* A reusable checker: keeps options and the last verdict; checking many
   values through one checker allocates nothing per value. */
CD_EXPORT int32_t cd_checker_create(cd_checker** out);
CD_EXPORT void cd_checker_destroy(cd_checker* checker);
/* The certificate type id_number values are checked against ("身份证",
   "护照", ...); length 0 goes back to inferring a resident ID.
   Errors: INVALID_ARGUMENT, NOT_FOUND. */
CD_EXPORT int32_t cd_checker_set_id_type(cd_checker* checker,
                                         const char* id_type,
                                         size_t id_type_len);
/* The day "not in the future" and ages are measured against; 0, 0, 0 goes
   back to today's date. Errors: INVALID_ARGUMENT (no such day). */
CD_EXPORT int32_t cd_checker_set_reference_date(cd_checker* checker,
                                                int32_t year, int32_t month,
                                                int32_t day);
/* Checks one value (types as for cd_check); read the verdict with the
   getters below. Errors: INVALID_ARGUMENT, NOT_FOUND (unknown type; the
   previous verdict is cleared). */
CD_EXPORT int32_t cd_checker_check(cd_checker* checker, const char* type,
                                   size_t type_len, const char* value,
                                   size_t value_len);
/* 1 when the value has no error (warnings allowed), else 0. */
CD_EXPORT int32_t cd_checker_valid(const cd_checker* checker, int* valid);
/* 1 when the value was empty or a placeholder (无, /, all zeros). */
CD_EXPORT int32_t cd_checker_empty(const cd_checker* checker, int* empty);
/* 1 when the input had to be normalised to be read (white space, full-width
   characters, lower case, a synonym). */
CD_EXPORT int32_t cd_checker_normalised(const cd_checker* checker,
                                        int* normalised);
/* The first error, else first warning, else CD_FINDING_Ok. */
CD_EXPORT int32_t cd_checker_code(const cd_checker* checker, int32_t* code);
/* The worst severity found. */
CD_EXPORT int32_t cd_checker_severity(const cd_checker* checker,
                                      int32_t* severity);
/* All findings of the last check (at most 4), with their severities.
   Errors of cd_checker_finding: INVALID_ARGUMENT, OUT_OF_RANGE. */
CD_EXPORT int32_t cd_checker_finding_count(const cd_checker* checker,
                                           size_t* count);
CD_EXPORT int32_t cd_checker_finding(const cd_checker* checker, size_t index,
                                     int32_t* code, int32_t* severity);
/* The canonical form of the last value ("" unless valid and non-empty);
   borrowed until the next cd_checker_check or cd_checker_destroy. */
CD_EXPORT int32_t cd_checker_canonical(const cd_checker* checker,
                                       const char** text, size_t* text_len);
/* The message of the checker's most recent failed call, or "". Valid until
   the next call on the checker. Never NULL. */
CD_EXPORT const char* cd_checker_errmsg(const cd_checker* checker);

/* ---- Read options ------------------------------------------------------- */
/* Options for readers and reports; copied when used, so one options handle
   can serve many readers. Defaults: table detected from the header,
   encoding and format detected, at most 1000 findings stored in a report,
   dates checked against today. */

CD_EXPORT int32_t cd_read_options_create(cd_read_options** out);
CD_EXPORT void cd_read_options_destroy(cd_read_options* options);
/* The table, by English id or Chinese name; length 0 goes back to
   detecting it. Errors: INVALID_ARGUMENT, NOT_FOUND. */
CD_EXPORT int32_t cd_read_options_set_table(cd_read_options* options,
                                            const char* table,
                                            size_t table_len);
/* "auto", "utf-8", "gb18030" (also "gbk") or "utf-16" (with BOM).
   Errors: INVALID_ARGUMENT, NOT_FOUND. */
CD_EXPORT int32_t cd_read_options_set_encoding(cd_read_options* options,
                                               const char* encoding,
                                               size_t encoding_len);
/* "auto", "csv", "tsv", "json" (an array of objects) or "ndjson".
   Errors: INVALID_ARGUMENT, NOT_FOUND. */
CD_EXPORT int32_t cd_read_options_set_format(cd_read_options* options,
                                             const char* format,
                                             size_t format_len);
/* Findings a report stores; the rest are only counted. Every row's own
   findings are always available from the reader. */
CD_EXPORT int32_t cd_read_options_set_max_findings(cd_read_options* options,
                                                   uint64_t max_findings);
/* Threads validating rows (1 to 64; default 1). Rows, findings and reports
   come out in input order and are the same whatever the number; input
   that is valid UTF-8 in a file or buffer gains from more than one.
   Errors: INVALID_ARGUMENT. */
CD_EXPORT int32_t cd_read_options_set_threads(cd_read_options* options,
                                              int32_t threads);
/* A CSV record still inside an open quote this many bytes after it began
   (a stray quote, as a rule) ends at its first line end, is reported as
   malformed, and reading resumes there; default 16 MiB. 0 removes the cap:
   one stray quote then swallows the rest of the input.
   Errors: INVALID_ARGUMENT. */
CD_EXPORT int32_t cd_read_options_set_max_record_bytes(
    cd_read_options* options, uint64_t max_record_bytes);
/* As cd_checker_set_reference_date; 0, 0, 0 goes back to today. */
CD_EXPORT int32_t cd_read_options_set_reference_date(cd_read_options* options,
                                                     int32_t year,
                                                     int32_t month,
                                                     int32_t day);

/* ---- Reader ------------------------------------------------------------- */
/* Streams one input, one row at a time, in bounded memory.
 *
 *   cd_reader_create -> cd_reader_open_file / _buffer -> cd_reader_next ...
 *
 * Borrowed results: the record (cd_reader_record) stays valid until the
 * reader is destroyed, and describes the current row; text from it, the
 * row's findings, cells and raw text stay valid until the next
 * cd_reader_next, cd_reader_open_* or cd_reader_destroy. */

/* A reader with a copy of `options` (NULL: defaults). */
CD_EXPORT int32_t cd_reader_create(const cd_read_options* options,
                                   cd_reader** out);
CD_EXPORT void cd_reader_destroy(cd_reader* reader);
/* Starts reading `data`, which is borrowed: it must stay unchanged until the
   reader is destroyed or opened again. Errors: INVALID_ARGUMENT. */
CD_EXPORT int32_t cd_reader_open_buffer(cd_reader* reader, const char* data,
                                        size_t data_len);
/* Starts reading the file at `path`. Errors: INVALID_ARGUMENT, IO (cannot
   open; the message names the file). */
CD_EXPORT int32_t cd_reader_open_file(cd_reader* reader, const char* path,
                                      size_t path_len);
/* Moves to the next row: CD_ROW when there is one, CD_DONE at the end (and
   on every later call). An input that cannot be read as a table at all (no
   header, unknown or ambiguous table) gives CD_DONE at once, with a finding
   in the report. Errors: INVALID_ARGUMENT, STATE (not opened), IO (a read
   failed). */
CD_EXPORT int32_t cd_reader_next(cd_reader* reader);
/* The current row's spreadsheet row number (header = 1), or its 1-based
   position in JSON. Errors: INVALID_ARGUMENT, STATE (no current row). */
CD_EXPORT int32_t cd_reader_row(const cd_reader* reader, int64_t* row);
/* 1 when the current row has no error. Errors: as cd_reader_row. */
CD_EXPORT int32_t cd_reader_row_valid(const cd_reader* reader, int* valid);
/* The current row's record (fields that failed their check are empty).
   Errors: as cd_reader_row. */
CD_EXPORT int32_t cd_reader_record(const cd_reader* reader,
                                   const cd_record** record);
/* The current row's findings (all of them, whatever max_findings says).
   Errors: as cd_reader_row; cd_reader_finding also OUT_OF_RANGE. */
CD_EXPORT int32_t cd_reader_finding_count(const cd_reader* reader,
                                          size_t* count);
CD_EXPORT int32_t cd_reader_finding(const cd_reader* reader, size_t index,
                                    const cd_finding** finding);
/* The current row as it came in, decoded to UTF-8: the CSV line without its
   line end, or the JSON object text. */
CD_EXPORT int32_t cd_reader_raw_row(const cd_reader* reader, const char** text,
                                    size_t* text_len);
/* The current row's cells as read (CSV), or the values in field order
   (JSON). Cell text is NOT NUL-terminated: use its length.
   Errors: as cd_reader_row; cd_reader_cell also OUT_OF_RANGE. */
CD_EXPORT int32_t cd_reader_cell_count(const cd_reader* reader, size_t* count);
CD_EXPORT int32_t cd_reader_cell(const cd_reader* reader, size_t index,
                                 const char** text, size_t* text_len);
/* The table being read. Errors: INVALID_ARGUMENT, NO_VALUE (not known yet,
   or the input has none). */
CD_EXPORT int32_t cd_reader_table(const cd_reader* reader,
                                  const cd_table** table);
/* "csv", "tsv", "json" or "ndjson" once known, else "". Valid until the
   next cd_reader_open_* or cd_reader_destroy. */
CD_EXPORT int32_t cd_reader_format(const cd_reader* reader, const char** format,
                                   size_t* format_len);
/* "utf-8", "utf-8-bom", "gb18030", "utf-16le" or "utf-16be" once known,
   else "". Lifetime as cd_reader_format. */
CD_EXPORT int32_t cd_reader_encoding(const cd_reader* reader,
                                     const char** encoding,
                                     size_t* encoding_len);
/* Input bytes read so far, and the input's size when known (else 0). */
CD_EXPORT int32_t cd_reader_progress(const cd_reader* reader,
                                     uint64_t* bytes_read,
                                     uint64_t* total_bytes);
/* Copies the counts and findings so far into `report` (complete once
   cd_reader_next returned CD_DONE). Errors: INVALID_ARGUMENT, STATE. */
CD_EXPORT int32_t cd_reader_report(const cd_reader* reader, cd_report* report);
/* The message of the reader's most recent failed call, or "". Valid until
   the next call on the reader. Never NULL. */
CD_EXPORT const char* cd_reader_errmsg(const cd_reader* reader);

/* ---- Records ------------------------------------------------------------ */
/* A typed record of one table: borrowed from a reader, or owned (made with
   cd_record_create to feed a writer). Fields are addressed by index; get an
   index from cd_record_field_index or cd_table_field_index.
 *
 * Text returned by the getters is valid until the record changes: for a
 * reader's record the next cd_reader_next, cd_reader_open_* or
 * cd_reader_destroy; for an owned record the next cd_record_set or
 * cd_record_destroy.
 *
 * Getter errors: INVALID_ARGUMENT, OUT_OF_RANGE (field index),
 * TYPE_MISMATCH (a typed getter on another type), NO_VALUE (the field is
 * empty). */

/* An empty record of `table`. Errors: INVALID_ARGUMENT. */
CD_EXPORT int32_t cd_record_create(const cd_table* table, cd_record** out);
/* An owned copy of `record` (keep a reader's row past cd_reader_next). */
CD_EXPORT int32_t cd_record_clone(const cd_record* record, cd_record** out);
/* Frees an owned record; a reader's record belongs to the reader, and
   passing it here does nothing. */
CD_EXPORT void cd_record_destroy(cd_record* record);
CD_EXPORT int32_t cd_record_table(const cd_record* record,
                                  const cd_table** table);
CD_EXPORT int32_t cd_record_field_count(const cd_record* record, size_t* count);
/* As cd_table_field_index on the record's table. */
CD_EXPORT int32_t cd_record_field_index(const cd_record* record,
                                        const char* name, size_t name_len,
                                        size_t* index);
/* 1 when the field holds a value, 0 when it is empty. */
CD_EXPORT int32_t cd_record_has(const cd_record* record, size_t field,
                                int* present);
/* The field's canonical text (any type); "" when empty (CD_OK). */
CD_EXPORT int32_t cd_record_text(const cd_record* record, size_t field,
                                 const char** text, size_t* text_len);
/* Every field's canonical text at once, into caller arrays of `capacity`
   entries ("" for empty fields); `*count` receives the field count.
   Errors: INVALID_ARGUMENT, BUFFER_TOO_SMALL (capacity < field count;
   `*count` is written, the arrays are not). */
CD_EXPORT int32_t cd_record_texts(const cd_record* record, const char** texts,
                                  size_t* text_lens, size_t capacity,
                                  size_t* count);
/* Every field's canonical text copied into `buffer`, in field order, each
   followed by a NUL byte (canonical text never holds one); `*needed`
   receives the total length. buffer = NULL with size 0 only asks the
   length (CD_OK). One call per record for bindings that copy anyway.
   Errors: INVALID_ARGUMENT, BUFFER_TOO_SMALL (nothing written). */
CD_EXPORT int32_t cd_record_copy_texts(const cd_record* record, char* buffer,
                                       size_t size, size_t* needed);
/* Money (CD_TYPE_MONEY, CD_TYPE_POSITIVE_MONEY) in fen: 345.60 yuan is
   34560. */
CD_EXPORT int32_t cd_record_money(const cd_record* record, size_t field,
                                  int64_t* fen);
/* A date (CD_TYPE_DATE, or CD_TYPE_MONTH_OR_DAY holding a day). */
CD_EXPORT int32_t cd_record_date(const cd_record* record, size_t field,
                                 int32_t* year, int32_t* month, int32_t* day);
/* A month (CD_TYPE_MONTH, or the month of a CD_TYPE_MONTH_OR_DAY). */
CD_EXPORT int32_t cd_record_month(const cd_record* record, size_t field,
                                  int32_t* year, int32_t* month);
/* A count (CD_TYPE_COUNT). */
CD_EXPORT int32_t cd_record_count(const cd_record* record, size_t field,
                                  int64_t* count);
/* A quantity (CD_TYPE_QUANTITY) in ten-thousandths: 12.5 is 125000. */
CD_EXPORT int32_t cd_record_quantity(const cd_record* record, size_t field,
                                     int64_t* ten_thousandths);
/* A rate (CD_TYPE_RATE) in hundredths of a percent: 12.5% is 1250. */
CD_EXPORT int32_t cd_record_rate(const cd_record* record, size_t field,
                                 int32_t* basis_points);
/* A code-list value: CD_NO/CD_YES, CD_USAGE_*, CD_LEVEL_* or CD_ID_*
   (CD_TYPE_YES_NO, _USAGE_SCOPE, _SEVERITY, _ID_TYPE). */
CD_EXPORT int32_t cd_record_code(const cd_record* record, size_t field,
                                 int32_t* value);
/* Sets a field of an owned record from text, read leniently as the
   validator reads a cell (an id_number is checked against the record's
   id_type, so set that first); length 0 empties the field. `code` (may be
   NULL) receives the check's code (CD_FINDING_Ok, a warning, or the error).
   Errors: INVALID_ARGUMENT, OUT_OF_RANGE, STATE (a borrowed record),
   INVALID_VALUE (rejected: the field is left empty). */
CD_EXPORT int32_t cd_record_set(cd_record* record, size_t field,
                                const char* text, size_t text_len,
                                int32_t* code);
/* The message of the record's most recent failed call, or "". Never NULL. */
CD_EXPORT const char* cd_record_errmsg(const cd_record* record);

/* ---- Reports ------------------------------------------------------------ */
/* The counts and findings of a whole input. Text and findings borrowed
   from a report are valid until it is filled again or destroyed. */

CD_EXPORT int32_t cd_report_create(cd_report** out);
CD_EXPORT void cd_report_destroy(cd_report* report);
/* Reads all of `data` (`options` may be NULL) and keeps its report.
   Errors: INVALID_ARGUMENT. */
CD_EXPORT int32_t cd_report_validate_buffer(cd_report* report,
                                            const cd_read_options* options,
                                            const char* data, size_t data_len);
/* Reads the whole file at `path` and keeps its report. Errors:
   INVALID_ARGUMENT, IO (the report is then emptied). */
CD_EXPORT int32_t cd_report_validate_file(cd_report* report,
                                          const cd_read_options* options,
                                          const char* path, size_t path_len);

/* What cd_report_count counts. */
enum {
  CD_COUNT_ROWS = 0,          /* data rows read (not header, not blank) */
  CD_COUNT_VALID_ROWS = 1,    /* rows without error */
  CD_COUNT_REJECTED_ROWS = 2, /* rows - valid rows */
  CD_COUNT_BLANK_LINES = 3,   /* blank lines skipped */
  CD_COUNT_ERRORS = 4,        /* error findings, stored or not */
  CD_COUNT_WARNINGS = 5,      /* warning findings, stored or not */
  CD_COUNT_NORMALISED = 6,    /* values normalised to be read */
  CD_COUNT_TRUNCATED = 7,     /* 1 when findings beyond the limit were
                                 only counted */
  CD_COUNT_FINDINGS = 8       /* findings stored (cd_report_finding) */
};
/* Errors: INVALID_ARGUMENT (also for an unknown `which`). */
CD_EXPORT int32_t cd_report_count(const cd_report* report, int32_t which,
                                  int64_t* value);

/* What cd_report_info describes. */
enum {
  CD_INFO_FILE = 0,     /* the path; "" for a buffer */
  CD_INFO_TABLE = 1,    /* the table id; "" when none was found */
  CD_INFO_ENCODING = 2, /* "utf-8", "utf-8-bom", "gb18030", ... */
  CD_INFO_FORMAT = 3    /* "csv", "tsv", "json", "ndjson" */
};
/* Errors: INVALID_ARGUMENT (also for an unknown `which`). */
CD_EXPORT int32_t cd_report_info(const cd_report* report, int32_t which,
                                 const char** text, size_t* text_len);
/* 1 when the input could not be read as a table at all (no header, unknown
   or ambiguous table). */
CD_EXPORT int32_t cd_report_unreadable(const cd_report* report,
                                       int* unreadable);
/* Stored finding `index`. Errors: INVALID_ARGUMENT, OUT_OF_RANGE. */
CD_EXPORT int32_t cd_report_finding(const cd_report* report, size_t index,
                                    const cd_finding** finding);
/* The report as one JSON object, the same text as `creditdata validate
   --format json` prints (ends with a newline). */
CD_EXPORT int32_t cd_report_json(const cd_report* report, const char** json,
                                 size_t* json_len);
/* The report for people: a summary line, then one line per finding. */
CD_EXPORT int32_t cd_report_text(const cd_report* report, const char** text,
                                 size_t* text_len);
/* The message of the report's most recent failed call, or "". Never NULL. */
CD_EXPORT const char* cd_report_errmsg(const cd_report* report);

/* ---- Writers ------------------------------------------------------------ */
/* Writes records of one table in canonical form:
 *   "csv"      UTF-8, no BOM, LF
 *   "csv-bom"  UTF-8 with BOM, CRLF (Excel's "CSV UTF-8")
 *   "gb18030"  GB18030, CRLF (Excel's CSV on Chinese Windows)
 *   "json"     one array of objects keyed by field id
 *   "ndjson"   one object per line
 * Call cd_writer_begin once, cd_writer_write per record, cd_writer_end once.
 * Output accumulates in the writer until taken with cd_writer_copy_output
 * (caller buffer) or cd_writer_take_output (owned buffer), as often as
 * wanted. */

/* Header row of the CSV formats: the annex template's Chinese headers (all
   its columns) or one column per field named by field id. */
enum { CD_HEADER_TEMPLATE = 0, CD_HEADER_FIELD_IDS = 1 };

/* Errors: INVALID_ARGUMENT (also an unknown header style), NOT_FOUND
   (unknown format). */
CD_EXPORT int32_t cd_writer_create(const cd_table* table, const char* format,
                                   size_t format_len, int32_t header_style,
                                   cd_writer** out);
CD_EXPORT void cd_writer_destroy(cd_writer* writer);
/* Writes the BOM and header row, or the opening bracket. Errors:
   INVALID_ARGUMENT, STATE (already begun). */
CD_EXPORT int32_t cd_writer_begin(cd_writer* writer);
/* Writes one record (its empty fields as empty cells or null). Errors:
   INVALID_ARGUMENT, STATE (not begun, or ended), WRONG_TABLE. */
CD_EXPORT int32_t cd_writer_write(cd_writer* writer, const cd_record* record);
/* Closes a JSON array (nothing otherwise). Errors: INVALID_ARGUMENT, STATE
   (not begun, or ended). */
CD_EXPORT int32_t cd_writer_end(cd_writer* writer);
/* The output not yet taken, borrowed until the next call on the writer. */
CD_EXPORT int32_t cd_writer_output(const cd_writer* writer, const char** data,
                                   size_t* data_len);
/* Copies the output not yet taken into `buffer` and drops it from the
   writer; `*needed` receives its length. buffer = NULL with size 0 only
   asks the length (CD_OK, nothing dropped). No NUL is appended (output may
   be GB18030). Errors: INVALID_ARGUMENT, BUFFER_TOO_SMALL (nothing copied,
   nothing dropped). */
CD_EXPORT int32_t cd_writer_copy_output(cd_writer* writer, char* buffer,
                                        size_t size, size_t* needed);
/* Moves the output not yet taken into a new owned buffer. */
CD_EXPORT int32_t cd_writer_take_output(cd_writer* writer, cd_buffer** out);
/* The message of the writer's most recent failed call, or "". Never NULL. */
CD_EXPORT const char* cd_writer_errmsg(const cd_writer* writer);

/* ---- Owned buffers ------------------------------------------------------ */

/* The bytes of `buffer`, valid until cd_buffer_destroy (followed by a NUL
   not counted in the length). */
CD_EXPORT int32_t cd_buffer_data(const cd_buffer* buffer, const char** data,
                                 size_t* data_len);
CD_EXPORT void cd_buffer_destroy(cd_buffer* buffer);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CREDITDATA_C_CREDITDATA_H_ */
