// Entry point of the creditdata command-line tool.

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "creditdata/version.h"

namespace creditdata::cli {
namespace {

struct Command {
  std::string_view name;
  int (*run)(Args);
  std::string_view usage;
};

constexpr Command kCommands[] = {
    {"tables", RunTables, "tables                 list the nine annex tables"},
    {"schema", RunSchema, "schema TABLE           the columns of one table"},
    {"template", RunTemplate,
     "template TABLE [--encoding utf-8|utf-8-bom|gb18030]\n"
     "                         the annex template header row"},
    {"check", RunCheck,
     "check TYPE [--id-type T]\n"
     "                         check values (one per line on stdin):\n"
     "                         input, valid|warning|invalid, code, canonical"},
    {"validate", RunValidate,
     "validate [--table ID] [--encoding auto|utf-8|gb18030|utf-16]\n"
     "         [--format text|json] [--max-findings N] [--threads N]\n"
     "         [--quiet] FILE\n"
     "                         check every record; exit 0 clean, 1 errors,\n"
     "                         2 unreadable"},
    {"convert", RunConvert,
     "convert --to csv|csv-bom|gb18030|json|ndjson [--table ID]\n"
     "        [--header template|ids] IN OUT\n"
     "                         rewrite the valid records canonically"},
    {"split", RunSplit,
     "split [--table ID] [--to FORMAT] IN VALID_OUT REJECTED_OUT\n"
     "                         valid records to one file, rejected rows\n"
     "                         (as they came, with the reasons) to another"},
    {"generate", RunGenerate,
     "generate TABLE [--rows N] [--seed S] [--errors K]\n"
     "         [--format csv|csv-bom|gb18030|utf-16|tsv|json|ndjson]\n"
     "         [--header template|ids] [-o FILE]\n"
     "                         deterministic sample data, K seeded mistakes\n"
     "                         listed in FILE.mistakes.tsv (or on stderr)"},
};

void PrintUsage(std::FILE* out) {
  std::fprintf(out,
               "usage: creditdata COMMAND [ARGS]\n"
               "TABLE is an English table id or its Chinese name.\n\n"
               "commands:\n");
  for (const Command& command : kCommands) {
    std::fprintf(out, "  %.*s\n", static_cast<int>(command.usage.size()),
                 command.usage.data());
  }
  std::fprintf(out, "  version                the library version\n");
}

}  // namespace

int UsageError(std::string_view message) {
  std::fprintf(stderr, "creditdata: %.*s\n", static_cast<int>(message.size()),
               message.data());
  return kExitUsage;
}

}  // namespace creditdata::cli

int main(int argc, char** argv) {
  using namespace creditdata::cli;
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" ||
      args[0] == "-h") {
    PrintUsage(args.empty() ? stderr : stdout);
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "version" || args[0] == "--version") {
    std::printf("creditdata %s\n", CREDITDATA_VERSION_STRING);
    return kExitOk;
  }
  for (const Command& command : kCommands) {
    if (command.name == args[0]) {
      return command.run(Args(args).subspan(1));
    }
  }
  PrintUsage(stderr);
  return UsageError("unknown command: " + std::string(args[0]));
}
