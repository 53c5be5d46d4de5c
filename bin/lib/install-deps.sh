# Sourced by bin/test and bin/sandbox: installs, on a fresh Debian machine, what the build and the testbed need.
# Idempotent and quick when everything is there: apt is only called for what is missing.

MT_APT_PACKAGES=(
  krb5-kdc krb5-user krb5-admin-server   # a real MIT KDC, kinit/klist, kadmin.local/kdb5_util
  openssh-server openssh-client rsync    # the submit nodes and the push
  iputils-ping iproute2 util-linux       # ping, network namespaces, unshare/runuser/setpriv
  prometheus-pushgateway                 # the real Pushgateway
  sqlite3                                # to inspect and cross-check the database from a second process
  time                                   # GNU time: the JVM's peak RSS in bench/token-push
  ca-certificates curl python3-minimal   # python3: a second process holding a POSIX lock in RunLockTest
  # packaging/check: rpmbuild and rpm, promtool, logrotate, man, bash-completion's loader, systemd-analyze,
  # zip/unzip to trim and read jars, jq for the dashboard
  rpm prometheus logrotate man-db bash-completion systemd zip unzip jq
)

mt_install_deps() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "$0: must run as root: the testbed creates UNIX accounts, network namespaces and sshd daemons (CI runs as root)" >&2
    return 1
  fi
  local missing=() p
  for p in "${MT_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || { echo "apt-get update failed" >&2; return 1; }
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || { echo "apt-get install ${missing[*]} failed" >&2; return 1; }
  fi
  # apt starts no daemons here, but on a machine with an init it may have: the testbed runs its own.
  mt_find_jdk >/dev/null || {
    echo "==> installing a JDK >= 21"
    apt-get install -y -qq --no-install-recommends openjdk-21-jdk-headless >/dev/null 2>&1 \
      || apt-get install -y -qq --no-install-recommends openjdk-25-jdk-headless >/dev/null 2>&1 \
      || { echo "no JDK >= 21 could be installed" >&2; return 1; }
  }
}
