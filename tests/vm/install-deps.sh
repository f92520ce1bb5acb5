#!/bin/bash
# Installs what tests/vm/run-vm.sh needs, only when something is missing.
# Idempotent and quiet; safe to call before every test run.
set -euo pipefail

# package -> a file that proves it is installed
declare -A wanted=(
    [qemu-system-x86]=/usr/bin/qemu-system-x86_64
    [linux-image-amd64]=/usr/share/doc/linux-image-amd64
    [busybox-static]=/usr/share/doc/busybox-static
    [cpio]=/usr/bin/cpio
    [kmod]=/usr/bin/kmod
    [iproute2]=/usr/sbin/ip
)

missing=()
for pkg in "${!wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [ "$status" != "install ok installed" ] || [ ! -e "${wanted[$pkg]}" ]; then
        missing+=("$pkg")
    fi
done

[ ${#missing[@]} -gt 0 ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: need root to install: ${missing[*]}" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq > /dev/null
# update-initramfs for the new kernel is not needed (run-vm.sh builds its own) but
# is harmless; keep its output out of the test log.
apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
