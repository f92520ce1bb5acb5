#!/bin/bash
# nexthop-link-down: eth1 is a veth whose peer is down, so it has no carrier and the kernel marks the
# paths through it linkdown. 10.5.0.0/16 goes only through eth1 (warning); 10.6.0.0/16 is ECMP over
# eth0 and eth1 (information); eth1's own connected route is not a finding. No plan (migrate refuses,
# nothing changes); gone on a rescan once the peer is up.
ns=rdt-vm-f-down
mkns "$ns"
setup "$ns" <<'B'
link add eth0 type dummy
link add eth1 type veth peer name eth1p
link set eth0 addrgenmode none
link set eth1 addrgenmode none
link set eth1p addrgenmode none
link set eth0 up
link set eth1 up
addr add 10.0.0.2/24 dev eth0
addr add 10.2.0.2/24 dev eth1
route add 10.5.0.0/16 via 10.2.0.1 dev eth1
route add 10.6.0.0/16 nexthop via 10.0.0.1 dev eth0 nexthop via 10.2.0.1 dev eth1
B
ip -n "$ns" -j link show eth1 > "$SCENARIO_OUT/before-eth1.json"
state "$ns" before
rd scan scan --netns "$ns" --json
id=$(grep -o '"id":"f-[0-9a-f]*"' "$SCENARIO_OUT/scan.json" | head -1 | cut -d'"' -f4)
rd migrate migrate --netns "$ns" --finding "$id" --json
state "$ns" after
ip -n "$ns" link set eth1p up
# The kernel clears linkdown from its link watcher, which may run up to a second after the carrier came.
for _ in $(seq 1 50); do ip -n "$ns" route show 10.5.0.0/16 | grep -q linkdown || break; sleep 0.1; done
ip -n "$ns" -j link show eth1 > "$SCENARIO_OUT/up-eth1.json"
state "$ns" up
rd rescan scan --netns "$ns" --json
