#!/bin/bash
# Scenario 8: the route changes between the plan (a dry run) and the apply (migrate --finding ID).
# a: a third path appended; b: the same paths, re-made with another protocol.
finding_id() { grep -o '"finding":"[^"]*"' "$SCENARIO_OUT/$1.json" | head -1 | cut -d'"' -f4; }

pod6 rdt-vm-s8a readd
rd a-plan migrate --netns rdt-vm-s8a --all --dry-run --json
ip -n rdt-vm-s8a -6 route append default via 2001:db8::3 dev eth0 metric 1024
state rdt-vm-s8a a-before
rd a-apply migrate --netns rdt-vm-s8a --finding "$(finding_id a-plan)" --json
state rdt-vm-s8a a-after

pod6 rdt-vm-s8b readd
rd b-plan migrate --netns rdt-vm-s8b --all --dry-run --json
setup rdt-vm-s8b <<'B'
route del default via 2001:db8::1 dev eth0 metric 1024
route del default via 2001:db8:1::1 dev net1 metric 1024
route add default proto static metric 1024 nexthop via 2001:db8::1 dev eth0 nexthop via 2001:db8:1::1 dev net1
B
state rdt-vm-s8b b-before
rd b-apply migrate --netns rdt-vm-s8b --finding "$(finding_id b-plan)" --json
state rdt-vm-s8b b-after
