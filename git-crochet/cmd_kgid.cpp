// git crochet kgid [--write] [--json]: list model classes without a __kgid__, or stamp them.
#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "core/project/kgid.hpp"
#include "core/util/advice.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {
namespace {

struct Findings {
  std::vector<model::MissingKgid> missing;
  Diagnostics other_errors; // errors that --write cannot fix
};

// Splits the reader's errors into the "has no __kgid__" ones --write fixes and all others.
Findings examine(const model::ReadResult& result, const std::string& prefix) {
  Findings findings;
  findings.missing = result.missing_kgids;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity != Severity::error)
      continue;
    const bool about_missing_kgid =
        d.message.find("no __kgid__") != std::string::npos &&
        std::any_of(result.missing_kgids.begin(), result.missing_kgids.end(),
                    [&](const model::MissingKgid& m) {
                      return d.file == prefix + m.file && d.line == m.class_line;
                    });
    if (!about_missing_kgid)
      findings.other_errors.push_back(d);
  }
  return findings;
}

model::ReadResult read(const project::Project& project, const FileSystem& fs) {
  return model::read_models(project::read_worktree_models(project, fs), read_options(project));
}

nlohmann::json errors_json(const Diagnostics& errors) {
  nlohmann::json out = nlohmann::json::array();
  for (const Diagnostic& d : errors)
    out.push_back(
        {{"file", d.file}, {"line", d.line}, {"column", d.column}, {"message", d.message}});
  return out;
}

int list_missing(const Findings& findings, const std::string& prefix, bool json) {
  for (const Diagnostic& d : findings.other_errors)
    std::cerr << d.format() << "\n";
  if (json) {
    nlohmann::json missing = nlohmann::json::array();
    for (const auto& m : findings.missing)
      missing.push_back({{"file", prefix + m.file},
                         {"class", m.class_name},
                         {"line", m.class_line},
                         {"stampable", !m.one_line_body || m.body_column != 0}});
    std::cout << nlohmann::json{{"missing", missing},
                                {"errors", errors_json(findings.other_errors)}}
                     .dump(2)
              << "\n";
  } else {
    for (const auto& m : findings.missing)
      std::cout << prefix << m.file << ":" << m.class_line << ": class " << m.class_name
                << " has no __kgid__"
                << "\n";
    if (!findings.missing.empty())
      std::cout << findings.missing.size()
                << (findings.missing.size() == 1 ? " class has" : " classes have")
                << " no __kgid__; run `" << advice::crochet("kgid --write")
                << "` to stamp fresh ones\n";
    else if (findings.other_errors.empty())
      std::cout << "Every model class has a __kgid__\n";
  }
  return findings.missing.empty() && findings.other_errors.empty() ? 0 : 1;
}

int write_missing(const project::Project& project, FileSystem& fs, const Findings& findings,
                  const std::string& prefix, bool json) {
  if (!findings.other_errors.empty()) {
    for (const Diagnostic& d : findings.other_errors)
      std::cerr << d.format() << "\n";
    throw Error("the models have errors that a kgid cannot fix; nothing was stamped",
                "fix them, then run `" + advice::crochet("kgid --write") + "` again");
  }
  project::SystemRandom random;
  const auto stamped = project::stamp_kgids(fs, project, findings.missing, random);
  if (!stamped.empty() && !read(project, fs).missing_kgids.empty())
    throw Error("internal error: classes still lack a __kgid__ after stamping");
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : stamped)
      out.push_back({{"file", prefix + s.file}, {"class", s.class_name}, {"kgid", s.kgid}});
    std::cout << nlohmann::json{{"stamped", out}}.dump(2) << "\n";
    return 0;
  }
  for (const auto& s : stamped)
    std::cout << "Stamped " << prefix << s.file << ": class " << s.class_name << " __kgid__ = \""
              << s.kgid << "\"\n";
  if (stamped.empty())
    std::cout << "Every model class already has a __kgid__\n";
  else
    std::cout << "Review the change and commit it: the kgid is each class's identity from now on\n";
  return 0;
}

} // namespace

Action configure_kgid(CLI::App& app, const Globals& globals) {
  struct Options {
    bool write = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  app.add_flag("--write", options->write, "Stamp a fresh __kgid__ into every class that lacks one");
  app.add_flag("--json", options->json, "Print the result as JSON");
  return [options, &globals] {
    const project::Project project = open_project(globals);
    RealFileSystem fs;
    const model::ReadResult result = read(project, fs);
    print_warnings(result.diagnostics);
    const std::string prefix = read_options(project).display_prefix;
    const Findings findings = examine(result, prefix);
    return options->write ? write_missing(project, fs, findings, prefix, options->json)
                          : list_missing(findings, prefix, options->json);
  };
}

} // namespace crochet::cli
