// Micro-benchmarks of the model reader on a generated in-memory models folder: tokenizing alone,
// parsing (tokens to the syntax tree), parsing + resolution into the schema IR + hash, and the
// hash alone. Tokenizing against parsing shows what building the tree costs beyond the tokens.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "core/model/reader.hpp"
#include "core/python/parser.hpp"
#include "core/python/tokenizer.hpp"
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

std::size_t total_bytes(const crochet::model::SourceSet& corpus) {
  std::size_t bytes = 0;
  for (const auto& file : corpus)
    bytes += file.content.size();
  return bytes;
}

void BM_Tokenize(benchmark::State& state) {
  const auto corpus = make_corpus(static_cast<int>(state.range(0)), 10);
  const std::size_t bytes = total_bytes(corpus);
  for (auto _ : state)
    for (const auto& file : corpus) {
      crochet::py::Tokenizer tokenizer(file.content, file.path);
      crochet::py::Token token;
      do
        tokenizer.next(token);
      while (token.kind != crochet::py::TokenKind::EndMarker &&
             token.kind != crochet::py::TokenKind::Error);
      benchmark::DoNotOptimize(token);
    }
  state.SetBytesProcessed(static_cast<int64_t>(bytes * state.iterations()));
}
BENCHMARK(BM_Tokenize)->Arg(100);

void BM_Parse(benchmark::State& state) {
  const auto corpus = make_corpus(static_cast<int>(state.range(0)), 10);
  const std::size_t bytes = total_bytes(corpus);
  for (auto _ : state)
    for (const auto& file : corpus)
      benchmark::DoNotOptimize(crochet::py::parse_module(file.content, file.path));
  state.SetBytesProcessed(static_cast<int64_t>(bytes * state.iterations()));
}
BENCHMARK(BM_Parse)->Arg(100);

// Parsing without freeing the trees in the timed part, as a command leaves them to exit.
void BM_ParseKept(benchmark::State& state) {
  const auto corpus = make_corpus(static_cast<int>(state.range(0)), 10);
  const std::size_t bytes = total_bytes(corpus);
  std::vector<crochet::py::ParseResult> kept;
  kept.reserve(corpus.size());
  for (auto _ : state) {
    for (const auto& file : corpus)
      kept.push_back(crochet::py::parse_module(file.content, file.path));
    state.PauseTiming();
    kept.clear();
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes * state.iterations()));
}
BENCHMARK(BM_ParseKept)->Arg(100);

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
