# bash completion for `git crochet ...` (git's completion calls _git_crochet) and `git-crochet`.
# Subcommands and options come from the -h output of the git-crochet on PATH, so they always
# match the installed version. Install: source this file from ~/.bashrc, or copy it to
# /usr/share/bash-completion/completions/git-crochet.

# _git_crochet_words [SUBCOMMAND...]: the subcommands and options of that (sub)command.
_git_crochet_words() {
  git-crochet "$@" -h 2>/dev/null | awk '
    /^Subcommands:/ { mode = "sub"; next }
    /^Options:/ { mode = "opt"; next }
    /^[^ ]/ { mode = "" }
    mode == "sub" && /^  [a-z]/ {
      line = $0; sub(/^ +/, "", line); sub(/  .*/, "", line) # "status, list   Each hook..."
      n = split(line, names, /, */); for (i = 1; i <= n; i++) print names[i] }
    mode == "opt" && /^  -/ { n = split($1, names, ","); for (i = 1; i <= n; i++) print names[i] }'
}

# _git_crochet_complete START: completes COMP_WORDS[COMP_CWORD], the command's own words
# starting at index START.
_git_crochet_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  local -a path=()
  local words word i
  if [[ $prev == -C ]]; then
    mapfile -t COMPREPLY < <(compgen -d -- "$cur")
    return
  fi
  words=$(_git_crochet_words)
  for ((i = $1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ $word == -C ]]; then
      ((i++))
    elif [[ $word != -* && $'\n'$words$'\n' == *$'\n'$word$'\n'* ]]; then
      path+=("$word")
      words=$(_git_crochet_words "${path[@]}")
    fi
  done
  if [[ $cur != -* ]]; then
    case "${path[0]}:${#path[@]}" in
    hook:1) words+=$'\n'"pre-commit pre-merge-commit post-commit post-merge post-checkout post-rewrite" ;;
    schema:* | diff:* | log:* | blame:* | check:*)
      words+=$'\n'"HEAD "$(git for-each-ref --format='%(refname:short)' 2>/dev/null) ;;
    esac
  fi
  mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
}

# Through git: COMP_WORDS is (git [options] crochet ...).
_git_crochet() {
  local i
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ ${COMP_WORDS[i]} == crochet ]]; then
      _git_crochet_complete $((i + 1))
      return
    fi
  done
}

_git_crochet_standalone() { _git_crochet_complete 1; }
complete -o default -F _git_crochet_standalone git-crochet
