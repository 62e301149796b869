#!/bin/sh
# Builds the MCP Bundle (.mcpb) of trakt-mcp and the server.json to publish with it.
#
#   manifests/mcpb/pack.sh [OS-CPU=BINARY]... [BINARY] [OUTDIR]
#
# OS-CPU=BINARY  a binary for linux-x64, linux-arm64, darwin-arm64 or darwin-x64 (repeat for each;
#                the release workflow gives all four). A bare BINARY is this machine's Linux one.
#                Default: $TRAKT_MCP_BIN, else build/release/bin/trakt-mcp, as linux-x64.
# OUTDIR         where to write (default: build/mcpb)
#
# The bundle carries server/linux-<cpu>/trakt-mcp behind server/trakt-mcp (trakt-mcp.sh picks
# the binary of the machine's CPU) and server/darwin/trakt-mcp (one macOS binary, or both made
# universal with lipo). Its manifest names only the platforms it carries (compatibility.platforms,
# platform_overrides). Writes OUTDIR/<name>.mcpb, named after the release asset in
# manifests/server.json, and OUTDIR/server.json: manifests/server.json with the bundle's real
# fileSha256 added, ready for `mcp-publisher publish` once the .mcpb is attached to that release.
# Needs Node.js and the mcpb CLI from the test dependencies (npm ci --prefix tests), or MCPB=...
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mcpb=${MCPB:-$root/tests/node_modules/.bin/mcpb}
[ -x "$mcpb" ] || { echo "pack.sh: mcpb CLI not found at $mcpb (npm ci --prefix tests)" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/server"
darwin=""
out=""
add_linux() {  # CPU BINARY
  [ -x "$2" ] || { echo "pack.sh: no trakt-mcp binary at $2 (build it first)" >&2; exit 1; }
  mkdir -p "$stage/server/linux-$1"
  cp "$2" "$stage/server/linux-$1/trakt-mcp"
  chmod 0755 "$stage/server/linux-$1/trakt-mcp"
}
for arg in "$@"; do
  case $arg in
    linux-x64=* | linux-arm64=*) cpu=${arg%%=*}; add_linux "${cpu#linux-}" "${arg#*=}" ;;
    darwin-x64=* | darwin-arm64=*) darwin="$darwin ${arg#*=}" ;;
    *=*) echo "pack.sh: unknown platform in $arg (linux-x64, linux-arm64, darwin-arm64, darwin-x64)" >&2; exit 2 ;;
    *)
      if [ -z "$(ls "$stage/server")" ] && [ -z "$darwin" ] && [ -f "$arg" ]; then add_linux x64 "$arg"
      else out=$arg; fi ;;
  esac
done
[ -n "$(ls "$stage/server")" ] || [ -n "$darwin" ] || add_linux x64 "${TRAKT_MCP_BIN:-$root/build/release/bin/trakt-mcp}"
out=${out:-$root/build/mcpb}
mkdir -p "$out"

if [ -n "$(ls "$stage/server")" ]; then
  cp "$here/trakt-mcp.sh" "$stage/server/trakt-mcp"
  chmod 0755 "$stage/server/trakt-mcp"
fi
if [ -n "$darwin" ]; then
  mkdir -p "$stage/server/darwin"
  # shellcheck disable=SC2086  # the list of binaries, split on purpose
  set -- $darwin
  if [ $# -gt 1 ]; then lipo -create "$@" -output "$stage/server/darwin/trakt-mcp"
  else cp "$1" "$stage/server/darwin/trakt-mcp"; fi
  chmod 0755 "$stage/server/darwin/trakt-mcp"
fi

# The manifest, narrowed to the platforms this bundle carries.
node -e '
  const fs = require("fs");
  const [src, dest, server] = process.argv.slice(1);
  const m = JSON.parse(fs.readFileSync(src, "utf8"));
  const has = (p) => fs.existsSync(`${server}/${p}`);
  const platforms = m.compatibility.platforms.filter((os) => os === "darwin" ? has("darwin") : has("trakt-mcp"));
  m.compatibility.platforms = platforms;
  const overrides = m.server.mcp_config.platform_overrides ?? {};
  for (const os of Object.keys(overrides)) if (!platforms.includes(os)) delete overrides[os];
  if (Object.keys(overrides).length === 0) delete m.server.mcp_config.platform_overrides;
  // A macOS-only bundle starts the macOS binary by default.
  if (!has("trakt-mcp")) { m.server.entry_point = "server/darwin/trakt-mcp"; m.server.mcp_config.command = "${__dirname}/server/darwin/trakt-mcp"; }
  fs.writeFileSync(dest, JSON.stringify(m, null, 2) + "\n");
' "$here/manifest.json" "$stage/manifest.json" "$stage/server"

name=$(node -e 'const s = require(process.argv[1]); console.log(s.packages[0].identifier.split("/").pop())' \
  "$root/manifests/server.json")
"$mcpb" pack "$stage" "$out/$name" >&2

node -e '
  const fs = require("fs"), crypto = require("crypto");
  const [serverJson, bundle, dest] = process.argv.slice(1);
  const s = JSON.parse(fs.readFileSync(serverJson, "utf8"));
  s.packages[0].fileSha256 = crypto.createHash("sha256").update(fs.readFileSync(bundle)).digest("hex");
  fs.writeFileSync(dest, JSON.stringify(s, null, 2) + "\n");
' "$root/manifests/server.json" "$out/$name" "$out/server.json"

echo "$out/$name"
echo "$out/server.json"
