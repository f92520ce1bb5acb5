#!/bin/bash
# Scenario 7: a failure injected after step 1 (IPv6: the add), and, for the harder undos, after step 2
# (IPv6: a sibling deleted; IPv4: the route replaced): each must restore the exact original state.
run() { # NS STEP
    state "$1" "$1-before"
    ROUTEDASH_INJECT_FAILURE_AFTER_STEP=$2 rd "$1-migrate" migrate --netns "$1" --all --json
    state "$1" "$1-after"
}
pod6 rdt-vm-s7a readd
run rdt-vm-s7a 1
pod6 rdt-vm-s7b readd
run rdt-vm-s7b 2
pod4 rdt-vm-s7c
run rdt-vm-s7c 2
