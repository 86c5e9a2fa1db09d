// Prints the reduced module syntax of a Python file in the line format that
// compare_with_cpython.py derives from CPython's own ast, so the two can be diffed.
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/python/parser.hpp"

namespace {

using namespace crochet::py;

std::string quote(std::string_view s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string at(const Location& l) {
  return std::to_string(l.line) + ":" + std::to_string(l.column);
}

std::string expr(const Expr* x);

template <typename ExprList> std::string list(const ExprList& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i ? " " : "") + expr(items[i].get());
  return out;
}

template <typename KeywordRange> std::string keywords(const KeywordRange& k) {
  std::string out;
  for (std::size_t i = 0; i < k.size(); ++i)
    out += (i ? " " : "") + std::string("kw@") + at(k[i].location) + ":" + quote(k[i].name) + "=" +
           expr(k[i].value.get());
  return out;
}

std::string expr(const Expr* x) {
  if (!x)
    return "null";
  const std::string l = at(x->location);
  switch (x->kind) {
  case ExprKind::Name:
    return "(Name@" + l + " " + quote(x->text()) + ")";
  case ExprKind::Attribute:
    return "(Attribute@" + l + " " + expr(x->object.get()) + " " + quote(x->text()) + ")";
  case ExprKind::Call:
    return "(Call@" + l + " " + expr(x->object.get()) + " [" + list(x->items) + "] [" +
           keywords(x->keywords) + "])";
  case ExprKind::String:
    return x->fstring ? "(FString@" + l + ")" : "(String@" + l + " " + quote(x->text()) + ")";
  case ExprKind::Integer:
    return "(Integer@" + l + " " + quote(x->text()) + " " +
           (x->value() ? std::to_string(*x->value()) : "none") + ")";
  case ExprKind::Float:
    return "(Float@" + l + " " + quote(x->text()) + ")";
  case ExprKind::True:
    return "(True@" + l + ")";
  case ExprKind::False:
    return "(False@" + l + ")";
  case ExprKind::None:
    return "(None@" + l + ")";
  case ExprKind::List:
    return "(List@" + l + " [" + list(x->items) + "])";
  case ExprKind::Tuple:
    return "(Tuple@" + l + " [" + list(x->items) + "])";
  case ExprKind::Set:
    return "(Set@" + l + " [" + list(x->items) + "])";
  case ExprKind::Dict:
    return "(Dict@" + l + " [" + list(x->items) + "])";
  case ExprKind::Add:
    return "(Add@" + l + " " + expr(x->items[0].get()) + " " + expr(x->items[1].get()) + ")";
  case ExprKind::Negate:
    return "(Negate@" + l + " " + expr(x->items[0].get()) + ")";
  case ExprKind::Starred:
    return "(Starred@" + l + " " + expr(x->items[0].get()) + ")";
  case ExprKind::Unresolved:
    return "(Unresolved@" + l + " " + quote(x->text()) + ")";
  }
  return "?";
}

void block(const Block& b, const std::string& indent);

void blocks(const Stmt& s, const std::string& indent) {
  for (const Block& b : s.blocks()) {
    std::cout << indent << " block\n";
    block(b, indent + "  ");
  }
}

void statement(const Stmt& s, const std::string& indent) {
  const std::string where = "@" + at(s.location) + "-" + std::to_string(s.end_line);
  std::string names;
  for (std::size_t i = 0; i < s.names().size(); ++i)
    names += (i ? " " : "") + s.names()[i].name + "/" + s.names()[i].alias + "@" +
             at(s.names()[i].location);
  switch (s.kind) {
  case StmtKind::Import:
    std::cout << indent << "Import" << where << " " << names << "\n";
    break;
  case StmtKind::ImportFrom:
    std::cout << indent << "ImportFrom" << where << " " << s.module() << " " << s.level() << " "
              << names << "\n";
    break;
  case StmtKind::Assign: {
    std::string targets;
    for (std::size_t i = 0; i < s.targets.size(); ++i)
      targets += std::string(i ? "," : "") + std::string(s.targets[i]);
    std::cout << indent << "Assign" << where << " " << targets
              << " ann=" << expr(s.annotation.get()) << " val=" << expr(s.value.get()) << "\n";
    break;
  }
  case StmtKind::ClassDef:
    std::cout << indent << "ClassDef" << where << " " << s.name() << " dec=["
              << list(s.decorators()) << "] bases=[" << list(s.bases()) << "] kws=["
              << keywords(s.keywords()) << "]\n";
    blocks(s, indent);
    break;
  case StmtKind::FunctionDef:
    std::cout << indent << "FunctionDef" << where << " " << s.name() << " dec=["
              << list(s.decorators()) << "]\n";
    blocks(s, indent);
    break;
  case StmtKind::If:
    std::cout << indent << "If" << where << "\n";
    blocks(s, indent);
    break;
  case StmtKind::Try:
    std::cout << indent << "Try" << where << "\n";
    blocks(s, indent);
    break;
  case StmtKind::Other:
    std::cout << indent << "Other" << where << "\n";
    break;
  }
}

void block(const Block& b, const std::string& indent) {
  for (const Stmt& s : b)
    statement(s, indent);
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: py_ast_dump FILE.py\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::string source{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const ParseResult result = parse_module(source, argv[1]);
  if (!result.ok()) {
    std::cout << "ERROR " << result.diagnostics.front().format() << "\n";
    return 1;
  }
  block(result.module.body, "");
  return 0;
}
