# Prepended to every migration scenario (see MigrationScenarioFixture). Keeps scripts lean: under TCG
# every process costs 0.1-0.3 s (routedash, native, about as much as `ip`), so setup goes through one
# `ip -batch` per namespace and the checks are left to the C# tests, which read $SCENARIO_OUT.
set -euo pipefail
: "${ROUTEDASH:?the fixture passes the published native routedash}"
NAMESPACES=()
trap 'for n in "${NAMESPACES[@]}"; do ip netns del "$n" 2>/dev/null || true; done' EXIT

# mkns NAME: a fresh namespace with lo up, deleted when the scenario ends.
mkns() {
    ip netns add "$1"
    NAMESPACES+=("$1")
    ip -n "$1" link set lo up
}

# setup NS < commands: one `ip -batch` (one process) for a whole setup.
setup() { ip -n "$1" -batch -; }

# rd OUT ARGS...: runs routedash, keeping stdout in OUT.json (or OUT.txt for text), stderr in OUT.stderr
# and the exit code in OUT.exit; never fails the script (the exit code is what the tests check).
rd() {
    local out=$1 ext=txt
    shift
    case " $* " in *" --json "*) ext=json ;; esac
    local rc=0
    "$ROUTEDASH" "$@" > "$SCENARIO_OUT/$out.$ext" 2> "$SCENARIO_OUT/$out.stderr" || rc=$?
    echo "$rc" > "$SCENARIO_OUT/$out.exit"
    echo "== routedash $* -> exit $rc"
    cat "$SCENARIO_OUT/$out.$ext" "$SCENARIO_OUT/$out.stderr"
}

# state NS STAGE: every route of every table, both families (plus nexthop objects), as ip -j shows them.
state() {
    ip -n "$1" -j -4 route show table all > "$SCENARIO_OUT/$2-routes4.json"
    ip -n "$1" -j -6 route show table all > "$SCENARIO_OUT/$2-routes6.json"
    ip -n "$1" -j nexthop show > "$SCENARIO_OUT/$2-nexthops.json"
}

# pod6 NS [readd]: the containernetworking/plugins#1253 pod: an IPv6 default via eth0, one via net1
# appended into an ECMP route in main, then net1 enslaved to vrf1001 (table 1001). With "readd", net1's
# global address (flushed by enslaving) is added back, as the vrf plugin does.
# No link-local addresses: they arrive asynchronously and would make before/after comparisons racy.
pod6() {
    mkns "$1"
    setup "$1" <<'B'
link add eth0 type dummy
link add net1 type dummy
link add vrf1001 type vrf table 1001
link set eth0 addrgenmode none
link set net1 addrgenmode none
link set vrf1001 addrgenmode none
addr add 2001:db8::2/64 dev eth0 nodad
addr add 2001:db8:1::2/64 dev net1 nodad
link set eth0 up
link set net1 up
link set vrf1001 up
route add default via 2001:db8::1 dev eth0 metric 1024
route append default via 2001:db8:1::1 dev net1 metric 1024
link set net1 master vrf1001
B
    if [ "${2:-}" = readd ]; then ip -n "$1" addr replace 2001:db8:1::2/64 dev net1 nodad; fi
}

# pod4 NS: the same pod with an IPv4 multipath default (IPv4 addresses survive enslaving).
pod4() {
    mkns "$1"
    setup "$1" <<'B'
link add eth0 type dummy
link add net1 type dummy
link add vrf1001 type vrf table 1001
link set eth0 addrgenmode none
link set net1 addrgenmode none
link set vrf1001 addrgenmode none
addr add 10.0.0.2/24 dev eth0
addr add 10.1.0.2/24 dev net1
link set eth0 up
link set net1 up
link set vrf1001 up
route add default metric 100 nexthop via 10.0.0.1 dev eth0 nexthop via 10.1.0.1 dev net1
link set net1 master vrf1001
B
}

# pod3way NS: three-way IPv6 ECMP over eth0 (default VRF), net1 (vrfA, table 1001) and net2 (vrfB,
# table 1002) with unequal weights: a plan of four steps (two adds, two sibling deletes).
pod3way() {
    mkns "$1"
    setup "$1" <<'B'
link add eth0 type dummy
link add net1 type dummy
link add net2 type dummy
link add vrfA type vrf table 1001
link add vrfB type vrf table 1002
link set eth0 addrgenmode none
link set net1 addrgenmode none
link set net2 addrgenmode none
link set vrfA addrgenmode none
link set vrfB addrgenmode none
addr add 2001:db8::2/64 dev eth0 nodad
addr add 2001:db8:1::2/64 dev net1 nodad
addr add 2001:db8:2::2/64 dev net2 nodad
link set eth0 up
link set net1 up
link set net2 up
link set vrfA up
link set vrfB up
route add default metric 1024 nexthop via 2001:db8::1 dev eth0 weight 1 nexthop via 2001:db8:1::1 dev net1 weight 2 nexthop via 2001:db8:2::1 dev net2 weight 3
link set net1 master vrfA
link set net2 master vrfB
addr replace 2001:db8:1::2/64 dev net1 nodad
addr replace 2001:db8:2::2/64 dev net2 nodad
B
}

# podsamevrf NS: two nexthops of one route in the same VRF (net1 via the link-local fe80::1, weight 2,
# and net2, weight 3, both in vrf1001): they move as one multipath route with their weights.
podsamevrf() {
    mkns "$1"
    setup "$1" <<'B'
link add eth0 type dummy
link add net1 type dummy
link add net2 type dummy
link add vrf1001 type vrf table 1001
link set eth0 addrgenmode none
link set net1 addrgenmode none
link set net2 addrgenmode none
link set vrf1001 addrgenmode none
addr add 2001:db8::2/64 dev eth0 nodad
addr add 2001:db8:2::2/64 dev net2 nodad
link set eth0 up
link set net1 up
link set net2 up
link set vrf1001 up
route add default metric 1024 nexthop via 2001:db8::1 dev eth0 weight 1 nexthop via fe80::1 dev net1 weight 2 nexthop via 2001:db8:2::1 dev net2 weight 3
link set net1 master vrf1001
link set net2 master vrf1001
addr replace 2001:db8:2::2/64 dev net2 nodad
B
}

# podnhid NS: an IPv6 default (and an IPv4 one, RFC 5549 style) over nexthop group 10 whose members sit
# in two VRFs: 1 via eth0 (default VRF), 2 via net1 (vrf1001). Nexthop objects die with their device
# going down, so they are made after enslaving (and after net1's address is back, for the gateway to
# resolve in table 1001).
podnhid() {
    pod6 "$1" readd
    setup "$1" <<'B'
route del default via 2001:db8::1 dev eth0 metric 1024
route del default via 2001:db8:1::1 dev net1 metric 1024
nexthop add id 1 via 2001:db8::1 dev eth0
nexthop add id 2 via 2001:db8:1::1 dev net1
nexthop add id 10 group 1/2
route add ::/0 nhid 10 metric 1024
route add default nhid 10 metric 1024
B
}
