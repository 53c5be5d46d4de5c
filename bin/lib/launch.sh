# Sourced by bin/token-push and bin/refresh-uids-from-ferry: runs one executable module's jar.
# Usage: mt_launch <module> "$@"
mt_launch() {
  local module=$1; shift
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  # shellcheck source=jdk.sh
  . "$root/bin/lib/jdk.sh"
  mt_find_jdk || exit 1
  local jar="$root/$module/target/$module.jar"
  if [ ! -f "$jar" ]; then
    echo "$module: $jar is not built; run '$root/mvnw -q -DskipTests package' in $root first" >&2
    exit 1
  fi
  # The run waits on external programs; its live heap stays under 20 MB for 1,000 services (bench/README.md), so a
  # small serial-GC heap and the client compiler keep it near 200 MB and start faster. MT_JAVA_OPTS comes last and wins.
  exec "$MT_JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 ${MT_JAVA_OPTS:-} -jar "$jar" "$@"
}
