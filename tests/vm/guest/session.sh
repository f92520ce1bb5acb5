#!/bin/bash
# Runs inside the guest, chrooted into the host's read-only root, with the
# host's I/O directory at /run/vm-io. Runs every scenario in
# /run/vm-io/scenarios/<NNN>-<name>/script in order and writes
# /run/vm-io/results/<name>/{exit_code,stdout,stderr,duration_ms,files/}.

IO=/run/vm-io
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/share/dotnet
export HOME=/tmp DOTNET_CLI_HOME=/tmp TMPDIR=/tmp
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_ROOT=/usr/share/dotnet
export LANG=C.UTF-8 TERM=dumb
export VM_IO=$IO
# The host's root is read-only here: Route Dashboard's shared state (journal, locks, audit) goes to tmpfs.
export ROUTEDASH_STATE_DIR=/tmp/routedash-state

read -r session_start_uptime _ < /proc/uptime
echo "$session_start_uptime" > "$IO/guest-uptime-at-session-start"

# Guest uptime on each line: the console log then shows where a slow boot spent its time.
log() {
    local up _
    read -r up _ < /proc/uptime
    echo "vm-session [$up]: $*" > /dev/console
}

# Variables the host passed with --env (already shell-quoted by run-vm.sh).
if [ -f "$IO/env" ]; then
    # shellcheck disable=SC1091
    . "$IO/env"
fi

# Modules the scenarios need; loading them here keeps their failures in one
# clear place instead of inside every scenario.
if [ -n "${VM_MODULES:-}" ]; then
    for m in $VM_MODULES; do
        modprobe "$m" || log "modprobe $m failed"
    done
fi

if [ -f "$IO/network" ]; then
    modprobe virtio_net || log "modprobe virtio_net failed"
    nic=""
    for _ in $(seq 1 50); do
        for path in /sys/class/net/*; do
            dev=${path##*/}
            [ "$dev" = lo ] && continue
            nic=$dev
            break
        done
        [ -n "$nic" ] && break
        sleep 0.1
    done
    if [ -n "$nic" ]; then
        ip link set lo up
        ip link set "$nic" up
        ip addr add 10.0.2.15/24 dev "$nic"
        ip route add default via 10.0.2.2 dev "$nic"
        echo "$nic" > "$IO/network-ready"
    else
        log "no network interface appeared"
    fi
fi

log "ready"
cd /tmp || exit 1
for dir in "$IO"/scenarios/*/; do
    [ -d "$dir" ] || continue
    name=$(cat "$dir/name")
    timeout_s=$(cat "$dir/timeout")
    out="$IO/results/$name"
    mkdir -p "$out/files"
    log "scenario $name"
    start=$(date +%s%N)
    # --kill-after: a scenario that ignores SIGTERM must not hang the session.
    SCENARIO_NAME=$name SCENARIO_OUT="$out/files" \
        timeout --kill-after=5 "$timeout_s" "$dir/script" > "$out/stdout" 2> "$out/stderr" < /dev/null
    rc=$?
    end=$(date +%s%N)
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        echo "vm: scenario timed out after ${timeout_s}s" >> "$out/stderr"
        echo "$timeout_s" > "$out/timed_out"
    fi
    echo $(((end - start) / 1000000)) > "$out/duration_ms"
    # Written last: its presence means the other files are complete.
    echo "$rc" > "$out/exit_code"
done

log "all scenarios done"
read -r session_end_uptime _ < /proc/uptime
echo "$session_end_uptime" > "$IO/session-done"
sync
