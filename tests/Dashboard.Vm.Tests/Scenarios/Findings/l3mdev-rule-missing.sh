#!/bin/bash
# l3mdev-rule-missing: the kernel's l3mdev rules (pref 1000, added with the first VRF) deleted in
# rdt-vm-f-l3m, as an agent rewriting the rules does. Found per family, fixed by `migrate --all`
# (`ip [-6] rule add l3mdev pref 1000`), gone on a rescan. rdt-vm-f-l3m-dev lost them too but wires
# its VRF the pre-l3mdev way (an iif and an oif rule per family): not a finding.
ns=rdt-vm-f-l3m
dev=rdt-vm-f-l3m-dev
for n in "$ns" "$dev"; do
    mkns "$n"
    setup "$n" <<'B'
link add net1 type dummy
link add vrf1001 type vrf table 1001
link set net1 addrgenmode none
link set vrf1001 addrgenmode none
link set net1 master vrf1001
link set net1 up
link set vrf1001 up
B
    rules "$n" kernel
    ip -n "$n" -4 rule del pref 1000 l3mdev
    ip -n "$n" -6 rule del pref 1000 l3mdev
done
# net1 gets an address and table 1001 a route only it has (and the unreachable default a VRF table
# should have): what the VRF's lookups should find.
for n in "$ns" "$dev"; do
    setup "$n" <<'B'
addr add 10.1.0.2/24 dev net1
route add 10.77.0.0/16 via 10.1.0.1 dev net1 table 1001
route add unreachable default table 1001 metric 4278198272
B
done
ip -n "$dev" -4 rule add pref 100 iif vrf1001 lookup 1001
ip -n "$dev" -4 rule add pref 101 oif vrf1001 lookup 1001
ip -n "$dev" -6 rule add pref 100 iif vrf1001 lookup 1001
ip -n "$dev" -6 rule add pref 101 oif vrf1001 lookup 1001
rules "$ns" before
# What breaks: without the rule the VRF's lookup never reaches table 1001.
{ ip -n "$ns" route get 10.77.0.1 vrf vrf1001 2>&1 || true; } > "$SCENARIO_OUT/get-before.txt"
rd scan scan --netns "$ns" --netns "$dev" --json
rd migrate migrate --netns "$ns" --all --json
trail after
rules "$ns" after
{ ip -n "$ns" route get 10.77.0.1 vrf vrf1001 2>&1 || true; } > "$SCENARIO_OUT/get-after.txt"
rd rescan scan --netns "$ns" --netns "$dev" --json
