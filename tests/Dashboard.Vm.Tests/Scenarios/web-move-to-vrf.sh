#!/bin/bash
# The published dashboard inside the VRF guest, serving the containernetworking/plugins#1253 pod
# (the ecmp-move.sh setup, stopped before the move) on 0.0.0.0:8080 for the host's browser through
# QEMU's port forward. The host signs in, clicks "Move to VRF" and confirms, then creates
# $VM_IO/release; this script then records what the kernel has in tables main and 1001.
# Needs ROUTEDASH_WEB (the publish directory) and ROUTEDASH_UI_TOKEN (the operator token).
set -euo pipefail
ns=rdt-vm-ui
web_pid=
cleanup() {
    local rc=$?
    set +e
    if [ -n "$web_pid" ]; then kill "$web_pid" 2>/dev/null; wait "$web_pid" 2>/dev/null; fi
    ip netns del "$ns" 2>/dev/null
    exit "$rc"
}
trap cleanup EXIT
n() { ip -n "$ns" "$@"; }

ip netns add "$ns"
n link set lo up
n link add eth0 type dummy
n link add net1 type dummy
n addr add 2001:db8::2/64 dev eth0 nodad
n addr add 2001:db8:1::2/64 dev net1 nodad
n link set eth0 up
n link set net1 up
n -6 route add default via 2001:db8::1 dev eth0 metric 1024
n -6 route append default via 2001:db8:1::1 dev net1 metric 1024
n link add vrf1001 type vrf table 1001
n link set vrf1001 up
n link set net1 master vrf1001
# Enslaving flushes net1's global IPv6 address; the vrf plugin re-adds it.
n addr replace 2001:db8:1::2/64 dev net1 nodad
n -6 route show table main > "$SCENARIO_OUT/main-before.txt"
n -6 route show table 1001 > "$SCENARIO_OUT/1001-before.txt"

# What a node's Secret and state directory would be; /tmp is the guest's own tmpfs.
umask 077
printf '%s\n' "$ROUTEDASH_UI_TOKEN" > /tmp/operator-token
mkdir -p /tmp/routedash
cd "$ROUTEDASH_WEB"
# The guest's address is reached only through QEMU's port forward from the host's loopback; reads stay
# anonymous as on a node, so listening beyond the guest's loopback has to be said.
Dashboard__ListenAddress=0.0.0.0:8080 \
Dashboard__AllowAnonymousRemoteRead=true \
Dashboard__OperatorTokenFile=/tmp/operator-token \
Dashboard__StateDirectory=/tmp/routedash \
Logging__LogLevel__Default=Warning \
    dotnet "$ROUTEDASH_WEB/Dashboard.Web.dll" > "$SCENARIO_OUT/web.log" 2>&1 &
web_pid=$!
echo "started the dashboard (pid $web_pid)"

# The host drives the browser; it says when it is done (or gives up).
for _ in $(seq 1 1200); do
    [ -e "$VM_IO/release" ] && break
    kill -0 "$web_pid" 2>/dev/null || { echo "the dashboard exited early" >&2; cat "$SCENARIO_OUT/web.log" >&2; exit 1; }
    sleep 0.5
done

n -6 -j route show table 1001 > "$SCENARIO_OUT/1001-after.json"
n -6 route show table 1001 | tee "$SCENARIO_OUT/1001-after.txt"
n -6 -j route show table main > "$SCENARIO_OUT/main-after.json"
n -6 route show table main | tee "$SCENARIO_OUT/main-after.txt"
cp /tmp/routedash/audit.jsonl "$SCENARIO_OUT/audit.jsonl" 2>/dev/null || true
# The kernel's word, checked here too: the default via net1 is in the VRF's table now.
grep -q '^default via 2001:db8:1::1 dev net1' "$SCENARIO_OUT/1001-after.txt" \
    && echo "table 1001 has the default via net1" > "$SCENARIO_OUT/verdict" \
    || { echo "table 1001 has no default via net1" | tee "$SCENARIO_OUT/verdict" >&2; exit 1; }
