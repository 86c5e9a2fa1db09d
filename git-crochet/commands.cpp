#include "git-crochet/command.hpp"

namespace crochet::cli {

Action configure_schema(CLI::App&, const Globals&);
Action configure_new_project(CLI::App&, const Globals&);
Action configure_create_node(CLI::App&, const Globals&);
Action configure_create_relationship(CLI::App&, const Globals&);
Action configure_kgid(CLI::App&, const Globals&);

const std::vector<Command>& command_table() {
  static const std::vector<Command> table = {
      {"schema", "Print the schema IR of the models (work tree by default)", configure_schema},
      {"new-project", "Create a crochet project: crochet.toml, models/, migrations/",
       configure_new_project},
      {"create-node", "Scaffold a neomodel StructuredNode model file", configure_create_node},
      {"create-relationship", "Scaffold a neomodel StructuredRel model file",
       configure_create_relationship},
      {"kgid", "List model classes without a __kgid__, or stamp them with --write", configure_kgid},
  };
  return table;
}

} // namespace crochet::cli
