#!/bin/bash
# scan --all over two namespaces with findings (an IPv6 and an IPv4 pod): both are reported.
pod6 rdt-vm-all6 readd
pod4 rdt-vm-all4
rd scan scan --all --json
