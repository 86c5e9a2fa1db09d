#pragma once
// Helpers for model-reader tests: build a SourceSet from (path, text) pairs and look things up
// in the resulting schema.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <utility>

#include "core/model/reader.hpp"

namespace crochet::model::testing {

inline SourceSet sources(std::initializer_list<std::pair<std::string, std::string>> files) {
  SourceSet set;
  for (const auto& [path, text] : files)
    set.push_back({path, text, ""});
  return set;
}

inline ReadResult read(std::initializer_list<std::pair<std::string, std::string>> files) {
  ReadOptions options;
  options.display_prefix = "models/";
  return read_models(sources(files), options);
}

inline const schema::Node* node(const ReadResult& r, const std::string& class_name) {
  for (const auto& n : r.schema.nodes)
    if (n.class_name == class_name)
      return &n;
  return nullptr;
}

inline const schema::RelationshipModel* rel_model(const ReadResult& r, const std::string& name) {
  for (const auto& m : r.schema.relationships)
    if (m.class_name == name)
      return &m;
  return nullptr;
}

template <typename Owner>
const schema::Property* property(const Owner* owner, const std::string& name) {
  if (!owner)
    return nullptr;
  for (const auto& p : owner->properties)
    if (p.name == name)
      return &p;
  return nullptr;
}

inline const schema::RelationshipDef* relationship(const schema::Node* n, const std::string& name) {
  if (!n)
    return nullptr;
  for (const auto& r : n->relationships)
    if (r.name == name)
      return &r;
  return nullptr;
}

inline std::string all_messages(const ReadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics)
    out += d.format() + "\n";
  return out;
}

// The first diagnostic whose message contains `text`, or nullptr.
inline const Diagnostic* find_diagnostic(const ReadResult& r, const std::string& text) {
  for (const auto& d : r.diagnostics)
    if (d.message.find(text) != std::string::npos)
      return &d;
  return nullptr;
}

} // namespace crochet::model::testing
