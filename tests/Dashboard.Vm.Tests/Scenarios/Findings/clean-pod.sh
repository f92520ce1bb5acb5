#!/bin/bash
# No false positives: a VRF pod configured as it should be (the kernel's l3mdev rules, unreachable
# defaults in the VRF table for both families behind a real IPv4 one, members with carrier and with
# global and link-local addresses, a source rule into a table that has a default), labelled as a pod so
# that every kind applies. `scan --all` (this pod and the guest's own namespace) finds nothing.
private_mounts
ns=rdt-vm-f-clean
mkns "$ns"
setup "$ns" <<'B'
link add eth0 type dummy
link add net1 type veth peer name net1p
link add vrf1001 type vrf table 1001
link set eth0 up
link set net1p up
link set net1 master vrf1001
link set net1 up
link set vrf1001 up
addr add 10.0.0.2/24 dev eth0
addr add 2001:db8::2/64 dev eth0 nodad
addr add 10.1.0.2/24 dev net1
addr add 2001:db8:1::2/64 dev net1 nodad
route add default via 10.0.0.1 dev eth0
route add default via 2001:db8::1 dev eth0
route add default via 10.1.0.1 dev net1 table 1001
route add unreachable default table 1001 metric 4278198272
route add unreachable ::/0 table 1001 metric 4278198272
route add default via 10.0.0.1 dev eth0 table 100
rule add pref 100 from 10.0.0.2 lookup 100
B
as_pod "$ns" clean-0
# Let the kernel finish what it does by itself (link-local addresses, their routes) before looking.
sleep 2
rd namespaces namespaces --json
rules "$ns" before
state "$ns" before
ip -n "$ns" -j addr show > "$SCENARIO_OUT/before-addresses.json"
ip -n "$ns" -j link show > "$SCENARIO_OUT/before-links.json"
rd scan scan --all --json
