#!/bin/bash
# Scenario 5: an IPv6 default (and an IPv4 one, RFC 5549 style) over nexthop group 10 whose members sit in two VRFs: 1 via eth0 (default VRF),
# 2 via net1 (vrf1001). Nexthop objects die with their device going down, so they are made after
# enslaving (and after net1's address is back, for the gateway to resolve in table 1001).
ns=rdt-vm-s5
pod6 "$ns" readd
setup "$ns" <<'B'
route del default via 2001:db8::1 dev eth0 metric 1024
route del default via 2001:db8:1::1 dev net1 metric 1024
nexthop add id 1 via 2001:db8::1 dev eth0
nexthop add id 2 via 2001:db8:1::1 dev net1
nexthop add id 10 group 1/2
route add ::/0 nhid 10 metric 1024
route add default nhid 10 metric 1024
B
state "$ns" before
rd migrate migrate --netns "$ns" --all --json
state "$ns" after
