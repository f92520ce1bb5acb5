#!/bin/bash
# Scenario 6: net1's global address was flushed by enslaving and NOT re-added, so 2001:db8:1::1 is not
# reachable in table 1001: the migration must fail clearly and change nothing.
ns=rdt-vm-s6
pod6 "$ns"
state "$ns" before
rd migrate migrate --netns "$ns" --all --json
state "$ns" after
