# Sourced by the launchers and scripts: picks a JDK of version 21 or later.
# The machine's default java may be older (Debian 12 ships 17), so we never trust PATH alone.

# Prints the feature version (17, 21, 25, ...) of the java binary given, or nothing. Reads the runtime's
# `release` file when there is one: starting every candidate JVM costs 0.1-0.3 s each.
_mt_java_feature() {
  local home=${1%/bin/java} v
  if [ -r "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" | head -n1)
    if [ -n "$v" ]; then echo "$v"; return; fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1
}

# Sets MT_JAVA_HOME to the newest JDK >= 21 found in $JAVA_HOME, then /usr/lib/jvm/*, then PATH.
mt_find_jdk() {
  local candidates=() c best="" best_v=0 v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*/ /usr/java/*/ /opt/java/*/; do [ -d "$c" ] && candidates+=("${c%/}"); done
  if command -v java >/dev/null 2>&1; then
    c=$(readlink -f "$(command -v java)"); candidates+=("${c%/bin/java}")
  fi
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] || continue
    v=$(_mt_java_feature "$c/bin/java")
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$c"; best_v=$v; fi
  done
  if [ -z "$best" ]; then
    echo "managed-tokens: no Java runtime of version 21 or later found (looked in \$JAVA_HOME, /usr/lib/jvm, PATH); install one, e.g. 'apt-get install openjdk-21-jre-headless' or 'dnf install java-21-openjdk-headless'" >&2
    return 1
  fi
  MT_JAVA_HOME="$best"
}
