#!/bin/sh
# Builds target/logstash-filter-mailsight-VERSION.gem with Ruby's `gem build` (run by `mvn package`).
# Stages the gem's files under target/gem: the gemspec, lib/, VERSION, docs, and the shaded jar at the path
# jar-dependencies' require_jar looks for (vendor/jar-dependencies/<group path>/<artifact>/<version>/).
# Usage: build-gem.sh VERSION SHADED_JAR TARGET_DIR
set -eu
version="$1"
jar="$2"
target="$3"
here="$(cd "$(dirname "$0")" && pwd)"
name=logstash-filter-mailsight

if ! command -v gem >/dev/null 2>&1; then
  # the jar (and bin/mailsight) must not need Ruby; GemIT fails `mvn verify` loudly when the gem is missing
  echo "[WARNING] build-gem.sh: Ruby's 'gem' command is missing, so $name-$version.gem was NOT built;" \
       "install Debian's ruby package (apt-get install ruby)" >&2
  exit 0
fi
[ -f "$jar" ] || { echo "build-gem.sh: $jar does not exist (run the shade step first)" >&2; exit 1; }

stage="$target/gem"
rm -rf "$stage"
mkdir -p "$stage/lib/logstash/filters" "$stage/docs" "$stage/vendor/jar-dependencies/org/mailsight/$name/$version"
cp "$here/$name.gemspec" "$stage/"
cp "$here/lib/logstash/filters/mailsight.rb" "$stage/lib/logstash/filters/"
sed "s/@VERSION@/$version/" "$here/lib/${name}_jars.rb.in" > "$stage/lib/${name}_jars.rb"
printf '%s\n' "$version" > "$stage/VERSION"
cp "$here/../../docs/logstash.md" "$stage/docs/index.md"
# the licence, the third-party notices (NOTICE.TXT, as Logstash's generated gemspecs name it), README, CHANGELOG
cp "$here/../../LICENSE" "$stage/LICENSE"
cp "$here/../../NOTICE" "$stage/NOTICE.TXT"
cp "$here/../../README.md" "$stage/README.md"
cp "$here/../../CHANGELOG.md" "$stage/CHANGELOG.md"
cp "$jar" "$stage/vendor/jar-dependencies/org/mailsight/$name/$version/$name-$version.jar"

out="$target/$name-$version.gem"
rm -f "$out"
# SOURCE_DATE_EPOCH makes the gem's timestamps, and so its bytes, reproducible
(cd "$stage" && SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-315619200}" gem build --silent "$name.gemspec" --output "$out")
echo "build-gem.sh: built $out"
