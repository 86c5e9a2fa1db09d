// The client's side of a data load: reading a CSV file, converting its rows to their declared
// types and serializing each 10,000-row chunk into the request body the session sends, against
// reading the same file's bytes and nothing else. Both report bytes of the file per second, so
// the ratio is the cost git-crochet adds on top of the disk.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <benchmark/benchmark.h>

#include "core/data/byte_source.hpp"
#include "core/data/row_source.hpp"
#include "core/neo4j/protocol.hpp"

namespace {

namespace fs = std::filesystem;
using crochet::neo4j::Json;

constexpr int kRows = 200000;
constexpr std::size_t kChunk = 10000;

// The same rows as bench/load_bench.sh writes.
const fs::path& csv_file() {
  static const fs::path path = [] {
    fs::path file = fs::temp_directory_path() / "crochet-bench-load.csv";
    std::ofstream out(file);
    out << "id,name,score,born\n";
    char line[128];
    for (int i = 0; i < kRows; ++i) {
      std::snprintf(line, sizeof line, "%d,\"Name %d\",%.3f,%d-0%d-1%d\n", i, i, (i % 1000) / 7.0,
                    1950 + i % 60, 1 + i % 9, i % 10);
      out << line;
    }
    return file;
  }();
  return path;
}

void BM_ReadFile(benchmark::State& state) {
  const fs::path& file = csv_file();
  std::string buffer(1 << 16, '\0');
  for (auto _ : state) {
    crochet::data::FileByteSource source(file);
    std::size_t total = 0;
    while (std::size_t n = source.read(buffer.data(), buffer.size()))
      total += n;
    benchmark::DoNotOptimize(total);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * fs::file_size(file)));
}
BENCHMARK(BM_ReadFile)->Unit(benchmark::kMillisecond);

void BM_ConvertAndSerialize(benchmark::State& state) {
  const fs::path& file = csv_file();
  const crochet::data::Columns columns = crochet::data::Columns::from_json(
      Json{{"id", "integer"}, {"score", "float"}, {"born", "date"}}, "bench");
  const crochet::neo4j::Protocol protocol(crochet::neo4j::EndpointFamily::legacy_v3,
                                          "http://127.0.0.1:7474", "neo4j");
  std::size_t body_bytes = 0;
  for (auto _ : state) {
    auto rows = crochet::data::open_rows(file, crochet::data::Format::csv, columns);
    for (;;) {
      Json chunk = Json::array();
      if (rows->next_chunk(kChunk, chunk) == 0)
        break;
      const std::string body = protocol.body(
          {{"UNWIND $rows AS row CREATE (n:Bench) SET n = row", Json{{"rows", std::move(chunk)}}}},
          {});
      body_bytes += body.size();
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * fs::file_size(file)));
  state.SetItemsProcessed(state.iterations() * kRows);
  state.counters["body_bytes_per_row"] =
      static_cast<double>(body_bytes) / static_cast<double>(state.iterations() * kRows);
}
BENCHMARK(BM_ConvertAndSerialize)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
