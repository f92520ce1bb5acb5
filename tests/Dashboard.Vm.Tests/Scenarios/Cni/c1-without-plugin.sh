#!/bin/bash
# The chain as Debian's plugins run it today: macvlan -> vrf. The pod is born with the mixed-VRF
# default (containernetworking/plugins#1253), and macvlan's own CHECK fails on it already.
# Then routedash-cni alone, as the last plugin would run, on that pod: malformed input, a state
# directory on the read-only root, warn mode, an injected failure and a step the kernel refuses each
# leave the namespace exactly as it was (state before and after each); a good configuration then fixes it.
attach c1 "$SECONDARY"
state c1 born
ip -n c1 -6 route show table main | tee "$SCENARIO_OUT/main6.txt"
ip -n c1 -6 route show table 1001 | tee "$SCENARIO_OUT/vrf6.txt"
conflist "$CNI_CACHE/c1-check.conflist" vrf-blue "$SECONDARY"
check_each c1-check "$CNI_CACHE/c1-check.conflist" c1

rd e-not-json ADD c1 . '{"cniVersion": "1.0.0", "name": "vrf-blue", "type": "routedash-cni", '
state c1 after-not-json
rd e-mode ADD c1 '.mode = "fixit"'
state c1 after-mode
rd e-prev ADD c1 '.prevResult.ips[0].address = "2001:db8:1::zz/64"'
state c1 after-prev
RDCNI_STATE=/var/lib/routedash rd e-readonly ADD c1 'del(.stateDirectory)'
state c1 after-readonly
rd warn ADD c1 '.mode = "warn"'
state c1 after-warn
ROUTEDASH_INJECT_FAILURE_AFTER_STEP=1 rd e-rollback ADD c1 .
state c1 after-rollback
cp /tmp/rdcni-c1/audit.jsonl "$SCENARIO_OUT/rollback-audit.jsonl" || true
# A step the kernel refuses: without net1's address table 1001 cannot reach the gateway.
ip -n c1 addr del 2001:db8:1::2/64 dev net1
state c1 before-kernel
rd e-kernel ADD c1 .
state c1 after-kernel
ip -n c1 addr add 2001:db8:1::2/64 dev net1 nodad
rd check-before CHECK c1 .
rd fix ADD c1 .
state c1 fixed
rd check-after CHECK c1 .
