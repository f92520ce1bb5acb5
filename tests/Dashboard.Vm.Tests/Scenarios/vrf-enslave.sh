#!/bin/bash
# A VRF member as the CNI vrf plugin makes it: net1 (dummy) enslaved to
# vrf1001, which owns table 1001. Leaves `ip -j -d link show` for the test.
set -euo pipefail
ns=rdt-vm-vrf
trap 'ip netns del "$ns" 2>/dev/null || true' EXIT
ip netns add "$ns"
ip -n "$ns" link add vrf1001 type vrf table 1001
ip -n "$ns" link set vrf1001 up
ip -n "$ns" link add net1 type dummy
ip -n "$ns" link set net1 master vrf1001
ip -n "$ns" link set net1 up
ip -n "$ns" -j -d link show > "$SCENARIO_OUT/links.json"
ip -n "$ns" -d link show
