#!/bin/bash
# Exits 0 when the Cairn in this container answers GET /_cairn/health/ready with 200.
# Plain bash (/dev/tcp): the JRE image has no curl or wget, and a JVM started for every probe would cost
# more CPU and memory than the server uses while idle.
# Usage: healthcheck.sh [PORT]   (default 9000)
set -eu
exec 3<>"/dev/tcp/127.0.0.1/${1:-9000}"
printf 'GET /_cairn/health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
read -r -t 4 _ status _ <&3
[ "$status" = 200 ]
