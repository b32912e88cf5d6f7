// The cost of crossing the C ABI: reading every record of an input and every
// field of every record through libcreditdata.so (cd_reader_next,
// cd_record_text, typed getters), against the same work in C++ on
// RecordReader, in one run.
//
// The input is a generated natural_person_arrears CSV in memory: a valid
// template row repeated with varying account numbers (so no natural key
// repeats), 100k rows. The fixture checks before timing that both paths see
// every row as valid and read the same canonical text.
//
//   build/benchmarks/c_api_benchmark --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
//
// Per-record ABI cost = (C API, all fields) - (C++, all fields), per item.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "creditdata/creditdata.h"
#include "creditdata/reader.h"
#include "creditdata/records.h"
#include "creditdata/schema.h"
#include "creditdata/writer.h"
#include "validate/member_parse.h"

namespace creditdata {
namespace {

constexpr int kRows = 100000;

// The CSV, built once.
const std::string& Input() {
  static const std::string* csv = [] {
    const TableInfo& table = GetTable(TableId::kNaturalPersonArrears);
    const std::map<std::string_view, std::string_view> values = {
        {"name", "张三"},
        {"id_type", "身份证"},
        {"id_number", "320281199001011233"},
        {"arrears_type", "水费"},
        {"arrears_start_date", "2024-01-01"},
        {"arrears_end_date", "2024-03-31"},
        {"arrears_periods", "2024年1-3月"},
        {"overdue_days", "90"},
        {"arrears_quantity", "12.5"},
        {"arrears_amount", "345.60"},
        {"severity", "一般"},
        {"validity", "2027-12-31"},
        {"source_department", "江阴市自来水有限公司"},
        {"provider", "江阴市自来水有限公司"},
        {"usage_scope", "政务共享"},
        {"provided_date", "2025-01-10"}};
    auto* out = new std::string();
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (c > 0) out->push_back(',');
      out->append(table.columns[c].header);
    }
    out->push_back('\n');
    for (int row = 0; row < kRows; ++row) {
      for (size_t c = 0; c < table.columns.size(); ++c) {
        if (c > 0) out->push_back(',');
        std::string_view id = table.fields[table.columns[c].field].id;
        if (id == "account_no") {
          out->append("62220").append(std::to_string(1000000 + row));
        } else {
          out->append(values.at(id));
        }
      }
      out->push_back('\n');
    }
    return out;
  }();
  return *csv;
}

void Die(const char* what) {
  std::fprintf(stderr, "c_api_benchmark: %s\n", what);
  std::exit(1);
}

// Every field through the C API: presence, canonical text, and the typed
// getter of the field's type. Returns a checksum of what was read.
uint64_t ReadAllFieldsC(const cd_record* record, const int32_t* types,
                        size_t fields) {
  uint64_t sum = 0;
  for (size_t f = 0; f < fields; ++f) {
    int present = 0;
    const char* text = nullptr;
    size_t len = 0;
    cd_record_has(record, f, &present);
    cd_record_text(record, f, &text, &len);
    sum += len;
    if (!present) continue;
    switch (types[f]) {
      case CD_TYPE_MONEY:
      case CD_TYPE_POSITIVE_MONEY: {
        int64_t fen = 0;
        cd_record_money(record, f, &fen);
        sum += static_cast<uint64_t>(fen);
        break;
      }
      case CD_TYPE_DATE: {
        int32_t y = 0, m = 0, d = 0;
        cd_record_date(record, f, &y, &m, &d);
        sum += static_cast<uint64_t>(y * 10000 + m * 100 + d);
        break;
      }
      case CD_TYPE_COUNT: {
        int64_t n = 0;
        cd_record_count(record, f, &n);
        sum += static_cast<uint64_t>(n);
        break;
      }
      case CD_TYPE_QUANTITY: {
        int64_t q = 0;
        cd_record_quantity(record, f, &q);
        sum += static_cast<uint64_t>(q);
        break;
      }
      case CD_TYPE_ID_TYPE:
      case CD_TYPE_SEVERITY:
      case CD_TYPE_USAGE_SCOPE: {
        int32_t v = 0;
        cd_record_code(record, f, &v);
        sum += static_cast<uint64_t>(v);
        break;
      }
      default:
        break;
    }
  }
  return sum;
}

// The same in C++: canonical text of every member (a view of text members,
// formatted otherwise, as the C API does) and its typed value.
struct CppSum {
  uint64_t* sum;
  std::string* scratch;
  void operator()(int, const std::string& m) const { *sum += m.size(); }
  template <typename T>
  void operator()(int, const std::optional<T>& m) const {
    internal::FormatMember(m, scratch);
    *sum += scratch->size();
    if (!m) return;
    if constexpr (std::is_same_v<T, Money>) {
      *sum += static_cast<uint64_t>(m->fen);
    } else if constexpr (std::is_same_v<T, Date>) {
      *sum += static_cast<uint64_t>(m->year() * 10000 + m->month() * 100 +
                                    m->day());
    } else if constexpr (std::is_same_v<T, Count>) {
      *sum += static_cast<uint64_t>(m->value);
    } else if constexpr (std::is_same_v<T, Quantity>) {
      *sum += static_cast<uint64_t>(m->units);
    } else if constexpr (std::is_same_v<T, IdTypeValue>) {
      *sum += static_cast<uint64_t>(m->type);
    } else if constexpr (std::is_same_v<T, DishonestyLevel> ||
                         std::is_same_v<T, UsageScope>) {
      *sum += static_cast<uint64_t>(*m);
    }
  }
};

uint64_t ReadAllFieldsCpp(const AnyRecord& record, std::string* scratch) {
  uint64_t sum = 0;
  ForEachField(std::get<NaturalPersonArrears>(record), CppSum{&sum, scratch});
  return sum;
}

// Reads the whole input through the C API; returns rows and checksum.
std::pair<int64_t, uint64_t> RunC(bool fields) {
  const std::string& csv = Input();
  cd_reader* reader = nullptr;
  if (cd_reader_create(nullptr, &reader) != CD_OK ||
      cd_reader_open_buffer(reader, csv.data(), csv.size()) != CD_OK) {
    Die("cannot open the C reader");
  }
  int64_t rows = 0;
  uint64_t sum = 0;
  int32_t types[64];
  size_t field_count = 0;
  const cd_record* record = nullptr;
  int32_t rc;
  while ((rc = cd_reader_next(reader)) == CD_ROW) {
    ++rows;
    int valid = 0;
    cd_reader_row_valid(reader, &valid);
    sum += static_cast<uint64_t>(valid);
    if (!fields) continue;
    if (record == nullptr) {
      const cd_table* table = nullptr;
      cd_reader_record(reader, &record);
      cd_record_table(record, &table);
      cd_table_field_count(table, &field_count);
      for (size_t f = 0; f < field_count; ++f) {
        const cd_field* field = nullptr;
        cd_table_field(table, f, &field);
        cd_field_type(field, &types[f]);
      }
    }
    sum += ReadAllFieldsC(record, types, field_count);
  }
  if (rc != CD_DONE) Die(cd_reader_errmsg(reader));
  cd_reader_destroy(reader);
  return {rows, sum};
}

std::pair<int64_t, uint64_t> RunCpp(bool fields) {
  auto reader = RecordReader::OpenBuffer(Input());
  if (!reader.ok()) Die("cannot open the C++ reader");
  std::unique_ptr<RecordReader> r = std::move(reader).value();
  int64_t rows = 0;
  uint64_t sum = 0;
  std::string scratch;
  while (r->Next()) {
    ++rows;
    sum += r->row_valid() ? 1 : 0;
    if (fields) sum += ReadAllFieldsCpp(r->record(), &scratch);
  }
  return {rows, sum};
}

// Checks once, before anything is timed, that both paths read every row as
// valid and the same values.
void Verify() {
  static bool verified = [] {
    auto [c_rows, c_sum] = RunC(true);
    auto [cpp_rows, cpp_sum] = RunCpp(true);
    if (c_rows != kRows || cpp_rows != kRows) Die("wrong row count");
    if (c_sum != cpp_sum) Die("C and C++ read different values");
    auto [rows, valid] = RunCpp(false);
    if (rows != kRows || valid != static_cast<uint64_t>(kRows)) {
      Die("the generated rows are not all valid");
    }
    return true;
  }();
  (void)verified;
}

void Finish(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(Input().size()));
}

void BM_CApi_AllFields(benchmark::State& state) {
  Verify();
  for (auto _ : state) benchmark::DoNotOptimize(RunC(true));
  Finish(state);
}
BENCHMARK(BM_CApi_AllFields)->Unit(benchmark::kMillisecond);

void BM_Cpp_AllFields(benchmark::State& state) {
  Verify();
  for (auto _ : state) benchmark::DoNotOptimize(RunCpp(true));
  Finish(state);
}
BENCHMARK(BM_Cpp_AllFields)->Unit(benchmark::kMillisecond);

void BM_CApi_RowsOnly(benchmark::State& state) {
  Verify();
  for (auto _ : state) benchmark::DoNotOptimize(RunC(false));
  Finish(state);
}
BENCHMARK(BM_CApi_RowsOnly)->Unit(benchmark::kMillisecond);

void BM_Cpp_RowsOnly(benchmark::State& state) {
  Verify();
  for (auto _ : state) benchmark::DoNotOptimize(RunCpp(false));
  Finish(state);
}
BENCHMARK(BM_Cpp_RowsOnly)->Unit(benchmark::kMillisecond);

// Every field's canonical text in one call per record (what the Python
// binding uses).
void BM_CApi_AllTextsBulk(benchmark::State& state) {
  Verify();
  const std::string& csv = Input();
  for (auto _ : state) {
    cd_reader* reader = nullptr;
    cd_reader_create(nullptr, &reader);
    cd_reader_open_buffer(reader, csv.data(), csv.size());
    const char* texts[64];
    size_t lens[64];
    size_t n = 0;
    uint64_t sum = 0;
    while (cd_reader_next(reader) == CD_ROW) {
      const cd_record* record = nullptr;
      cd_reader_record(reader, &record);
      cd_record_texts(record, texts, lens, 64, &n);
      for (size_t f = 0; f < n; ++f) sum += lens[f];
    }
    benchmark::DoNotOptimize(sum);
    cd_reader_destroy(reader);
  }
  Finish(state);
}
BENCHMARK(BM_CApi_AllTextsBulk)->Unit(benchmark::kMillisecond);

// Field access alone, without reading: every field of 1024 records held in
// memory, by its natural accessor (presence, then the typed getter, or the
// text of text and identifier fields). No canonical text is formatted on
// either side, so this is the cost of the calls themselves.
constexpr int kHeld = 1024;

uint64_t AccessC(const cd_record* record, const int32_t* types, size_t fields) {
  uint64_t sum = 0;
  for (size_t f = 0; f < fields; ++f) {
    int present = 0;
    cd_record_has(record, f, &present);
    if (!present) continue;
    switch (types[f]) {
      case CD_TYPE_MONEY:
      case CD_TYPE_POSITIVE_MONEY: {
        int64_t fen = 0;
        cd_record_money(record, f, &fen);
        sum += static_cast<uint64_t>(fen);
        break;
      }
      case CD_TYPE_DATE: {
        int32_t y = 0, m = 0, d = 0;
        cd_record_date(record, f, &y, &m, &d);
        sum += static_cast<uint64_t>(y * 10000 + m * 100 + d);
        break;
      }
      case CD_TYPE_COUNT: {
        int64_t n = 0;
        cd_record_count(record, f, &n);
        sum += static_cast<uint64_t>(n);
        break;
      }
      case CD_TYPE_QUANTITY: {
        int64_t q = 0;
        cd_record_quantity(record, f, &q);
        sum += static_cast<uint64_t>(q);
        break;
      }
      case CD_TYPE_ID_TYPE:
      case CD_TYPE_SEVERITY:
      case CD_TYPE_USAGE_SCOPE: {
        int32_t v = 0;
        cd_record_code(record, f, &v);
        sum += static_cast<uint64_t>(v);
        break;
      }
      case CD_TYPE_VALIDITY:
        break;  // no typed getter; text only
      default: {
        const char* text = nullptr;
        size_t len = 0;
        cd_record_text(record, f, &text, &len);
        sum += len + static_cast<unsigned char>(text[0]);
        break;
      }
    }
  }
  return sum;
}

struct CppAccess {
  uint64_t* sum;
  void operator()(int, const std::string& m) const {
    if (!m.empty()) *sum += m.size() + static_cast<unsigned char>(m[0]);
  }
  template <typename T>
  void operator()(int, const std::optional<T>& m) const {
    if (!m) return;
    if constexpr (std::is_same_v<T, Money>) {
      *sum += static_cast<uint64_t>(m->fen);
    } else if constexpr (std::is_same_v<T, Date>) {
      *sum += static_cast<uint64_t>(m->year() * 10000 + m->month() * 100 +
                                    m->day());
    } else if constexpr (std::is_same_v<T, Count>) {
      *sum += static_cast<uint64_t>(m->value);
    } else if constexpr (std::is_same_v<T, Quantity>) {
      *sum += static_cast<uint64_t>(m->units);
    } else if constexpr (std::is_same_v<T, IdTypeValue>) {
      *sum += static_cast<uint64_t>(m->type);
    } else if constexpr (std::is_same_v<T, DishonestyLevel> ||
                         std::is_same_v<T, UsageScope>) {
      *sum += static_cast<uint64_t>(*m);
    }
  }
};

struct Held {
  std::vector<cd_record*> c;
  std::vector<AnyRecord> cpp;
  int32_t types[64];
  size_t fields = 0;
};

const Held& HeldRecords() {
  static const Held* held = [] {
    auto* h = new Held();
    cd_reader* reader = nullptr;
    cd_reader_create(nullptr, &reader);
    cd_reader_open_buffer(reader, Input().data(), Input().size());
    while (static_cast<int>(h->c.size()) < kHeld &&
           cd_reader_next(reader) == CD_ROW) {
      const cd_record* record = nullptr;
      cd_record* copy = nullptr;
      cd_reader_record(reader, &record);
      if (cd_record_clone(record, &copy) != CD_OK) Die("clone failed");
      h->c.push_back(copy);
    }
    cd_reader_destroy(reader);
    const cd_table* table = nullptr;
    cd_record_table(h->c[0], &table);
    cd_table_field_count(table, &h->fields);
    for (size_t f = 0; f < h->fields; ++f) {
      const cd_field* field = nullptr;
      cd_table_field(table, f, &field);
      cd_field_type(field, &h->types[f]);
    }
    auto r = RecordReader::OpenBuffer(Input());
    std::unique_ptr<RecordReader> cpp = std::move(r).value();
    while (static_cast<int>(h->cpp.size()) < kHeld && cpp->Next()) {
      h->cpp.push_back(cpp->record());
    }
    // Both sides see the same values.
    uint64_t c_sum = 0, cpp_sum = 0;
    for (int i = 0; i < kHeld; ++i) {
      c_sum += AccessC(h->c[i], h->types, h->fields);
      ForEachField(std::get<NaturalPersonArrears>(h->cpp[i]),
                   CppAccess{&cpp_sum});
    }
    if (c_sum != cpp_sum) Die("field access differs between C and C++");
    return h;
  }();
  return *held;
}

void BM_CApi_FieldAccess(benchmark::State& state) {
  const Held& h = HeldRecords();
  for (auto _ : state) {
    uint64_t sum = 0;
    for (const cd_record* r : h.c) sum += AccessC(r, h.types, h.fields);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kHeld);
}
BENCHMARK(BM_CApi_FieldAccess);

void BM_Cpp_FieldAccess(benchmark::State& state) {
  const Held& h = HeldRecords();
  for (auto _ : state) {
    uint64_t sum = 0;
    for (const AnyRecord& r : h.cpp) {
      ForEachField(std::get<NaturalPersonArrears>(r), CppAccess{&sum});
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kHeld);
}
BENCHMARK(BM_Cpp_FieldAccess);

}  // namespace
}  // namespace creditdata

BENCHMARK_MAIN();
