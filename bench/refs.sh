# Sourced, not run: what bench/speed.sh and bench/cpu.sh share to set several git refs' command
# lines side by side. Source it from the repository's root (the scripts cd there first), then:
#   refs_java             sets java (JAVA_HOME's, else the PATH's), major (its version) and opts
#                         (the JVM options every measured process gets)
#   refs_build REF...     makes the temporary directory $work (removed on exit, with the worktrees)
#                         and builds each REF's command line in a temporary worktree, copied to
#                         $work/archsim<i>.jar, i being the REF's index among the arguments
#   refs_library REF      copies REF's library (events/scenarios/*.json as REF has it) to
#                         $work/library/<name>.json and lists the names in the array cases
#   median                the median of the numbers on stdin, one a line
# Needs git and a JDK >= 21; each build runs the ref's own Maven wrapper (tests skipped).

refs_root=$(pwd)

refs_java() {
  java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  opts=""
  major=$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  if [ "$major" -ge 24 ]; then opts="--sun-misc-unsafe-memory-access=allow"; fi
}

refs_trees=()
refs_cleanup() {
  local tree
  for tree in "${refs_trees[@]}"; do git -C "$refs_root" worktree remove --force "$tree" 2> /dev/null || true; done
  rm -rf "$work"
}

refs_build() {
  local i ref
  work=$(mktemp -d)
  trap refs_cleanup EXIT
  i=0
  for ref in "$@"; do
    echo "building ${ref} ($(git -C "$refs_root" rev-parse --short "$ref"))..." >&2
    refs_trees+=("$work/src$i")
    git -C "$refs_root" worktree add --detach -q "$work/src$i" "$ref"
    (cd "$work/src$i" && MAVEN_OPTS="${MAVEN_OPTS:-} $opts" ./mvnw -q -B -pl infra/local -am package \
      -DskipTests -Dspotless.check.skip=true) >&2
    cp "$work/src$i/infra/local/target/archsim.jar" "$work/archsim$i.jar"
    i=$((i + 1))
  done
}

refs_library() {
  local f name
  mkdir -p "$work/library"
  cases=()
  for f in $(git -C "$refs_root" ls-tree --name-only "$1" events/scenarios/ | grep '\.json$'); do
    name=$(basename "$f" .json)
    git -C "$refs_root" show "$1:$f" > "$work/library/$name.json"
    cases+=("$name")
  done
}

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
