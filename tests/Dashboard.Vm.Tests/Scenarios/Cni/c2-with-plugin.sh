#!/bin/bash
# The same chain with routedash-cni last: the pod is born correct; each plugin's CHECK, then the chain's
# DEL, DEL again (idempotent) and DEL once the namespace is gone. Then routedash-cni's ADD timed on its
# own (nothing left to fix: read and analyse) beside `ip route show table all`, 5 times each.
STATE=/tmp/rdcni-c2
attach c2 "$(with_routedash "$SECONDARY" "{\"type\": \"routedash-cni\", \"stateDirectory\": \"$STATE\"}")"
state c2 born
ip -n c2 -6 route show table main | tee "$SCENARIO_OUT/main6.txt"
ip -n c2 -6 route show table 1001 | tee "$SCENARIO_OUT/vrf6.txt"
cp "$STATE/audit.jsonl" "$SCENARIO_OUT/audit.jsonl"
check_each c2-check "$CNI_CACHE/c2.conflist" c2

for i in 1 2 3 4 5; do
    RDCNI_STATE=$STATE rd "again-$i" ADD c2 . > /dev/null
    start=$EPOCHREALTIME
    ip -n c2 route show table all > /dev/null
    echo "ip $(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 ))" >> "$SCENARIO_OUT/ip-timings.txt"
done
state c2 after-again

run_chain c2-del DEL "$CNI_CACHE/c2.conflist" c-c2 /run/netns/c2 net1
state c2 after-del
run_chain c2-del-again DEL "$CNI_CACHE/c2.conflist" c-c2 /run/netns/c2 net1
ip netns del c2
run_chain c2-del-gone DEL "$CNI_CACHE/c2.conflist" c-c2 /run/netns/c2 net1
