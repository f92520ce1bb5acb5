# Prepended (after Migration/lib.sh) to every findings scenario (see FindingScenarioFixture).

# private_mounts: re-runs the scenario in a mount namespace of its own with a tmpfs over /var/lib, the
# only way to give the read-only guest root a libcni cache (as_pod). Call it first, before any mkns.
private_mounts() {
    if [ -z "${RDT_PRIVATE_MOUNTS:-}" ]; then RDT_PRIVATE_MOUNTS=1 exec unshare --mount --propagation private "$0"; fi
    mount -t tmpfs -o mode=0755 tmpfs /var/lib
    mkdir -p /var/lib/cni/results
}

# as_pod NS NAME: makes NS pod tenant-a/NAME the way a node records it: libcni's cache entry for its
# eth0 (kind cniCacheV1, the netns path, the K8S_POD_* CNI_ARGS), which routedash reads.
as_pod() {
    local cid
    cid=$(printf '%s' "$1" | sha256sum | cut -c1-64)
    printf '{"kind":"cniCacheV1","containerId":"%s","config":"e30=","ifName":"eth0","networkName":"podnet","netns":"/run/netns/%s","cniArgs":[["K8S_POD_NAMESPACE","tenant-a"],["K8S_POD_NAME","%s"],["K8S_POD_UID","%s"]],"result":{}}\n' \
        "$cid" "$1" "$2" "${cid:0:8}-0000-4000-8000-${cid:8:12}" > "/var/lib/cni/results/podnet-$cid-eth0"
}

# rules NS STAGE: the policy rules of both families as ip -j shows them.
rules() {
    ip -n "$1" -j -4 rule show > "$SCENARIO_OUT/$2-rules4.json"
    ip -n "$1" -j -6 rule show > "$SCENARIO_OUT/$2-rules6.json"
}

# trail STAGE: the audit records so far (every scenario of the boot shares the state directory) and
# the journal records still open: what the migrate path leaves behind.
trail() {
    cp "${ROUTEDASH_STATE_DIR:?the guest sets it}/audit.jsonl" "$SCENARIO_OUT/$1-audit.jsonl" 2>/dev/null || : > "$SCENARIO_OUT/$1-audit.jsonl"
    ls "$ROUTEDASH_STATE_DIR/journal" 2>/dev/null | wc -l > "$SCENARIO_OUT/$1-journal-open.txt"
}
