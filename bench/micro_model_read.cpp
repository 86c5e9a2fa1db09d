// Micro-benchmarks of the model reader on a generated in-memory models folder: parsing alone,
// parsing + resolution into the schema IR + hash, and the hash alone.
#include <benchmark/benchmark.h>

#include <string>

#include "core/model/reader.hpp"
#include "core/python/parser.hpp"
#include "core/schema/canonical.hpp"

namespace {

crochet::model::SourceSet make_corpus(int files, int classes_per_file) {
  crochet::model::SourceSet set;
  for (int f = 0; f < files; ++f) {
    std::string text = "from neomodel import StructuredNode, StringProperty, IntegerProperty, "
                       "RelationshipTo\n\n";
    for (int c = 0; c < classes_per_file; ++c) {
      const std::string name = "M" + std::to_string(f) + "x" + std::to_string(c);
      text += "class " + name + "(StructuredNode):\n    __kgid__ = \"" + name + "\"\n" +
              "    name = StringProperty(unique_index=True)\n" +
              "    age = IntegerProperty(index=True, default=3)\n" +
              "    other = RelationshipTo(\"M" + std::to_string((f + 1) % files) +
              "x0\", \"LINKS\")\n\n";
    }
    set.push_back({"m" + std::to_string(f) + ".py", text, ""});
  }
  return set;
}

void BM_Parse(benchmark::State& state) {
  const auto corpus = make_corpus(static_cast<int>(state.range(0)), 10);
  std::size_t bytes = 0;
  for (const auto& file : corpus)
    bytes += file.content.size();
  for (auto _ : state)
    for (const auto& file : corpus)
      benchmark::DoNotOptimize(crochet::py::parse_module(file.content, file.path));
  state.SetBytesProcessed(static_cast<int64_t>(bytes * state.iterations()));
}
BENCHMARK(BM_Parse)->Arg(100);

void BM_ReadModelsAndHash(benchmark::State& state) {
  const auto corpus = make_corpus(static_cast<int>(state.range(0)), 10);
  for (auto _ : state) {
    auto result = crochet::model::read_models(corpus);
    benchmark::DoNotOptimize(crochet::schema::schema_hash(result.schema));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.range(0) * 10 * state.iterations()));
}
BENCHMARK(BM_ReadModelsAndHash)->Arg(100);

// The schema hash alone: the direct canonical writer streaming into SHA-256, against the
// reference form (a JSON tree, trimmed and dumped) it must match byte for byte.
void BM_SchemaHash(benchmark::State& state) {
  const auto schema =
      crochet::model::read_schema(make_corpus(static_cast<int>(state.range(0)), 10));
  for (auto _ : state)
    benchmark::DoNotOptimize(crochet::schema::schema_hash(schema));
  state.SetItemsProcessed(static_cast<int64_t>(schema.nodes.size() * state.iterations()));
}
BENCHMARK(BM_SchemaHash)->Arg(100);

void BM_CanonicalJsonReference(benchmark::State& state) {
  const auto schema =
      crochet::model::read_schema(make_corpus(static_cast<int>(state.range(0)), 10));
  for (auto _ : state)
    benchmark::DoNotOptimize(crochet::schema::canonical_json_reference(schema));
  state.SetItemsProcessed(static_cast<int64_t>(schema.nodes.size() * state.iterations()));
}
BENCHMARK(BM_CanonicalJsonReference)->Arg(100);

} // namespace

BENCHMARK_MAIN();
