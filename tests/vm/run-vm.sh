#!/bin/bash
# Boots Debian's 6.1 kernel (which has VRF) under QEMU/TCG with the host's / shared
# read-only, runs scenario scripts inside it in one boot, and hands their results
# back through a writable 9p share. See tests/vm/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HARNESS_FAILED=125

usage() {
    cat <<'EOF'
usage: run-vm.sh [options] [NAME=]SCRIPT...
       run-vm.sh --check

Runs every SCRIPT (in the given order) inside one guest boot. A script runs as root
in the guest's root network namespace, with the host's / read-only, tmpfs on /tmp
/run /dev/shm, and $SCENARIO_OUT (a writable directory the host sees afterwards).
NAME defaults to the script's file name without extension.

options:
  --out DIR              work directory (must not exist or be empty); results go to
                         DIR/results/NAME/{exit_code,stdout,stderr,duration_ms,files/}
                         and the serial console to DIR/console.log
                         (default: a new directory under ${TMPDIR:-/tmp})
  --env KEY=VALUE        environment variable for every scenario (repeatable)
  --share DIR            make a host directory visible read-only at the same path in
                         the guest; needed only for paths under /tmp or /run, which
                         the guest's tmpfs mounts hide (repeatable)
  --forward HOST:GUEST   forward 127.0.0.1:HOST on the host to GUEST in the guest,
                         whose NIC gets 10.0.2.15/24 (repeatable)
  --modules "M1 M2"      modules to load before the scenarios (default: vrf dummy
                         macvlan veth)
  --scenario-timeout S   per-scenario limit in seconds (default 300)
  --timeout S            limit for the whole guest (default 120 + scenarios x limit)
  --memory MB            guest memory (default 2048)
  --smp N                guest CPUs (default 2)
  --check                only check that the harness can run here; print why not
  -h, --help

exit code: with one scenario, that scenario's exit code; with several, 0 when all
exited 0, else 1; 125 when the harness itself failed (no scenario result).
environment: RDVM_CACHE (initramfs cache dir, default tests/vm/out/cache),
             RDVM_KERNEL (kernel version, default the newest 6.1 in /boot).
EOF
}

fail() { echo "run-vm: $*" >&2; exit "$HARNESS_FAILED"; }

# --- what this host has ------------------------------------------------------

pick_kernel() {
    if [ -n "${RDVM_KERNEL:-}" ]; then
        echo "$RDVM_KERNEL"
        return
    fi
    local v best=""
    for v in /boot/vmlinuz-6.1.*; do
        [ -e "$v" ] || continue
        v=${v#/boot/vmlinuz-}
        [ -f "/lib/modules/$v/modules.dep" ] || continue
        best=$v
    done
    echo "$best"
}

# Prints one reason per line why the harness cannot run; nothing when it can.
why_unavailable() {
    [ "$(id -u)" -eq 0 ] || echo "not root (the guest reads the whole host root and the kernel image)"
    command -v qemu-system-x86_64 > /dev/null || echo "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"
    local tool
    for tool in cpio gzip modprobe ldd; do
        command -v "$tool" > /dev/null || echo "$tool missing"
    done
    # No pipe into grep -q: with pipefail, ldd's SIGPIPE would read as "not static".
    local ldd_out
    ldd_out=$(ldd /bin/busybox 2>&1 || true)
    if [[ $ldd_out != *"not a dynamic executable"* ]]; then
        echo "/bin/busybox is missing or not static (apt-get install busybox-static)"
    fi
    local k
    k=$(pick_kernel)
    if [ -z "$k" ]; then
        echo "no 6.1 kernel with modules in /boot (apt-get install linux-image-amd64)"
    else
        [ -r "/boot/vmlinuz-$k" ] || echo "/boot/vmlinuz-$k not readable"
        local m
        for m in vrf 9p 9pnet_virtio virtio_pci; do
            modprobe -S "$k" --show-depends "$m" > /dev/null 2>&1 || echo "module $m missing for kernel $k"
        done
    fi
    return 0
}

# --- initramfs -----------------------------------------------------------------

# Module files (relative to /lib/modules/K) in load order, each once.
initramfs_modules() {
    local k=$1 m
    for m in virtio_pci 9pnet_virtio 9p; do
        modprobe -S "$k" --show-depends "$m"
    done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}

build_initramfs() {
    local k=$1 cache=$2
    local mods key image
    mods=$(initramfs_modules "$k")
    [ -n "$mods" ] || fail "cannot resolve 9p/virtio modules for kernel $k"
    key=$( { echo "$k"; echo "$mods"; cat "$HERE/initramfs/init" "$HERE/initramfs/modprobe-chroot";
             sha256sum /bin/busybox; } | sha256sum | cut -c1-16)
    image="$cache/initramfs-$k-$key.cpio.gz"
    if [ -s "$image" ]; then
        echo "$image"
        return
    fi
    mkdir -p "$cache"
    local root
    root=$(mktemp -d "$cache/.build.XXXXXX")
    mkdir -p "$root"/{bin,sbin,proc,sys,dev,newroot,modules}
    cp /bin/busybox "$root/bin/busybox"
    install -m 0755 "$HERE/initramfs/init" "$root/init"
    install -m 0755 "$HERE/initramfs/modprobe-chroot" "$root/sbin/modprobe-chroot"
    local ko
    : > "$root/modules/order"
    while read -r ko; do
        cp "$ko" "$root/modules/"
        basename "$ko" >> "$root/modules/order"
    done <<< "$mods"
    (cd "$root" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1) > "$root.cpio.gz"
    rm -rf "$root"
    # Atomic: concurrent runs may build the same image.
    mv -f "$root.cpio.gz" "$image"
    # Images of older init scripts are dead weight; a guest already booting has read its copy.
    find "$cache" -maxdepth 1 -name "initramfs-$k-*.cpio.gz" ! -path "$image" -delete
    echo "$image"
}

# --- arguments -------------------------------------------------------------------

out="" scenario_timeout=300 total_timeout="" memory=2048 smp=2
modules="vrf dummy macvlan veth"
envs=() shares=() forwards=() scenarios=()

while [ $# -gt 0 ]; do
    case $1 in
        --out) out=$2; shift 2 ;;
        --env) envs+=("$2"); shift 2 ;;
        --share) shares+=("$2"); shift 2 ;;
        --forward) forwards+=("$2"); shift 2 ;;
        --modules) modules=$2; shift 2 ;;
        --scenario-timeout) scenario_timeout=$2; shift 2 ;;
        --timeout) total_timeout=$2; shift 2 ;;
        --memory) memory=$2; shift 2 ;;
        --smp) smp=$2; shift 2 ;;
        --check)
            reasons=$(why_unavailable)
            if [ -n "$reasons" ]; then
                echo "$reasons"
                exit 1
            fi
            echo "ok: kernel $(pick_kernel)"
            exit 0 ;;
        -h|--help) usage; exit 0 ;;
        --) shift; scenarios+=("$@"); break ;;
        -*) usage >&2; fail "unknown option $1" ;;
        *) scenarios+=("$1"); shift ;;
    esac
done

[ ${#scenarios[@]} -gt 0 ] || { usage >&2; fail "no scenario given"; }

reasons=$(why_unavailable)
[ -z "$reasons" ] || fail "cannot run here: $(echo "$reasons" | paste -sd ';' -)"

[[ $scenario_timeout =~ ^[0-9]+$ ]] || fail "--scenario-timeout must be whole seconds"
if [ -z "$total_timeout" ]; then
    total_timeout=$((120 + ${#scenarios[@]} * scenario_timeout))
fi

kernel=$(pick_kernel)
cache=${RDVM_CACHE:-$HERE/out/cache}
initramfs=$(build_initramfs "$kernel" "$cache")

if [ -z "$out" ]; then
    out=$(mktemp -d "${TMPDIR:-/tmp}/rdvm.XXXXXX")
else
    mkdir -p "$out"
    [ -z "$(ls -A "$out")" ] || fail "--out $out is not empty"
fi
out=$(cd "$out" && pwd)

# --- the I/O share ----------------------------------------------------------------

install -m 0755 "$HERE/guest/session.sh" "$out/session.sh"
mkdir -p "$out/scenarios" "$out/results"

{
    printf 'export VM_MODULES=%q\n' "$modules"
    for kv in "${envs[@]}"; do
        [[ $kv == *=* ]] || fail "--env wants KEY=VALUE, got $kv"
        key=${kv%%=*}
        [[ $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || fail "bad variable name $key"
        printf 'export %s=%q\n' "$key" "${kv#*=}"
    done
} > "$out/env"

declare -A seen_names=()
index=0
for spec in "${scenarios[@]}"; do
    if [[ $spec == *=* ]]; then
        name=${spec%%=*}
        script=${spec#*=}
    else
        script=$spec
        name=$(basename "$script")
        name=${name%.*}
    fi
    [[ $name =~ ^[A-Za-z0-9._-]+$ ]] || fail "scenario name '$name' must be [A-Za-z0-9._-]+"
    [ -z "${seen_names[$name]:-}" ] || fail "scenario name '$name' given twice"
    seen_names[$name]=1
    [ -f "$script" ] || fail "scenario script $script not found"
    index=$((index + 1))
    dir=$(printf '%s/scenarios/%03d-%s' "$out" "$index" "$name")
    mkdir -p "$dir"
    install -m 0755 "$script" "$dir/script"
    echo "$name" > "$dir/name"
    echo "$scenario_timeout" > "$dir/timeout"
done

qemu_shares=()
share_index=0
: > "$out/shares"
for dir in "${shares[@]}"; do
    [ -d "$dir" ] || fail "--share $dir is not a directory"
    dir=$(cd "$dir" && pwd)
    share_index=$((share_index + 1))
    tag="share$share_index"
    qemu_shares+=(-fsdev "local,id=$tag,path=$dir,security_model=none,readonly=on,multidevs=remap"
                  -device "virtio-9p-pci,fsdev=$tag,mount_tag=$tag")
    echo "$tag $dir" >> "$out/shares"
done

net=(-nic none)
if [ ${#forwards[@]} -gt 0 ]; then
    netdev="user,id=n0"
    for fw in "${forwards[@]}"; do
        [[ $fw =~ ^([0-9]+):([0-9]+)$ ]] || fail "--forward wants HOSTPORT:GUESTPORT, got $fw"
        netdev+=",hostfwd=tcp:127.0.0.1:${BASH_REMATCH[1]}-:${BASH_REMATCH[2]}"
    done
    net=(-netdev "$netdev" -device virtio-net-pci,netdev=n0)
    touch "$out/network"
fi

# --- boot ------------------------------------------------------------------------

console="$out/console.log"
started=$(date +%s%N)
set +e
starter=$PPID
# KVM hangs after decompression on these hosts: TCG only.
timeout --kill-after=10 "$total_timeout" qemu-system-x86_64 \
    -accel tcg -cpu max -m "$memory" -smp "$smp" \
    -kernel "/boot/vmlinuz-$kernel" -initrd "$initramfs" \
    -append "console=ttyS0 rdinit=/init panic=-1 loglevel=4" \
    -display none -monitor none -serial "file:$console" -no-reboot \
    -fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap" \
    -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
    -fsdev "local,id=vmio,path=$out,security_model=none,multidevs=remap" \
    -device virtio-9p-pci,fsdev=vmio,mount_tag=vmio \
    "${qemu_shares[@]}" "${net[@]}" \
    > "$out/qemu.log" 2>&1 &
vm=$!
# A guest never outlives whoever started it: a test process that crashed or was killed for hanging
# would otherwise leave 2 GiB and a busy core behind for the next tests. (timeout passes TERM on to QEMU.)
while kill -0 "$vm" 2>/dev/null; do
    if ! kill -0 "$starter" 2>/dev/null; then
        echo "run-vm: the process that started this guest ($starter) is gone; stopping the guest" >&2
        kill -TERM "$vm" 2>/dev/null
    fi
    sleep 1
done
wait "$vm"
qemu_rc=$?
set -e
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
echo "$elapsed_ms" > "$out/vm_duration_ms"

console_tail() { tail -n 30 "$console" 2>/dev/null | sed 's/^/  | /' >&2; }

if [ "$qemu_rc" -eq 124 ] || [ "$qemu_rc" -eq 137 ]; then
    echo "run-vm: the guest did not power off within ${total_timeout}s and was killed; console: $console" >&2
    console_tail
fi
if [ -f "$out/init-failed" ]; then
    echo "run-vm: guest init failed: $(cat "$out/init-failed"); console: $console" >&2
    console_tail
    exit "$HARNESS_FAILED"
fi
if [ ! -f "$out/session-done" ]; then
    if [ "$qemu_rc" -ne 124 ] && [ "$qemu_rc" -ne 137 ]; then
        echo "run-vm: the guest stopped (qemu exit $qemu_rc) before the session finished; console: $console" >&2
        sed 's/^/  qemu: /' "$out/qemu.log" >&2
        console_tail
    fi
fi

# --- results ---------------------------------------------------------------------

status=0 count=0 missing=0
for dir in "$out"/scenarios/*/; do
    name=$(cat "$dir/name")
    res="$out/results/$name"
    if [ ! -f "$res/exit_code" ]; then
        echo "run-vm: scenario $name: no result" >&2
        missing=$((missing + 1))
        continue
    fi
    count=$((count + 1))
    rc=$(cat "$res/exit_code")
    echo "run-vm: scenario $name: exit $rc in $(cat "$res/duration_ms") ms" >&2
    [ "$rc" -eq 0 ] || status=1
    last_rc=$rc
done
echo "run-vm: guest ran ${elapsed_ms} ms (boot to session start: $(cat "$out/guest-uptime-at-session-start" 2>/dev/null || echo '?') s guest uptime); results in $out" >&2

[ "$missing" -eq 0 ] || exit "$HARNESS_FAILED"
if [ "$count" -eq 1 ]; then
    res="$out/results/$(cat "$out"/scenarios/*/name)"
    cat "$res/stdout"
    cat "$res/stderr" >&2
    exit "$last_rc"
fi
exit "$status"
