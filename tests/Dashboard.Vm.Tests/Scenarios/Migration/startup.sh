#!/bin/bash
# How long a routedash start takes in the TCG guest, next to `ip` measured in the same boot: rounds of
# `ip route show table all` then `routedash namespaces` (then, when ROUTEDASH_DLL names a routedash.dll,
# the JIT build as `dotnet routedash.dll namespaces`), each a fresh process, stdout to a file.
# The VM tests run it first in their boot, so round 1 reads routedash through a cold 9p cache; the
# startup benchmark (bench/Dashboard.Benchmarks startup --guest) runs it alone.
# Writes $SCENARIO_OUT/starts.tsv: round, command, wall ms, exit code.
set -uo pipefail
: "${ROUTEDASH:?the native routedash to time}"
rounds=${STARTUP_ROUNDS:-5}
# $EPOCHREALTIME is a bash builtin: a `date` process would cost about as much as what it measures.
ms() { local s=${1/[.,]/} e=${2/[.,]/}; echo $(( (10#$e - 10#$s) / 1000 )); }
# timed LABEL OUT COMMAND...: runs COMMAND once, stdout to $SCENARIO_OUT/OUT.txt, appends a starts.tsv row.
timed() {
    local label=$1 out=$2 t0 t1 rc=0
    shift 2
    t0=$EPOCHREALTIME
    "$@" > "$SCENARIO_OUT/$out.txt" 2> "$SCENARIO_OUT/$out.stderr" || rc=$?
    t1=$EPOCHREALTIME
    printf '%s\t%s\t%s\t%s\n' "$round" "$label" "$(ms "$t0" "$t1")" "$rc" | tee -a "$SCENARIO_OUT/starts.tsv"
}
: > "$SCENARIO_OUT/starts.tsv"
for round in $(seq 1 "$rounds"); do
    timed "ip route show table all" ip ip route show table all
    timed "routedash namespaces" namespaces "$ROUTEDASH" namespaces
    if [ -n "${ROUTEDASH_DLL:-}" ]; then
        timed "dotnet routedash.dll namespaces" namespaces-jit dotnet "$ROUTEDASH_DLL" namespaces
    fi
done
