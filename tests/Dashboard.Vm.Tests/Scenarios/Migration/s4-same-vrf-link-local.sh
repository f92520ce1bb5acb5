#!/bin/bash
# Scenario 4: two nexthops of one route in the same VRF (net1 via the link-local fe80::1, weight 2, and
# net2, weight 3, both in vrf1001): they move as one multipath route with their weights.
ns=rdt-vm-s4
mkns "$ns"
setup "$ns" <<'B'
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
state "$ns" before
rd migrate migrate --netns "$ns" --all --json
state "$ns" after
