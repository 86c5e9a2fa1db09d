#!/usr/bin/env python3
"""Differential test of core/python against CPython's own parser (run with Python >= 3.12).

  structure DUMP FILE...   every file CPython parses must give the same reduced syntax tree
                           (kinds, names, values, Unresolved text, line:col, end lines)
  mutate DUMP FILE...      random edits of the files: whenever CPython accepts one, we must
                           accept it too; reports errors where the two disagree on the line

DUMP is the py_ast_dump tool (built with -DCROCHET_FUZZ=ON). Known differences: identifiers
are not NFKC-normalised, and strings with \\N{...} escapes are opaque.
"""
import argparse
import ast
import difflib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import warnings

warnings.simplefilter("ignore")


def reference(source: bytes) -> str:
    """The reduced syntax of `source` in py_ast_dump's format, from CPython's ast."""
    tree = ast.parse(source)
    text = source.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.encode("utf-8") for line in text.split("\n")]

    def at(node):
        prefix = lines[node.lineno - 1][: node.col_offset].decode("utf-8", "replace")
        return f"{node.lineno}:{len(prefix) + 1}"

    def quote(s):
        s = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in s)
        return json.dumps(s, ensure_ascii=False)

    def kws(keywords):
        return " ".join(f"kw@{at(k)}:{quote(k.arg or '')}={expr(k.value)}" for k in keywords)

    def expr(n):
        if n is None:
            return "null"
        kind, where = type(n).__name__, at(n)
        if kind == "Name":
            return f"(Name@{where} {quote(n.id)})"
        if kind == "Attribute":
            return f"(Attribute@{where} {expr(n.value)} {quote(n.attr)})"
        if kind == "Call":
            args = " ".join(expr(a) for a in n.args)
            return f"(Call@{where} {expr(n.func)} [{args}] [{kws(n.keywords)}])"
        if kind == "Constant":
            v = n.value
            if isinstance(v, bool) or v is None:
                return f"({v}@{where})"
            if isinstance(v, str):
                return f"(String@{where} {quote(v)})"
            if isinstance(v, bytes):
                return f"(String@{where} {quote(v.decode('latin-1'))})"
            segment = ast.get_source_segment(text, n).replace("_", "")
            if isinstance(v, int):
                return f"(Integer@{where} {quote(segment)} {v if v < 2**63 else 'none'})"
            if isinstance(v, float):
                return f"(Float@{where} {quote(segment)})"
        if kind == "JoinedStr":
            return f"(FString@{where})"
        if kind in ("List", "Tuple", "Set"):
            return f"({kind}@{where} [{' '.join(expr(e) for e in n.elts)}])"
        if kind == "Dict":
            items = [expr(x) for pair in zip(n.keys, n.values) for x in pair]
            return f"(Dict@{where} [{' '.join(items)}])"
        if kind == "BinOp" and isinstance(n.op, ast.Add):
            return f"(Add@{where} {expr(n.left)} {expr(n.right)})"
        if kind == "UnaryOp" and isinstance(n.op, ast.USub):
            return f"(Negate@{where} {expr(n.operand)})"
        if kind == "Starred":
            return f"(Starred@{where} {expr(n.value)})"
        return f"(Unresolved@{where} {quote(ast.get_source_segment(text, n))})"

    out = []

    def block(body, indent):
        out.append(indent + " block")
        for s in body:
            statement(s, indent + "  ")

    def names(aliases):
        return " ".join(f"{a.name}/{a.asname or ''}@{at(a)}" for a in aliases)

    def statement(s, indent):
        kind = type(s).__name__
        head = f"{indent}%s@{at(s)}-{s.end_lineno}"
        if kind == "Import":
            out.append(head % "Import" + " " + names(s.names))
        elif kind == "ImportFrom":
            out.append(head % "ImportFrom" + f" {s.module or ''} {s.level} " + names(s.names))
        elif kind == "Assign" and all(isinstance(t, ast.Name) for t in s.targets):
            targets = ",".join(t.id for t in s.targets)
            out.append(head % "Assign" + f" {targets} ann=null val={expr(s.value)}")
        elif kind == "AnnAssign" and isinstance(s.target, ast.Name):
            out.append(head % "Assign" + f" {s.target.id} ann={expr(s.annotation)}"
                       f" val={expr(s.value)}")
        elif kind == "ClassDef":
            decorators = " ".join(expr(d) for d in s.decorator_list)
            bases = " ".join(expr(b) for b in s.bases)
            out.append(head % "ClassDef" + f" {s.name} dec=[{decorators}] bases=[{bases}]"
                       f" kws=[{kws(s.keywords)}]")
            block(s.body, indent)
        elif kind in ("FunctionDef", "AsyncFunctionDef"):
            decorators = " ".join(expr(d) for d in s.decorator_list)
            out.append(head % "FunctionDef" + f" {s.name} dec=[{decorators}]")
            block(s.body, indent)
        elif kind == "If":
            out.append(head % "If")
            block(s.body, indent)
            node = s
            while node.orelse:
                rest = node.orelse[0]
                if (len(node.orelse) == 1 and isinstance(rest, ast.If)
                        and lines[rest.lineno - 1][rest.col_offset:].startswith(b"elif")):
                    node = rest
                    block(node.body, indent)
                    continue
                block(node.orelse, indent)
                break
        elif kind in ("Try", "TryStar"):
            out.append(head % "Try")
            block(s.body, indent)
            for handler in s.handlers:
                block(handler.body, indent)
            if s.orelse:
                block(s.orelse, indent)
            if s.finalbody:
                block(s.finalbody, indent)
        else:
            out.append(head % "Other")

    for s in tree.body:
        statement(s, "")
    return "\n".join(out) + "\n" if out else ""


def ours(dump, path):
    run = subprocess.run([dump, path], capture_output=True)
    return run.returncode, run.stdout.decode("utf-8", "replace")


def structure(args):
    mismatches = 0
    for path in args.files:
        try:
            want = reference(open(path, "rb").read())
        except (SyntaxError, ValueError, UnicodeDecodeError):
            continue
        _, got = ours(args.dump, path)
        if got != want:
            mismatches += 1
            print("====", path)
            diff = difflib.unified_diff(want.split("\n"), got.split("\n"), "cpython", "ours",
                                        n=0, lineterm="")
            print("\n".join(list(diff)[:10]))
    print(f"{mismatches} of {len(args.files)} files differ")
    return 1 if mismatches else 0


EDITS = list("()[]{}:,;.=+-*/'\"#\\ \t\n@!<>%&|^~`$?0123456789abfrux_") + [
    "'''", '"""', "f'", 'rb"', "\r\n", "\r", "    ", "lambda", "if ", " else ", "yield",
    "await", "match ", "case ", "**", ":=", "->", "...", "é", "€"]


def mutate(args):
    random.seed(args.seed)
    rejects = disagreements = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.count):
            source = open(random.choice(args.files), "rb").read().decode("utf-8", "replace")
            for _ in range(random.randint(1, 3)):
                if not source:
                    break
                pos = random.randrange(len(source))
                roll = random.random()
                if roll < 0.35:
                    source = source[:pos] + source[pos + 1:]
                elif roll < 0.7:
                    source = source[:pos] + random.choice(EDITS) + source[pos:]
                elif roll < 0.85:
                    lines = source.split("\n")
                    del lines[random.randrange(len(lines))]
                    source = "\n".join(lines)
                else:
                    lines = source.split("\n")
                    k = random.randrange(len(lines))
                    lines[k] = random.choice(["", " ", "\t", "        "]) + lines[k].lstrip()
                    source = "\n".join(lines)
            data = source.encode("utf-8", "surrogatepass")
            path = os.path.join(tmp, f"m{i}.py")
            open(path, "wb").write(data)
            try:
                compile(data, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
                expected = None
            except SyntaxError as error:
                expected = error.lineno
            except ValueError:
                expected = 0
            code, out = ours(args.dump, path)
            if expected is None and code != 0:
                rejects += 1
                print("REJECTED VALID", path, out.split("\n")[0])
                os.replace(path, f"rejected_{args.seed}_{i}.py")
            elif expected and code != 0:
                found = re.match(r"ERROR .*?:(\d+):", out)
                disagreements += not found or int(found.group(1)) != expected
    print(f"{rejects} valid files rejected, {disagreements} errors on another line than CPython's"
          f" (of {args.count})")
    return 1 if rejects else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    for mode in ("structure", "mutate"):
        p = sub.add_parser(mode)
        p.add_argument("dump")
        p.add_argument("files", nargs="+")
        if mode == "mutate":
            p.add_argument("--seed", type=int, default=1)
            p.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    if sys.version_info < (3, 12):
        sys.exit("needs Python 3.12 or newer (PEP 701 f-strings)")
    sys.exit(structure(args) if args.mode == "structure" else mutate(args))


if __name__ == "__main__":
    main()
