// git crochet new-project [--name N] [--path P]: crochet.toml, models/, migrations/, .gitignore.
#include <iostream>

#include "core/project/scaffold.hpp"
#include "core/util/advice.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {

Action configure_new_project(CLI::App& app, const Globals& globals) {
  struct Options {
    std::string name;
    std::string path;
    CLI::Option* name_option = nullptr;
    CLI::Option* path_option = nullptr;
  };
  auto options = std::make_shared<Options>();
  options->name_option =
      app.add_option("--name", options->name,
                     "Project name (default: the project folder's name); without --path the "
                     "project is created in ./NAME")
          ->type_name("NAME");
  options->path_option =
      app.add_option("--path", options->path, "Folder to create the project in (default: .)")
          ->type_name("DIR");
  return [options, &globals] {
    RealFileSystem fs;
    const auto given = [](CLI::Option* option, const std::string& value) {
      return option->count() > 0 ? std::optional<std::string>(value) : std::nullopt;
    };
    const project::NewProjectResult result = project::new_project(
        fs, globals.start_directory(), given(options->name_option, options->name),
        given(options->path_option, options->path));
    std::cout << "Created crochet project '" << result.name << "' in " << result.root.string()
              << "\n";
    for (const std::string& file : result.created)
      std::cout << "  created " << file << "\n";
    for (const std::string& file : result.updated)
      std::cout << "  updated " << file << " (ignores .crochet/)\n";
    advise_from_here(result.root);
    std::cout << "Next: " << advice::crochet() << " create-node Person\n";
    return 0;
  };
}

} // namespace crochet::cli
