#!/bin/bash
# Scenario 4: two nexthops of one route in the same VRF (net1 via the link-local fe80::1, weight 2, and
# net2, weight 3, both in vrf1001): they move as one multipath route with their weights.
ns=rdt-vm-s4
podsamevrf "$ns"
state "$ns" before
rd migrate migrate --netns "$ns" --all --json
state "$ns" after
