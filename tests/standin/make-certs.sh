#!/usr/bin/env bash
# make-certs.sh DIR — test PKI for the Trakt stand-in (tests/standin/server.mjs).
#
# Creates in DIR (skipped entirely when DIR/ca.pem already exists):
#   ca.pem, ca.key                    "trakt-mcp test CA" (the CA clients trust)
#   server.pem, server.key            CN=localhost, SAN IP:127.0.0.1 + DNS:localhost, signed by ca
#   rogue-ca.pem, rogue-ca.key        a second CA nobody trusts
#   rogue-server.pem, rogue-server.key  same SANs as server.pem, signed by rogue-ca
#   wronghost-server.pem, .key        signed by ca, SAN only DNS:wrong.example
#   expired-server.pem, .key          signed by ca, same SANs, validity 2020-01-01 .. 2021-01-01
# EC P-256 keys. Works with OpenSSL 3.0 (Debian 12).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
DIR=$1
mkdir -p "$DIR"
if [ -f "$DIR/ca.pem" ]; then
  exit 0
fi
# Serialize concurrent runs on the same DIR (parallel test processes), then re-check.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$DIR/.make-certs.lock"
  flock 9
  if [ -f "$DIR/ca.pem" ]; then
    exit 0
  fi
fi
DIR=$(cd "$DIR" && pwd)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/standin-certs.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Build everything in WORK, then move into DIR (so a half-finished run never leaves ca.pem behind).
cd "$WORK"

genkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

cat > ca.ext <<'EOF'
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF

leaf_ext() { # $1 = file, $2 = subjectAltName value
  cat > "$1" <<EOF
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
subjectAltName = $2
EOF
}
leaf_ext good.ext "IP:127.0.0.1, DNS:localhost"
leaf_ext wrong.ext "DNS:wrong.example"

make_ca() { # $1 = basename, $2 = CN
  genkey "$1.key"
  openssl req -new -x509 -key "$1.key" -out "$1.pem" -days 3650 -sha256 \
    -subj "/O=trakt-mcp tests/CN=$2" -extensions v3_ca_x \
    -config <(printf '[req]\ndistinguished_name=dn\n[dn]\n[v3_ca_x]\n'; cat ca.ext) >/dev/null
}

make_leaf() { # $1 = basename, $2 = CA basename, $3 = ext file, $4 = CN
  genkey "$1.key"
  openssl req -new -key "$1.key" -out "$1.csr" -subj "/O=trakt-mcp tests/CN=$4" >/dev/null
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial \
    -out "$1.pem" -days 825 -sha256 -extfile "$3" >/dev/null 2>&1
  rm -f "$1.csr"
}

make_ca ca "trakt-mcp test CA"
make_ca rogue-ca "trakt-mcp rogue CA"

make_leaf server ca good.ext localhost
make_leaf rogue-server rogue-ca good.ext localhost
make_leaf wronghost-server ca wrong.ext wrong.example

# Expired leaf: OpenSSL 3.0's `x509 -req` has no -not_before/-not_after, so use `openssl ca`
# with explicit past -startdate/-enddate.
genkey expired-server.key
openssl req -new -key expired-server.key -out expired-server.csr \
  -subj "/O=trakt-mcp tests/CN=localhost" >/dev/null
mkdir -p cadb/newcerts
: > cadb/index.txt
echo 1000 > cadb/serial
cat > ca.cnf <<EOF
[ca]
default_ca = testca
[testca]
dir = $WORK/cadb
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
certificate = $WORK/ca.pem
private_key = $WORK/ca.key
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[policy_any]
organizationName = optional
commonName = supplied
[leaf_ext]
$(cat good.ext)
EOF
openssl ca -batch -config ca.cnf -extensions leaf_ext -notext \
  -startdate 20200101000000Z -enddate 20210101000000Z \
  -in expired-server.csr -out expired-server.pem >/dev/null 2>&1
rm -f expired-server.csr

# Sanity: the good chain verifies, the expired one does not.
openssl verify -CAfile ca.pem server.pem >/dev/null
openssl verify -CAfile ca.pem wronghost-server.pem >/dev/null
if openssl verify -CAfile ca.pem expired-server.pem >/dev/null 2>&1; then
  echo "make-certs.sh: expired-server.pem unexpectedly verifies" >&2
  exit 1
fi

chmod 600 ./*.key
for f in ca.key server.pem server.key rogue-ca.key rogue-server.pem rogue-server.key \
         wronghost-server.pem wronghost-server.key expired-server.pem expired-server.key rogue-ca.pem; do
  mv -f "$f" "$DIR/$f"
done
# ca.pem last: its presence marks a complete directory.
mv -f ca.pem "$DIR/ca.pem"
