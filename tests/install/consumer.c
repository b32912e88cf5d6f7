/* Uses an installed creditdata through its C API: checks the version, a
 * single value and a small validation. Exit status 0 when all is as
 * expected. */

#include <creditdata/creditdata.h>
#include <stdio.h>
#include <string.h>

static const char kCsv[] =
    "姓名,证件类型,证件号码,账号,欠缴类型名称,欠缴开始日期,欠缴截止日期,"
    "欠缴账期,拖欠天数,欠费量,欠费金额(元),失信严重程度,失信行为有效期,"
    "信息来源部门全称,提供单位全称,信息使用范围,提供日期\n"
    "张三,身份证,320281199001011233,6222001,水费,2024-01-01,2024-03-31,,,,"
    "345.60,一般,,江阴市自来水有限公司,江阴市自来水有限公司,政务共享,"
    "2025-01-10\n"
    "李四,身份证,320281199001011234,6222002,水费,2024-01-01,2024-03-31,,,,"
    "100,一般,,江阴市自来水有限公司,江阴市自来水有限公司,政务共享,"
    "2025-01-10\n";

int main(void) {
  cd_report* report = NULL;
  int64_t rows = 0, valid = 0;
  int32_t code = -1, severity = -1;
  char canonical[32];
  size_t len = 0;

  if (cd_version_number() != CD_VERSION_NUMBER) {
    fprintf(stderr, "header %s, library %s\n", CD_VERSION_STRING, cd_version());
    return 1;
  }
  if (cd_check("uscc", 4, "91320621ma1mrhg205", 18, &code, &severity, canonical,
               sizeof canonical, &len) != CD_OK ||
      code != CD_FINDING_UsccLowercase ||
      strcmp(canonical, "91320621MA1MRHG205") != 0) {
    fprintf(stderr, "cd_check failed\n");
    return 1;
  }
  if (cd_report_create(&report) != CD_OK ||
      cd_report_validate_buffer(report, NULL, kCsv, strlen(kCsv)) != CD_OK ||
      cd_report_count(report, CD_COUNT_ROWS, &rows) != CD_OK ||
      cd_report_count(report, CD_COUNT_VALID_ROWS, &valid) != CD_OK) {
    fprintf(stderr, "validation failed: %s\n", cd_report_errmsg(report));
    cd_report_destroy(report);
    return 1;
  }
  cd_report_destroy(report);
  printf("creditdata %s: %lld rows, %lld valid\n", cd_version(),
         (long long)rows, (long long)valid);
  return rows == 2 && valid == 1 ? 0 : 1;
}
