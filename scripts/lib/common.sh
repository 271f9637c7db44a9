# Shared by scripts/sod, scripts/test and scripts/bench. Source it; it sets JAVA_HOME, JAVA, ROOT.
# Finds a JDK 22+: JAVA_HOME if new enough, else `java` on PATH, else the newest under /usr/lib/jvm.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SOD_MIN_JDK=22
SOD_JVM_FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)

# Prints the feature release (e.g. 25) of the java binary given, or nothing if it does not run.
sod_java_feature() {
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)"
  case "$v" in 1.*) v="${v#1.}" ;; esac
  echo "${v%%.*}"
}

sod_is_jdk_home() {  # a JDK (javac present), new enough
  local home="$1" f
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 1
  f="$(sod_java_feature "$home/bin/java")"
  [[ -n "$f" && "$f" -ge "$SOD_MIN_JDK" ]]
}

sod_find_jdk() {
  if [[ -n "${JAVA_HOME:-}" ]] && sod_is_jdk_home "$JAVA_HOME"; then echo "$JAVA_HOME"; return 0; fi
  if command -v java >/dev/null 2>&1; then
    local home
    home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    if sod_is_jdk_home "$home"; then echo "$home"; return 0; fi
  fi
  local best="" best_f=0 d f
  for d in /usr/lib/jvm/*/ /usr/local/lib/jvm/*/ /opt/java/*/ /opt/jdk*/; do
    d="${d%/}"
    [[ -x "$d/bin/java" && -x "$d/bin/javac" ]] || continue
    f="$(sod_java_feature "$d/bin/java")"
    [[ -n "$f" ]] || continue
    if (( f >= SOD_MIN_JDK && f > best_f )); then best="$d"; best_f="$f"; fi
  done
  [[ -n "$best" ]] && { echo "$best"; return 0; }
  return 1
}

if ! JAVA_HOME="$(sod_find_jdk)"; then
  echo "sod: no JDK ${SOD_MIN_JDK}+ found (checked JAVA_HOME, java on PATH, /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-25-jdk' or Temurin 25, or set JAVA_HOME to it" >&2
  exit 3
fi
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
export PATH="$JAVA_HOME/bin:$PATH"

sod_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "sod: Maven (mvn) not found; install it, e.g. 'apt-get install maven'" >&2
    exit 3
  fi
  # Maven's own guava touches sun.misc.Unsafe; silence the JDK 23+ warning it causes.
  if (( "$(sod_java_feature "$JAVA")" >= 23 )); then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

# The launcher's jar; its class path (sod-core, picocli, OpenBLAS) is in cli/target/lib/.
SOD_JAR="$ROOT/cli/target/sod.jar"

# True when the jar is missing or older than any source or pom of the core and the CLI.
sod_jar_stale() {
  [[ -f "$SOD_JAR" && -f "$ROOT/cli/target/lib/sod-core-$(sod_version).jar" ]] || return 0
  ls "$ROOT"/native-libs/*/libopenblas* >/dev/null 2>&1 || return 0
  [[ -n "$(find "$ROOT/pom.xml" "$ROOT/core/pom.xml" "$ROOT/cli/pom.xml" "$ROOT/core/src/main" "$ROOT/cli/src/main" \
    -newer "$SOD_JAR" -print -quit 2>/dev/null)" ]]
}

# The project's version, from the root pom (the first <version> after the parent's artifactId).
sod_version() {
  sed -n '/<artifactId>sod-parent<\/artifactId>/,/<\/version>/s:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -n1
}

sod_build_jar() {
  sod_require_maven
  echo "sod: building cli/target/sod.jar (first run or sources changed)..." >&2
  (cd "$ROOT" && mvn -q -B -DskipTests package -pl cli -am) >&2 || { echo "sod: build failed (see Maven output above)" >&2; exit 3; }
}
