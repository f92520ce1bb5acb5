#!/bin/bash
# Scenario 5: an IPv6 default (and an IPv4 one, RFC 5549 style) over nexthop group 10 whose members sit
# in two VRFs (see podnhid in lib.sh).
ns=rdt-vm-s5
podnhid "$ns"
state "$ns" before
rd migrate migrate --netns "$ns" --all --json
state "$ns" after
