#!/bin/bash
# Scenario 3: three-way IPv6 ECMP over eth0 (default VRF), net1 (vrfA, table 1001) and net2 (vrfB,
# table 1002) with unequal weights.
ns=rdt-vm-s3
mkns "$ns"
setup "$ns" <<'B'
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
state "$ns" before
rd migrate migrate --netns "$ns" --all --json
state "$ns" after
