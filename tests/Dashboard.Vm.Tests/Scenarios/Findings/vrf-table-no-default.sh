#!/bin/bash
# vrf-table-no-default: vrf1001's member net1 has global addresses of both families, table 1001 has
# only its connected routes. Found (one per family), fixed by `migrate --all` (the unreachable
# defaults of Documentation/networking/vrf.rst), gone on a rescan.
ns=rdt-vm-f-vrfdef
mkns "$ns"
setup "$ns" <<'B'
link add eth0 type dummy
link add net1 type dummy
link add vrf1001 type vrf table 1001
link set eth0 addrgenmode none
link set net1 addrgenmode none
link set vrf1001 addrgenmode none
link set eth0 up
link set net1 up
link set vrf1001 up
link set net1 master vrf1001
addr add 10.0.0.2/24 dev eth0
addr add 2001:db8::2/64 dev eth0 nodad
addr add 10.1.0.2/24 dev net1
addr add 2001:db8:1::2/64 dev net1 nodad
route add default via 10.0.0.1 dev eth0
route add default via 2001:db8::1 dev eth0
B
state "$ns" before
# What breaks, as the kernel answers it: the VRF's lookup of an unknown destination leaves through eth0.
{ ip -n "$ns" route get 192.0.2.9 vrf vrf1001 2>&1 || true; } > "$SCENARIO_OUT/get-before.txt"
rd scan scan --netns "$ns" --json
rd migrate migrate --netns "$ns" --all --json
trail after
state "$ns" after
{ ip -n "$ns" -4 route show table 1001; ip -n "$ns" -6 route show table 1001; } | tee "$SCENARIO_OUT/after-1001.txt"
{ ip -n "$ns" route get 192.0.2.9 vrf vrf1001 2>&1 || true; } > "$SCENARIO_OUT/get-after.txt"
rd rescan scan --netns "$ns" --json
