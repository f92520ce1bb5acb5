#!/bin/bash
# Scenario 1: the containernetworking/plugins#1253 pod, scanned and migrated; then migrated again
# (scenario 9's "second run: nothing to do").
ns=rdt-vm-s1
pod6 "$ns" readd
state "$ns" before
rd scan scan --netns "$ns" --json
rd migrate migrate --netns "$ns" --all --json
state "$ns" after
ip -n "$ns" -6 route show table 1001 | tee "$SCENARIO_OUT/after-1001.txt"
ip -n "$ns" -6 route show table main | tee "$SCENARIO_OUT/after-main.txt"
rd migrate-again migrate --netns "$ns" --all --json
state "$ns" again
id=$(grep -o '"id":"f-[0-9a-f]*"' "$SCENARIO_OUT/scan.json" | head -1 | cut -d'"' -f4)
rd migrate-again-id migrate --netns "$ns" --finding "$id" --json
