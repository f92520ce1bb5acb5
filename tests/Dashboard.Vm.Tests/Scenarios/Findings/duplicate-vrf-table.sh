#!/bin/bash
# duplicate-vrf-table: vrfa and vrfb both on table 1001 (net.vrf.strict_mode is 0 by default, so the
# kernel allows it). Found, no plan (migrate refuses and changes nothing); gone on a rescan once vrfb
# is recreated on a table of its own, the remedy docs/findings.md gives.
ns=rdt-vm-f-dup
mkns "$ns"
ip netns exec "$ns" cat /proc/sys/net/vrf/strict_mode > "$SCENARIO_OUT/strict-mode.txt"
setup "$ns" <<'B'
link add vrfa type vrf table 1001
link add vrfb type vrf table 1001
link set vrfa up
link set vrfb up
B
ip -n "$ns" -j -d link show type vrf > "$SCENARIO_OUT/before-links.json"
rd scan scan --netns "$ns" --json
id=$(grep -o '"id":"f-[0-9a-f]*"' "$SCENARIO_OUT/scan.json" | head -1 | cut -d'"' -f4)
rd migrate migrate --netns "$ns" --finding "$id" --json
ip -n "$ns" -j -d link show type vrf > "$SCENARIO_OUT/after-links.json"
setup "$ns" <<'B'
link del vrfb
link add vrfb type vrf table 1002
link set vrfb up
B
rd rescan scan --netns "$ns" --json
