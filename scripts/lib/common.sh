# Shared by the scripts in scripts/: finds a JDK >= 21 and runs Maven with it. Source it; do not run it.

SPHAERA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SPHAERA_MIN_JAVA=21

# The major version of the JDK at $1 (a JAVA_HOME), or nothing when it is not a JDK.
sphaera_jdk_major() {
  local home="$1" v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  v=${v#1.}
  echo "${v%%[.+-]*}"
}

# Sets JAVA_HOME to a JDK >= 21: JAVA_HOME when it is one, else the newest in the usual install places.
sphaera_find_jdk() {
  local major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(sphaera_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$SPHAERA_MIN_JAVA" ]; then
      export JAVA_HOME
      return 0
    fi
  fi
  local best="" best_major=0 candidate candidates=()
  if [ -n "${SPHAERA_JDK_SEARCH:-}" ]; then
    # Tests (and unusual machines) name the places to look, ':'-separated, instead of the usual ones.
    local IFS=:
    for candidate in $SPHAERA_JDK_SEARCH; do candidates+=("$candidate"/*); done
    unset IFS
  else
    local path_java
    path_java=$(command -v javac 2>/dev/null || true)
    candidates=(/usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*jdk* /usr/local/*jdk* \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home)
    [ -n "$path_java" ] && candidates+=("$(dirname "$(dirname "$(readlink -f "$path_java")")")")
  fi
  for candidate in "${candidates[@]}"; do
    [ -d "$candidate" ] || continue
    major=$(sphaera_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$SPHAERA_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "sphaera: no JDK $SPHAERA_MIN_JAVA or newer found (JAVA_HOME=${JAVA_HOME:-unset}); install one or set JAVA_HOME to it" >&2
    exit 1
  fi
  export JAVA_HOME="$best"
}

# Runs Maven from the project root with the JDK found above.
sphaera_mvn() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "sphaera: Maven (mvn) is not installed; install Apache Maven 3.8 or newer" >&2
    exit 1
  fi
  local major
  major=$(sphaera_jdk_major "$JAVA_HOME")
  # Maven's own libraries use sun.misc.Unsafe, which JDK 24+ warns about on every run.
  if [ "$major" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
  (cd "$SPHAERA_ROOT" && mvn -B -ntp "$@")
}
