# Prepended to every CNI scenario (see CniChainFixture): a small container runtime that runs a CNI
# configuration list (a "conflist") as the CNI specification says - each plugin of the list executed
# with CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS and CNI_PATH set, its configuration
# on stdin with the list's cniVersion and name added and, from the second plugin on, the previous
# plugin's result as prevResult; DEL in reverse order and CHECK in order, both with the cached result of
# the ADD as prevResult (libcni caches it the same way). Debian ships the plugins but no cnitool.
# Plugins come from CNI_PATH: Debian's containernetworking-plugins (/usr/lib/cni) and the published
# routedash-cni. The scripts only build and run; the C# tests read $SCENARIO_OUT and check.
set -euo pipefail
: "${ROUTEDASH_CNI_DIR:?the fixture passes the published routedash-cni directory}"
export CNI_PATH=/usr/lib/cni:$ROUTEDASH_CNI_DIR
CNI_CACHE=$(mktemp -d /tmp/cni-cache.XXXXXX)
NAMESPACES=()
trap 'for n in "${NAMESPACES[@]}"; do ip netns del "$n" 2>/dev/null || true; done' EXIT

# cni_find TYPE: the plugin executable named TYPE in the first CNI_PATH directory that has it.
cni_find() {
    local dir
    local -a dirs
    IFS=: read -ra dirs <<< "$CNI_PATH"
    for dir in "${dirs[@]}"; do
        if [ -x "$dir/$1" ]; then echo "$dir/$1"; return 0; fi
    done
    return 1
}

# cni_plugin TYPE COMMAND CONTAINERID NETNS IFNAME CONFIG: one plugin run; its stdout is printed, its
# stderr appended to $PLUGIN_STDERR (default $SCENARIO_OUT/plugins.stderr), its duration (ms) to
# $SCENARIO_OUT/timings.txt (TYPE COMMAND MS END_EPOCH_MS).
cni_plugin() {
    local type=$1 cmd=$2 cid=$3 netns=$4 ifname=$5 config=$6 exe start rc=0
    exe=$(cni_find "$type") || { printf '{"code":999,"msg":"no plugin %s in CNI_PATH"}\n' "$type"; return 1; }
    start=$EPOCHREALTIME
    CNI_COMMAND=$cmd CNI_CONTAINERID=$cid CNI_NETNS=$netns CNI_IFNAME=$ifname CNI_ARGS=${CNI_ARGS:-} \
        "$exe" <<< "$config" 2>> "${PLUGIN_STDERR:-$SCENARIO_OUT/plugins.stderr}" || rc=$?
    local end=$EPOCHREALTIME
    echo "$type $cmd $(( (${end/./} - ${start/./}) / 1000 )) $(( ${end/./} / 1000 ))" >> "$SCENARIO_OUT/timings.txt"
    return $rc
}

# cni_chain COMMAND CONFLIST CONTAINERID NETNS IFNAME: the whole list; prints the chain's result (ADD)
# or the failing plugin's error object, and returns that plugin's exit code.
cni_chain() {
    local cmd=$1 list=$2 cid=$3 netns=$4 ifname=$5
    local name version count cache prev="" order i conf type out rc
    name=$(jq -r .name "$list")
    version=$(jq -r .cniVersion "$list")
    count=$(jq '.plugins | length' "$list")
    cache="$CNI_CACHE/$name-$cid-$ifname.json"
    if [ "$cmd" != ADD ] && [ -f "$cache" ]; then prev=$(cat "$cache"); fi
    if [ "$cmd" = DEL ]; then order=$(seq $((count - 1)) -1 0); else order=$(seq 0 $((count - 1))); fi
    for i in $order; do
        conf=$(jq -c --arg v "$version" --arg n "$name" --argjson i "$i" '.plugins[$i] + {cniVersion: $v, name: $n}' "$list")
        if [ -n "$prev" ]; then conf=$(jq -c --argjson p "$prev" '. + {prevResult: $p}' <<< "$conf"); fi
        type=$(jq -r .type <<< "$conf")
        rc=0
        out=$(cni_plugin "$type" "$cmd" "$cid" "$netns" "$ifname" "$conf") || rc=$?
        if [ "$rc" -ne 0 ]; then
            echo "$out"
            return "$rc"
        fi
        if [ "$cmd" = ADD ]; then prev=$out; fi
    done
    case $cmd in
        ADD) echo "$prev" > "$cache"; echo "$prev" ;;
        DEL) rm -f "$cache" ;;
    esac
}

# run_chain OUT COMMAND CONFLIST CONTAINERID NETNS IFNAME: cni_chain with its output in OUT.json and its
# exit code in OUT.exit; never fails the script (the tests check the exit code).
run_chain() {
    local out=$1 rc=0
    shift
    cni_chain "$@" > "$SCENARIO_OUT/$out.json" || rc=$?
    echo "$rc" > "$SCENARIO_OUT/$out.exit"
    echo "== $out: $1 $(basename "$2") -> exit $rc"
    cat "$SCENARIO_OUT/$out.json"
}

# node: the guest's root namespace is the node: two dummy uplinks for the pods' macvlans.
node() {
    ip link show node0 > /dev/null 2>&1 && return 0
    ip link add node0 type dummy
    ip link add node1 type dummy
    ip link set node0 up
    ip link set node1 up
}

# pod NAME: a pod's network namespace as the runtime creates it (lo up), deleted when the scenario ends.
pod() {
    node
    ip netns add "$1"
    NAMESPACES+=("$1")
    ip -n "$1" link set lo up
}

# conflist FILE NAME PLUGINS_JSON: a configuration list in spec version 1.0.0 (vrf 1.1.1 speaks up to 1.0.0).
conflist() {
    jq -n --arg n "$2" --argjson p "$3" '{cniVersion: "1.0.0", name: $n, plugins: $p}' > "$1"
}

# The pod's primary network (eth0): what the cluster's CNI gives every pod, here macvlan with static
# IPAM: both families and a default route for each.
PRIMARY='[{"type": "macvlan", "master": "node0", "mode": "bridge",
  "ipam": {"type": "static",
    "addresses": [{"address": "10.0.0.2/24", "gateway": "10.0.0.1"}, {"address": "2001:db8::2/64", "gateway": "2001:db8::1"}],
    "routes": [{"dst": "0.0.0.0/0", "gw": "10.0.0.1"}, {"dst": "::/0", "gw": "2001:db8::1"}]}}]'

# The #1253 attachment (net1), as a NetworkAttachmentDefinition's plugins list: macvlan with static
# IPAM adding an IPv6 default via net1 (beside eth0's: the kernel merges them into one ECMP route in
# main), then vrf enslaving net1 to vrf1001 (table 1001). ROUTEDASH is appended by the scenarios.
SECONDARY='[{"type": "macvlan", "master": "node1", "mode": "bridge",
  "ipam": {"type": "static",
    "addresses": [{"address": "2001:db8:1::2/64", "gateway": "2001:db8:1::1"}],
    "routes": [{"dst": "::/0", "gw": "2001:db8:1::1"}]}},
 {"type": "vrf", "vrfname": "vrf1001", "table": 1001}]'

# with_routedash JSON_LIST CONFIG_JSON: the list with routedash-cni's configuration appended.
with_routedash() { jq -c --argjson r "$2" '. + [$r]' <<< "$1"; }

# attach NAME WITH_SECONDARY_LIST: a pod named NAME: eth0 from the primary list, net1 from the given
# list; results in NAME-primary-add.json and NAME-add.json.
attach() {
    local name=$1 list=$2
    pod "$name"
    conflist "$CNI_CACHE/primary.conflist" primary "$PRIMARY"
    conflist "$CNI_CACHE/$name.conflist" vrf-blue "$list"
    CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAMESPACE=tenant-a;K8S_POD_NAME=$name" run_chain "$name-primary-add" ADD "$CNI_CACHE/primary.conflist" "c-$name" "/run/netns/$name" eth0
    CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAMESPACE=tenant-a;K8S_POD_NAME=$name" run_chain "$name-add" ADD "$CNI_CACHE/$name.conflist" "c-$name" "/run/netns/$name" net1
    addresses_settled "$name"
}

# addresses_settled NS: waits (up to 20 s) until no IPv6 address of NS is tentative. The kernel adds an
# address's local route only when its duplicate address detection ends, so a state taken earlier
# would differ from a later one by that route, whatever else happened.
addresses_settled() {
    for _ in $(seq 1 200); do
        [ -z "$(ip -n "$1" -6 addr show tentative)" ] && return 0
        sleep 0.1
    done
    echo "warning: $1 still has tentative IPv6 addresses after 20 s" >&2
}

# state NS STAGE: every route of every table, both families, and the links, as ip -j shows them.
state() {
    ip -n "$1" -j -4 route show table all > "$SCENARIO_OUT/$2-routes4.json"
    ip -n "$1" -j -6 route show table all > "$SCENARIO_OUT/$2-routes6.json"
    ip -n "$1" -j link show > "$SCENARIO_OUT/$2-links.json"
}

# rd OUT COMMAND POD JQ_EDIT [RAW_STDIN]: routedash-cni alone, as the runtime runs the last plugin of POD's
# vrf-blue list: prevResult is the list's cached ADD result; JQ_EDIT changes the configuration (e.g.
# '.mode = "warn"'). With RAW_STDIN, that text is sent instead. Output in OUT.json, stderr in OUT.stderr,
# exit code in OUT.exit; never fails the script.
rd() {
    local out=$1 cmd=$2 name=$3 edit=$4 conf rc=0
    local prev
    prev=$(cat "$CNI_CACHE/vrf-blue-c-$name-net1.json")
    conf=$(jq -cn --argjson p "$prev" --arg s "${RDCNI_STATE:-/tmp/rdcni-$name}" \
        '{cniVersion: "1.0.0", name: "vrf-blue", type: "routedash-cni", stateDirectory: $s, prevResult: $p}' | jq -c "$edit")
    if [ $# -ge 5 ]; then conf=$5; fi
    : > "$SCENARIO_OUT/$out.stderr"
    CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAMESPACE=tenant-a;K8S_POD_NAME=$name" PLUGIN_STDERR="$SCENARIO_OUT/$out.stderr" \
        cni_plugin routedash-cni "$cmd" "c-$name" "/run/netns/$name" net1 "$conf" > "$SCENARIO_OUT/$out.json" || rc=$?
    echo "$rc" > "$SCENARIO_OUT/$out.exit"
    echo "== routedash-cni $cmd ($out) -> exit $rc"
    cat "$SCENARIO_OUT/$out.json"
}

# check_each OUT CONFLIST POD: CHECK of each plugin of the list on its own (OUT-TYPE.{json,exit}), with
# the cached ADD result as prevResult: which plugin a chain's CHECK stops at, and what the others say.
check_each() {
    local out=$1 list=$2 name=$3 i count conf type rc prev
    prev=$(cat "$CNI_CACHE/$(jq -r .name "$list")-c-$name-net1.json")
    count=$(jq '.plugins | length' "$list")
    for i in $(seq 0 $((count - 1))); do
        conf=$(jq -c --argjson i "$i" --argjson p "$prev" '.plugins[$i] + {cniVersion: .cniVersion, name: .name, prevResult: $p} | .cniVersion = "1.0.0" | .name = "vrf-blue"' "$list")
        type=$(jq -r .type <<< "$conf")
        rc=0
        cni_plugin "$type" CHECK "c-$name" "/run/netns/$name" net1 "$conf" > "$SCENARIO_OUT/$out-$type.json" || rc=$?
        echo "$rc" > "$SCENARIO_OUT/$out-$type.exit"
        echo "== CHECK $type -> exit $rc"
        cat "$SCENARIO_OUT/$out-$type.json"
    done
}
