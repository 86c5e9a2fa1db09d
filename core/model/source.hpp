#pragma once
// The model files of one revision (work tree, index or commit), as the model reader takes them.
#include <string>
#include <vector>

namespace crochet::model {

struct SourceFile {
  std::string path;      // relative to the models folder, '/'-separated, e.g. "people/person.py"
  std::string content;   // raw bytes
  std::string object_id; // git blob id when read from git, "" for the work tree
};

using SourceSet = std::vector<SourceFile>;

} // namespace crochet::model
