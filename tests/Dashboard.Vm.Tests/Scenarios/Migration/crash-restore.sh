#!/bin/bash
# A crash after step 1 of the three-way plan (table 1001 has its default), then net2 loses its address
# before anyone recovers: step 2 (the add into table 1002 via net2's gateway) can no longer be made,
# so recovery must restore the before-state (undo step 1) instead of rolling forward.
ns=rdt-c-restore
pod3way "$ns"
state "$ns" before
id=$({ "$ROUTEDASH" scan --netns "$ns" --json || [ $? -eq 3 ]; } | jq -r '[.[] | select(.fixable)][0].id')
ROUTEDASH_INJECT_CRASH_AFTER_STEP=1 rd crash migrate --netns "$ns" --finding "$id" --json
state "$ns" crashed
ip -n "$ns" addr del 2001:db8:2::2/64 dev net2
rd recover recover --json
state "$ns" recovered
