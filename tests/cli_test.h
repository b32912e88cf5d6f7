// Runs the creditdata command-line tool from tests.

#ifndef CREDITDATA_TESTS_CLI_TEST_H_
#define CREDITDATA_TESTS_CLI_TEST_H_

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace creditdata::testing {

struct CliResult {
  int status = -1;  // exit status
  std::string out;  // stdout
};

// Runs `build/creditdata <args>` through the shell with `input` on stdin
// (when given); stderr is discarded.
inline CliResult RunCli(const std::string& args,
                        const std::string& input_file = "") {
  std::string command = std::string(CREDITDATA_CLI) + " " + args;
  if (!input_file.empty()) command += " < " + input_file;
  command += " 2>/dev/null";
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    result.out.append(buffer, n);
  }
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace creditdata::testing

#endif  // CREDITDATA_TESTS_CLI_TEST_H_
