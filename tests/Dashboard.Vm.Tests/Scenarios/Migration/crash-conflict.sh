#!/bin/bash
# A crash after step 1 of the issue-1253 plan, then someone else replaces main's default route: the
# slots hold neither the before-state nor a state of the plan, so recovery leaves them alone and
# reports a conflict (exit 1), and the next recover finds nothing open.
ns=rdt-c-conflict
pod6 "$ns" readd
id=$({ "$ROUTEDASH" scan --netns "$ns" --json || [ $? -eq 3 ]; } | jq -r '[.[] | select(.fixable)][0].id')
ROUTEDASH_INJECT_CRASH_AFTER_STEP=1 rd crash migrate --netns "$ns" --finding "$id" --json
ip -n "$ns" -6 route replace default via 2001:db8::99 dev eth0 metric 1024
state "$ns" meddled
rd recover recover --json
state "$ns" recovered
rd recover-again recover --json
