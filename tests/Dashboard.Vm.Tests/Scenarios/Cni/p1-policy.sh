#!/bin/bash
# Issue 11 part 2: the dashboard (published, JIT) in the guest with its auto-remediation policy, and pods
# made by Debian's macvlan -> vrf chain (no routedash-cni), so each is born with the #1253 default.
#  A: policy off (the default): the dashboard reports pod pa's finding and changes nothing.
#  B: policy on, namespaces "pol-excl*" excluded, settle 2 s: pa (open when B starts) is fixed by the
#     start-up sweep; pb, made while B runs, is fixed by itself (time from its enslave to the fixed
#     state in pb-enslave-to-fixed-ms); pol-excl1 is reported and left alone.
: "${ROUTEDASH_WEB:?the fixture passes the published dashboard}"
web_pid=
# web_pid is the dashboard itself (start_web execs it): killing a subshell would leave the dashboard
# running, still answering on the port the next one then fails to bind.
stop_web() {
    if [ -n "$web_pid" ]; then kill "$web_pid" 2>/dev/null || true; wait "$web_pid" 2>/dev/null || true; web_pid=; fi
    for _ in $(seq 1 120); do api /api/policy > /dev/null 2>&1 || return 0; sleep 0.5; done
    echo "a dashboard still answers on 127.0.0.1:5080 after it was stopped" >&2
    return 1
}
trap 'stop_web; for n in "${NAMESPACES[@]}"; do ip netns del "$n" 2>/dev/null || true; done' EXIT

ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
api() { curl -fsS --max-time 20 "http://127.0.0.1:5080$1"; }

# start_web LABEL [VAR=VALUE...]: the dashboard with a state directory of its own, ready when /api/policy answers.
start_web() {
    local label=$1 start
    shift
    start=$(ms)
    mkdir -p "/tmp/rd-$label" && chmod 700 "/tmp/rd-$label"
    (cd "$ROUTEDASH_WEB" && exec env Dashboard__ListenAddress=127.0.0.1:5080 Dashboard__StateDirectory="/tmp/rd-$label" \
        Logging__LogLevel__Default=Warning Logging__LogLevel__Dashboard.Web.AutoRemediation=Information "$@" \
        dotnet Dashboard.Web.dll > "$SCENARIO_OUT/web-$label.log" 2>&1) &
    web_pid=$!
    for _ in $(seq 1 1200); do
        api /api/policy > "$SCENARIO_OUT/policy-$label-start.json" 2>/dev/null && break
        kill -0 "$web_pid" 2>/dev/null || { echo "dashboard $label exited" >&2; cat "$SCENARIO_OUT/web-$label.log" >&2; exit 1; }
        sleep 0.5
    done
    echo "dashboard $label answered after $(( $(ms) - start )) ms"
}

# reported NS: waits until the dashboard lists a finding in namespace NS (it saw the pod).
reported() {
    for _ in $(seq 1 600); do
        api /api/findings 2>/dev/null | jq -e --arg n "$1" 'any(.[]; .namespace == $n)' > /dev/null && return 0
        sleep 0.5
    done
    echo "the dashboard never reported a finding in $1" >&2
    return 1
}

# fixed NS TIMEOUT_S: waits until table 1001 of NS has the default via net1; prints when (ms).
fixed() {
    local until=$(( $(ms) + $2 * 1000 ))
    while [ "$(ms)" -lt "$until" ]; do
        if ip -n "$1" -6 route show table 1001 | grep -q '^default via 2001:db8:1::1 dev net1'; then ms; return 0; fi
        sleep 0.1
    done
    return 1
}

# The guest's loopback is down unless the harness forwards a port: the dashboard listens on 127.0.0.1.
ip link set lo up

# A: policy off.
start_web off
attach pa "$SECONDARY"
reported pa
sleep 6   # three settle delays of the policy in B: long enough for a policy that was on to act
state pa pa-off-after
api /api/policy > "$SCENARIO_OUT/policy-off.json"
stop_web

# B: policy on; pa's finding is open when it starts.
start_web on Dashboard__AutoRemediation__Enabled=true Dashboard__AutoRemediation__Exclude='pol-excl*' Dashboard__AutoRemediation__SettleSeconds=2
ready=$(ms)
if at=$(fixed pa 300); then echo "$(( at - ready ))" > "$SCENARIO_OUT/pa-ready-to-fixed-ms"; echo "pa fixed $(( at - ready )) ms after the dashboard answered"; else echo "pa not fixed within 300 s"; fi
state pa pa-on-after

attach pol-excl1 "$SECONDARY"
attach pb "$SECONDARY"
# When vrf, the chain's last plugin, exited: enslaving net1 was its last act.
enslaved=$(awk '$1 == "vrf" && $2 == "ADD" { t = $4 } END { print t }' "$SCENARIO_OUT/timings.txt")
if at=$(fixed pb 300); then echo "$(( at - enslaved ))" > "$SCENARIO_OUT/pb-enslave-to-fixed-ms"; echo "pb fixed $(( at - enslaved )) ms after vrf enslaved net1"; else echo "pb not fixed within 300 s"; fi
state pb pb-on-after
ip -n pb -6 route show table all > "$SCENARIO_OUT/pb-on-after.txt"
reported pol-excl1
sleep 6
state pol-excl1 pol-excl1-on-after
api /api/policy > "$SCENARIO_OUT/policy-on.json"
api '/api/audit?limit=50' > "$SCENARIO_OUT/audit-on.json"
api /api/findings > "$SCENARIO_OUT/findings-on.json"
stop_web
