#!/usr/bin/env bash
# Ship throughput next to parse throughput, measured in the same run on the same input.
#   scripts/bench/ship.sh ES_URL [COPIES]
# ES_URL: an Elasticsearch with the kit's templates (mailsight setup --only templates). The input is the real
# Postfix corpus (src/test/resources/corpus/postfix/maillog) repeated COPIES times (default 50). Prints lines, the
# seconds and lines/s of `parse > /dev/null` and of `ship --once`, and ship's share of parse's rate.
# Runs the built jar (mvn -B -DskipTests package) or, without it, target/classes with Maven's classpath.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
es=${1:?give the Elasticsearch URL, e.g. http://127.0.0.1:9200}
copies=${2:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -f target/mailsight-0.1.0.jar ]; then
  run=(java -jar target/mailsight-0.1.0.jar)
else
  mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null
  run=(java -cp "target/classes:$(cat "$work/cp")" org.mailsight.cli.Main)
fi

input="$work/maillog"
for _ in $(seq "$copies"); do cat src/test/resources/corpus/postfix/maillog; done > "$input"
lines=$(wc -l < "$input")
ns="bench$(date +%s)"

# seconds LOG CMD...: runs CMD with stdout to /dev/null and stderr to LOG, prints the wall-clock seconds
seconds() { local log=$1 s e; shift; s=$(date +%s.%N); "$@" > /dev/null 2> "$log"; e=$(date +%s.%N); echo "$e - $s" | bc -l; }

parse_s=$(seconds "$work/parse.log" "${run[@]}" parse --timezone UTC "$input")
ship_s=$(seconds "$work/ship.log" "${run[@]}" ship --es "$es" --once --namespace "$ns" --registry "$work/registry" \
  --timezone UTC --status-interval 0 "$input")
curl -s -XPOST "$es/logs-mail.*-$ns/_refresh" > /dev/null
docs=$(curl -s "$es/logs-mail.*-$ns/_count" | sed 's/.*"count":\([0-9]*\).*/\1/')
tail -1 "$work/ship.log"
printf 'lines %d, documents %d\n' "$lines" "$docs"
printf 'parse > /dev/null: %.1f s, %.0f lines/s\n' "$parse_s" "$(echo "$lines / $parse_s" | bc -l)"
printf 'ship --once:       %.1f s, %.0f docs/s\n' "$ship_s" "$(echo "$docs / $ship_s" | bc -l)"
printf 'ship / parse:      %.2f\n' "$(echo "($docs / $ship_s) / ($lines / $parse_s)" | bc -l)"
[ "$docs" -eq "$lines" ] || { echo "documents ($docs) differ from lines ($lines)" >&2; exit 1; }
