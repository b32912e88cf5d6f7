/* The C API test, compiled as C (C99): every function of creditdata.h, its
 * results on good input, and its result codes on misuse (NULL handles and
 * pointers, wrong table, unknown names, indexes out of range, buffers too
 * small, calls out of order, destroy(NULL)).
 *
 * tests/c_api_symbols_test.sh checks that every function the library
 * exports is named in this file. */

#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "creditdata/creditdata.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    ++checks;                                                                  \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

#define CHECK_RC(expr, want)                                                  \
  do {                                                                        \
    int32_t rc_ = (expr);                                                     \
    ++checks;                                                                 \
    if (rc_ != (want)) {                                                      \
      fprintf(stderr, "%s:%d: %s returned %d (%s), want %d (%s)\n", __FILE__, \
              __LINE__, #expr, (int)rc_, cd_result_string(rc_), (int)(want),  \
              cd_result_string(want));                                        \
      ++failures;                                                             \
    }                                                                         \
  } while (0)

/* Text out of the API equals a C string. */
static int Same(const char* text, size_t len, const char* want) {
  return text != NULL && len == strlen(want) && memcmp(text, want, len) == 0 &&
         text[len] == '\0';
}
/* Like Same, for text that need not be NUL-terminated. */
static int SameBytes(const char* text, size_t len, const char* want) {
  return text != NULL && len == strlen(want) && memcmp(text, want, len) == 0;
}
static int Contains(const char* text, const char* part) {
  return text != NULL && strstr(text, part) != NULL;
}

#define S(literal) literal, strlen(literal)

/* natural_person_arrears in the annex template: a valid row, a row whose
   identity number fails its checksum, another valid row. */
static const char kHeader[] =
    "姓名,证件类型,证件号码,账号,欠缴类型名称,欠缴开始日期,欠缴截止日期,"
    "欠缴账期,拖欠天数,欠费量,欠费金额(元),失信严重程度,失信行为有效期,"
    "信息来源部门全称,提供单位全称,信息使用范围,提供日期\n";
static const char kRow2[] =
    "张三,身份证,320281199001011233,6222001,水费,2024-01-01,2024-03-31,"
    "2024年1-3月,90,12.5,345.60,一般,2027-12-31,江阴市自来水有限公司,"
    "江阴市自来水有限公司,政务共享,2025-01-10\n";
static const char kRow3[] =
    "李四,身份证,320281199001011234,6222002,水费,2024-01-01,2024-03-31,,,,"
    "100,一般,,江阴市自来水有限公司,江阴市自来水有限公司,政务共享,"
    "2025-01-10\n";
static const char kRow4[] =
    "王五,身份证,320281199001011233,6222003,电费,2024-02-01,2024-02-29,,,,"
    "1,234.50,严重,,江阴市供电公司,江阴市供电公司,社会公开,2025-01-10\n";

static char csv[4096];

static void BuildCsv(void) {
  /* Row 4's amount holds a comma, so it is quoted. */
  char row4[1024];
  const char* amount = strstr(kRow4, "1,234.50");
  size_t head = (size_t)(amount - kRow4);
  memcpy(row4, kRow4, head);
  row4[head] = '\0';
  strcat(row4, "\"1,234.50\"");
  strcat(row4, amount + strlen("1,234.50"));
  snprintf(csv, sizeof csv, "%s%s%s%s", kHeader, kRow2, kRow3, row4);
}

static void TestVersion(void) {
  const char* v = cd_version();
  char want[32];
  snprintf(want, sizeof want, "%d.%d.%d", CD_VERSION_MAJOR, CD_VERSION_MINOR,
           CD_VERSION_PATCH);
  CHECK(strcmp(v, want) == 0);
  CHECK(strcmp(v, CD_VERSION_STRING) == 0);
  CHECK(cd_version_number() == CD_VERSION_NUMBER);
  CHECK(CD_VERSION_NUMBER == CD_VERSION_MAJOR * 1000000 +
                                 CD_VERSION_MINOR * 1000 + CD_VERSION_PATCH);
}

static void TestResultStrings(void) {
  /* Frozen values. */
  CHECK(CD_OK == 0 && CD_ERROR_INTERNAL == 1 &&
        CD_ERROR_INVALID_ARGUMENT == 2 && CD_ERROR_NOT_FOUND == 3 &&
        CD_ERROR_OUT_OF_RANGE == 4 && CD_ERROR_WRONG_TABLE == 5 &&
        CD_ERROR_TYPE_MISMATCH == 6 && CD_ERROR_NO_VALUE == 7 &&
        CD_ERROR_BUFFER_TOO_SMALL == 8 && CD_ERROR_IO == 9 &&
        CD_ERROR_STATE == 10 && CD_ERROR_NO_MEMORY == 11 &&
        CD_ERROR_INVALID_VALUE == 12 && CD_ROW == 100 && CD_DONE == 101);
  CHECK(strcmp(cd_result_string(CD_OK), "ok") == 0);
  CHECK(strcmp(cd_result_string(CD_ERROR_BUFFER_TOO_SMALL),
               "buffer too small") == 0);
  CHECK(strcmp(cd_result_string(CD_DONE), "no more rows") == 0);
  CHECK(strcmp(cd_result_string(-7), "unknown result code") == 0);
  {
    int32_t rc;
    for (rc = 0; rc <= 12; ++rc) {
      CHECK(strcmp(cd_result_string(rc), "unknown result code") != 0);
    }
  }
}

static void TestSchema(void) {
  const cd_table* table = NULL;
  const cd_table* other = NULL;
  const cd_field* field = NULL;
  const cd_column* column = NULL;
  const char* text = NULL;
  size_t len = 0;
  size_t n = 0;
  size_t index = 0;
  int32_t value = 0;

  CHECK(cd_table_count() == 9);
  CHECK(CD_TABLE_COUNT == 9);
  CHECK_RC(cd_table_at(CD_TABLE_NaturalPersonArrears, &table), CD_OK);
  CHECK_RC(cd_table_name(table, &text, &len), CD_OK);
  CHECK(Same(text, len, "natural_person_arrears"));
  CHECK_RC(cd_table_name_zh(table, &text, &len), CD_OK);
  CHECK(Same(text, len, "自然人欠缴费用信息"));
  CHECK_RC(cd_table_index(table, &index), CD_OK);
  CHECK(index == CD_TABLE_NaturalPersonArrears);
  CHECK_RC(cd_table_find(S("自然人欠缴费用信息"), &other), CD_OK);
  CHECK(other == table);
  CHECK_RC(cd_table_find(S("natural_person_arrears"), &other), CD_OK);
  CHECK(other == table);
  CHECK_RC(cd_table_find(S("no_such_table"), &other), CD_ERROR_NOT_FOUND);
  CHECK_RC(cd_table_at(9, &other), CD_ERROR_OUT_OF_RANGE);
  CHECK_RC(cd_table_at(0, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_table_find(NULL, 3, &other), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_table_find(S("x"), NULL), CD_ERROR_INVALID_ARGUMENT);

  CHECK_RC(cd_table_field_count(table, &n), CD_OK);
  CHECK(n == 17);
  CHECK_RC(cd_table_column_count(table, &n), CD_OK);
  CHECK(n == 17);
  CHECK_RC(cd_table_field_index(table, S("arrears_amount"), &index), CD_OK);
  CHECK(index == 10);
  CHECK_RC(cd_table_field_index(table, S("欠费金额(元)"), &index), CD_OK);
  CHECK(index == 10);
  CHECK_RC(cd_table_field_index(table, S("欠费金额"), &index), CD_OK);
  CHECK(index == 10); /* an alias */
  CHECK_RC(cd_table_field_index(table, S("no_such_field"), &index),
           CD_ERROR_NOT_FOUND);
  CHECK_RC(cd_table_field(table, 10, &field), CD_OK);
  CHECK_RC(cd_field_id(field, &text, &len), CD_OK);
  CHECK(Same(text, len, "arrears_amount"));
  CHECK_RC(cd_field_name_zh(field, &text, &len), CD_OK);
  CHECK(Same(text, len, "欠费金额(元)"));
  CHECK_RC(cd_field_aliases(field, &text, &len), CD_OK);
  CHECK(Same(text, len, "欠费金额"));
  CHECK_RC(cd_field_type(field, &value), CD_OK);
  CHECK(value == CD_TYPE_POSITIVE_MONEY);
  CHECK_RC(cd_field_type_name(field, &text, &len), CD_OK);
  CHECK(Same(text, len, "money"));
  CHECK_RC(cd_field_max_length(field, &value), CD_OK);
  CHECK(value == 0);
  CHECK_RC(cd_field_requirement(field, &value), CD_OK);
  CHECK(value == CD_REQUIRED);
  CHECK_RC(cd_field_disclosure(field, &value), CD_OK);
  CHECK(value == CD_DISCLOSURE_PUBLIC);
  CHECK_RC(cd_field_key(field, &value), CD_OK);
  CHECK(value == CD_KEY_NONE);

  /* The name: masked text of at most 50 code points, not a key. */
  CHECK_RC(cd_table_field(table, 0, &field), CD_OK);
  CHECK_RC(cd_field_max_length(field, &value), CD_OK);
  CHECK(value == 50);
  CHECK_RC(cd_field_disclosure(field, &value), CD_OK);
  CHECK(value == CD_DISCLOSURE_MASKED);
  CHECK_RC(cd_table_field(table, 2, &field), CD_OK);
  CHECK_RC(cd_field_key(field, &value), CD_OK);
  CHECK(value == CD_KEY_NATURAL);
  CHECK_RC(cd_field_type(field, &value), CD_OK);
  CHECK(value == CD_TYPE_ID_NUMBER);
  CHECK_RC(cd_table_field(table, 17, &field), CD_ERROR_OUT_OF_RANGE);

  CHECK_RC(cd_table_column(table, 0, &column), CD_OK);
  CHECK_RC(cd_column_header(column, &text, &len), CD_OK);
  CHECK(Same(text, len, "姓名"));
  CHECK_RC(cd_column_field(column, &index), CD_OK);
  CHECK(index == 0);
  CHECK_RC(cd_table_column(table, 17, &column), CD_ERROR_OUT_OF_RANGE);

  /* Table 8 prints a column twice: more columns than fields. */
  CHECK_RC(cd_table_at(CD_TABLE_NaturalPersonSocialInsurance, &other), CD_OK);
  {
    size_t fields = 0;
    size_t columns = 0;
    size_t c;
    size_t employer_uscc = 0;
    size_t feeding = 0;
    CHECK_RC(cd_table_field_count(other, &fields), CD_OK);
    CHECK_RC(cd_table_column_count(other, &columns), CD_OK);
    CHECK(columns > fields);
    CHECK_RC(cd_table_field_index(other, S("employer_uscc"), &employer_uscc),
             CD_OK);
    for (c = 0; c < columns; ++c) {
      CHECK_RC(cd_table_column(other, c, &column), CD_OK);
      CHECK_RC(cd_column_field(column, &index), CD_OK);
      if (index == employer_uscc) ++feeding;
    }
    CHECK(feeding == 4);
  }
  /* Every table: the provenance closes it, ids and names are non-empty. */
  {
    size_t t;
    for (t = 0; t < cd_table_count(); ++t) {
      size_t f;
      CHECK_RC(cd_table_at(t, &other), CD_OK);
      CHECK_RC(cd_table_field_count(other, &n), CD_OK);
      CHECK(n > 5);
      CHECK_RC(cd_table_field_index(other, S("provided_date"), &index), CD_OK);
      for (f = 0; f < n; ++f) {
        CHECK_RC(cd_table_field(other, f, &field), CD_OK);
        CHECK_RC(cd_field_id(field, &text, &len), CD_OK);
        CHECK(len > 0);
        CHECK_RC(cd_field_type(field, &value), CD_OK);
        CHECK(value >= CD_TYPE_TEXT && value <= CD_TYPE_SEVERITY);
      }
    }
  }

  /* Value types. */
  CHECK_RC(cd_type_name(CD_TYPE_MONTH_OR_DAY, &text, &len), CD_OK);
  CHECK(Same(text, len, "month_or_day"));
  CHECK_RC(cd_type_name(CD_TYPE_POSITIVE_MONEY, &text, &len), CD_OK);
  CHECK(Same(text, len, "money"));
  CHECK_RC(cd_type_name(19, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_type_name(-1, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_type_from_name(S("id_number"), &value), CD_OK);
  CHECK(value == CD_TYPE_ID_NUMBER);
  CHECK_RC(cd_type_from_name(S("money"), &value), CD_OK);
  CHECK(value == CD_TYPE_MONEY);
  CHECK_RC(cd_type_from_name(S("nope"), &value), CD_ERROR_NOT_FOUND);

  /* NULL handles and outputs. */
  CHECK_RC(cd_table_name(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_table_name(table, NULL, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_table_name_zh(table, &text, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_table_index(NULL, &index), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_table_field_count(NULL, &n), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_table_column_count(table, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_table_field(NULL, 0, &field), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_table_field_index(NULL, S("x"), &index),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_table_column(table, 0, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_field_id(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_field_name_zh(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_field_aliases(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_field_type(NULL, &value), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_field_type_name(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_field_max_length(NULL, &value), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_field_requirement(NULL, &value), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_field_disclosure(NULL, &value), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_field_key(NULL, &value), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_column_header(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_column_field(NULL, &index), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_type_name(CD_TYPE_TEXT, NULL, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_type_from_name(S("text"), NULL), CD_ERROR_INVALID_ARGUMENT);
}

static void TestCodes(void) {
  const char* text = NULL;
  size_t len = 0;
  int32_t code = -1;
  int32_t severity = -1;
  int32_t c;

  CHECK(cd_code_count() == CD_FINDING_CODE_COUNT);
  CHECK(CD_FINDING_Ok == 0);
  CHECK_RC(cd_code_name(CD_FINDING_IdNumberChecksum, &text, &len), CD_OK);
  CHECK(Same(text, len, "id_number.checksum"));
  CHECK_RC(cd_code_from_name(S("id_number.checksum"), &code), CD_OK);
  CHECK(code == CD_FINDING_IdNumberChecksum);
  CHECK_RC(cd_code_from_name(S("no.such_code"), &code), CD_ERROR_NOT_FOUND);
  CHECK_RC(cd_code_severity(CD_FINDING_MoneyGrouping, &severity), CD_OK);
  CHECK(severity == CD_SEVERITY_WARNING);
  CHECK_RC(cd_code_severity(CD_FINDING_Ok, &severity), CD_OK);
  CHECK(severity == CD_SEVERITY_INFO);
  CHECK_RC(cd_code_message(CD_FINDING_UsccChecksum, CD_LANGUAGE_ENGLISH, &text,
                           &len),
           CD_OK);
  CHECK(Same(text, len, "credit code check character is wrong"));
  CHECK_RC(cd_code_message(CD_FINDING_UsccChecksum, CD_LANGUAGE_CHINESE, &text,
                           &len),
           CD_OK);
  CHECK(Same(text, len, "统一社会信用代码校验码错误"));
  CHECK_RC(cd_severity_name(CD_SEVERITY_ERROR, &text, &len), CD_OK);
  CHECK(Same(text, len, "error"));
  CHECK_RC(cd_severity_name(CD_SEVERITY_WARNING, &text, &len), CD_OK);
  CHECK(Same(text, len, "warning"));
  CHECK_RC(cd_severity_name(CD_SEVERITY_INFO, &text, &len), CD_OK);
  CHECK(Same(text, len, "info"));

  /* Every code has a unique name that maps back to it. */
  for (c = 0; c < cd_code_count(); ++c) {
    int32_t back = -1;
    CHECK_RC(cd_code_name(c, &text, &len), CD_OK);
    CHECK_RC(cd_code_from_name(text, len, &back), CD_OK);
    CHECK(back == c);
    CHECK_RC(cd_code_severity(c, &severity), CD_OK);
    CHECK_RC(cd_code_message(c, CD_LANGUAGE_ENGLISH, &text, &len), CD_OK);
    CHECK(len > 0);
  }

  CHECK_RC(cd_code_name(cd_code_count(), &text, &len), CD_ERROR_OUT_OF_RANGE);
  CHECK_RC(cd_code_name(-1, &text, &len), CD_ERROR_OUT_OF_RANGE);
  CHECK_RC(cd_code_severity(9999, &severity), CD_ERROR_OUT_OF_RANGE);
  CHECK_RC(cd_code_message(9999, CD_LANGUAGE_ENGLISH, &text, &len),
           CD_ERROR_OUT_OF_RANGE);
  CHECK_RC(cd_code_message(CD_FINDING_Ok, 5, &text, &len),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_code_name(CD_FINDING_Ok, NULL, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_code_from_name(S("ok"), NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_code_severity(CD_FINDING_Ok, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_severity_name(3, &text, &len), CD_ERROR_INVALID_ARGUMENT);
}

static void TestCheck(void) {
  int32_t code = -1;
  int32_t severity = -1;
  char canonical[64];
  char tiny[4];
  size_t len = 0;

  /* Valid, with the canonical form written. */
  CHECK_RC(cd_check(S("uscc"), S("91320621MA1MRHG205"), &code, &severity,
                    canonical, sizeof canonical, &len),
           CD_OK);
  CHECK(code == CD_FINDING_Ok && severity == CD_SEVERITY_INFO);
  CHECK(len == 18 && strcmp(canonical, "91320621MA1MRHG205") == 0);
  /* Normalised with a warning. */
  CHECK_RC(cd_check(S("uscc"), S("91320621ma1mrhg205"), &code, &severity,
                    canonical, sizeof canonical, &len),
           CD_OK);
  CHECK(code == CD_FINDING_UsccLowercase && severity == CD_SEVERITY_WARNING);
  CHECK(strcmp(canonical, "91320621MA1MRHG205") == 0);
  /* Rejected: no canonical form. */
  CHECK_RC(cd_check(S("id_number"), S("320281199001011234"), &code, &severity,
                    canonical, sizeof canonical, &len),
           CD_OK);
  CHECK(code == CD_FINDING_IdNumberChecksum && severity == CD_SEVERITY_ERROR);
  CHECK(len == 0 && canonical[0] == '\0');
  /* Every type by name. */
  CHECK_RC(cd_check(S("date"), S("2024年3月5日"), &code, &severity, canonical,
                    sizeof canonical, &len),
           CD_OK);
  CHECK(severity != CD_SEVERITY_ERROR && strcmp(canonical, "2024-03-05") == 0);
  CHECK_RC(cd_check(S("money"), S("1,234.5"), &code, &severity, canonical,
                    sizeof canonical, &len),
           CD_OK);
  CHECK(code == CD_FINDING_MoneyGrouping && strcmp(canonical, "1234.50") == 0);
  CHECK_RC(cd_check(S("month"), S("2024-13"), &code, &severity, canonical,
                    sizeof canonical, &len),
           CD_OK);
  CHECK(severity == CD_SEVERITY_ERROR);
  CHECK_RC(cd_check(S("rate"), S("12.5%"), &code, &severity, canonical,
                    sizeof canonical, &len),
           CD_OK);
  CHECK(strcmp(canonical, "12.5%") == 0);
  CHECK_RC(cd_check(S("yes_no"), S("是"), &code, &severity, canonical,
                    sizeof canonical, &len),
           CD_OK);
  CHECK(strcmp(canonical, "是") == 0);
  CHECK_RC(cd_check(S("text(2)"), S("abc"), &code, &severity, canonical,
                    sizeof canonical, &len),
           CD_OK);
  CHECK(code == CD_FINDING_TextTooLong);
  CHECK_RC(cd_check(S("text"), S("  abc "), &code, &severity, canonical,
                    sizeof canonical, &len),
           CD_OK);
  CHECK(strcmp(canonical, "abc") == 0);
  {
    static const char* const kTypes[] = {
        "text",     "uscc",        "org_code", "reg_no", "entity_code",
        "id_type",  "id_number",   "date",     "month",  "month_or_day",
        "validity", "money",       "quantity", "rate",   "count",
        "yes_no",   "usage_scope", "severity"};
    size_t i;
    for (i = 0; i < sizeof kTypes / sizeof kTypes[0]; ++i) {
      /* Empty is fine for every type: the record decides if it is needed. */
      CHECK_RC(cd_check(kTypes[i], strlen(kTypes[i]), NULL, 0, &code, &severity,
                        canonical, sizeof canonical, &len),
               CD_OK);
      CHECK(code == CD_FINDING_Ok && len == 0);
    }
  }
  /* Size query, then a buffer too small. */
  CHECK_RC(cd_check(S("uscc"), S("91320621MA1MRHG205"), &code, &severity, NULL,
                    0, &len),
           CD_OK);
  CHECK(len == 18);
  memset(tiny, 'x', sizeof tiny);
  CHECK_RC(cd_check(S("uscc"), S("91320621MA1MRHG205"), &code, &severity, tiny,
                    sizeof tiny, &len),
           CD_ERROR_BUFFER_TOO_SMALL);
  CHECK(len == 18 && tiny[0] == '\0' && code == CD_FINDING_Ok);
  /* Exactly the length is too small: the NUL needs a byte. */
  {
    char exact[18];
    CHECK_RC(cd_check(S("uscc"), S("91320621MA1MRHG205"), &code, &severity,
                      exact, sizeof exact, &len),
             CD_ERROR_BUFFER_TOO_SMALL);
  }
  /* Misuse. */
  CHECK_RC(cd_check(S("no_type"), S("x"), &code, &severity, canonical,
                    sizeof canonical, &len),
           CD_ERROR_NOT_FOUND);
  CHECK_RC(cd_check(NULL, 4, S("x"), &code, &severity, canonical,
                    sizeof canonical, &len),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_check(S("uscc"), NULL, 5, &code, &severity, canonical,
                    sizeof canonical, &len),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_check(S("uscc"), S("x"), NULL, &severity, canonical,
                    sizeof canonical, &len),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_check(S("uscc"), S("x"), &code, NULL, canonical, sizeof canonical,
                    &len),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_check(S("uscc"), S("x"), &code, &severity, NULL, 8, &len),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_check(S("uscc"), S("x"), &code, &severity, canonical,
                    sizeof canonical, NULL),
           CD_ERROR_INVALID_ARGUMENT);
}

static void TestChecker(void) {
  cd_checker* checker = NULL;
  int flag = -1;
  int32_t code = -1;
  int32_t severity = -1;
  size_t n = 0;
  const char* text = NULL;
  size_t len = 0;

  CHECK_RC(cd_checker_create(&checker), CD_OK);
  CHECK(strcmp(cd_checker_errmsg(checker), "") == 0);
  CHECK_RC(cd_checker_check(checker, S("id_number"), S(" 320281199001011233 ")),
           CD_OK);
  CHECK_RC(cd_checker_valid(checker, &flag), CD_OK);
  CHECK(flag == 1);
  CHECK_RC(cd_checker_normalised(checker, &flag), CD_OK);
  CHECK(flag == 1);
  CHECK_RC(cd_checker_empty(checker, &flag), CD_OK);
  CHECK(flag == 0);
  /* No certificate type given: a resident ID is inferred, with a warning. */
  CHECK_RC(cd_checker_code(checker, &code), CD_OK);
  CHECK(code == CD_FINDING_IdTypeInferred);
  CHECK_RC(cd_checker_severity(checker, &severity), CD_OK);
  CHECK(severity == CD_SEVERITY_WARNING);
  CHECK_RC(cd_checker_canonical(checker, &text, &len), CD_OK);
  CHECK(Same(text, len, "320281199001011233"));
  CHECK_RC(cd_checker_finding_count(checker, &n), CD_OK);
  CHECK(n == 1);
  CHECK_RC(cd_checker_finding(checker, 0, &code, &severity), CD_OK);
  CHECK(code == CD_FINDING_IdTypeInferred && severity == CD_SEVERITY_WARNING);
  CHECK_RC(cd_checker_finding(checker, 1, &code, &severity),
           CD_ERROR_OUT_OF_RANGE);
  CHECK_RC(cd_checker_set_id_type(checker, S("身份证")), CD_OK);
  CHECK_RC(cd_checker_check(checker, S("id_number"), S("320281199001011233")),
           CD_OK);
  CHECK_RC(cd_checker_code(checker, &code), CD_OK);
  CHECK(code == CD_FINDING_Ok);
  CHECK_RC(cd_checker_severity(checker, &severity), CD_OK);
  CHECK(severity == CD_SEVERITY_INFO);
  CHECK_RC(cd_checker_normalised(checker, &flag), CD_OK);
  CHECK(flag == 0);
  CHECK_RC(cd_checker_finding_count(checker, &n), CD_OK);
  CHECK(n == 0);

  /* A rejected value: findings and no canonical form. */
  CHECK_RC(cd_checker_check(checker, S("uscc"), S("91320621MA1MRHG206")),
           CD_OK);
  CHECK_RC(cd_checker_valid(checker, &flag), CD_OK);
  CHECK(flag == 0);
  CHECK_RC(cd_checker_code(checker, &code), CD_OK);
  CHECK(code == CD_FINDING_UsccChecksum);
  CHECK_RC(cd_checker_severity(checker, &severity), CD_OK);
  CHECK(severity == CD_SEVERITY_ERROR);
  CHECK_RC(cd_checker_finding_count(checker, &n), CD_OK);
  CHECK(n >= 1);
  CHECK_RC(cd_checker_finding(checker, 0, &code, &severity), CD_OK);
  CHECK(code == CD_FINDING_UsccChecksum && severity == CD_SEVERITY_ERROR);
  CHECK_RC(cd_checker_canonical(checker, &text, &len), CD_OK);
  CHECK(len == 0 && text[0] == '\0');

  /* Placeholders are empty. */
  CHECK_RC(cd_checker_check(checker, S("org_code"), S("无")), CD_OK);
  CHECK_RC(cd_checker_empty(checker, &flag), CD_OK);
  CHECK(flag == 1);

  /* Certificate type and reference date. */
  CHECK_RC(cd_checker_set_id_type(checker, S("护照")), CD_OK);
  CHECK_RC(cd_checker_check(checker, S("id_number"), S("E12345678")), CD_OK);
  CHECK_RC(cd_checker_valid(checker, &flag), CD_OK);
  CHECK(flag == 1);
  CHECK_RC(cd_checker_set_id_type(checker, S("军官证件")), CD_ERROR_NOT_FOUND);
  CHECK(Contains(cd_checker_errmsg(checker), "军官证件"));
  CHECK_RC(cd_checker_set_id_type(checker, NULL, 0), CD_OK);
  CHECK_RC(cd_checker_set_reference_date(checker, 2020, 1, 1), CD_OK);
  CHECK_RC(cd_checker_check(checker, S("date"), S("2021-05-05")), CD_OK);
  CHECK_RC(cd_checker_valid(checker, &flag), CD_OK);
  CHECK(flag == 1); /* a date alone may lie in the future */
  CHECK_RC(cd_checker_check(checker, S("id_number"), S("320281202101011231")),
           CD_OK);
  CHECK_RC(cd_checker_code(checker, &code), CD_OK);
  CHECK(code == CD_FINDING_IdNumberBirthDate ||
        code == CD_FINDING_IdNumberChecksum);
  CHECK_RC(cd_checker_set_reference_date(checker, 2021, 2, 30),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK(Contains(cd_checker_errmsg(checker), "2021-2-30"));
  CHECK_RC(cd_checker_set_reference_date(checker, 0, 0, 0), CD_OK);

  /* Unknown type: the verdict is cleared. */
  CHECK_RC(cd_checker_check(checker, S("colour"), S("red")),
           CD_ERROR_NOT_FOUND);
  CHECK(Contains(cd_checker_errmsg(checker), "colour"));
  CHECK_RC(cd_checker_code(checker, &code), CD_OK);
  CHECK(code == CD_FINDING_Ok);

  /* Misuse. */
  CHECK_RC(cd_checker_create(NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_checker_check(NULL, S("uscc"), S("x")),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_checker_check(checker, NULL, 2, S("x")),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_checker_set_id_type(NULL, S("护照")), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_checker_set_reference_date(NULL, 2020, 1, 1),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_checker_valid(NULL, &flag), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_checker_valid(checker, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_checker_empty(NULL, &flag), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_checker_normalised(NULL, &flag), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_checker_code(NULL, &code), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_checker_severity(NULL, &severity), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_checker_finding_count(NULL, &n), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_checker_finding(checker, 0, NULL, &severity),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_checker_canonical(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK(strcmp(cd_checker_errmsg(NULL), "NULL handle") == 0);
  cd_checker_destroy(checker);
}

static void TestReadOptions(void) {
  cd_read_options* options = NULL;
  CHECK_RC(cd_read_options_create(&options), CD_OK);
  CHECK_RC(cd_read_options_set_table(options, S("自然人欠缴费用信息")), CD_OK);
  CHECK_RC(cd_read_options_set_table(options, S("nope")), CD_ERROR_NOT_FOUND);
  CHECK_RC(cd_read_options_set_table(options, NULL, 0), CD_OK);
  CHECK_RC(cd_read_options_set_encoding(options, S("gb18030")), CD_OK);
  CHECK_RC(cd_read_options_set_encoding(options, S("latin-1")),
           CD_ERROR_NOT_FOUND);
  CHECK_RC(cd_read_options_set_encoding(options, S("auto")), CD_OK);
  CHECK_RC(cd_read_options_set_format(options, S("tsv")), CD_OK);
  CHECK_RC(cd_read_options_set_format(options, S("xml")), CD_ERROR_NOT_FOUND);
  CHECK_RC(cd_read_options_set_format(options, S("auto")), CD_OK);
  CHECK_RC(cd_read_options_set_max_findings(options, 10), CD_OK);
  CHECK_RC(cd_read_options_set_threads(options, 2), CD_OK);
  CHECK_RC(cd_read_options_set_threads(options, 0), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_read_options_set_threads(options, 65), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_read_options_set_threads(NULL, 1), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_read_options_set_max_record_bytes(NULL, 64),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_read_options_set_reference_date(options, 2025, 6, 30), CD_OK);
  CHECK_RC(cd_read_options_set_reference_date(options, 2025, 13, 1),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_read_options_set_reference_date(options, 0, 0, 0), CD_OK);

  CHECK_RC(cd_read_options_create(NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_read_options_set_table(NULL, S("x")), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_read_options_set_table(options, NULL, 1),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_read_options_set_encoding(NULL, S("auto")),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_read_options_set_format(NULL, S("auto")),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_read_options_set_max_findings(NULL, 1),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_read_options_set_reference_date(NULL, 0, 0, 0),
           CD_ERROR_INVALID_ARGUMENT);
  cd_read_options_destroy(options);
}

/* A stray quote opens at the start of row 2: with a cap on record length
   the record ends at its line end and row 3 is read; without one the quote
   swallows the rest. */
static void TestMaxRecordBytes(void) {
  char input[2048];
  snprintf(input, sizeof input, "%s\"%s%s", kHeader, kRow2, kRow3);
  cd_read_options* options = NULL;
  cd_report* report = NULL;
  int64_t rows = 0;
  CHECK_RC(cd_read_options_create(&options), CD_OK);
  CHECK_RC(cd_report_create(&report), CD_OK);
  CHECK_RC(cd_read_options_set_max_record_bytes(options, 64), CD_OK);
  CHECK_RC(cd_report_validate_buffer(report, options, input, strlen(input)),
           CD_OK);
  CHECK_RC(cd_report_count(report, CD_COUNT_ROWS, &rows), CD_OK);
  CHECK(rows == 2);
  CHECK_RC(cd_read_options_set_max_record_bytes(options, 0), CD_OK);
  CHECK_RC(cd_report_validate_buffer(report, options, input, strlen(input)),
           CD_OK);
  CHECK_RC(cd_report_count(report, CD_COUNT_ROWS, &rows), CD_OK);
  CHECK(rows == 1);
  cd_report_destroy(report);
  cd_read_options_destroy(options);
}

/* Reads the sample through a reader and checks rows, findings and typed
   values. */
static void TestReaderOnSample(cd_reader* reader) {
  const cd_record* record = NULL;
  const cd_finding* finding = NULL;
  const cd_table* table = NULL;
  const char* text = NULL;
  size_t len = 0;
  size_t n = 0;
  size_t field = 0;
  int64_t row = 0;
  int valid = -1;
  int present = -1;
  int32_t year = 0, month = 0, day = 0, value = 0;
  int64_t fen = 0, count = 0, units = 0;

  /* Row 2: valid. */
  CHECK_RC(cd_reader_next(reader), CD_ROW);
  CHECK_RC(cd_reader_row(reader, &row), CD_OK);
  CHECK(row == 2);
  CHECK_RC(cd_reader_row_valid(reader, &valid), CD_OK);
  CHECK(valid == 1);
  CHECK_RC(cd_reader_finding_count(reader, &n), CD_OK);
  CHECK(n == 0);
  CHECK_RC(cd_reader_table(reader, &table), CD_OK);
  CHECK_RC(cd_table_name(table, &text, &len), CD_OK);
  CHECK(Same(text, len, "natural_person_arrears"));
  CHECK_RC(cd_reader_format(reader, &text, &len), CD_OK);
  CHECK(Same(text, len, "csv"));
  CHECK_RC(cd_reader_encoding(reader, &text, &len), CD_OK);
  CHECK(Same(text, len, "utf-8"));
  CHECK_RC(cd_reader_raw_row(reader, &text, &len), CD_OK);
  CHECK(len == strlen(kRow2) - 1 && memcmp(text, kRow2, len) == 0);
  CHECK_RC(cd_reader_cell_count(reader, &n), CD_OK);
  CHECK(n == 17);
  CHECK_RC(cd_reader_cell(reader, 2, &text, &len), CD_OK);
  CHECK(SameBytes(text, len, "320281199001011233"));
  CHECK_RC(cd_reader_cell(reader, 17, &text, &len), CD_ERROR_OUT_OF_RANGE);

  CHECK_RC(cd_reader_record(reader, &record), CD_OK);
  CHECK_RC(cd_record_table(record, &table), CD_OK);
  CHECK_RC(cd_record_field_count(record, &n), CD_OK);
  CHECK(n == 17);
  CHECK_RC(cd_record_field_index(record, S("name"), &field), CD_OK);
  CHECK_RC(cd_record_text(record, field, &text, &len), CD_OK);
  CHECK(Same(text, len, "张三"));
  CHECK_RC(cd_record_field_index(record, S("arrears_amount"), &field), CD_OK);
  CHECK_RC(cd_record_money(record, field, &fen), CD_OK);
  CHECK(fen == 34560);
  CHECK_RC(cd_record_text(record, field, &text, &len), CD_OK);
  CHECK(Same(text, len, "345.60"));
  CHECK_RC(cd_record_date(record, field, &year, &month, &day),
           CD_ERROR_TYPE_MISMATCH);
  CHECK(Contains(cd_record_errmsg(record), "arrears_amount"));
  CHECK_RC(cd_record_field_index(record, S("arrears_start_date"), &field),
           CD_OK);
  CHECK_RC(cd_record_date(record, field, &year, &month, &day), CD_OK);
  CHECK(year == 2024 && month == 1 && day == 1);
  CHECK_RC(cd_record_month(record, field, &year, &month),
           CD_ERROR_TYPE_MISMATCH);
  CHECK_RC(cd_record_money(record, field, &fen), CD_ERROR_TYPE_MISMATCH);
  CHECK_RC(cd_record_field_index(record, S("overdue_days"), &field), CD_OK);
  CHECK_RC(cd_record_count(record, field, &count), CD_OK);
  CHECK(count == 90);
  CHECK_RC(cd_record_field_index(record, S("arrears_quantity"), &field), CD_OK);
  CHECK_RC(cd_record_quantity(record, field, &units), CD_OK);
  CHECK(units == 125000);
  CHECK_RC(cd_record_rate(record, field, &value), CD_ERROR_TYPE_MISMATCH);
  CHECK_RC(cd_record_field_index(record, S("severity"), &field), CD_OK);
  CHECK_RC(cd_record_code(record, field, &value), CD_OK);
  CHECK(value == CD_LEVEL_GENERAL);
  CHECK_RC(cd_record_field_index(record, S("usage_scope"), &field), CD_OK);
  CHECK_RC(cd_record_code(record, field, &value), CD_OK);
  CHECK(value == CD_USAGE_GOVERNMENT_SHARING);
  CHECK_RC(cd_record_field_index(record, S("id_type"), &field), CD_OK);
  CHECK_RC(cd_record_code(record, field, &value), CD_OK);
  CHECK(value == CD_ID_RESIDENT);
  CHECK_RC(cd_record_text(record, field, &text, &len), CD_OK);
  CHECK(Same(text, len, "身份证"));
  CHECK_RC(cd_record_field_index(record, S("validity"), &field), CD_OK);
  CHECK_RC(cd_record_text(record, field, &text, &len), CD_OK);
  CHECK(Same(text, len, "2027-12-31"));
  CHECK_RC(cd_record_code(record, field, &value), CD_ERROR_TYPE_MISMATCH);
  CHECK_RC(cd_record_count(record, field, &count), CD_ERROR_TYPE_MISMATCH);
  CHECK_RC(cd_record_quantity(record, field, &units), CD_ERROR_TYPE_MISMATCH);
  CHECK_RC(cd_record_has(record, field, &present), CD_OK);
  CHECK(present == 1);
  {
    const char* texts[17];
    size_t lens[17];
    const char* few[3];
    size_t few_lens[3];
    CHECK_RC(cd_record_texts(record, texts, lens, 17, &n), CD_OK);
    CHECK(n == 17);
    CHECK(Same(texts[0], lens[0], "张三"));
    CHECK(Same(texts[10], lens[10], "345.60"));
    CHECK(Same(texts[16], lens[16], "2025-01-10"));
    CHECK_RC(cd_record_texts(record, few, few_lens, 3, &n),
             CD_ERROR_BUFFER_TOO_SMALL);
    CHECK(n == 17);
    CHECK_RC(cd_record_texts(record, NULL, NULL, 0, &n),
             CD_ERROR_BUFFER_TOO_SMALL);
    CHECK(n == 17);
  }
  {
    char block[1024];
    char tiny[8];
    size_t needed = 0;
    CHECK_RC(cd_record_copy_texts(record, NULL, 0, &needed), CD_OK);
    CHECK(needed > 17 && needed < sizeof block);
    CHECK_RC(cd_record_copy_texts(record, tiny, sizeof tiny, &needed),
             CD_ERROR_BUFFER_TOO_SMALL);
    CHECK_RC(cd_record_copy_texts(record, block, sizeof block, &n), CD_OK);
    CHECK(n == needed && block[n - 1] == '\0');
    CHECK(strcmp(block, "张三") == 0);
    CHECK(strcmp(block + strlen("张三") + 1, "身份证") == 0);
    CHECK_RC(cd_record_copy_texts(NULL, block, sizeof block, &n),
             CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_record_copy_texts(record, NULL, 4, &n),
             CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_record_copy_texts(record, block, sizeof block, NULL),
             CD_ERROR_INVALID_ARGUMENT);
  }
  CHECK_RC(cd_record_text(record, 17, &text, &len), CD_ERROR_OUT_OF_RANGE);
  CHECK_RC(cd_record_field_index(record, S("colour"), &field),
           CD_ERROR_NOT_FOUND);
  CHECK(Contains(cd_record_errmsg(record), "colour"));
  /* A reader's record is read-only; destroying it does nothing. */
  CHECK_RC(cd_record_set((cd_record*)record, 0, S("x"), NULL), CD_ERROR_STATE);
  cd_record_destroy((cd_record*)record);

  /* Row 3: the identity number fails its checksum. */
  CHECK_RC(cd_reader_next(reader), CD_ROW);
  CHECK_RC(cd_reader_row(reader, &row), CD_OK);
  CHECK(row == 3);
  CHECK_RC(cd_reader_row_valid(reader, &valid), CD_OK);
  CHECK(valid == 0);
  CHECK_RC(cd_reader_finding_count(reader, &n), CD_OK);
  CHECK(n == 1);
  CHECK_RC(cd_reader_finding(reader, 0, &finding), CD_OK);
  CHECK_RC(cd_finding_row(finding, &row), CD_OK);
  CHECK(row == 3);
  CHECK_RC(cd_finding_column(finding, &value), CD_OK);
  CHECK(value == 3);
  CHECK_RC(cd_finding_code(finding, &value), CD_OK);
  CHECK(value == CD_FINDING_IdNumberChecksum);
  CHECK_RC(cd_finding_severity(finding, &value), CD_OK);
  CHECK(value == CD_SEVERITY_ERROR);
  CHECK_RC(cd_finding_header(finding, &text, &len), CD_OK);
  CHECK(Same(text, len, "证件号码"));
  CHECK_RC(cd_finding_field(finding, &text, &len), CD_OK);
  CHECK(Same(text, len, "id_number"));
  CHECK_RC(cd_finding_value(finding, &text, &len), CD_OK);
  CHECK(Same(text, len, "320281199001011234"));
  CHECK_RC(cd_finding_message(finding, &text, &len), CD_OK);
  CHECK(Contains(text, "check character"));
  CHECK_RC(cd_reader_finding(reader, 1, &finding), CD_ERROR_OUT_OF_RANGE);
  /* The rejected field is empty; the others are read. */
  CHECK_RC(cd_reader_record(reader, &record), CD_OK);
  CHECK_RC(cd_record_field_index(record, S("id_number"), &field), CD_OK);
  CHECK_RC(cd_record_has(record, field, &present), CD_OK);
  CHECK(present == 0);
  CHECK_RC(cd_record_text(record, field, &text, &len), CD_OK);
  CHECK(len == 0 && text[0] == '\0');
  CHECK_RC(cd_record_field_index(record, S("overdue_days"), &field), CD_OK);
  CHECK_RC(cd_record_count(record, field, &count), CD_ERROR_NO_VALUE);
  CHECK(Contains(cd_record_errmsg(record), "overdue_days"));
  CHECK_RC(cd_record_field_index(record, S("arrears_quantity"), &field), CD_OK);
  CHECK_RC(cd_record_quantity(record, field, &units), CD_ERROR_NO_VALUE);
  CHECK_RC(cd_record_field_index(record, S("arrears_amount"), &field), CD_OK);
  CHECK_RC(cd_record_money(record, field, &fen), CD_OK);
  CHECK(fen == 10000);

  /* Row 4: valid, with a normalised amount. */
  CHECK_RC(cd_reader_next(reader), CD_ROW);
  CHECK_RC(cd_reader_row(reader, &row), CD_OK);
  CHECK(row == 4);
  CHECK_RC(cd_reader_row_valid(reader, &valid), CD_OK);
  CHECK(valid == 1);
  CHECK_RC(cd_reader_finding_count(reader, &n), CD_OK);
  CHECK(n == 1);
  CHECK_RC(cd_reader_finding(reader, 0, &finding), CD_OK);
  CHECK_RC(cd_finding_code(finding, &value), CD_OK);
  CHECK(value == CD_FINDING_MoneyGrouping);
  CHECK_RC(cd_finding_severity(finding, &value), CD_OK);
  CHECK(value == CD_SEVERITY_WARNING);
  CHECK_RC(cd_reader_record(reader, &record), CD_OK);
  CHECK_RC(cd_record_field_index(record, S("arrears_amount"), &field), CD_OK);
  CHECK_RC(cd_record_money(record, field, &fen), CD_OK);
  CHECK(fen == 123450);
  CHECK_RC(cd_record_field_index(record, S("arrears_end_date"), &field), CD_OK);
  CHECK_RC(cd_record_date(record, field, &year, &month, &day), CD_OK);
  CHECK(year == 2024 && month == 2 && day == 29);
  CHECK_RC(cd_record_field_index(record, S("severity"), &field), CD_OK);
  CHECK_RC(cd_record_code(record, field, &value), CD_OK);
  CHECK(value == CD_LEVEL_SEVERE);

  /* The end, and after it. */
  CHECK_RC(cd_reader_next(reader), CD_DONE);
  CHECK_RC(cd_reader_next(reader), CD_DONE);
  CHECK_RC(cd_reader_row(reader, &row), CD_ERROR_STATE);
  CHECK(Contains(cd_reader_errmsg(reader), "cd_reader_next"));
  CHECK_RC(cd_reader_record(reader, &record), CD_ERROR_STATE);
  CHECK_RC(cd_reader_finding_count(reader, &n), CD_ERROR_STATE);
  {
    uint64_t read = 0, total = 0;
    CHECK_RC(cd_reader_progress(reader, &read, &total), CD_OK);
    CHECK(read == total && total == strlen(csv));
  }
}

/* Checks a report of the sample. */
static void CheckSampleReport(const cd_report* report, const char* file) {
  int64_t v = -1;
  const char* text = NULL;
  size_t len = 0;
  const cd_finding* finding = NULL;
  int32_t code = -1;
  int unreadable = -1;

  CHECK_RC(cd_report_count(report, CD_COUNT_ROWS, &v), CD_OK);
  CHECK(v == 3);
  CHECK_RC(cd_report_count(report, CD_COUNT_VALID_ROWS, &v), CD_OK);
  CHECK(v == 2);
  CHECK_RC(cd_report_count(report, CD_COUNT_REJECTED_ROWS, &v), CD_OK);
  CHECK(v == 1);
  CHECK_RC(cd_report_count(report, CD_COUNT_BLANK_LINES, &v), CD_OK);
  CHECK(v == 0);
  CHECK_RC(cd_report_count(report, CD_COUNT_ERRORS, &v), CD_OK);
  CHECK(v == 1);
  CHECK_RC(cd_report_count(report, CD_COUNT_WARNINGS, &v), CD_OK);
  CHECK(v == 1);
  CHECK_RC(cd_report_count(report, CD_COUNT_NORMALISED, &v), CD_OK);
  CHECK(v >= 1);
  CHECK_RC(cd_report_count(report, CD_COUNT_TRUNCATED, &v), CD_OK);
  CHECK(v == 0);
  CHECK_RC(cd_report_count(report, CD_COUNT_FINDINGS, &v), CD_OK);
  CHECK(v == 2);
  CHECK_RC(cd_report_count(report, 42, &v), CD_ERROR_INVALID_ARGUMENT);
  CHECK(Contains(cd_report_errmsg(report), "CD_COUNT_"));
  CHECK_RC(cd_report_info(report, CD_INFO_FILE, &text, &len), CD_OK);
  CHECK(Same(text, len, file));
  CHECK_RC(cd_report_info(report, CD_INFO_TABLE, &text, &len), CD_OK);
  CHECK(Same(text, len, "natural_person_arrears"));
  CHECK_RC(cd_report_info(report, CD_INFO_ENCODING, &text, &len), CD_OK);
  CHECK(Same(text, len, "utf-8"));
  CHECK_RC(cd_report_info(report, CD_INFO_FORMAT, &text, &len), CD_OK);
  CHECK(Same(text, len, "csv"));
  CHECK_RC(cd_report_info(report, 9, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_unreadable(report, &unreadable), CD_OK);
  CHECK(unreadable == 0);
  CHECK_RC(cd_report_finding(report, 0, &finding), CD_OK);
  CHECK_RC(cd_finding_code(finding, &code), CD_OK);
  CHECK(code == CD_FINDING_IdNumberChecksum);
  CHECK_RC(cd_report_finding(report, 1, &finding), CD_OK);
  CHECK_RC(cd_finding_code(finding, &code), CD_OK);
  CHECK(code == CD_FINDING_MoneyGrouping);
  CHECK_RC(cd_report_finding(report, 2, &finding), CD_ERROR_OUT_OF_RANGE);
  CHECK_RC(cd_report_json(report, &text, &len), CD_OK);
  CHECK(text[len] == '\0' && len > 0 && text[len - 1] == '\n');
  CHECK(Contains(text, "\"rows\":3,"));
  CHECK(Contains(text, "\"rejected_rows\":1,"));
  CHECK(Contains(text, "\"code\":\"id_number.checksum\""));
  CHECK_RC(cd_report_text(report, &text, &len), CD_OK);
  CHECK(len > 0 && Contains(text, "id_number.checksum"));
}

static void TestReaderBuffer(void) {
  cd_reader* reader = NULL;
  cd_report* report = NULL;
  const cd_table* table = NULL;
  const char* text = NULL;
  size_t len = 0;

  CHECK_RC(cd_reader_create(NULL, &reader), CD_OK);
  CHECK(strcmp(cd_reader_errmsg(reader), "") == 0);
  /* Before opening. */
  CHECK_RC(cd_reader_next(reader), CD_ERROR_STATE);
  CHECK(Contains(cd_reader_errmsg(reader), "not opened"));
  CHECK_RC(cd_reader_table(reader, &table), CD_ERROR_NO_VALUE);
  CHECK_RC(cd_reader_format(reader, &text, &len), CD_OK);
  CHECK(len == 0);
  CHECK_RC(cd_reader_encoding(reader, &text, &len), CD_OK);
  CHECK(len == 0);
  CHECK_RC(cd_report_create(&report), CD_OK);
  CHECK_RC(cd_reader_report(reader, report), CD_ERROR_STATE);

  CHECK_RC(cd_reader_open_buffer(reader, csv, strlen(csv)), CD_OK);
  TestReaderOnSample(reader);
  CHECK_RC(cd_reader_report(reader, report), CD_OK);
  CheckSampleReport(report, "");

  /* Opening again starts over. */
  CHECK_RC(cd_reader_open_buffer(reader, csv, strlen(csv)), CD_OK);
  TestReaderOnSample(reader);

  /* An input that is not a table: no rows, a file finding. */
  {
    int unreadable = 0;
    int64_t rows = -1;
    const cd_finding* finding = NULL;
    int32_t code = -1;
    CHECK_RC(cd_reader_open_buffer(reader, S("colour,size\nred,2\n")), CD_OK);
    CHECK_RC(cd_reader_next(reader), CD_DONE);
    CHECK_RC(cd_reader_table(reader, &table), CD_ERROR_NO_VALUE);
    CHECK_RC(cd_reader_report(reader, report), CD_OK);
    CHECK_RC(cd_report_unreadable(report, &unreadable), CD_OK);
    CHECK(unreadable == 1);
    CHECK_RC(cd_report_count(report, CD_COUNT_ROWS, &rows), CD_OK);
    CHECK(rows == 0);
    CHECK_RC(cd_report_finding(report, 0, &finding), CD_OK);
    CHECK_RC(cd_finding_code(finding, &code), CD_OK);
    CHECK(code == CD_FINDING_FileUnknownTable);
    /* An empty input. */
    CHECK_RC(cd_reader_open_buffer(reader, NULL, 0), CD_OK);
    CHECK_RC(cd_reader_next(reader), CD_DONE);
    CHECK_RC(cd_reader_report(reader, report), CD_OK);
    CHECK_RC(cd_report_finding(report, 0, &finding), CD_OK);
    CHECK_RC(cd_finding_code(finding, &code), CD_OK);
    CHECK(code == CD_FINDING_FileNoHeader);
  }

  /* NDJSON keyed by field id, table given. */
  {
    static const char kNdjson[] =
        "{\"name\":\"张三\",\"id_type\":\"身份证\",\"id_number\":"
        "\"320281199001011233\",\"account_no\":\"6222001\",\"arrears_type\":"
        "\"水费\",\"arrears_start_date\":\"2024-01-01\",\"arrears_end_date\":"
        "\"2024-03-31\",\"arrears_amount\":345.6,\"severity\":\"一般\","
        "\"source_department\":\"江阴市自来水有限公司\",\"provider\":"
        "\"江阴市自来水有限公司\",\"usage_scope\":\"政务共享\","
        "\"provided_date\":\"2025-01-10\"}\n"
        "[1]\n";
    cd_read_options* options = NULL;
    cd_reader* json = NULL;
    const cd_record* record = NULL;
    size_t field = 0;
    int64_t fen = 0;
    int valid = 0;
    CHECK_RC(cd_read_options_create(&options), CD_OK);
    CHECK_RC(cd_read_options_set_table(options, S("natural_person_arrears")),
             CD_OK);
    CHECK_RC(cd_read_options_set_format(options, S("ndjson")), CD_OK);
    CHECK_RC(cd_reader_create(options, &json), CD_OK);
    cd_read_options_destroy(options); /* the reader keeps a copy */
    CHECK_RC(cd_reader_open_buffer(json, kNdjson, strlen(kNdjson)), CD_OK);
    CHECK_RC(cd_reader_next(json), CD_ROW);
    CHECK_RC(cd_reader_row_valid(json, &valid), CD_OK);
    CHECK(valid == 1);
    CHECK_RC(cd_reader_format(json, &text, &len), CD_OK);
    CHECK(Same(text, len, "ndjson"));
    CHECK_RC(cd_reader_record(json, &record), CD_OK);
    CHECK_RC(cd_record_field_index(record, S("arrears_amount"), &field), CD_OK);
    CHECK_RC(cd_record_money(record, field, &fen), CD_OK);
    CHECK(fen == 34560);
    /* A value that is not an object: a rejected row whose fields are all
       empty (not the previous row's). */
    CHECK_RC(cd_reader_next(json), CD_ROW);
    CHECK_RC(cd_reader_row_valid(json, &valid), CD_OK);
    CHECK(valid == 0);
    {
      const cd_finding* finding = NULL;
      int32_t code = -1;
      int present = -1;
      CHECK_RC(cd_reader_finding(json, 0, &finding), CD_OK);
      CHECK_RC(cd_finding_code(finding, &code), CD_OK);
      CHECK(code == CD_FINDING_JsonNotObject);
      CHECK_RC(cd_reader_record(json, &record), CD_OK);
      CHECK_RC(cd_record_has(record, 0, &present), CD_OK);
      CHECK(present == 0);
      CHECK_RC(cd_record_money(record, field, &fen), CD_ERROR_NO_VALUE);
    }
    CHECK_RC(cd_reader_next(json), CD_DONE);
    cd_reader_destroy(json);
  }

  /* Misuse. */
  CHECK_RC(cd_reader_create(NULL, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_reader_open_buffer(NULL, csv, 1), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_reader_open_buffer(reader, NULL, 5), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_reader_next(NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_reader_row(NULL, NULL), CD_ERROR_INVALID_ARGUMENT);
  {
    int64_t row;
    int valid;
    size_t n;
    const cd_record* record;
    const cd_finding* finding;
    uint64_t a, b;
    CHECK_RC(cd_reader_row(NULL, &row), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_row_valid(NULL, &valid), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_row_valid(reader, NULL), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_record(NULL, &record), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_finding_count(NULL, &n), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_finding(NULL, 0, &finding), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_finding(reader, 0, NULL), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_raw_row(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_cell_count(NULL, &n), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_cell(NULL, 0, &text, &len), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_table(NULL, &table), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_format(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_encoding(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_progress(NULL, &a, &b), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_progress(reader, NULL, &b), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_report(NULL, report), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_reader_report(reader, NULL), CD_ERROR_INVALID_ARGUMENT);
  }
  CHECK(strcmp(cd_reader_errmsg(NULL), "NULL handle") == 0);
  cd_report_destroy(report);
  cd_reader_destroy(reader);
}

static void TestFiles(void) {
  char path[] = "/tmp/cd_c_api_test_XXXXXX";
  int fd = mkstemp(path);
  cd_reader* reader = NULL;
  cd_report* report = NULL;
  cd_read_options* options = NULL;
  CHECK(fd >= 0);
  if (fd < 0) return;
  CHECK(write(fd, csv, strlen(csv)) == (ssize_t)strlen(csv));
  close(fd);

  CHECK_RC(cd_reader_create(NULL, &reader), CD_OK);
  CHECK_RC(cd_reader_open_file(reader, path, strlen(path)), CD_OK);
  TestReaderOnSample(reader);
  CHECK_RC(cd_report_create(&report), CD_OK);
  CHECK_RC(cd_report_validate_file(report, NULL, path, strlen(path)), CD_OK);
  CheckSampleReport(report, path);

  /* The same through a buffer, with options: max findings 1. */
  CHECK_RC(cd_read_options_create(&options), CD_OK);
  CHECK_RC(cd_read_options_set_max_findings(options, 1), CD_OK);
  CHECK_RC(cd_report_validate_buffer(report, options, csv, strlen(csv)), CD_OK);
  {
    int64_t v = 0;
    CHECK_RC(cd_report_count(report, CD_COUNT_FINDINGS, &v), CD_OK);
    CHECK(v == 1);
    CHECK_RC(cd_report_count(report, CD_COUNT_TRUNCATED, &v), CD_OK);
    CHECK(v == 1);
    CHECK_RC(cd_report_count(report, CD_COUNT_WARNINGS, &v), CD_OK);
    CHECK(v == 1); /* counted, not stored */
  }
  CHECK_RC(cd_report_validate_buffer(report, NULL, csv, strlen(csv)), CD_OK);
  CheckSampleReport(report, "");

  /* Missing files: IO, with the path in the message. */
  CHECK_RC(cd_reader_open_file(reader, S("/nonexistent/cd.csv")), CD_ERROR_IO);
  CHECK(Contains(cd_reader_errmsg(reader), "/nonexistent/cd.csv"));
  CHECK_RC(cd_reader_next(reader), CD_ERROR_STATE);
  CHECK_RC(cd_report_validate_file(report, NULL, S("/nonexistent/cd.csv")),
           CD_ERROR_IO);
  CHECK(Contains(cd_report_errmsg(report), "/nonexistent/cd.csv"));
  {
    int64_t v = -1;
    CHECK_RC(cd_report_count(report, CD_COUNT_ROWS, &v), CD_OK);
    CHECK(v == 0);
  }
  /* Bad paths. */
  CHECK_RC(cd_reader_open_file(reader, "", 0), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_reader_open_file(reader, "a\0b", 3), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_reader_open_file(NULL, path, strlen(path)),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_reader_open_file(reader, NULL, 3), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_validate_file(NULL, NULL, path, strlen(path)),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_validate_file(report, NULL, "", 0),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_validate_buffer(NULL, NULL, csv, 1),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_validate_buffer(report, NULL, NULL, 1),
           CD_ERROR_INVALID_ARGUMENT);

  cd_read_options_destroy(options);
  cd_report_destroy(report);
  cd_reader_destroy(reader);
  unlink(path);
}

static void TestReportMisuse(void) {
  int64_t v;
  int flag;
  const char* text;
  size_t len;
  const cd_finding* finding;
  cd_report* report = NULL;
  CHECK_RC(cd_report_create(NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_create(&report), CD_OK);
  /* A new report is empty. */
  CHECK_RC(cd_report_count(report, CD_COUNT_ROWS, &v), CD_OK);
  CHECK(v == 0);
  CHECK_RC(cd_report_json(report, &text, &len), CD_OK);
  CHECK(Contains(text, "\"rows\":0"));
  CHECK_RC(cd_report_count(NULL, CD_COUNT_ROWS, &v), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_count(report, CD_COUNT_ROWS, NULL),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_info(NULL, CD_INFO_FILE, &text, &len),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_info(report, CD_INFO_FILE, NULL, &len),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_unreadable(NULL, &flag), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_finding(NULL, 0, &finding), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_finding(report, 0, &finding), CD_ERROR_OUT_OF_RANGE);
  CHECK_RC(cd_report_json(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_json(report, &text, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_report_text(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK(strcmp(cd_report_errmsg(NULL), "NULL handle") == 0);
  /* Findings: NULL handles. */
  {
    int64_t row;
    int32_t i32;
    CHECK_RC(cd_finding_row(NULL, &row), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_finding_column(NULL, &i32), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_finding_code(NULL, &i32), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_finding_severity(NULL, &i32), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_finding_header(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_finding_field(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_finding_value(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
    CHECK_RC(cd_finding_message(NULL, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  }
  cd_report_destroy(report);
}

static void TestOwnedRecords(void) {
  const cd_table* fund = NULL;
  const cd_table* utility = NULL;
  cd_record* record = NULL;
  cd_record* copy = NULL;
  const cd_table* table = NULL;
  size_t field = 0;
  size_t n = 0;
  int32_t code = -1, year = 0, month = 0, day = 0, value = 0;
  int64_t fen = 0, count = 0;
  const char* text = NULL;
  size_t len = 0;
  int present = -1;

  CHECK_RC(cd_table_find(S("legal_person_housing_fund"), &fund), CD_OK);
  CHECK_RC(cd_record_create(fund, &record), CD_OK);
  CHECK(strcmp(cd_record_errmsg(record), "") == 0);
  CHECK_RC(cd_record_table(record, &table), CD_OK);
  CHECK(table == fund);
  CHECK_RC(cd_record_field_count(record, &n), CD_OK);
  /* Everything starts empty. */
  CHECK_RC(cd_record_field_index(record, S("contribution_start_month"), &field),
           CD_OK);
  CHECK_RC(cd_record_has(record, field, &present), CD_OK);
  CHECK(present == 0);
  CHECK_RC(cd_record_month(record, field, &year, &month), CD_ERROR_NO_VALUE);
  CHECK_RC(cd_record_set(record, field, S("2024年1月"), &code), CD_OK);
  CHECK_RC(cd_record_month(record, field, &year, &month), CD_OK);
  CHECK(year == 2024 && month == 1);
  CHECK_RC(cd_record_text(record, field, &text, &len), CD_OK);
  CHECK(Same(text, len, "2024-01"));
  CHECK_RC(cd_record_date(record, field, &year, &month, &day),
           CD_ERROR_TYPE_MISMATCH);

  CHECK_RC(cd_record_field_index(record, S("contribution_rate"), &field),
           CD_OK);
  CHECK_RC(cd_record_set(record, field, S("12%"), NULL), CD_OK);
  CHECK_RC(cd_record_rate(record, field, &value), CD_OK);
  CHECK(value == 1200);
  CHECK_RC(cd_record_set(record, field, S("abc"), &code),
           CD_ERROR_INVALID_VALUE);
  CHECK(code == CD_FINDING_RateFormat);
  CHECK(Contains(cd_record_errmsg(record), "rate.format"));
  CHECK_RC(cd_record_rate(record, field, &value), CD_ERROR_NO_VALUE);

  CHECK_RC(cd_record_field_index(record, S("contributor_count"), &field),
           CD_OK);
  CHECK_RC(cd_record_set(record, field, S("15"), &code), CD_OK);
  CHECK(code == CD_FINDING_Ok);
  CHECK_RC(cd_record_count(record, field, &count), CD_OK);
  CHECK(count == 15);
  CHECK_RC(cd_record_field_index(record, S("monthly_fund_amount"), &field),
           CD_OK);
  CHECK_RC(cd_record_set(record, field, S("1,234.50"), &code), CD_OK);
  CHECK(code == CD_FINDING_MoneyGrouping);
  CHECK_RC(cd_record_money(record, field, &fen), CD_OK);
  CHECK(fen == 123450);

  /* A month-or-day field: a day, then a month. */
  CHECK_RC(cd_record_field_index(record, S("period_date"), &field), CD_OK);
  CHECK_RC(cd_record_set(record, field, S("2024-03-15"), NULL), CD_OK);
  CHECK_RC(cd_record_date(record, field, &year, &month, &day), CD_OK);
  CHECK(year == 2024 && month == 3 && day == 15);
  CHECK_RC(cd_record_month(record, field, &year, &month), CD_OK);
  CHECK(year == 2024 && month == 3);
  CHECK_RC(cd_record_set(record, field, S("2024-04"), NULL), CD_OK);
  CHECK_RC(cd_record_date(record, field, &year, &month, &day),
           CD_ERROR_TYPE_MISMATCH);
  CHECK_RC(cd_record_month(record, field, &year, &month), CD_OK);
  CHECK(month == 4);
  /* Length 0 empties a field. */
  CHECK_RC(cd_record_set(record, field, NULL, 0, NULL), CD_OK);
  CHECK_RC(cd_record_has(record, field, &present), CD_OK);
  CHECK(present == 0);

  /* A clone is independent. */
  CHECK_RC(cd_record_clone(record, &copy), CD_OK);
  CHECK_RC(cd_record_field_index(copy, S("monthly_fund_amount"), &field),
           CD_OK);
  CHECK_RC(cd_record_set(copy, field, S("1.00"), NULL), CD_OK);
  CHECK_RC(cd_record_money(record, field, &fen), CD_OK);
  CHECK(fen == 123450);
  CHECK_RC(cd_record_money(copy, field, &fen), CD_OK);
  CHECK(fen == 100);
  cd_record_destroy(copy);

  /* Yes/no in the utility table. */
  CHECK_RC(cd_table_find(S("legal_person_utility_payment"), &utility), CD_OK);
  CHECK_RC(cd_record_create(utility, &copy), CD_OK);
  CHECK_RC(cd_record_field_index(copy, S("prepaid"), &field), CD_OK);
  CHECK_RC(cd_record_set(copy, field, S("是"), NULL), CD_OK);
  CHECK_RC(cd_record_code(copy, field, &value), CD_OK);
  CHECK(value == CD_YES);
  cd_record_destroy(copy);

  /* Misuse. */
  CHECK_RC(cd_record_create(NULL, &copy), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_create(fund, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_clone(NULL, &copy), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_clone(record, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_table(NULL, &table), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_field_count(NULL, &n), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_field_index(NULL, S("x"), &n), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_has(NULL, 0, &present), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_has(record, 0, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_has(record, 99, &present), CD_ERROR_OUT_OF_RANGE);
  CHECK(Contains(cd_record_errmsg(record), "99"));
  CHECK_RC(cd_record_text(NULL, 0, &text, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_texts(NULL, NULL, NULL, 0, &n), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_money(NULL, 0, &fen), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_money(record, 0, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_money(record, 99, &fen), CD_ERROR_OUT_OF_RANGE);
  CHECK_RC(cd_record_date(NULL, 0, &year, &month, &day),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_month(NULL, 0, &year, &month), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_count(NULL, 0, &count), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_quantity(NULL, 0, &fen), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_rate(NULL, 0, &value), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_code(NULL, 0, &value), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_set(NULL, 0, S("x"), NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_set(record, 0, NULL, 4, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_record_set(record, 99, S("x"), NULL), CD_ERROR_OUT_OF_RANGE);
  CHECK(strcmp(cd_record_errmsg(NULL), "NULL handle") == 0);
  cd_record_destroy(record);
}

static void TestWriters(void) {
  const cd_table* arrears = NULL;
  const cd_table* fund = NULL;
  cd_writer* writer = NULL;
  cd_reader* reader = NULL;
  cd_record* other = NULL;
  const cd_record* record = NULL;
  cd_buffer* buffer = NULL;
  const char* data = NULL;
  size_t len = 0;
  size_t needed = 0;
  char* out = NULL;
  int32_t rc;

  CHECK_RC(cd_table_find(S("natural_person_arrears"), &arrears), CD_OK);
  CHECK_RC(cd_table_find(S("legal_person_housing_fund"), &fund), CD_OK);
  CHECK_RC(cd_writer_create(arrears, S("csv"), CD_HEADER_TEMPLATE, &writer),
           CD_OK);
  CHECK(strcmp(cd_writer_errmsg(writer), "") == 0);
  CHECK_RC(cd_reader_create(NULL, &reader), CD_OK);
  CHECK_RC(cd_reader_open_buffer(reader, csv, strlen(csv)), CD_OK);
  CHECK_RC(cd_reader_next(reader), CD_ROW);
  CHECK_RC(cd_reader_record(reader, &record), CD_OK);

  /* Out of order. */
  CHECK_RC(cd_writer_write(writer, record), CD_ERROR_STATE);
  CHECK(Contains(cd_writer_errmsg(writer), "cd_writer_begin"));
  CHECK_RC(cd_writer_end(writer), CD_ERROR_STATE);
  CHECK_RC(cd_writer_begin(writer), CD_OK);
  CHECK_RC(cd_writer_begin(writer), CD_ERROR_STATE);

  /* Valid rows only, as `creditdata convert` does. */
  while (1) {
    int valid = 0;
    CHECK_RC(cd_reader_row_valid(reader, &valid), CD_OK);
    if (valid) CHECK_RC(cd_writer_write(writer, record), CD_OK);
    rc = cd_reader_next(reader);
    if (rc != CD_ROW) break;
  }
  CHECK_RC(rc, CD_DONE);
  /* A record of another table. */
  CHECK_RC(cd_record_create(fund, &other), CD_OK);
  CHECK_RC(cd_writer_write(writer, other), CD_ERROR_WRONG_TABLE);
  CHECK(Contains(cd_writer_errmsg(writer), "legal_person_housing_fund"));
  CHECK_RC(cd_writer_end(writer), CD_OK);
  CHECK_RC(cd_writer_end(writer), CD_ERROR_STATE);
  CHECK_RC(cd_writer_write(writer, record), CD_ERROR_STATE);

  /* The output: borrowed view, size query, too small, copy. */
  CHECK_RC(cd_writer_output(writer, &data, &len), CD_OK);
  CHECK(len > 0 && memcmp(data, kHeader, strlen(kHeader)) == 0);
  CHECK(Contains(data, "王五"));
  CHECK(!Contains(data, "李四"));
  CHECK(Contains(data, ",1234.50,"));
  CHECK_RC(cd_writer_copy_output(writer, NULL, 0, &needed), CD_OK);
  CHECK(needed == len);
  {
    char small[8];
    CHECK_RC(cd_writer_copy_output(writer, small, sizeof small, &needed),
             CD_ERROR_BUFFER_TOO_SMALL);
    CHECK(needed == len);
  }
  out = (char*)malloc(needed + 1);
  CHECK_RC(cd_writer_copy_output(writer, out, needed, &needed), CD_OK);
  out[needed] = '\0';
  CHECK(memcmp(out, kHeader, strlen(kHeader)) == 0);
  CHECK_RC(cd_writer_output(writer, &data, &len), CD_OK);
  CHECK(len == 0); /* taken */

  /* What was written reads back the same. */
  {
    cd_report* report = NULL;
    int64_t rows = 0, valid = 0;
    CHECK_RC(cd_report_create(&report), CD_OK);
    CHECK_RC(cd_report_validate_buffer(report, NULL, out, needed), CD_OK);
    CHECK_RC(cd_report_count(report, CD_COUNT_ROWS, &rows), CD_OK);
    CHECK_RC(cd_report_count(report, CD_COUNT_VALID_ROWS, &valid), CD_OK);
    CHECK(rows == 2 && valid == 2);
    cd_report_destroy(report);
  }
  free(out);
  cd_writer_destroy(writer);

  /* JSON into an owned buffer. */
  CHECK_RC(cd_reader_open_buffer(reader, csv, strlen(csv)), CD_OK);
  CHECK_RC(cd_writer_create(arrears, S("json"), CD_HEADER_TEMPLATE, &writer),
           CD_OK);
  CHECK_RC(cd_writer_begin(writer), CD_OK);
  while (cd_reader_next(reader) == CD_ROW) {
    CHECK_RC(cd_reader_record(reader, &record), CD_OK);
    CHECK_RC(cd_writer_write(writer, record), CD_OK);
  }
  CHECK_RC(cd_writer_end(writer), CD_OK);
  CHECK_RC(cd_writer_take_output(writer, &buffer), CD_OK);
  CHECK_RC(cd_buffer_data(buffer, &data, &len), CD_OK);
  CHECK(len > 2 && data[0] == '[' && data[len] == '\0');
  CHECK(Contains(data, "\"arrears_amount\":\"1234.50\""));
  CHECK(Contains(data, "\"id_number\":null")); /* row 3's rejected value */
  cd_buffer_destroy(buffer);
  CHECK_RC(cd_writer_take_output(writer, &buffer), CD_OK);
  CHECK_RC(cd_buffer_data(buffer, &data, &len), CD_OK);
  CHECK(len == 0 && data[0] == '\0');
  cd_buffer_destroy(buffer);
  cd_writer_destroy(writer);

  /* Every format; GB18030 encodes the header. */
  {
    static const char* const kFormats[] = {"csv", "csv-bom", "gb18030", "json",
                                           "ndjson"};
    size_t i;
    for (i = 0; i < 5; ++i) {
      CHECK_RC(cd_writer_create(arrears, kFormats[i], strlen(kFormats[i]),
                                CD_HEADER_FIELD_IDS, &writer),
               CD_OK);
      CHECK_RC(cd_writer_begin(writer), CD_OK);
      CHECK_RC(cd_writer_end(writer), CD_OK);
      CHECK_RC(cd_writer_output(writer, &data, &len), CD_OK);
      if (strcmp(kFormats[i], "csv") == 0) {
        CHECK(strncmp(data, "name,id_type,", 13) == 0);
      } else if (strcmp(kFormats[i], "csv-bom") == 0) {
        CHECK(strncmp(data, "\xEF\xBB\xBFname,", 8) == 0);
      } else if (strcmp(kFormats[i], "json") == 0) {
        CHECK(strcmp(data, "[]\n") == 0);
      } else if (strcmp(kFormats[i], "ndjson") == 0) {
        CHECK(len == 0);
      }
      cd_writer_destroy(writer);
    }
    CHECK_RC(
        cd_writer_create(arrears, S("gb18030"), CD_HEADER_TEMPLATE, &writer),
        CD_OK);
    CHECK_RC(cd_writer_begin(writer), CD_OK);
    CHECK_RC(cd_writer_output(writer, &data, &len), CD_OK);
    CHECK(len >= 4 && memcmp(data, "\xD0\xD5\xC3\xFB", 4) == 0); /* 姓名 */
    cd_writer_destroy(writer);
  }

  /* Misuse. */
  CHECK_RC(cd_writer_create(arrears, S("xlsx"), CD_HEADER_TEMPLATE, &writer),
           CD_ERROR_NOT_FOUND);
  CHECK_RC(cd_writer_create(arrears, S("csv"), 7, &writer),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_writer_create(NULL, S("csv"), CD_HEADER_TEMPLATE, &writer),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_writer_create(arrears, S("csv"), CD_HEADER_TEMPLATE, NULL),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_writer_begin(NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_writer_write(NULL, record), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_writer_end(NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_writer_output(NULL, &data, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_writer_copy_output(NULL, NULL, 0, &needed),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_writer_take_output(NULL, &buffer), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_buffer_data(NULL, &data, &len), CD_ERROR_INVALID_ARGUMENT);
  CHECK(strcmp(cd_writer_errmsg(NULL), "NULL handle") == 0);
  CHECK_RC(cd_writer_create(arrears, S("csv"), CD_HEADER_TEMPLATE, &writer),
           CD_OK);
  CHECK_RC(cd_writer_begin(writer), CD_OK);
  CHECK_RC(cd_writer_write(writer, NULL), CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_writer_copy_output(writer, NULL, 5, &needed),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_writer_copy_output(writer, NULL, 0, NULL),
           CD_ERROR_INVALID_ARGUMENT);
  CHECK_RC(cd_writer_take_output(writer, NULL), CD_ERROR_INVALID_ARGUMENT);
  cd_writer_destroy(writer);
  cd_record_destroy(other);
  cd_reader_destroy(reader);
}

static void TestDestroyNull(void) {
  cd_read_options_destroy(NULL);
  cd_reader_destroy(NULL);
  cd_record_destroy(NULL);
  cd_report_destroy(NULL);
  cd_writer_destroy(NULL);
  cd_checker_destroy(NULL);
  cd_buffer_destroy(NULL);
  CHECK(1);
}

int main(void) {
  BuildCsv();
  TestVersion();
  TestResultStrings();
  TestSchema();
  TestCodes();
  TestCheck();
  TestChecker();
  TestReadOptions();
  TestMaxRecordBytes();
  TestReaderBuffer();
  TestFiles();
  TestReportMisuse();
  TestOwnedRecords();
  TestWriters();
  TestDestroyNull();
  if (failures > 0) {
    fprintf(stderr, "c_api_test: %d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("c_api_test: all %d checks passed\n", checks);
  return 0;
}
