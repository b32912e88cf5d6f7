/* validate_file: validates a submission through creditdata's C API and
 * prints its counts and findings.
 *
 *   validate_file [--table TABLE] [--json] FILE
 *
 * Exit status: 0 when every row is valid, 1 when some row is rejected or the
 * input is not a table, 2 on a usage or I/O error. Build with
 *   cc validate_file.c $(pkg-config --cflags --libs creditdata)
 */

#include <stdio.h>
#include <string.h>

#include "creditdata/creditdata.h"

/* Prints what went wrong and returns the exit status for it. */
static int Fail(const char* what, int32_t rc, const char* detail) {
  fprintf(stderr, "validate_file: %s: %s%s%s\n", what, cd_result_string(rc),
          detail[0] != '\0' ? ": " : "", detail);
  return 2;
}

int main(int argc, char** argv) {
  const char* table = NULL;
  const char* path = NULL;
  int json = 0;
  int i;
  int32_t rc;
  cd_read_options* options = NULL;
  cd_report* report = NULL;
  int status = 0;

  for (i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--table") == 0 && i + 1 < argc) {
      table = argv[++i];
    } else if (strcmp(argv[i], "--json") == 0) {
      json = 1;
    } else if (path == NULL && argv[i][0] != '-') {
      path = argv[i];
    } else {
      path = NULL;
      break;
    }
  }
  if (path == NULL) {
    fprintf(stderr, "usage: validate_file [--table TABLE] [--json] FILE\n");
    return 2;
  }
  if (cd_version_number() / 1000000 != CD_VERSION_MAJOR) {
    fprintf(stderr, "validate_file: built for creditdata %s, loaded %s\n",
            CD_VERSION_STRING, cd_version());
    return 2;
  }

  if ((rc = cd_read_options_create(&options)) != CD_OK) {
    return Fail("options", rc, "");
  }
  if (table != NULL && (rc = cd_read_options_set_table(
                            options, table, strlen(table))) != CD_OK) {
    cd_read_options_destroy(options);
    return Fail(table, rc, "");
  }
  if ((rc = cd_report_create(&report)) != CD_OK) {
    cd_read_options_destroy(options);
    return Fail("report", rc, "");
  }
  rc = cd_report_validate_file(report, options, path, strlen(path));
  if (rc != CD_OK) {
    status = Fail(path, rc, cd_report_errmsg(report));
  } else if (json) {
    const char* text;
    size_t len;
    cd_report_json(report, &text, &len);
    fwrite(text, 1, len, stdout);
  } else {
    static const struct {
      int32_t which;
      const char* name;
    } kCounts[] = {{CD_COUNT_ROWS, "rows"},
                   {CD_COUNT_VALID_ROWS, "valid"},
                   {CD_COUNT_REJECTED_ROWS, "rejected"},
                   {CD_COUNT_ERRORS, "errors"},
                   {CD_COUNT_WARNINGS, "warnings"},
                   {CD_COUNT_BLANK_LINES, "blank lines"}};
    const char* text;
    size_t len;
    int64_t value;
    int64_t findings = 0;
    int64_t f;
    size_t k;

    cd_report_info(report, CD_INFO_TABLE, &text, &len);
    printf("%s: table %s", path, len > 0 ? text : "(none)");
    cd_report_info(report, CD_INFO_FORMAT, &text, &len);
    printf(", %s", text);
    cd_report_info(report, CD_INFO_ENCODING, &text, &len);
    printf(", %s\n", text);
    for (k = 0; k < sizeof kCounts / sizeof kCounts[0]; ++k) {
      cd_report_count(report, kCounts[k].which, &value);
      printf("%s%s %lld", k == 0 ? "" : ", ", kCounts[k].name,
             (long long)value);
    }
    printf("\n");

    cd_report_count(report, CD_COUNT_FINDINGS, &findings);
    for (f = 0; f < findings; ++f) {
      const cd_finding* finding;
      int64_t row;
      int32_t column, code, severity;
      const char *name, *level, *field, *message;
      size_t name_len, level_len, field_len, message_len;
      cd_report_finding(report, (size_t)f, &finding);
      cd_finding_row(finding, &row);
      cd_finding_column(finding, &column);
      cd_finding_code(finding, &code);
      cd_finding_severity(finding, &severity);
      cd_finding_field(finding, &field, &field_len);
      cd_finding_message(finding, &message, &message_len);
      cd_code_name(code, &name, &name_len);
      cd_severity_name(severity, &level, &level_len);
      printf("row %lld column %d %s %s %s: %s\n", (long long)row, (int)column,
             level, name, field_len > 0 ? field : "-", message);
    }
    cd_report_count(report, CD_COUNT_TRUNCATED, &value);
    if (value) printf("(more findings were counted but not stored)\n");
  }
  if (status == 0) {
    int64_t rejected = 0;
    int unreadable = 0;
    cd_report_count(report, CD_COUNT_REJECTED_ROWS, &rejected);
    cd_report_unreadable(report, &unreadable);
    status = rejected > 0 || unreadable ? 1 : 0;
  }
  cd_report_destroy(report);
  cd_read_options_destroy(options);
  return status;
}
