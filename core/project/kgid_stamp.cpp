// `git crochet kgid --write`: insert one line per class, byte-for-byte preserving the rest of
// each file so the stamp is a minimal, reviewable diff.
#include <algorithm>
#include <map>

#include "core/project/kgid.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::project {
namespace {

// Line starts and terminators, counting "\r\n", "\n" and a lone "\r" as Python does.
struct LineIndex {
  std::vector<std::size_t> starts;      // starts[i]: offset of line i + 1
  std::vector<std::string> terminators; // terminators[i]: ending of line i + 1 ("" for the last)

  explicit LineIndex(std::string_view text) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '\n' && text[i] != '\r')
        continue;
      const std::size_t length =
          text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n' ? 2 : 1;
      starts.push_back(start);
      terminators.emplace_back(text.substr(i, length));
      i += length - 1;
      start = i + 1;
    }
    if (start < text.size()) {
      starts.push_back(start);
      terminators.emplace_back();
    }
  }
  std::size_t count() const { return starts.size(); }
  bool ends_with_terminator() const { return terminators.empty() || !terminators.back().empty(); }
};

std::string location(std::string_view display_path, const model::MissingKgid& record) {
  return std::string(display_path) + ":" + std::to_string(record.class_line);
}

[[noreturn]] void stale(std::string_view display_path, const model::MissingKgid& record) {
  throw Error("cannot stamp a __kgid__ into class " + record.class_name + " at " +
                  location(display_path, record) + ": the file changed while it was read",
              "run `" + advice::crochet("kgid --write") + "` again");
}

void check_record(std::string_view display_path, const model::MissingKgid& record,
                  std::size_t line_count) {
  if (record.one_line_body && record.body_column == 0)
    throw Error("cannot stamp a __kgid__ into class " + record.class_name + " at " +
                    location(display_path, record) + ": the class has no body to stamp",
                "give it a body, then run `" + advice::crochet("kgid --write") + "` again");
  const bool indent_ok =
      !record.indent.empty() && record.indent.find_first_not_of(" \t") == std::string::npos;
  if (record.class_line == 0 || record.insert_line <= record.class_line ||
      record.insert_line > line_count + 1 || !indent_ok)
    stale(display_path, record);
}

// `class A(B): pass` -> `class A(B):` and the body on the next line, indented: the spaces
// between the colon and the body become a line break and the record's indentation.
void move_one_line_body(std::string& out, std::size_t line_start, std::string_view eol,
                        std::string_view display_path, const model::MissingKgid& record) {
  std::size_t body = line_start;
  if (line_start == 0 && out.starts_with("\xEF\xBB\xBF"))
    body = 3; // columns count from after the byte order mark
  for (std::uint32_t column = 1; column < record.body_column; ++body) {
    if (body >= out.size() || out[body] == '\n' || out[body] == '\r')
      stale(display_path, record);
    if (body + 1 >= out.size() || (static_cast<unsigned char>(out[body + 1]) & 0xC0) != 0x80)
      ++column; // the last byte of a code point
  }
  std::size_t colon = body;
  while (colon > line_start && (out[colon - 1] == ' ' || out[colon - 1] == '\t'))
    --colon;
  if (colon == line_start || out[colon - 1] != ':')
    stale(display_path, record);
  out.replace(colon, body - colon, std::string(eol) + record.indent);
}

} // namespace

std::string stamp_text(std::string_view text, std::string_view display_path,
                       const std::vector<model::MissingKgid>& missing,
                       const std::vector<std::string>& kgids) {
  const LineIndex lines(text);
  std::vector<std::size_t> order(missing.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    check_record(display_path, missing[i], lines.count());
    order[i] = i;
  }
  // Insert bottom-up so earlier offsets stay valid.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return missing[a].insert_line > missing[b].insert_line;
  });
  const std::string file_eol = lines.terminators.empty() || lines.terminators.front().empty()
                                   ? std::string("\n")
                                   : lines.terminators.front();
  std::string out(text);
  for (const std::size_t i : order) {
    const model::MissingKgid& record = missing[i];
    const std::string statement = record.indent + "__kgid__ = \"" + kgids[i] + "\"";
    const std::size_t line = record.insert_line; // 1-based, > class_line >= 1
    if (line <= lines.count()) {
      out.insert(lines.starts[line - 1], statement + lines.terminators[line - 2]);
    } else if (lines.ends_with_terminator()) {
      out += statement + lines.terminators.back();
    } else {
      out += file_eol + statement; // keep the missing final newline missing
    }
    // The class line is above the insertion, so its offsets still hold.
    if (record.one_line_body) {
      const std::string& eol = lines.terminators[record.class_line - 1];
      move_one_line_body(out, lines.starts[record.class_line - 1], eol.empty() ? file_eol : eol,
                         display_path, record);
    }
  }
  return out;
}

std::vector<StampedKgid> stamp_kgids(FileSystem& fs, const Project& project,
                                     const std::vector<model::MissingKgid>& missing,
                                     RandomSource& random) {
  std::vector<StampedKgid> stamped;
  std::map<std::string, std::vector<std::size_t>> by_file;
  for (std::size_t i = 0; i < missing.size(); ++i) {
    stamped.push_back(
        {missing[i].file, missing[i].class_name, new_kgid(missing[i].class_name, random)});
    by_file[missing[i].file].push_back(i);
  }

  // Compute every new text before writing any, so a bad record leaves all files untouched.
  std::vector<std::pair<std::filesystem::path, std::string>> writes;
  for (const auto& [file, indices] : by_file) {
    std::vector<model::MissingKgid> records;
    std::vector<std::string> kgids;
    for (const std::size_t i : indices) {
      records.push_back(missing[i]);
      kgids.push_back(stamped[i].kgid);
    }
    const std::filesystem::path path = project.models_dir() / file;
    writes.emplace_back(
        path, stamp_text(fs.read(path), project.config.models_path + "/" + file, records, kgids));
  }
  for (const auto& [path, text] : writes)
    fs.write_atomic(path, text);
  return stamped;
}

} // namespace crochet::project
