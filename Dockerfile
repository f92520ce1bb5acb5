# syntax=docker/dockerfile:1
# Route Dashboard: node-local routing dashboard, run by the DaemonSet in deploy/kubernetes/.
#
# Base images: .NET 10 publishes no Debian images; its default Linux images are Ubuntu 24.04
# "noble" (Debian-derived, glibc, apt). The tag is pinned to noble so that the distribution cannot
# change under us, and it must never be -alpine: Tmds.LibC calls glibc and does not support musl.
# The build stage is the SDK's -aot variant (the same SDK plus clang and zlib1g-dev): routedash, the
# CLI, and routedash-cni, the CNI plugin, are compiled ahead of time into native executables; the web
# app is published ReadyToRun (precompiled, still on the shared ASP.NET Core runtime of the final image).

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble-aot AS build
WORKDIR /src
# Project files first: the restore layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Server/Dashboard.Server.csproj src/Server/
COPY src/Web/Dashboard.Web.csproj src/Web/
COPY src/Cli/Dashboard.Cli.csproj src/Cli/
COPY src/Cni/Dashboard.Cni.csproj src/Cni/
# The CLI's restore takes the build's runtime (PublishAot infers it), so its ILCompiler is cached here too.
RUN dotnet restore src/Web/Dashboard.Web.csproj \
    && dotnet restore src/Cli/Dashboard.Cli.csproj \
    && dotnet restore src/Cni/Dashboard.Cni.csproj
COPY src/Server/ src/Server/
COPY src/Web/ src/Web/
COPY src/Cli/ src/Cli/
COPY src/Cni/ src/Cni/
RUN dotnet publish src/Web/Dashboard.Web.csproj -c Release -o /app --no-restore -p:UseAppHost=false
RUN dotnet publish src/Cli/Dashboard.Cli.csproj -c Release -o /cli --no-restore
RUN dotnet publish src/Cni/Dashboard.Cni.csproj -c Release -o /cni --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
# iproute2: operators `kubectl exec` into the pod to compare with `ip route` / `ip netns`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends iproute2 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# `kubectl exec POD -- routedash scan --all`: the native CLI needs only the image's glibc (noble's 2.39;
# README states the minimum); its debug symbols (routedash.dbg) stay in the build stage.
COPY --from=build /cli/routedash /usr/local/bin/routedash
# The CNI plugin rides in the image only to be installed on the node: the DaemonSet's init container
# copies it into the host's CNI bin directory (deploy/kubernetes/daemonset.yaml, docs/cni.md).
COPY --from=build /cni/routedash-cni /usr/local/bin/routedash-cni

# Loopback by default: the pod shares the node's network, so 0.0.0.0 would publish the dashboard
# on every address of every node. Change it deliberately (Dashboard__ListenAddress) or use
# kubectl port-forward. The image's own ASPNETCORE_HTTP_PORTS is cleared: the address above is
# the only one Kestrel binds.
ENV Dashboard__ListenAddress=127.0.0.1:5080 \
    Dashboard__StateDirectory=/var/lib/routedash/ \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_gcServer=0
EXPOSE 5080

# Runs as root, on purpose, with every capability but the needed ones dropped by the DaemonSet
# (drop ALL; add NET_ADMIN, SYS_ADMIN, SYS_PTRACE, DAC_READ_SEARCH; allowPrivilegeEscalation false):
#  - setns(CLONE_NEWNET) needs CAP_SYS_ADMIN and changing routes needs CAP_NET_ADMIN, both in the
#    *effective* set. Kubernetes puts added capabilities in the effective set only for uid 0: a
#    non-root user would need file capabilities (setcap on the dotnet host), and those are ignored
#    under no_new_privs, i.e. they need allowPrivilegeEscalation: true - a worse trade.
#  - /run/netns/<name> files are created mode 0000 by `ip netns add`, and /proc/<pid>/ns/net of
#    other users' processes is guarded by ptrace rules: a non-root uid would need DAC_READ_SEARCH and
#    SYS_PTRACE anyway, which is the same power as root with those capabilities.
#  - the audit trail goes to /var/lib/routedash on the node, a root-owned hostPath.
# Root without DAC_OVERRIDE, CHOWN, SETUID, etc. cannot do more than those four capabilities allow.
USER root

# No curl in the image: bash's /dev/tcp asks /healthz on the configured address.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/bin/bash", "-c", "addr=${Dashboard__ListenAddress:-127.0.0.1:5080}; port=${addr##*:}; host=${addr%:*}; host=${host#[}; host=${host%]}; case $host in 0.0.0.0) host=127.0.0.1;; ::) host=::1;; esac; exec 3<>/dev/tcp/$host/$port || exit 1; printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3; head -n1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "Dashboard.Web.dll"]
