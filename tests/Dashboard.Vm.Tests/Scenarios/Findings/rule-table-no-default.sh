#!/bin/bash
# rule-table-no-default: the sbr pattern of containernetworking/plugins#654 in a pod (labelled through
# libcni's cache): `from 10.1.0.2 lookup 100`, table 100 with net1's subnet only. The same setup in a
# namespace of no pod is policy routing, not a finding. Found in the pod only, no plan (migrate
# refuses, nothing changes); gone on a rescan once table 100 has its default (the documented remedy).
private_mounts
pod=rdt-vm-f-sbr
plain=rdt-vm-f-sbr-plain
for n in "$pod" "$plain"; do
    mkns "$n"
    setup "$n" <<'B'
link add eth0 type dummy
link add net1 type dummy
link set eth0 addrgenmode none
link set net1 addrgenmode none
link set eth0 up
link set net1 up
addr add 10.0.0.2/24 dev eth0
addr add 10.1.0.2/24 dev net1
route add default via 10.0.0.1 dev eth0
route add 10.1.0.0/24 dev net1 table 100
rule add pref 100 from 10.1.0.2 lookup 100
B
done
as_pod "$pod" sbr-0
rd namespaces namespaces --json
rules "$pod" before
state "$pod" before
# What breaks: a packet from net1's address to an address table 100 does not know leaves through eth0.
{ ip -n "$pod" route get 192.0.2.9 from 10.1.0.2 2>&1 || true; } > "$SCENARIO_OUT/get-before.txt"
rd scan scan --netns "$pod" --netns "$plain" --json
id=$(grep -o '"id":"f-[0-9a-f]*"' "$SCENARIO_OUT/scan.json" | head -1 | cut -d'"' -f4)
rd migrate migrate --netns "$pod" --finding "$id" --json
rules "$pod" after
state "$pod" after
ip -n "$pod" route add default via 10.1.0.1 dev net1 table 100
{ ip -n "$pod" route get 192.0.2.9 from 10.1.0.2 2>&1 || true; } > "$SCENARIO_OUT/get-after.txt"
rd rescan scan --netns "$pod" --netns "$plain" --json
