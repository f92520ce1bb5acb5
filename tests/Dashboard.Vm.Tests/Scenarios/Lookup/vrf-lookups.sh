#!/bin/bash
# A VRF pod (net1 in vrf-blue, table 1001, an unreachable IPv4 default there, none for IPv6; a source
# rule into 1001) and lookups with and without --vrf, --from and --iif: routedash answers them all in
# one run; ip answers each twice (route get, route get fibmatch). The tests compare (LookupScenarioTests).
mkns lk
# Enslave before addressing: enslaving flushes a member's global IPv6 addresses.
setup lk <<'B'
link add eth0 type dummy
link add net1 type dummy
link add vrf-blue type vrf table 1001
link set eth0 addrgenmode none
link set net1 addrgenmode none
link set vrf-blue addrgenmode none
link set net1 master vrf-blue
addr add 10.244.0.7/24 dev eth0
addr add 2001:db8::2/64 dev eth0 nodad
addr add 192.168.50.11/24 dev net1
addr add 2001:db8:1::2/64 dev net1 nodad
link set eth0 up
link set net1 up
link set vrf-blue up
route add default via 10.244.0.1 dev eth0
route add 10.50.0.0/16 via 192.168.50.1 dev net1 table 1001
route add 172.16.0.0/12 table 1001 nexthop via 192.168.50.2 dev net1 nexthop via 192.168.50.3 dev net1 weight 3
route add unreachable default metric 4278198272 table 1001
rule add pref 200 from 192.168.50.11 lookup 1001
B
setup lk <<'B'
route add default via 2001:db8::1 dev eth0
route add 2001:db8:50::/48 via 2001:db8:1::1 dev net1 table 1001
B
# Forwarding lookups (--iif) are refused where the namespace does not forward.
ip netns exec lk sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1

cat > "$SCENARIO_OUT/lookups.txt" <<'L'
8.8.8.8
8.8.8.8 --vrf vrf-blue
10.50.1.1
10.50.1.1 --vrf vrf-blue
10.50.1.1 --from 192.168.50.11
192.168.50.20
192.168.50.20 --vrf vrf-blue
172.16.1.1 --vrf vrf-blue
172.16.1.2 --from 192.168.50.11
10.244.0.7
192.168.50.11 --vrf vrf-blue
10.50.1.1 --from 10.244.0.99 --iif eth0
10.50.1.1 --from 192.168.50.99 --iif net1
8.8.8.8 --from 192.168.50.99 --iif net1
2001:db8:99::1
2001:db8:50::1
2001:db8:50::1 --vrf vrf-blue
2001:db8:1::5 --vrf vrf-blue
2001:db8:99::1 --vrf vrf-blue
2001:db8:50::1 --from 2001:db8:1::9 --iif net1
2001:db8:99::1 --from 2001:db8::9 --iif eth0
L
rd lookups lookup --netns lk --batch "$SCENARIO_OUT/lookups.txt" --json
i=0
while read -r line; do
    # routedash's options are ip's keywords: "--vrf X" -> "vrf X".
    args=$(echo "$line" | sed 's/--//g')
    rc=0; ip -n lk -j route get $args > "$SCENARIO_OUT/get-$i.json" 2> "$SCENARIO_OUT/get-$i.stderr" || rc=$?
    echo "$rc" > "$SCENARIO_OUT/get-$i.exit"
    rc=0; ip -n lk -d -j route get fibmatch $args > "$SCENARIO_OUT/fib-$i.json" 2> "$SCENARIO_OUT/fib-$i.stderr" || rc=$?
    echo "$rc" > "$SCENARIO_OUT/fib-$i.exit"
    i=$((i + 1))
done < "$SCENARIO_OUT/lookups.txt"
