#!/bin/bash
# The containernetworking/plugins#1253 pod on a real VRF kernel: an IPv6 ECMP
# default in main over eth0 and net1, then net1 enslaved to vrf1001 (table
# 1001), then the net1 nexthop moved with the two ip commands DESIGN.md names.
# Leaves `ip -j` dumps of every stage in $SCENARIO_OUT for the test to check.
set -euo pipefail
ns=rdt-vm-ecmp
trap 'ip netns del "$ns" 2>/dev/null || true' EXIT
n() { ip -n "$ns" "$@"; }
# dump STAGE TABLE...
dump() {
    local stage=$1 table
    shift
    for table in "$@"; do
        n -6 -j route show table "$table" > "$SCENARIO_OUT/$stage-$table.json"
        echo "== $stage: table $table"
        n -6 route show table "$table"
    done
}

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
dump before-enslave main

n link add vrf1001 type vrf table 1001
n link set vrf1001 up
n link set net1 master vrf1001
# Enslaving flushes net1's global IPv6 address; the vrf plugin re-adds it.
n -j addr show dev net1 > "$SCENARIO_OUT/net1-addr-after-enslave.json"
n addr replace 2001:db8:1::2/64 dev net1 nodad
dump after-enslave main 1001

n -6 route add default via 2001:db8:1::1 dev net1 table 1001 metric 1024
n -6 route del default via 2001:db8:1::1 dev net1 metric 1024 table main
dump after-move main 1001
