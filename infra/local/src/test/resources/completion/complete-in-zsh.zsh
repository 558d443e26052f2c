# Presses TAB in an interactive zsh that loaded archsim's completion script as the README says
# (compinit, then the script sourced), and writes what zsh's completion offered for each line.
# Usage: zsh -f complete-in-zsh.zsh SCRIPT OUT_DIR LINE...
# For the n-th LINE, OUT_DIR/n lists the candidates that zsh matched against the word being
# completed (compadd -O: what it would offer), one a line. Exit 3 when the script did not register
# a completion for archsim, 4 when the interactive shell did not answer.
zmodload zsh/zpty || exit 5
script=$1
out=$2
shift 2

drain() { local chunk; while zpty -rt z chunk; do :; done }
# Until the file $1 exists (with a second argument: until it is not empty), 10 s at the most.
await() {
  local i
  for i in {1..100}; do
    drain
    if [[ -n $2 ]]; then [[ -s $1 ]] && return 0; else [[ -e $1 ]] && return 0; fi
    sleep 0.1
  done
  return 1
}

zpty z zsh -f -i
# no list or beep on an ambiguous TAB: nothing may wait for an answer
zpty -w z "PS1='> '; unsetopt AUTO_LIST BEEP; autoload -U compinit && compinit -u -D; source ${(q)script}"
zpty -w z "[[ \$_comps[archsim] == *_complete_archsim* ]] && : > ${(q)out}/registered"
await $out/registered || { zpty -d z; exit 3 }
# record what each compadd call matches, then let it add as usual
zpty -w z 'compadd() { local -a got; builtin compadd -O got "$@"; (( $#got )) && print -rl -- $got >> $ARCHSIM_OUT; builtin compadd "$@" }'
n=0
for line in "$@"; do
  n=$((n + 1))
  zpty -w z "ARCHSIM_OUT=${(q)out}/$n; : > \$ARCHSIM_OUT"
  await $out/$n || { zpty -d z; exit 4 }
  zpty -w -n z "$line"$'\t'
  await $out/$n nonempty
  zpty -w -n z $'\C-u'
done
zpty -w z 'exit'
drain
zpty -d z
exit 0
