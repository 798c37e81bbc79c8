#!/bin/sh
# Regenerate the public certificates used by the EP304 fixtures in
# tests/fixtures/cert-pem/certs/. They are real X.509 certificates with chosen
# notBefore/notAfter times, made with `openssl ca -selfsign` (which accepts
# -startdate/-enddate on OpenSSL 3.0; `req -x509 -not_before` needs 3.4).
#
# Keys and the throwaway CA database live in a temporary directory that is
# deleted on exit: only public certificates are written to the repository.
#
# Usage: scripts/make-fixture-certs.sh   (from the repository root)
set -eu

out="$(pwd)/tests/fixtures/cert-pem/certs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/newcerts"
cd "$work"
: > index.txt
echo 1000 > serial
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = fixture
[ fixture ]
dir = .
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
commonName = supplied
organizationName = optional
CNF

# cert NAME CN NOT_BEFORE NOT_AFTER: a self-signed P-256 certificate, PEM, into $work/NAME.pem.
cert() {
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout "$1.key" -subj "/O=envplan test fixture (fictional)/CN=$2" -out "$1.csr" 2>/dev/null
    openssl ca -batch -config ca.cnf -selfsign -keyfile "$1.key" -in "$1.csr" \
        -startdate "$3" -enddate "$4" -notext -out "$1.pem" 2>/dev/null
}

# Valid 2025-10-05 to 2026-10-05 (UTC midday, the same day in Europe/London).
cert good GOOD-TLS-1 20251005090000Z 20261005120000Z
cp good.pem "$out/good.pem"
# The same certificate in binary DER, which is not PEM.
openssl x509 -in good.pem -outform der -out "$out/good.der"

# A leaf followed by the certificate that issued it: the first one is described.
cert leaf CHAIN-TLS-1 20251101090000Z 20261101120000Z
cert issuer FIXTURE-ISSUING-CA 20240101000000Z 20300101000000Z
cat leaf.pem issuer.pem > "$out/chain.pem"

# Late-evening UTC times: 2026-06-30 23:30Z is 2026-07-01 00:30 BST, while
# 2025-12-31 23:30Z is still 2025-12-31 in London (GMT).
cert late LATE-TLS-1 20251231233000Z 20260630233000Z
cp late.pem "$out/late-evening.pem"

# A public key, not a certificate.
openssl pkey -in good.key -pubout -out "$out/public-key.pem"

# Hand-made broken files.
printf '%s\n' '-----BEGIN CERTIFICATE-----' 'this is not base64 at all!' '-----END CERTIFICATE-----' > "$out/corrupt.pem"
printf '%s\n' '-----BEGIN CERTIFICATE-----' "$(printf 'not a DER certificate' | openssl base64)" '-----END CERTIFICATE-----' > "$out/not-x509.pem"
printf '%s\n' 'Ask the PKI team for the certificate and paste it here.' > "$out/notes.pem"
: > "$out/empty.pem"
