#!/usr/bin/env bash
# Installs what retort needs to build and test on Debian; does nothing when all is there.
set -euo pipefail
PKGS="build-essential pkg-config clang libclang-rt-14-dev libpq-dev libpg-query-dev libprotobuf-c-dev libcmocka-dev uthash-dev libjansson-dev libinih-dev postgresql"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
APT="apt-get -o DPkg::Lock::Timeout=300 install -y$missing"
if [ "$(id -u)" != 0 ]; then
	echo "retort: missing Debian packages:$missing" >&2
	echo "run as root: apt-get update && $APT" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=300 update -q >&2
$APT >&2
