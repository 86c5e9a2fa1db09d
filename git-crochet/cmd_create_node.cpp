// git crochet create-node NAME [--kgid K]: scaffold models/<name>.py with a StructuredNode.
#include <iostream>

#include "core/project/scaffold.hpp"
#include "core/util/advice.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {

Action configure_create_node(CLI::App& app, const Globals& globals) {
  struct Options {
    std::string name;
    std::string kgid;
    CLI::Option* kgid_option = nullptr;
  };
  auto options = std::make_shared<Options>();
  app.add_option("NAME", options->name, "Class name of the node model, e.g. Person")->required();
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
        project::create_node(fs, project, options->name, kgid, random);
    std::cout << "Created " << result.display_path << ": class " << result.class_name
              << "(StructuredNode) with __kgid__ \"" << result.kgid << "\"\n";
    std::cout << "Next: add its properties, then run " << advice::crochet()
              << " create-migration \"add " << result.class_name << "\"\n";
    return 0;
  };
}

} // namespace crochet::cli
