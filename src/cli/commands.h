// The creditdata command-line tool: one function per subcommand.
// Each takes the arguments after the subcommand name and returns the exit
// status. Reports go to stdout, diagnostics to stderr.

#ifndef CREDITDATA_SRC_CLI_COMMANDS_H_
#define CREDITDATA_SRC_CLI_COMMANDS_H_

#include <span>
#include <string_view>

namespace creditdata::cli {

using Args = std::span<const std::string_view>;

// Exit statuses shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;  // some input was invalid
inline constexpr int kExitUsage = 2;     // bad arguments or unreadable input

int RunTables(Args args);
int RunSchema(Args args);
int RunTemplate(Args args);
int RunCheck(Args args);
int RunValidate(Args args);
int RunConvert(Args args);
int RunSplit(Args args);
int RunGenerate(Args args);

// Prints "creditdata: <message>" to stderr and returns kExitUsage.
int UsageError(std::string_view message);

}  // namespace creditdata::cli

#endif  // CREDITDATA_SRC_CLI_COMMANDS_H_
