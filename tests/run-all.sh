#!/usr/bin/env bash
# Runs every test project of the solution on a fresh Debian machine with the .NET 10 SDK, as root
# (or through sudo).
# Installs what the build and the tests need (clang and zlib1g-dev for the native routedash, iproute2,
# QEMU and a 6.1 kernel for the VRF tests, Chromium for the browser tests), builds once, publishes
# routedash (Native AOT) and the dashboard once, runs each test project, and ends with the totals line
#   N passed, N failed, N skipped
set -uo pipefail
# Everything here needs root (apt-get, network namespaces, QEMU reading /boot). A user with sudo gets the
# same run through it, keeping PATH (dotnet may live in ~/.dotnet) and the environment (CI, RDVM_*);
# root, as on CI and these machines (no sudo installed), runs straight on.
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo > /dev/null || { echo "run-all.sh: needs root, and there is no sudo here" >&2; exit 1; }
    exec sudo -E env "PATH=$PATH" bash "$0" "$@"
fi
cd "$(dirname "$0")/.."
ROOT=$PWD

log() { printf '\n== %s\n' "$*"; }

log "Debian packages"
need=()
# clang (the linker driver) and zlib1g-dev: Native AOT's publish of routedash and routedash-cni; binutils'
# objdump: the tests that both need no newer glibc than the docs state (clang pulls binutils in anyway).
# containernetworking-plugins: Debian's macvlan, static and vrf (1.1.1, with the #1253 behaviour) that the
# VRF guest runs in CNI chains with routedash-cni; jq and curl: that guest's small CNI runtime and its
# questions to the dashboard's API.
for pkg in clang zlib1g-dev binutils iproute2 procps kmod cpio busybox-static qemu-system-x86 linux-image-amd64 chromium fonts-dejavu-core prometheus \
           containernetworking-plugins jq curl; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if ((${#need[@]})); then
    echo "installing: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
        || { echo "apt-get install failed for: ${need[*]}" >&2; exit 1; }
else
    echo "all present"
fi

log "restore and build (Release)"
dotnet restore Dashboard.sln --nologo -v q || exit 1
dotnet build Dashboard.sln -c Release --no-restore --nologo -v q -clp:ErrorsOnly || exit 1

log "publish routedash and routedash-cni (native) for the integration, CNI and VRF kernel tests, and the dashboard"
# Emptied first: files of an earlier framework-dependent publish would stay beside the native binary.
rm -rf "$ROOT/artifacts/routedash"
start=$(date +%s)
dotnet publish src/Cli/Dashboard.Cli.csproj -c Release --no-restore --nologo -v q -o "$ROOT/artifacts/routedash" || exit 1
echo "routedash: native, $(stat -c %s "$ROOT/artifacts/routedash/routedash") bytes, published in $(( $(date +%s) - start )) s"
export ROUTEDASH_PUBLISHED="$ROOT/artifacts/routedash"
rm -rf "$ROOT/artifacts/routedash-cni"
start=$(date +%s)
dotnet publish src/Cni/Dashboard.Cni.csproj -c Release --no-restore --nologo -v q -o "$ROOT/artifacts/routedash-cni" || exit 1
echo "routedash-cni: native, $(stat -c %s "$ROOT/artifacts/routedash-cni/routedash-cni") bytes, published in $(( $(date +%s) - start )) s"
export ROUTEDASH_CNI_PUBLISHED="$ROOT/artifacts/routedash-cni"
# As the image ships it (ReadyToRun for linux-x64: the project says so); emptied first, as above.
rm -rf "$ROOT/artifacts/web"
dotnet publish src/Web/Dashboard.Web.csproj -c Release --no-restore --nologo -v q -o "$ROOT/artifacts/web" || exit 1
export ROUTEDASH_WEB_PUBLISHED="$ROOT/artifacts/web"

passed=0 failed=0 skipped=0 broken=0
notes=()
results="$ROOT/artifacts/test-results"
mkdir -p "$results"

# Runs one test project into $out; sets $code to dotnet test's exit code.
run_project() {
    local start
    start=$(date +%s)
    # A hung test host (a test that never returns) is dumped and killed rather than eating CI's time.
    timeout 45m dotnet test "$proj" -c Release --no-build --nologo --blame-hang-timeout 20m 2>&1 | tee "$out"
    code=${PIPESTATUS[0]}
    echo "($name took $(( $(date +%s) - start )) s)"
}

for proj in tests/*/*.Tests.csproj; do
    name=$(basename "$proj" .csproj)
    log "$name"
    out="$results/$name.log"
    run_project
    # A test process that died under the runner (xUnit: "Test process crashed with exit code N") with no
    # test failed is not a test's verdict: the project runs once more, from the start, and the first log
    # is kept beside it. A run in which a test failed counts as it is.
    if grep -q 'Test process crashed' "$out" && ! grep -q '\[FAIL\]' "$out"; then
        mv "$out" "$results/$name.crashed.log"
        notes+=("$name: the test process crashed ($(grep -o 'Test process crashed with exit code [-0-9]*' "$results/$name.crashed.log" | head -1)); ran it again, see $results/$name.crashed.log")
        log "$name (again: its test process crashed)"
        run_project
    fi
    # VSTest's summary line: "Passed!  - Failed:     0, Passed:    11, Skipped:     0, Total:    11, ..."
    line=$(grep -E '^(Passed|Failed)! +- Failed: ' "$out" | tail -1)
    if [[ -z $line ]]; then
        echo "no test summary from $name (exit $code): counted as a failure" >&2
        broken=$((broken + 1))
        continue
    fi
    f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
    p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")
    s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    # A crash still prints "Passed!" for the tests that reported before it: the exit code says otherwise.
    if [[ $code -ne 0 && $f -eq 0 ]]; then broken=$((broken + 1)); fi
done

failed=$((failed + broken))
echo
for n in "${notes[@]}"; do echo "note: $n"; done
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
