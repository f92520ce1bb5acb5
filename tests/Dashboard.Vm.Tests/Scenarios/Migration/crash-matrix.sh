#!/bin/bash
# Issue 9 item 10: every plan with two or more steps, killed (SIGKILL) right after each of its steps
# is acknowledged, then `routedash recover`: the namespace must be exactly as before the plan or
# exactly as after it. For each pod a reference namespace is migrated whole (the "after" state); then,
# for k = 1..steps, a fresh copy is crashed after step k and recovered. Files per pod KIND and step K:
# KIND-ref-{before,after}-routes{4,6}.json, KIND-K-{crashed,recovered}-routes{4,6}.json, KIND-K-crash.*
# (the killed migrate), KIND-K-open.txt (journal records left open by the crash), KIND-K-recover.json.
journal=${ROUTEDASH_STATE_DIR:?the guest sets it}/journal

# first_finding NS: the id of the namespace's first fixable finding (one migration, one plan).
# (scan exits 3 when it finds something: that is the point here, not a failure.)
first_finding() { { "$ROUTEDASH" scan --netns "$1" --json || [ $? -eq 3 ]; } | jq -r '[.[] | select(.fixable)][0].id'; }

for kind in pod6 pod4 pod3way podsamevrf podnhid; do
    ref="rdt-c-$kind"
    if [ "$kind" = pod6 ]; then pod6 "$ref" readd; else "$kind" "$ref"; fi
    state "$ref" "$kind-ref-before"
    id=$(first_finding "$ref")
    rd "$kind-plan" migrate --netns "$ref" --finding "$id" --dry-run --json
    steps=$(jq '.[0].plan.steps | length' "$SCENARIO_OUT/$kind-plan.json")
    echo "$steps" > "$SCENARIO_OUT/$kind-steps.txt"
    rd "$kind-ref" migrate --netns "$ref" --finding "$id" --json
    state "$ref" "$kind-ref-after"
    for k in $(seq 1 "$steps"); do
        ns="rdt-c-$kind-$k"
        if [ "$kind" = pod6 ]; then pod6 "$ns" readd; else "$kind" "$ns"; fi
        id=$(first_finding "$ns")
        ROUTEDASH_INJECT_CRASH_AFTER_STEP=$k rd "$kind-$k-crash" migrate --netns "$ns" --finding "$id" --json
        state "$ns" "$kind-$k-crashed"
        ls "$journal" 2>/dev/null | wc -l > "$SCENARIO_OUT/$kind-$k-open.txt"
        rd "$kind-$k-recover" recover --json
        state "$ns" "$kind-$k-recovered"
        ls "$journal" 2>/dev/null | wc -l > "$SCENARIO_OUT/$kind-$k-left.txt"
        ip netns del "$ns"
    done
    ip netns del "$ref"
done
