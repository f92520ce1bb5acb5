#!/bin/bash
# Scenario 3: three-way IPv6 ECMP over eth0 (default VRF), net1 (vrfA, table 1001) and net2 (vrfB,
# table 1002) with unequal weights.
ns=rdt-vm-s3
pod3way "$ns"
state "$ns" before
rd migrate migrate --netns "$ns" --all --json
state "$ns" after
