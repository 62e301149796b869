#!/bin/sh
# The bundle's entry point on Linux: runs the binary built for this machine's
# CPU (server/linux-x64 or server/linux-arm64), with the same arguments and
# stdio, or says which ones the bundle carries. macOS runs server/darwin/trakt-mcp
# directly (manifest.json, platform_overrides).
here=$(dirname "$0")
case $(uname -m) in
  x86_64 | amd64) cpu=x64 ;;
  aarch64 | arm64) cpu=arm64 ;;
  *) cpu=$(uname -m) ;;
esac
bin=$here/linux-$cpu/trakt-mcp
if [ ! -x "$bin" ]; then
  carried=$(cd "$here" && ls -d linux-* 2>/dev/null | tr '\n' ' ')
  echo "trakt-mcp: this bundle has no binary for Linux $cpu (it carries: ${carried:-none}). Build it from source: https://github.com/trakt-mcp/trakt-mcp#install" >&2
  exit 1
fi
exec "$bin" "$@"
