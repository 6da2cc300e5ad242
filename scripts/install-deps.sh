#!/bin/sh
# install-deps.sh — installs what building and testing Storyline needs, from Debian only.
# Used by the README and by .ci/run. Idempotent; needs root (or sudo).
set -eu
PKGS="build-essential pkg-config libsqlite3-dev sqlite3 libutf8proc-dev libstemmer-dev
libjansson-dev libgumbo-dev zlib1g-dev libcmocka-dev libmicrohttpd-dev wordnet-base curl jq"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
echo "install-deps: all build dependencies present"
