#include "core/model/members.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/python/unicode.hpp"
#include "core/util/small_vector.hpp"

namespace crochet::model {
namespace {

using schema::Value;

// The named arguments of one call, sorted by name; a later one of the same name replaces the
// earlier. Kept in place up to eight of them: calls have a handful of arguments, and there is
// one call per property and relationship, so a heap block each was an allocation per member.
class NamedArguments {
public:
  using Entry = std::pair<std::string_view, const py::Expr*>;
  using const_iterator = const Entry*;

  void set(std::string_view name, const py::Expr* value) {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), name, less);
    if (it != entries_.end() && it->first == name)
      it->second = value;
    else
      entries_.insert(it, {name, value});
  }
  const_iterator find(std::string_view name) const {
    const Entry* it = std::lower_bound(begin(), end(), name, less);
    return it != end() && it->first == name ? it : end();
  }
  std::size_t count(std::string_view name) const { return find(name) != end() ? 1 : 0; }
  // The argument `name`, which must be given.
  const py::Expr* at(std::string_view name) const { return find(name)->second; }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }

private:
  static bool less(const Entry& entry, std::string_view name) { return entry.first < name; }

  SmallVector<Entry, 8> entries_;
};

struct Arguments {
  NamedArguments named; // names point into the call and the catalog
  std::vector<std::pair<std::string, py::Location>> problems; // messages for odd arguments
};

// "name = StringProperty(...)", the prefix of a member's messages; built only for a message.
struct Where {
  const std::string& name;
  std::string_view type;
};

std::string operator+(const Where& where, std::string_view text) {
  std::string out;
  out.reserve(where.name.size() + where.type.size() + text.size() + 8);
  out.append(where.name).append(" = ").append(where.type).append("(...)").append(text);
  return out;
}

// Maps a call's positional and keyword arguments onto parameter names.
Arguments bind_arguments(const py::Expr& call, const std::vector<std::string_view>& positional,
                         bool positional_known) {
  Arguments args;
  for (std::size_t i = 0; i < call.items.size(); ++i) {
    const py::Expr* item = call.items[i].get();
    if (!item)
      continue;
    if (item->kind == py::ExprKind::Starred || !positional_known || i >= positional.size()) {
      args.problems.emplace_back("positional argument '" + render(*item) +
                                     "' cannot be matched to an option",
                                 item->location);
      continue;
    }
    args.named.set(positional[i], item);
  }
  for (const py::Keyword& keyword : call.keywords) {
    if (keyword.name.empty()) {
      args.problems.emplace_back("'**" + (keyword.value ? render(*keyword.value) : std::string()) +
                                     "' hides options that cannot be read statically",
                                 keyword.location);
      continue;
    }
    args.named.set(keyword.name, keyword.value.get());
  }
  return args;
}

bool truthy(const schema::Json& json) {
  if (json.is_boolean())
    return json.get<bool>();
  if (json.is_null())
    return false;
  if (json.is_number())
    return json.get<double>() != 0;
  if (json.is_string() || json.is_array() || json.is_object())
    return !json.empty();
  return true;
}

constexpr int kMaxFollow = 32; // names followed through assignments past this are a cycle

// Whether a name from outside the models folder is a function by Python's custom (a class's
// name is capitalised): `make_email`, `fields.unique`; not `Manager`, nor a builtin.
bool names_function(std::string_view dotted) {
  if (dotted.starts_with("builtins."))
    return false;
  const std::string_view last = dotted.substr(dotted.rfind('.') + 1);
  const std::size_t letter = last.find_first_not_of('_');
  return letter != std::string_view::npos && std::islower(static_cast<unsigned char>(last[letter]));
}

// Whether a dotted name outside the models folder comes from one of the standard library's
// modules a class body may call (`logger = logging.getLogger(__name__)`, `re.compile(...)`),
// which never make a neomodel property or relationship.
bool from_standard_library(std::string_view dotted) {
  static constexpr std::array<std::string_view, 20> kModules = {
      "collections", "datetime", "decimal",  "enum",   "functools", "itertools", "json",
      "logging",     "math",     "operator", "os",     "pathlib",   "random",    "re",
      "string",      "sys",      "time",     "typing", "uuid",      "warnings"};
  const std::string_view root = dotted.substr(0, dotted.find('.'));
  return std::find(kModules.begin(), kModules.end(), root) != kModules.end();
}

constexpr std::array<std::string_view, 4> kCrs = {"cartesian", "cartesian-3d", "wgs-84",
                                                  "wgs-84-3d"};

// neomodel turns choices into a dict, so a list of pairs reads as the dict literal would.
// Whether Python's dict() takes `choices`, as StringProperty requires: a mapping, or items that
// each unpack into a key and a value (a pair, a two-character string, a two-key dict).
bool dict_convertible(const schema::Json& choices) {
  if (choices.is_object())
    return true;
  if (!choices.is_array())
    return false;
  return std::all_of(choices.begin(), choices.end(), [](const schema::Json& item) {
    if (item.is_string()) {
      const std::string& text = item.get_ref<const std::string&>();
      return py::count_code_points(text.data(), text.data() + text.size()) == 2;
    }
    return (item.is_array() || item.is_object()) && item.size() == 2;
  });
}

schema::Json normalise_choices(const schema::Json& choices) {
  if (!choices.is_array())
    return choices;
  for (const auto& pair : choices)
    if (!is_key_value_pair(pair))
      return choices; // not pairs: a list of values, kept as written
  return dict_from_pairs(choices);
}

} // namespace

void MemberReader::error(const FileModel& file, py::Location at, std::string message) {
  diagnostics_.push_back(file.diagnostic(Severity::error, at, std::move(message)));
}

void MemberReader::warn(const FileModel& file, py::Location at, std::string message) {
  diagnostics_.push_back(file.diagnostic(Severity::warning, at, std::move(message)));
}

bool MemberReader::is_member_call(const FileModel& file, const py::Expr& expr) {
  if (expr.kind != py::ExprKind::Call || !expr.object)
    return false;
  Symbol callee = symbols_.resolve(file, *expr.object);
  if (callee.kind == Symbol::Kind::neomodel)
    return callee.neo->kind == NeoKind::property || callee.neo->kind == NeoKind::relationship;
  if (callee.kind == Symbol::Kind::project_class)
    return graph_.info({callee.file, callee.stmt}).role == ClassRole::property;
  return false;
}

void MemberReader::warn_hidden_members(const FileModel& file, const py::Block& block,
                                       const char* where) {
  for (const py::Stmt& stmt : block) {
    if (stmt.kind == py::StmtKind::Assign && stmt.value && is_member_call(file, *stmt.value))
      warn(file, stmt.location,
           "'" + std::string(stmt.targets.empty() ? "?" : stmt.targets.front()) +
               "' is defined inside " + where + " and is not part of the schema");
    for (const py::Block& inner : stmt.blocks())
      warn_hidden_members(file, inner, where);
  }
}

const std::vector<Member>& MemberReader::own_members(const ClassRef& cls) {
  if (auto it = cache_.find(cls); it != cache_.end())
    return it->second;
  return cache_.emplace(cls, read_own_members(cls)).first->second;
}

const std::vector<Member>* MemberReader::cached_members(const ClassRef& cls) const {
  auto it = cache_.find(cls);
  return it == cache_.end() ? nullptr : &it->second;
}

std::vector<Member> MemberReader::take_own_members(const ClassRef& cls) {
  if (auto it = cache_.find(cls); it != cache_.end()) {
    std::vector<Member> members = std::move(it->second);
    cache_.erase(it);
    return members;
  }
  return read_own_members(cls);
}

std::vector<Member> MemberReader::read_own_members(const ClassRef& cls) {
  std::vector<Member> members;
  for (const py::Block& block : cls.stmt->blocks())
    members.reserve(members.capacity() + block.size());
  const FileModel& file = *cls.file;
  for (const py::Block& block : cls.stmt->blocks()) {
    for (const py::Stmt& stmt : block) {
      if (stmt.kind == py::StmtKind::FunctionDef) {
        for (const py::Block& body : stmt.blocks())
          warn_hidden_members(file, body, "a function body");
        Member& m = members.emplace_back();
        m.name = stmt.name();
        m.file = &file;
        m.location = stmt.location;
        continue;
      }
      if (stmt.kind == py::StmtKind::If || stmt.kind == py::StmtKind::Try) {
        for (const py::Block& body : stmt.blocks())
          warn_hidden_members(file, body, "an if/try block");
        continue;
      }
      if (stmt.kind != py::StmtKind::Assign)
        continue;
      for (std::string_view name : stmt.targets) {
        // Built in place, the property or relationship included: a Member holds both, 600 bytes.
        Member& m = members.emplace_back();
        m.name = name;
        m.file = &file;
        m.location = stmt.location;
        const Scope scope(file, *cls.stmt, stmt);
        const py::Expr* value = stmt.value.get();
        if (!value)
          continue;
        if (value->kind == py::ExprKind::Call && value->object)
          read_call_member(scope, cls, *value, *value, false, m);
        else if (value->kind == py::ExprKind::Name || value->kind == py::ExprKind::Attribute ||
                 value->kind == py::ExprKind::Unresolved)
          read_indirect_member(scope, cls, *value, m);
      }
    }
  }
  return members;
}

void MemberReader::read_call_member(const Scope& scope, const ClassRef& cls, const py::Expr& value,
                                    const py::Expr& written, bool repeated, Member& m) {
  const FileModel& file = *scope.file;
  const std::string& target = m.name;
  Symbol callee = symbols_.resolve(file, *value.object);
  if (callee.kind == Symbol::Kind::constant)
    callee = follow_class_alias(std::move(callee));
  // A member read before under another name (`years = age`) gave its messages there.
  const std::size_t before = diagnostics_.size();
  auto forget_repeats = [&] {
    if (repeated)
      diagnostics_.erase(diagnostics_.begin() + static_cast<std::ptrdiff_t>(before),
                         diagnostics_.end());
  };
  if (callee.kind == Symbol::Kind::neomodel && callee.neo->kind == NeoKind::property) {
    if (read_property(scope, target, value, *callee.neo, "", false, m.property))
      m.kind = Member::Kind::property;
    else
      m.property = {};
    forget_repeats();
  } else if (callee.kind == Symbol::Kind::neomodel && callee.neo->kind == NeoKind::relationship) {
    if (read_relationship(scope, target, value, *callee.neo, m.relationship))
      m.kind = Member::Kind::relationship;
    else
      m.relationship = {};
    forget_repeats();
  } else if (callee.kind == Symbol::Kind::project_class) {
    const ClassInfo& info = graph_.info({callee.file, callee.stmt});
    if (info.role == ClassRole::property && info.neo_base) {
      // A user subclass with its own __init__ may take other positional arguments, and may pass
      // neomodel options of its own, which are not read.
      bool custom_init = false;
      for (const ClassRef& c : info.mro)
        for (const py::Block& b : c.stmt->blocks())
          for (const py::Stmt& s : b)
            if (s.kind == py::StmtKind::FunctionDef && s.name() == "__init__") {
              custom_init = true;
              warn(*c.file, s.location,
                   "class '" + c.stmt->name() +
                       "' has an __init__ of its own: the options it passes to neomodel's " +
                       std::string(info.neo_base->canonical) +
                       " (index, unique_index, required, default, ...) are not read, only the "
                       "arguments written where the class is used");
            }
      if (read_property(scope, target, value, *info.neo_base, callee.stmt->name(), custom_init,
                        m.property))
        m.kind = Member::Kind::property;
      else
        m.property = {};
      forget_repeats();
    }
  } else if (callee.kind == Symbol::Kind::undefined) {
    // A class body runs at import: Python would stop here with a NameError.
    error(file, value.object->location,
          "name '" + render(*value.object) + "' is not defined (used for '" + target +
              "' in class '" + cls.stmt->name() + "')");
    forget_repeats();
  } else if (callee.kind == Symbol::Kind::neomodel && callee.neo->kind == NeoKind::other) {
    // db, config, ... assigned in a class body: no schema meaning.
  } else if (callee.kind == Symbol::Kind::external &&
             is_neomodel_module(callee.text.substr(0, callee.text.rfind('.')))) {
    // A misspelling fails Python's import; a class of a newer neomodel would be a
    // property git-crochet cannot read. Either way the schema without it would be
    // wrong, and a migration made from it would drop the property's data.
    error(file, value.object->location,
          "'" + callee.text + "' is not a neomodel class git-crochet knows, so '" + target +
              "' in class '" + cls.stmt->name() +
              "' cannot be read (a misspelling? importing the models would fail)");
  } else if (callee.kind == Symbol::Kind::external) {
    // `from common.fields import StringProperty`, or a star import of a module outside
    // the models folder: most likely neomodel's class under another name, but what it
    // makes of the member cannot be read.
    const std::string_view last = std::string_view(callee.text).substr(callee.text.rfind('.') + 1);
    if (const NeoClass* like = find_neomodel(last);
        like && (like->kind == NeoKind::property || like->kind == NeoKind::relationship))
      warn(file, value.object->location,
           "'" + target + "' in class '" + cls.stmt->name() + "' is made by '" + callee.text +
               "', which comes from outside the models folder and cannot be read; it "
               "is not part of the schema");
    else if (names_function(callee.text) && !from_standard_library(callee.text))
      warn_made_by_call(m, cls, value, written);
  } else if (callee.kind == Symbol::Kind::function || callee.kind == Symbol::Kind::constant) {
    // A function of the project (or a constant that is not a class: a lambda, a partial) may
    // return a property or relationship, which only running it would tell.
    warn_made_by_call(m, cls, value, written);
  }
}

void MemberReader::warn_made_by_call(const Member& m, const ClassRef& cls, const py::Expr& call,
                                     const py::Expr& written) {
  warn(*m.file, written.location,
       "'" + m.name + "' in class '" + cls.stmt->name() + "' is made by calling '" +
           render(*call.object) +
           "', which git-crochet cannot read statically: a property or relationship it returns "
           "is not part of the schema");
}

Symbol MemberReader::follow_class_alias(Symbol s) const {
  for (int depth = 0; depth < kMaxFollow && s.kind == Symbol::Kind::constant; ++depth) {
    if (s.expr->kind != py::ExprKind::Name && s.expr->kind != py::ExprKind::Attribute)
      return s;
    Symbol next = symbols_.resolve(*s.file, *s.expr);
    if (next.kind == Symbol::Kind::undefined)
      return s;
    s = std::move(next);
  }
  return s;
}

void MemberReader::read_indirect_member(const Scope& at, const ClassRef& cls, const py::Expr& value,
                                        Member& m) {
  // neomodel's own settings (__label__, __kgid__, ...) are never members.
  if (m.name.size() > 4 && m.name.starts_with("__") && m.name.ends_with("__"))
    return;
  Scope scope = at;
  const py::Expr* expr = &value;
  bool repeated = false;
  auto unreadable = [&](const Scope& where, const py::Expr& shown, const char* why) {
    std::vector<const py::Expr*> seen;
    if (mentions_member(where, shown, 0, seen))
      warn(*m.file, value.location,
           "'" + m.name + "' in class '" + cls.stmt->name() + "' is '" + render(*expr) + "', " +
               why +
               " git-crochet cannot read statically: a property or relationship it holds is not "
               "part of the schema");
  };
  // Followed through names to what they hold, as Python's class body and module would: at most
  // kMaxFollow names, so `A = B` and `B = A` end.
  for (int depth = 0; depth < kMaxFollow; ++depth) {
    if (expr->kind == py::ExprKind::Call) {
      if (expr->object)
        read_call_member(scope, cls, *expr, value, repeated, m);
      return;
    }
    if (expr->kind == py::ExprKind::Unresolved) {
      unreadable(scope, *expr, "which");
      return;
    }
    if (expr->kind != py::ExprKind::Name && expr->kind != py::ExprKind::Attribute)
      return;
    if (expr->kind == py::ExprKind::Name && scope.cls) {
      // The class body's own names come first: `years = age` is the member `age` again.
      const ClassBinding binding = class_binding(scope, expr->text());
      if (binding.kind == ClassBinding::Kind::constant) {
        scope = Scope(*scope.file, *scope.cls, *binding.stmt);
        expr = binding.stmt->value.get();
        repeated = true;
        continue;
      }
      if (binding.kind == ClassBinding::Kind::unknown) {
        if (binding.stmt->kind == py::StmtKind::Assign && binding.stmt->value)
          unreadable(Scope(*scope.file, *scope.cls, *binding.stmt), *binding.stmt->value,
                     "assigned in an if/try block, which");
        return;
      }
      if (binding.kind == ClassBinding::Kind::definition)
        return;
    }
    const Symbol s = symbols_.resolve(*scope.file, *expr);
    if (s.kind != Symbol::Kind::constant)
      return;
    scope = Scope(*s.file);
    expr = s.expr;
  }
}

bool MemberReader::mentions_member(const Scope& scope, const py::Expr& expr, int depth,
                                   std::vector<const py::Expr*>& seen) {
  if (depth > kMaxFollow)
    return false;
  switch (expr.kind) {
  case py::ExprKind::Name:
  case py::ExprKind::Attribute:
    if (const std::string dotted = dotted_name(expr); !dotted.empty())
      return names_member(scope, dotted, false, depth, seen);
    break;
  case py::ExprKind::Call:
    if (expr.object)
      if (const std::string dotted = dotted_name(*expr.object);
          !dotted.empty() && names_member(scope, dotted, true, depth, seen))
        return true;
    break;
  case py::ExprKind::Unresolved:
    return text_mentions_member(scope, expr.text(), depth, seen);
  default:
    break;
  }
  if (expr.object && mentions_member(scope, *expr.object, depth + 1, seen))
    return true;
  for (const py::ExprPtr& item : expr.items)
    if (item && mentions_member(scope, *item, depth + 1, seen))
      return true;
  for (const py::Keyword& keyword : expr.keywords)
    if (keyword.value && mentions_member(scope, *keyword.value, depth + 1, seen))
      return true;
  return false;
}

bool MemberReader::names_member(const Scope& scope, std::string_view dotted, bool called, int depth,
                                std::vector<const py::Expr*>& seen) {
  const std::string_view first = dotted.substr(0, dotted.find('.'));
  if (scope.cls) {
    const ClassBinding binding = class_binding(scope, first);
    if (binding.kind == ClassBinding::Kind::constant && first.size() == dotted.size())
      return mentions_member(Scope(*scope.file, *scope.cls, *binding.stmt), *binding.stmt->value,
                             depth + 1, seen);
    if (binding.kind != ClassBinding::Kind::none)
      return false;
  }
  const Symbol s = symbols_.resolve_dotted(*scope.file, dotted);
  switch (s.kind) {
  case Symbol::Kind::neomodel:
    return s.neo->kind == NeoKind::property || s.neo->kind == NeoKind::relationship;
  case Symbol::Kind::project_class:
    return graph_.info({s.file, s.stmt}).role == ClassRole::property;
  case Symbol::Kind::function:
    return called;
  case Symbol::Kind::constant:
    if (std::find(seen.begin(), seen.end(), s.expr) != seen.end())
      return false;
    seen.push_back(s.expr);
    return mentions_member(Scope(*s.file), *s.expr, depth + 1, seen);
  default:
    // `EMAIL.clone`: an attribute of what the shorter name holds.
    if (const auto dot = dotted.rfind('.'); dot != std::string_view::npos)
      return names_member(scope, dotted.substr(0, dot), false, depth + 1, seen);
    return false;
  }
}

bool MemberReader::text_mentions_member(const Scope& scope, std::string_view text, int depth,
                                        std::vector<const py::Expr*>& seen) {
  auto word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  // A lambda is a function, a comprehension a container: never a member.
  if (text.starts_with('[') || text.starts_with('{') ||
      (text.starts_with("lambda") && (text.size() == 6 || !word(text[6]))))
    return false;
  // Each dotted name of the text, strings and numbers skipped.
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\'' || c == '"') {
      for (++i; i < text.size() && text[i] != c; ++i)
        if (text[i] == '\\')
          ++i;
      ++i;
      continue;
    }
    if (!word(c)) {
      ++i;
      continue;
    }
    std::size_t before = i;
    while (before > 0 && text[before - 1] == ' ')
      --before;
    const bool attribute = before > 0 && text[before - 1] == '.'; // of a call, a subscript, ...
    const bool number = std::isdigit(static_cast<unsigned char>(c));
    const std::size_t start = i;
    while (i < text.size() &&
           (word(text[i]) || (text[i] == '.' && i + 1 < text.size() && word(text[i + 1]))))
      ++i;
    if (attribute || number)
      continue;
    std::size_t after = i;
    while (after < text.size() && text[after] == ' ')
      ++after;
    const bool called = after < text.size() && text[after] == '(';
    if (names_member(scope, text.substr(start, i - start), called, depth + 1, seen))
      return true;
  }
  return false;
}

bool MemberReader::read_property(const Scope& scope, const std::string& name, const py::Expr& call,
                                 const NeoClass& neo, const std::string& declared_type,
                                 bool custom_init, schema::Property& p) {
  const FileModel& file = *scope.file;
  p.name = name;
  p.db_property = name;
  p.type = std::string(neo.canonical);
  const bool unique_id = neo.canonical == "UniqueIdProperty";
  p.declared_type = declared_type;
  const Where where{name, declared_type.empty() ? p.type : declared_type};
  // StringProperty checks choices and max_length in its __init__; a subclass's own __init__ may
  // turn other arguments into valid ones.
  const bool string_checks = neo.canonical == "StringProperty" && !custom_init;
  Arguments args = bind_arguments(call, neo.positional, !custom_init);
  for (const auto& [message, at] : args.problems)
    warn(file, at, where + ": " + message);

  bool ok = true;
  auto flag = [&](const char* option, bool& into) {
    auto it = args.named.find(option);
    if (it == args.named.end() || !it->second)
      return;
    Value v = evaluator_.value(scope, *it->second);
    if (v.kind == Value::Kind::literal) {
      into = truthy(v.literal);
    } else {
      warn(file, it->second->location,
           where + ": option '" + std::string(option) + "' cannot be read statically (" +
               render(*it->second) + "); recorded as unresolved");
      p.other_options[std::string(option)] = std::move(v);
    }
  };
  auto given = [&](const char* option) { return args.named.count(option) > 0; };

  if (unique_id) {
    for (const char* banned : {"required", "unique_index", "index", "default"})
      if (given(banned)) {
        error(file, args.named.at(banned)->location,
              where + ": UniqueIdProperty does not accept '" + std::string(banned) +
                  "' (neomodel)");
        ok = false;
      }
    p.unique_index = true;
    p.default_value = Value{Value::Kind::callable, nullptr, "uuid4"};
  }
  if (neo.canonical == "AliasProperty") {
    if (auto it = args.named.find("to"); it != args.named.end() && it->second) {
      if (auto target = evaluator_.string(scope, *it->second))
        p.alias_of = *target;
      else
        warn(file, it->second->location, where + ": alias target cannot be read statically");
    }
    if (p.alias_of.empty()) {
      error(file, call.location, where + ": AliasProperty needs a target property (to=...)");
      return false;
    }
    return true;
  }

  flag("required", p.required);
  if (!unique_id) {
    flag("unique_index", p.unique_index);
    flag("index", p.index);
  }
  for (const auto& [option, expr] : args.named) {
    if (!expr)
      continue;
    if (option == "required" || option == "unique_index" || option == "index" || option == "to" ||
        option == "label" || option == "help_text" || option == "cls_name")
      continue;
    if (option == "default") {
      if (unique_id)
        continue;
      Value v = evaluator_.value(scope, *expr);
      if (v.kind == Value::Kind::literal && v.literal.is_null())
        continue; // default=None means no default in neomodel
      if (v.kind == Value::Kind::unresolved)
        warn(file, expr->location,
             where + ": default '" + render(*expr) + "' cannot be read statically");
      p.default_value = std::move(v);
    } else if (option == "default_now") {
      Value v = evaluator_.value(scope, *expr);
      if (v.kind == Value::Kind::literal && truthy(v.literal)) {
        if (given("default")) {
          error(file, expr->location, where + ": default_now and default are mutually exclusive");
          ok = false;
        }
        p.default_value = Value{Value::Kind::callable, nullptr, "now"};
      }
    } else if (option == "choices") {
      Value scratch; // choices are often a constant many properties share: viewed, not copied
      const Value& v = evaluator_.view(scope, *expr, scratch);
      if (v.kind == Value::Kind::literal && v.literal.is_null())
        continue;
      if (v.kind == Value::Kind::literal) {
        if (string_checks && !dict_convertible(v.literal)) {
          error(file, expr->location,
                where + ": choices must be a dict or a sequence of (value, label) pairs, not " +
                    render(*expr) + " (neomodel's StringProperty raises ValueError)");
          ok = false;
        }
        p.choices = Value{Value::Kind::literal, normalise_choices(v.literal), {}};
      } else {
        warn(file, expr->location, where + ": choices cannot be read statically");
        p.choices = Value{Value::Kind::unresolved, nullptr, render(*expr)};
      }
    } else if (option == "db_property") {
      if (auto db = evaluator_.string(scope, *expr)) {
        if (db->empty()) {
          error(file, expr->location, where + ": db_property must not be empty");
          ok = false;
        } else {
          p.db_property = *db;
        }
      } else {
        error(file, expr->location,
              where + ": db_property must be a string known statically, not '" + render(*expr) +
                  "'");
        ok = false;
      }
    } else if (option == "max_length") {
      Value v = evaluator_.value(scope, *expr);
      const bool literal = v.kind == Value::Kind::literal;
      if (string_checks && literal &&
          (v.literal.is_string() || v.literal.is_structured() ||
           (v.literal.is_number() && v.literal.get<double>() < 1))) {
        error(file, expr->location,
              where + ": max_length must be a positive integer, not " + render(*expr) +
                  " (neomodel's StringProperty raises an error)");
        ok = false;
      } else if (literal && v.literal.is_number_integer()) {
        p.max_length = v.literal.get<long long>();
      } else if (!(literal && v.literal.is_null())) {
        p.other_options["max_length"] = std::move(v);
      }
    } else if (option == "crs") {
      auto crs = evaluator_.string(scope, *expr);
      if (!crs || std::find(kCrs.begin(), kCrs.end(), *crs) == kCrs.end()) {
        error(file, expr->location,
              where + ": invalid crs " + render(*expr) +
                  "; expected one of cartesian, cartesian-3d, wgs-84, wgs-84-3d");
        ok = false;
      } else {
        p.crs = *crs;
      }
    } else if (option == "base_property") {
      if (const Value none = evaluator_.value(scope, *expr);
          none.kind == Value::Kind::literal && none.literal.is_null())
        continue; // neomodel's default: an array of any values
      Symbol callee = expr->kind == py::ExprKind::Call && expr->object
                          ? symbols_.resolve(file, *expr->object)
                          : Symbol{};
      const NeoClass* item = nullptr;
      if (callee.kind == Symbol::Kind::neomodel && callee.neo->kind == NeoKind::property)
        item = callee.neo;
      else if (callee.kind == Symbol::Kind::project_class) {
        const ClassInfo& info = graph_.info({callee.file, callee.stmt});
        if (info.role == ClassRole::property)
          item = info.neo_base;
      }
      if (!item) {
        warn(file, expr->location,
             where + ": base_property '" + render(*expr) + "' cannot be read statically");
        p.other_options["base_property"] = Value{Value::Kind::unresolved, nullptr, render(*expr)};
        continue;
      }
      if (item->canonical == "ArrayProperty") {
        error(file, expr->location, where + ": ArrayProperty cannot be nested (neomodel)");
        ok = false;
        continue;
      }
      for (const py::Keyword& k : expr->keywords)
        for (const char* banned : {"default", "index", "unique_index", "required"})
          if (k.name == banned && k.value) {
            Value v = evaluator_.value(scope, *k.value);
            if (v.kind != Value::Kind::literal || truthy(v.literal)) {
              error(file, k.location,
                    where + ": ArrayProperty base_property cannot have '" + std::string(k.name) +
                        "' set (neomodel)");
              ok = false;
            }
          }
      p.item_type = std::string(item->canonical);
    } else if (option == "fulltext_index" || option == "vector_index") {
      const bool fulltext = option == "fulltext_index";
      Symbol callee = expr->kind == py::ExprKind::Call && expr->object
                          ? symbols_.resolve(file, *expr->object)
                          : Symbol{};
      const NeoKind wanted = fulltext ? NeoKind::fulltext_index : NeoKind::vector_index;
      if (callee.kind != Symbol::Kind::neomodel || callee.neo->kind != wanted) {
        Value v = evaluator_.value(scope, *expr);
        if (v.kind == Value::Kind::literal && v.literal.is_null())
          continue;
        error(file, expr->location,
              where + ": " + std::string(option) + " must be " +
                  (fulltext ? "FulltextIndex" : "VectorIndex") + "(...), not '" + render(*expr) +
                  "'");
        ok = false;
        continue;
      }
      Arguments index_args = bind_arguments(*expr, callee.neo->positional, true);
      for (const auto& [message, at] : index_args.problems)
        warn(file, at, where + ": " + message);
      auto read_string = [&](const char* key, std::string& into) {
        if (auto it = index_args.named.find(key); it != index_args.named.end() && it->second) {
          if (auto s = evaluator_.string(scope, *it->second))
            into = *s;
          else {
            error(file, it->second->location,
                  where + ": " + key + " must be a string known statically");
            ok = false;
          }
        }
      };
      // neomodel writes the value into the index's Cypher as Python prints it, so only True
      // and False make a valid index: anything else fails install_labels, not a truthy flag.
      auto read_bool = [&](const char* key, bool& into) {
        if (auto it = index_args.named.find(key); it != index_args.named.end() && it->second) {
          Value v = evaluator_.value(scope, *it->second);
          if (v.kind == Value::Kind::literal && v.literal.is_boolean())
            into = v.literal.get<bool>();
          else {
            error(file, it->second->location,
                  where + ": " + key + " must be True or False known statically, not " +
                      render(*it->second));
            ok = false;
          }
        }
      };
      if (fulltext) {
        schema::FulltextIndex index;
        read_string("analyzer", index.analyzer);
        read_bool("eventually_consistent", index.eventually_consistent);
        p.fulltext_index = index;
      } else {
        schema::VectorIndex index;
        read_string("similarity_function", index.similarity_function);
        if (auto it = index_args.named.find("dimensions");
            it != index_args.named.end() && it->second) {
          Value v = evaluator_.value(scope, *it->second);
          if (v.kind == Value::Kind::literal && v.literal.is_number_integer() &&
              v.literal.get<long long>() > 0)
            index.dimensions = v.literal.get<long long>();
          else {
            error(file, it->second->location,
                  where + ": dimensions must be a positive integer known statically");
            ok = false;
          }
        }
        if (index.similarity_function != "cosine" && index.similarity_function != "euclidean") {
          error(file, expr->location,
                where + ": similarity_function must be 'cosine' or 'euclidean'");
          ok = false;
        }
        p.vector_index = index;
      }
    } else if (option == "format" || option == "expression" || option == "ensure_ascii") {
      p.other_options[std::string(option)] = evaluator_.value(scope, *expr);
    } else {
      warn(file, expr->location,
           where + ": unknown option '" + std::string(option) + "' is ignored by neomodel's " +
               p.type);
    }
  }

  // neomodel's own rules, checked where neomodel checks them: at import time.
  if (p.unique_index && p.index && !unique_id) {
    error(file, call.location,
          where + ": unique_index and index are mutually exclusive (neomodel)");
    ok = false;
  }
  if (p.required && p.default_value && !unique_id) {
    error(file, call.location, where + ": required and default are mutually exclusive (neomodel)");
    ok = false;
  }
  if (p.choices && p.max_length) {
    error(file, call.location,
          where + ": choices and max_length are mutually exclusive (neomodel)");
    ok = false;
  }
  if (neo.canonical == "RegexProperty" && declared_type.empty() && !given("expression")) {
    error(file, call.location, where + ": RegexProperty needs an expression (neomodel)");
    ok = false;
  }
  if (neo.canonical == "PointProperty" && !p.crs && !given("crs")) {
    error(file, call.location, where + ": PointProperty needs crs=... (neomodel)");
    ok = false;
  }
  if (neo.canonical == "ArrayProperty" && !p.item_type && !p.other_options.count("base_property"))
    p.item_type = std::nullopt;
  if (!ok)
    return false;
  return true;
}

std::optional<ClassRef> MemberReader::resolve_target(const FileModel& file,
                                                     const py::Expr& target) {
  if (target.kind == py::ExprKind::String && !target.fstring)
    return resolve_target_name(file, target.text());
  Symbol s = symbols_.resolve(file, target);
  if (s.kind == Symbol::Kind::project_class)
    return ClassRef{s.file, s.stmt};
  return std::nullopt;
}

std::optional<ClassRef> MemberReader::resolve_target_name(const FileModel& file,
                                                          std::string_view text) {
  const auto dot = text.rfind('.');
  if (dot != std::string::npos) {
    // "app.models.Person" or ".person.Person": a module path and a class name. ".Person" names
    // the package itself, as neomodel imports it: the module's package (the package, for its
    // __init__.py), where the class is usually imported from a submodule.
    std::string module(text.substr(0, dot));
    int level = 0;
    while (level < static_cast<int>(module.size()) && module[level] == '.')
      ++level;
    const std::string_view dotted = std::string_view(module).substr(level);
    if (dot == 0)
      level = 1;
    if (const FileModel* m = symbols_.find_module(file, dotted, level)) {
      Symbol s = symbols_.lookup(*m, text.substr(dot + 1));
      if (s.kind == Symbol::Kind::project_class)
        return ClassRef{s.file, s.stmt};
    }
    return std::nullopt;
  }
  // Most targets name a class of another file, which this file neither defines nor imports:
  // its filter says so without a lookup (unless a star import may bring the name in).
  const std::size_t hash = NameFilter::hash(text);
  if (!file.star_imports.empty() || file.bound_names.may_contain(hash)) {
    Symbol s = symbols_.lookup_once(file, text);
    if (s.kind == Symbol::Kind::project_class)
      return ClassRef{s.file, s.stmt};
  }
  // neomodel would need the class imported into this module; resolve it anyway when the name
  // is unique in the models folder, with a warning from the caller if it is not.
  const std::span<const Symbol> candidates = symbols_.classes_named(text, hash);
  if (candidates.size() == 1)
    return ClassRef{candidates[0].file, candidates[0].stmt};
  return std::nullopt;
}

bool MemberReader::read_relationship(const Scope& scope, const std::string& name,
                                     const py::Expr& call, const NeoClass& neo,
                                     PendingRelationship& pending) {
  const FileModel& file = *scope.file;
  pending.file = &file;
  pending.location = call.location;
  pending.async = neo.async;
  schema::RelationshipDef& def = pending.definition;
  def.name = name;
  def.direction = neo.canonical == "RelationshipTo"     ? schema::Direction::outgoing
                  : neo.canonical == "RelationshipFrom" ? schema::Direction::incoming
                                                        : schema::Direction::either;
  const Where where{name, neo.name};
  Arguments args = bind_arguments(call, neo.positional, true);
  for (const auto& [message, at] : args.problems)
    warn(file, at, where + ": " + message);

  const py::Expr* target = args.named.count("cls_name") ? args.named.at("cls_name") : nullptr;
  const py::Expr* type =
      args.named.count("relation_type") ? args.named.at("relation_type") : nullptr;
  if (!target || !type) {
    error(file, call.location, where + ": a relationship needs a target class and a relation type");
    return false;
  }
  if (target->kind == py::ExprKind::String && !target->fstring) {
    def.target_class = std::string(target->text());
    pending.target = resolve_target_name(file, def.target_class);
  } else if (std::optional<ClassRef> cls = resolve_target(file, *target)) {
    def.target_class = render(*target);
    pending.target = cls;
  } else if (std::optional<std::string> named = evaluator_.string(scope, *target)) {
    // A constant or f-string holding the class's name ("STUDY = '.study.Study'"): neomodel
    // sees the string, and resolves it from this module as it would a literal.
    def.target_class = std::move(*named);
    pending.target = resolve_target_name(file, def.target_class);
  } else {
    def.target_class = render(*target);
  }
  if (!pending.target) {
    const auto candidates = symbols_.classes_named(def.target_class);
    warn(file, target->location,
         where + ": target '" + def.target_class + "' " +
             (candidates.size() > 1 ? "is ambiguous: several model classes have that name"
                                    : "is not a class of the models folder") +
             "; recorded as unresolved");
  }
  if (auto rel_type = evaluator_.string(scope, *type)) {
    def.rel_type = *rel_type;
    if (def.rel_type.empty()) {
      error(file, type->location, where + ": the relation type must not be empty");
      return false;
    }
  } else {
    def.rel_type = render(*type);
    def.rel_type_resolved = false;
    warn(file, type->location,
         where + ": relation type '" + def.rel_type + "' cannot be read statically");
  }
  if (auto it = args.named.find("cardinality"); it != args.named.end() && it->second) {
    Symbol c = symbols_.resolve(file, *it->second);
    if (c.kind == Symbol::Kind::neomodel && c.neo->kind == NeoKind::cardinality)
      def.cardinality = std::string(c.neo->canonical);
    else {
      def.cardinality = render(*it->second);
      warn(file, it->second->location,
           where + ": cardinality '" + def.cardinality + "' is not a neomodel cardinality");
    }
  }
  if (auto it = args.named.find("model"); it != args.named.end() && it->second) {
    Value none = evaluator_.value(scope, *it->second);
    if (!(none.kind == Value::Kind::literal && none.literal.is_null())) {
      Symbol m = symbols_.resolve(file, *it->second);
      if (m.kind == Symbol::Kind::project_class &&
          graph_.info({m.file, m.stmt}).role == ClassRole::relationship) {
        pending.model = ClassRef{m.file, m.stmt};
      } else if (m.kind == Symbol::Kind::neomodel && m.neo->kind == NeoKind::rel_base) {
        // model=StructuredRel is neomodel's default spelled out: no properties of the project's,
        // but the type is registered for it.
        pending.outer_model = PendingRelationship::OuterModel::structured_rel;
      } else if (none.kind == Value::Kind::literal && none.literal.is_string()) {
        // Unlike a target, neomodel takes model= as a class only (a string fails at import).
        error(file, it->second->location,
              where + ": model " + render(*it->second) +
                  " is a string; neomodel needs the StructuredRel class itself (import it)");
        return false;
      } else if (m.kind == Symbol::Kind::external) {
        // A StructuredRel shared from another package: neomodel imports it, but its properties
        // are not in the models folder. The model is recorded by name, unresolved.
        def.model_class = m.text;
        pending.outer_model = PendingRelationship::OuterModel::outside;
        warn(file, it->second->location,
             where + ": model '" + m.text +
                 "' comes from outside the models folder, so its properties (and the "
                 "constraints and indexes they need) are not in the schema");
      } else {
        error(file, it->second->location,
              where + ": model '" + render(*it->second) +
                  "' is not a StructuredRel class of the models folder");
        return false;
      }
    }
  }
  for (const auto& [option, expr] : args.named)
    if (option != "cls_name" && option != "relation_type" && option != "cardinality" &&
        option != "model" && expr)
      warn(file, expr->location,
           where + ": unknown option '" + std::string(option) + "' is ignored");
  return true;
}

} // namespace crochet::model
