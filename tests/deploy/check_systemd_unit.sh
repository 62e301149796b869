#!/usr/bin/env bash
# Checks deploy/systemd/trakt-mcp.service with systemd's own parser
# (systemd-analyze verify), pointing ExecStart at the binary just built: any
# warning (an unknown key, a bad value, a missing program) fails the test.
#   check_systemd_unit.sh UNIT BINARY WORKDIR
set -euo pipefail
unit=$1 binary=$2 work=$3
mkdir -p "$work"
sed "s|/usr/local/bin/trakt-mcp|$binary|" "$unit" >"$work/trakt-mcp.service"
out=$(systemd-analyze verify "$work/trakt-mcp.service" 2>&1) || { echo "$out"; exit 1; }
if [[ -n "$out" ]]; then
  echo "systemd-analyze verify warned:"
  echo "$out"
  exit 1
fi
grep -q "^ExecStart=$binary serve --http " "$work/trakt-mcp.service" || { echo "ExecStart is not 'trakt-mcp serve --http ...'"; exit 1; }
echo "trakt-mcp.service: verified"
