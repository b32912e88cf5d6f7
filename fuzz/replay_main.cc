// A stand-in for libFuzzer's main, so the fuzz targets run as ordinary
// tests with any compiler: runs the target on every corpus file, then on
// deterministic mutants of them.
//
//   reader_fuzz_replay [--mutations N] [--seed S] [--max-len BYTES]
//                      [--crash-dir DIR] FILE_OR_DIR...
//
// The mutants come from a fixed-seed generator, so a failing run fails the
// same way every time. When the target crashes or an invariant traps, the
// input that did it is written to DIR/crash-<round> (default: the current
// directory) and can be replayed on its own.

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// Declared weak so that the driver links without a sanitizer runtime; when
// one is present it calls us before exiting on a report.
extern "C" __attribute__((weak)) void __sanitizer_set_death_callback(
    void (*callback)());

namespace {

// What the crash handler writes out; set before every run of the target.
// Plain globals because a signal handler can touch nothing else.
const char* g_current_data = nullptr;
size_t g_current_size = 0;
char g_current_name[4096] = "";
char g_crash_path[4096] = "";

void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = write(fd, data, size);
    if (n <= 0) return;
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void WriteString(int fd, const char* s) { WriteAll(fd, s, std::strlen(s)); }

// Async-signal-safe: open/write/close only.
void SaveCurrentInput() {
  static volatile sig_atomic_t saved = 0;
  if (saved != 0 || g_current_data == nullptr || g_crash_path[0] == '\0') {
    return;
  }
  saved = 1;
  WriteString(2, "replay: failed on ");
  WriteString(2, g_current_name);
  WriteString(2, "\n");
  const int fd = open(g_crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return;
  WriteAll(fd, g_current_data, g_current_size);
  close(fd);
  WriteString(2, "replay: input written to ");
  WriteString(2, g_crash_path);
  WriteString(2, "\n");
}

void OnFatalSignal(int sig) {
  SaveCurrentInput();
  signal(sig, SIG_DFL);
  raise(sig);
}

struct Options {
  uint64_t mutations = 0;
  uint64_t seed = 1;
  size_t max_len = 64 * 1024;
  std::string crash_dir = ".";
  std::vector<std::string> paths;
};

[[noreturn]] void Usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s [--mutations N] [--seed S] [--max-len BYTES] "
               "[--crash-dir DIR] FILE_OR_DIR...\n",
               argv0);
  std::exit(2);
}

Options ParseArgs(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) Usage(argv[0]);
      return argv[++i];
    };
    if (arg == "--mutations") {
      options.mutations = std::strtoull(value(), nullptr, 10);
    } else if (arg == "--seed") {
      options.seed = std::strtoull(value(), nullptr, 10);
    } else if (arg == "--max-len") {
      options.max_len = std::strtoull(value(), nullptr, 10);
    } else if (arg == "--crash-dir") {
      options.crash_dir = value();
    } else if (arg.starts_with("--")) {
      Usage(argv[0]);
    } else if (arg.starts_with("-")) {
      // libFuzzer flags (-runs=, -max_len=, …) are accepted and ignored so
      // that scripts can call either binary the same way.
    } else {
      options.paths.emplace_back(arg);
    }
  }
  if (options.max_len == 0) options.max_len = 1;
  return options;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

// Files in a sorted order, so that mutants do not depend on the order the
// file system lists a directory in.
struct CorpusFile {
  std::string name;
  std::string data;
};

std::vector<CorpusFile> LoadCorpus(const std::vector<std::string>& paths) {
  std::vector<std::filesystem::path> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      for (const auto& entry :
           std::filesystem::recursive_directory_iterator(p)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    } else if (std::filesystem::is_regular_file(p, ec)) {
      files.emplace_back(p);
    } else {
      std::fprintf(stderr, "replay: no such file or directory: %s\n",
                   p.c_str());
      std::exit(2);
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<CorpusFile> corpus;
  corpus.reserve(files.size());
  for (const auto& f : files) corpus.push_back({f.string(), ReadFile(f)});
  return corpus;
}

// SplitMix64: tiny, and its output is fixed by the seed on every platform
// (the standard distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n) for n far below 2^64; n must be > 0.
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  bool OneIn(size_t n) { return Below(n) == 0; }

 private:
  uint64_t state_;
};

// Bytes that steer the reader and the value parsers into their special
// cases: quoting, line ends, delimiters, invalid UTF-8, the lead bytes of
// CJK in UTF-8 and GB18030, full-width digits, BOMs, JSON punctuation,
// placeholders and spreadsheet forms.
const std::string_view kTokens[] = {
    "\"",
    "\"\"",
    "\r\n",
    "\n",
    "\r",
    ",",
    "\t",
    "\xFF",
    "\xE4",
    "\xE4\xB8",
    "\x81\x30\x81\x30",
    "\x80",
    std::string_view("\0", 1),
    "\xEF\xBB\xBF",
    "\xFF\xFE",
    "\xFE\xFF",
    "\xEF\xBC\x90",              // ０
    "\xEF\xBC\x91\xEF\xBC\x92",  // １２
    "\xEF\xBC\x8E",              // ．
    "\xE3\x80\x80",              // ideographic space
    "\xE6\x97\xA0",              // 无
    "\xE5\xB9\xB4",              // 年
    "\xE6\x9C\x88",              // 月
    "\xE6\x97\xA5",              // 日
    "\xE5\x85\x83",              // 元
    "\xC2\xA5",                  // ¥
    " ",
    "-",
    "/",
    ".",
    "0",
    "9",
    "X",
    "x",
    "E+17",
    "{",
    "}",
    "[",
    "]",
    ":",
    "\\",
    "\\u",
    "\\uD800",
    "null",
    "true",
    "1e999",
    "99999999999999999999",
    "2021-02-29",
    "202113",
    "44281",
    "N/A",
};

void Mutate(std::string* s, const std::vector<CorpusFile>& corpus, Rng* rng,
            size_t max_len) {
  const int steps = 1 + static_cast<int>(rng->Below(4));
  for (int step = 0; step < steps; ++step) {
    switch (rng->Below(9)) {
      case 0:  // flip one bit
        if (!s->empty()) {
          (*s)[rng->Below(s->size())] ^= static_cast<char>(1u << rng->Below(8));
        }
        break;
      case 1:  // overwrite with a random byte
        if (!s->empty()) {
          (*s)[rng->Below(s->size())] = static_cast<char>(rng->Below(256));
        }
        break;
      case 2:  // insert random bytes
        s->insert(rng->Below(s->size() + 1), 1 + rng->Below(4),
                  static_cast<char>(rng->Below(256)));
        break;
      case 3: {  // delete a range
        if (s->empty()) break;
        const size_t at = rng->Below(s->size());
        s->erase(at, 1 + rng->Below(std::min<size_t>(16, s->size() - at)));
        break;
      }
      case 4:
      case 5: {  // insert a token
        const std::string_view token = kTokens[rng->Below(std::size(kTokens))];
        s->insert(rng->Below(s->size() + 1), token);
        break;
      }
      case 6: {  // splice: our head, another corpus file's tail
        const std::string& other = corpus[rng->Below(corpus.size())].data;
        const size_t head = rng->Below(s->size() + 1);
        const size_t tail = rng->Below(other.size() + 1);
        s->resize(head);
        s->append(other, tail);
        break;
      }
      case 7: {  // duplicate a range (repeated rows, long cells)
        if (s->empty()) break;
        const size_t at = rng->Below(s->size());
        const size_t len = 1 + rng->Below(std::min<size_t>(64, s->size() - at));
        const std::string piece = s->substr(at, len);
        s->insert(rng->Below(s->size() + 1), piece);
        break;
      }
      case 8:  // new option selector bytes
        if (!s->empty()) (*s)[0] = static_cast<char>(rng->Below(256));
        if (s->size() > 1 && rng->OneIn(2)) {
          (*s)[1] = static_cast<char>(rng->Below(256));
        }
        break;
    }
  }
  if (s->size() > max_len) s->resize(max_len);
}

void Run(const std::string& input, std::string_view name, uint64_t round,
         const Options& options) {
  std::snprintf(g_current_name, sizeof(g_current_name), "%.*s",
                static_cast<int>(name.size()), name.data());
  std::snprintf(g_crash_path, sizeof(g_crash_path), "%s/crash-%llu",
                options.crash_dir.c_str(),
                static_cast<unsigned long long>(round));
  g_current_data = input.data();
  g_current_size = input.size();
  // Copied so that ASan sees reads past the end of the input.
  std::vector<uint8_t> copy(input.begin(), input.end());
  LLVMFuzzerTestOneInput(copy.data(), copy.size());
  g_current_data = nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseArgs(argc, argv);
  if (options.paths.empty()) Usage(argv[0]);

  for (int sig : {SIGABRT, SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP}) {
    signal(sig, OnFatalSignal);
  }
  if (__sanitizer_set_death_callback != nullptr) {
    __sanitizer_set_death_callback(SaveCurrentInput);
  }

  const auto start = std::chrono::steady_clock::now();
  std::vector<CorpusFile> corpus = LoadCorpus(options.paths);
  const size_t corpus_size = corpus.size();
  uint64_t round = 0;
  uint64_t bytes = 0;
  for (const CorpusFile& file : corpus) {
    Run(file.data, file.name, round++, options);
    bytes += file.data.size();
  }

  if (corpus.empty() && options.mutations > 0) corpus.emplace_back();
  Rng rng(options.seed);
  std::string mutant;
  for (uint64_t i = 0; i < options.mutations; ++i) {
    // Mostly mutate a seed; sometimes keep mutating the last mutant, which
    // reaches inputs several steps away from any seed.
    if (i == 0 || !rng.OneIn(4)) {
      mutant = corpus[rng.Below(corpus.size())].data;
    }
    Mutate(&mutant, corpus, &rng, options.max_len);
    Run(mutant, "mutant " + std::to_string(i + 1), round++, options);
    bytes += mutant.size();
  }

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf(
      "%s: %zu corpus inputs, %llu mutants (seed %llu), %llu bytes, %.1f s: "
      "ok\n",
      std::filesystem::path(argv[0]).filename().c_str(), corpus_size,
      static_cast<unsigned long long>(options.mutations),
      static_cast<unsigned long long>(options.seed),
      static_cast<unsigned long long>(bytes), seconds);
  return 0;
}
