#!/bin/bash
# Scenario 9: what is correct by design gives no finding: the split-default workaround (::/1 and
# 8000::/1 via net1 in table 1001) and the vrf plugin's `unreachable default` in the VRF table.
# (The second migrate run is in s1, on the pod it migrated.)
ns=rdt-vm-s9
mkns "$ns"
setup "$ns" <<'B'
link add eth0 type dummy
link add net1 type dummy
link add vrf1001 type vrf table 1001
link set eth0 addrgenmode none
link set net1 addrgenmode none
link set vrf1001 addrgenmode none
addr add 2001:db8::2/64 dev eth0 nodad
addr add 10.1.0.2/24 dev net1
link set eth0 up
link set net1 up
link set vrf1001 up
link set net1 master vrf1001
addr add 2001:db8:1::2/64 dev net1 nodad
route add default via 2001:db8::1 dev eth0 metric 1024
route add ::/1 via 2001:db8:1::1 dev net1 table 1001
route add 8000::/1 via 2001:db8:1::1 dev net1 table 1001
route add unreachable ::/0 table 1001 metric 4278198272
route add unreachable default table 1001 metric 4278198272
route add 10.9.0.0/16 via 10.1.0.1 dev net1 table 1001
B
state "$ns" before
rd scan scan --netns "$ns" --json
