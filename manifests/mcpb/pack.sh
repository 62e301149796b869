#!/bin/sh
# Builds the MCP Bundle (.mcpb) of trakt-mcp and the server.json to publish with it.
#
#   manifests/mcpb/pack.sh [BINARY] [OUTDIR]
#
# BINARY  the trakt-mcp to ship (default: $TRAKT_MCP_BIN, else build/release/bin/trakt-mcp)
# OUTDIR  where to write (default: build/mcpb)
#
# Writes OUTDIR/<name>.mcpb, named after the release asset in manifests/server.json, and
# OUTDIR/server.json: manifests/server.json with the bundle's real fileSha256 added, ready for
# `mcp-publisher publish` once the .mcpb is attached to that release. Needs Node.js and the
# mcpb CLI from the test dependencies (npm ci --prefix tests), or MCPB=/path/to/mcpb.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-${TRAKT_MCP_BIN:-$root/build/release/bin/trakt-mcp}}
out=${2:-$root/build/mcpb}
mcpb=${MCPB:-$root/tests/node_modules/.bin/mcpb}

[ -x "$bin" ] || { echo "pack.sh: no trakt-mcp binary at $bin (build it first)" >&2; exit 1; }
[ -x "$mcpb" ] || { echo "pack.sh: mcpb CLI not found at $mcpb (npm ci --prefix tests)" >&2; exit 1; }

name=$(node -e 'const s = require(process.argv[1]); console.log(s.packages[0].identifier.split("/").pop())' \
  "$root/manifests/server.json")

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/server" "$out"
cp "$here/manifest.json" "$stage/manifest.json"
cp "$bin" "$stage/server/trakt-mcp"
chmod 0755 "$stage/server/trakt-mcp"

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
