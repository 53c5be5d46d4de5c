# Sourced by /usr/bin/token-push and /usr/bin/refresh-uids-from-ferry (installed as
# /usr/share/managed-tokens/launcher.sh): finds a Java runtime >= 21 and runs the executable's jar.
#
# Start-up: every run is a fresh JVM, so the launcher keeps a class-data-sharing (AppCDS) archive of the
# classes a start loads, one per user, executable, runtime and build of the jars, trained once by a short
# '--version' run and then mapped read-only by every later start. It roughly halves the JVM start.
#
# Settings, from the environment or from /etc/sysconfig/managed-tokens (shell syntax, read when present):
#   MANAGED_TOKENS_JAVA_HOME   use exactly this runtime (else the newest >= 21 of $JAVA_HOME, /usr/lib/jvm/*, PATH)
#   MANAGED_TOKENS_JAVA_OPTS   extra JVM options, after ours (so they win), e.g. -Xmx256m
#   MANAGED_TOKENS_CDS         off: no class-data-sharing archive
#   MANAGED_TOKENS_CACHE_DIR   where the archive lives (default /var/cache/managed-tokens when this user owns it,
#                              else ${XDG_CACHE_HOME:-$HOME/.cache}/managed-tokens)

# Prints the feature version (17, 21, 25) of the Java home $1. The release file costs nothing; only a runtime
# without one is asked by starting it.
_mt_feature() {
  local v=""
  [ -r "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release")
  [ -z "$v" ] && v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  case "$v" in ''|*[!0-9]*) echo 0 ;; *) echo "$v" ;; esac
}

# Sets _mt_java_home to the runtime to use, or explains and fails.
_mt_pick_java() {
  local c v best="" best_v=0 seen=" "
  if [ -n "${MANAGED_TOKENS_JAVA_HOME:-}" ]; then
    v=$(_mt_feature "$MANAGED_TOKENS_JAVA_HOME")
    if [ -x "$MANAGED_TOKENS_JAVA_HOME/bin/java" ] && [ "$v" -ge 21 ]; then _mt_java_home=$MANAGED_TOKENS_JAVA_HOME; return 0; fi
    echo "$_mt_exe: MANAGED_TOKENS_JAVA_HOME=$MANAGED_TOKENS_JAVA_HOME is not a Java runtime of version 21 or later; fix it in the environment or in /etc/sysconfig/managed-tokens" >&2
    return 1
  fi
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*/; do candidates+=("${c%/}"); done
  if c=$(command -v java 2>/dev/null); then c=$(readlink -f "$c"); candidates+=("${c%/bin/java}"); fi
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] || continue
    c=$(readlink -f "$c")
    case "$seen" in *" $c "*) continue ;; esac
    seen="$seen$c "
    v=$(_mt_feature "$c")
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$c; best_v=$v; fi
  done
  if [ -z "$best" ]; then
    echo "$_mt_exe: no Java runtime of version 21 or later found (looked at \$JAVA_HOME, /usr/lib/jvm, PATH); install one, e.g. 'dnf install java-21-openjdk-headless', or set MANAGED_TOKENS_JAVA_HOME" >&2
    return 1
  fi
  _mt_java_home=$best
}

# Sets _mt_cds_opts to the options that map this user's archive, training it first if it does not exist yet.
# Any problem here only costs speed: the run goes on without an archive.
_mt_cds() {
  _mt_cds_opts=()
  [ "${MANAGED_TOKENS_CDS:-on}" = off ] && return 0
  local dir=${MANAGED_TOKENS_CACHE_DIR:-}
  if [ -z "$dir" ]; then
    if [ -d "$_mt_root/var/cache/managed-tokens" ] && [ -O "$_mt_root/var/cache/managed-tokens" ]; then
      dir=$_mt_root/var/cache/managed-tokens
    elif [ -n "${XDG_CACHE_HOME:-}" ] || [ -n "${HOME:-}" ]; then
      dir=${XDG_CACHE_HOME:-$HOME/.cache}/managed-tokens
    else
      return 0
    fi
  fi
  mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0
  # The archive is only valid for this runtime and these exact jars (the JVM checks their sizes and times), so
  # they name it: an upgraded runtime or package trains a new one instead of failing the check on every start.
  local key
  key=$( { printf '%s\n' "$_mt_java_home"; cat "$_mt_java_home/release" 2>/dev/null
           stat -c '%n %s %Y' "$_mt_app/$_mt_exe.jar" "$_mt_app"/lib/*.jar; } | cksum | cut -d' ' -f1)
  local archive="$dir/$_mt_exe-$(id -u)-$key.jsa"
  if [ ! -f "$archive" ]; then
    [ -e "$archive.none" ] && return 0
    rm -f "$dir/$_mt_exe-$(id -u)-"*.jsa "$dir/$_mt_exe-$(id -u)-"*.none 2>/dev/null
    # Trained into a private name and renamed, so a concurrent start never maps a half-written file.
    local tmp="$archive.$$.tmp"
    "$_mt_java_home/bin/java" -XX:ArchiveClassesAtExit="$tmp" "${_mt_jvm_opts[@]}" -jar "$_mt_app/$_mt_exe.jar" --version \
      >/dev/null 2>&1 </dev/null
    if [ -s "$tmp" ]; then
      mv -f "$tmp" "$archive" || { rm -f "$tmp"; return 0; }
    else
      # This runtime cannot dump an archive (e.g. it has no base CDS archive): do not try on every start.
      rm -f "$tmp"; : > "$archive.none" 2>/dev/null; return 0
    fi
  fi
  _mt_cds_opts=(-XX:SharedArchiveFile="$archive")
}

# mt_launch <executable> <app dir> args...: replaces the shell with the JVM; arguments and exit status pass through.
mt_launch() {
  _mt_exe=$1; _mt_app=$2; shift 2
  _mt_root=$(cd "$_mt_app/../../.." && pwd); [ "$_mt_root" = / ] && _mt_root=""
  if [ -r "$_mt_root/etc/sysconfig/managed-tokens" ]; then
    # shellcheck disable=SC1091
    . "$_mt_root/etc/sysconfig/managed-tokens"
  fi
  _mt_pick_java || exit 1
  # A run is short and mostly waits on kinit, condor and rsync: the client compiler and the serial collector
  # start fastest. JVM warnings go to stderr so that stdout (--list-services, --json) stays parseable.
  _mt_jvm_opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -Xlog:disable -Xlog:all=warning:stderr)
  _mt_cds
  # shellcheck disable=SC2086  # MANAGED_TOKENS_JAVA_OPTS is a list of words by design
  exec "$_mt_java_home/bin/java" "${_mt_jvm_opts[@]}" "${_mt_cds_opts[@]}" ${MANAGED_TOKENS_JAVA_OPTS:-} \
    -jar "$_mt_app/$_mt_exe.jar" "$@"
}
