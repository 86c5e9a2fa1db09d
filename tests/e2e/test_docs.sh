#!/usr/bin/env bash
# End-to-end: the man page. `git crochet --help` opens it with the build folder on PATH, as the
# README's quick start sets it up, and it names every subcommand and option the built binary's
# --help lists, and no command the binary lacks.
source "$(dirname "$0")/lib.sh" e2e-docs
: "${CROCHET_SOURCE_DIR:?set CROCHET_SOURCE_DIR to the source tree}"

# git turns `git crochet --help` into `man git-crochet`; man looks beside each PATH folder.
capture env -u MANPATH PATH="$(dirname "$CROCHET_BIN"):$base_path" MANPAGER=cat PAGER=cat \
  MANWIDTH=100 git crochet --help
expect_status 0 "git crochet --help from the build folder"
expect_out "versioned schema migrations for neomodel" "git crochet --help shows the man page"

# The man page's text, with roff's escaped dashes and font changes undone.
sed -e 's/\\-/-/g' -e 's/\\f[BIR]//g' "$CROCHET_SOURCE_DIR/docs/git-crochet.1" >"$work/man.txt"

cat >"$work/parity.py" <<'PY'
import re, subprocess, sys

man = open(sys.argv[1]).read()
binary = sys.argv[2]

def entries(text):
    """Each COMMANDS entry of the man page: its name (one or two words) and its text."""
    commands = text.split(".SH COMMANDS", 1)[1].split(".SH ", 1)[0]
    found = {}
    for chunk in commands.split(".TP\n")[1:]:
        match = re.match(r'\.BR\s+(?:"([^"]+)"|(\S+))', chunk)
        found[match.group(1) or match.group(2)] = chunk
    return found

def help_of(words):
    return subprocess.run([binary, *words, "--help"], capture_output=True, text=True,
                          check=True).stdout

def listed(help_text, section):
    """Names listed under a help section ('Subcommands:' or 'Options:')."""
    body = help_text.split(section + "\n", 1)
    if len(body) < 2:
        return []
    names = []
    for line in body[1].splitlines():
        if not line.startswith("  "):
            break
        if re.match(r"\s{3,}", line):
            continue  # a description's continuation line
        names.append(line.split()[0])
    return names

def options(help_text):
    flags = []
    for name in listed(help_text, "Options:"):
        flags += [f for f in name.split(",") if f not in ("-h", "--help")]
    return flags

problems = []
man_entries = entries(man)
top = help_of([])
for flag in options(top):
    if flag not in man.split(".SH DESCRIPTION")[0]:
        problems.append(f"the synopsis lacks the global option {flag}")
commands = [c.split(",")[0] for c in listed(top, "Subcommands:")]
for command in commands:
    own = help_of([command])
    subcommands = [s.split(",")[0] for s in listed(own, "Subcommands:")]
    entry_name = command
    if subcommands and command not in man_entries:
        entry_name = f"{command} {subcommands[0]}"  # e.g. "data validate"
    entry = man_entries.get(entry_name)
    if entry is None:
        problems.append(f"no man page entry for {command}")
        continue
    for sub in subcommands:
        if not re.search(rf"(^|[\s\"|]){re.escape(sub)}\b", entry):
            problems.append(f"the man page entry for {command} does not name {sub}")
        for flag in options(help_of([command, sub])):
            if not re.search(rf"{re.escape(flag)}\b", entry):
                problems.append(f"the man page entry for {command} {sub} lacks {flag}")
    for flag in options(own):
        if not re.search(rf"{re.escape(flag)}\b", entry):
            problems.append(f"the man page entry for {command} lacks {flag}")
for name in man_entries:
    if name.split()[0] not in commands:
        problems.append(f"the man page describes {name}, which --help does not list")
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY
capture python3 "$work/parity.py" "$work/man.txt" "$CROCHET_BIN"
expect_status 0 "the man page and --help list the same commands and options"

finish e2e-docs
