// git crochet create-relationship NAME --rel-type T [--kgid K]: scaffold a StructuredRel model.
#include <iostream>

#include "core/project/scaffold.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {

Action configure_create_relationship(CLI::App& app, const Globals& globals) {
  struct Options {
    std::string name;
    std::string rel_type;
    std::string kgid;
    CLI::Option* kgid_option = nullptr;
  };
  auto options = std::make_shared<Options>();
  app.add_option("NAME", options->name, "Class name of the relationship model, e.g. Friendship")
      ->required();
  app.add_option("--rel-type", options->rel_type,
                 "Relationship type it describes, in UPPER_SNAKE_CASE, e.g. FRIENDS_WITH")
      ->type_name("TYPE")
      ->required();
  options->kgid_option =
      app.add_option("--kgid", options->kgid, "Identity to use instead of a fresh one")
          ->type_name("KGID");
  return [options, &globals] {
    const project::Project project = open_project(globals);
    RealFileSystem fs;
    project::SystemRandom random;
    const std::optional<std::string> kgid =
        options->kgid_option->count() > 0 ? std::optional(options->kgid) : std::nullopt;
    const project::ScaffoldResult result =
        project::create_relationship(fs, project, options->name, options->rel_type, kgid, random);
    std::cout << "Created " << result.display_path << ": class " << result.class_name
              << "(StructuredRel) with __kgid__ \"" << result.kgid << "\"\n";
    std::cout << "Use it from a node class: RelationshipTo(..., \"" << options->rel_type
              << "\", model=" << result.class_name << ")\n";
    return 0;
  };
}

} // namespace crochet::cli
