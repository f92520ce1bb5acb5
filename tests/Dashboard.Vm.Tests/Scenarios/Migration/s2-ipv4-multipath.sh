#!/bin/bash
# Scenario 2: the same pod with an IPv4 multipath default (IPv4 cannot delete one nexthop: replace).
ns=rdt-vm-s2
pod4 "$ns"
state "$ns" before
rd scan scan --netns "$ns" --json
rd migrate migrate --netns "$ns" --all --json
state "$ns" after
