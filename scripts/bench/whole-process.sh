#!/usr/bin/env bash
# Whole-process benchmark of `mailsight parse` (issue 12): the same 1 M+ line file (the real Postfix capture
# repeated) through
#   grok     Elasticsearch's grok library (Maven Central) with Postfix patterns (postfix.grok), JSON per line
#   floor    a JVM that reads the file and splits it into lines
#   parse    bin/mailsight parse (NDJSON), and its variants: one thread, --format csv, --correlate; and plain
#            `java -jar` without the launcher's JVM options
#   floods   the capture with every queue id made unique per copy, and with every client address unique per line
#   start-up mailsight parse on a 10-line file
# each run RUNS times, alternated (a round runs every case once), on a shared machine: medians and ratios of the
# same run are what to read. Usage: scripts/bench/whole-process.sh [RUNS] (default 5); LINES=N sets the size.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-5}"
min_lines="${LINES:-1000000}"
work="$root/target/bench"
lib="$work/lib"
grok_version=8.19.21 # the version of the project's Elasticsearch test node
mkdir -p "$lib" "$work/classes"
cd "$root"

version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
jar="target/mailsight-$version.jar"
if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit)" ]; then
  echo "building $jar ..." >&2
  mvn -q -B -DskipTests -Dgem.skip=true package >&2
fi

# the baseline: the grok library and what it needs, then our two small programs
for a in org.elasticsearch:elasticsearch-grok:$grok_version org.jruby.joni:joni:2.1.29 \
         org.jruby.jcodings:jcodings:1.0.44 com.fasterxml.jackson.core:jackson-core:2.18.2; do
  name="$(echo "$a" | cut -d: -f2)-$(echo "$a" | cut -d: -f3).jar"
  [ -f "$lib/$name" ] || mvn -q -B dependency:copy -Dartifact="$a" -DoutputDirectory="$lib" >&2
done
cp="$(ls "$lib"/*.jar | tr '\n' ':')"
javac -d "$work/classes" -cp "$cp" scripts/bench/GrokBaseline.java scripts/bench/ReadFloor.java

# inputs: the real capture repeated; the floods rewrite its queue ids or client addresses
capture=src/test/resources/corpus/postfix/maillog
per=$(grep -c '' "$capture")
copies=$(( (min_lines + per - 1) / per ))
input="$work/postfix-$copies.log"
[ -f "$input" ] || for _ in $(seq "$copies"); do cat "$capture"; done > "$input"
qids="$work/postfix-$copies-unique-queue-ids.log"
[ -f "$qids" ] || for c in $(seq "$copies"); do
  perl -pe 'BEGIN { $c = sprintf("%04X", shift @ARGV) } s/(: )([0-9A-F]{9,12})(: )/$1$2$c$3/' "$c" "$capture"
done > "$qids"
ips="$work/postfix-$copies-unique-client-ips.log"
[ -f "$ips" ] || perl -pe 's/\[127\.0\.0\.\d+\]/sprintf("[10.%d.%d.%d]", ($. >> 16) & 255, ($. >> 8) & 255, $. & 255)/ge' "$input" > "$ips"
head -n 10 "$capture" > "$work/ten.log"
lines=$(grep -c '' "$input")

# the JVM options bin/mailsight runs with (what a user gets), and an AppCDS archive made with them
opts="$(sed -n 's/^default_opts="\(.*\)"$/\1/p' bin/mailsight)"
[ -n "$opts" ] || { echo "no default_opts line in bin/mailsight" >&2; exit 1; }
cds="$work/mailsight-$(echo "$opts" | md5sum | cut -c1-8).jsa"
[ -f "$cds" ] || java $opts -XX:ArchiveClassesAtExit="$cds" -jar "$jar" parse --year 2026 --timezone UTC "$work/ten.log" > /dev/null 2>&1
ms_bin=bin/mailsight

ms=(--year 2026 --timezone UTC)
declare -A cmd=(
  [grok]="java -cp $cp$work/classes GrokBaseline scripts/bench/postfix.grok $input"
  [floor]="java -cp $work/classes ReadFloor $input"
  [parse]="$ms_bin parse ${ms[*]} $input"
  [parse-java-jar]="java -jar $jar parse ${ms[*]} $input"
  [parse-1-thread]="$ms_bin parse --threads 1 ${ms[*]} $input"
  [parse-csv]="$ms_bin parse --format csv ${ms[*]} $input"
  [correlate]="$ms_bin parse --correlate ${ms[*]} $input"
  [correlate-java-jar]="java -jar $jar parse --correlate ${ms[*]} $input"
  [flood-queue-ids]="$ms_bin parse ${ms[*]} $qids"
  [flood-queue-ids-correlate]="$ms_bin parse --correlate ${ms[*]} $qids"
  [flood-client-ips]="$ms_bin parse ${ms[*]} $ips"
  [flood-client-ips-correlate]="$ms_bin parse --correlate ${ms[*]} $ips"
  [start-up]="$ms_bin parse ${ms[*]} $work/ten.log"
  [start-up-cds]="java $opts -XX:SharedArchiveFile=$cds -jar $jar parse ${ms[*]} $work/ten.log"
)
order=(grok floor parse parse-java-jar parse-1-thread parse-csv correlate correlate-java-jar flood-queue-ids
       flood-queue-ids-correlate flood-client-ips flood-client-ips-correlate start-up start-up-cds)

# same output from one thread and from all, checked once
a=$(java -jar "$jar" parse --threads 1 "${ms[@]}" "$input" | md5sum)
b=$($ms_bin parse "${ms[@]}" "$input" | md5sum)
[ "$a" = "$b" ] || { echo "parse on all threads (with the launcher's options) differs from one thread" >&2; exit 1; }
events=$(java -cp "$cp$work/classes" GrokBaseline scripts/bench/postfix.grok "$input" | grep -c '')
[ "$events" = "$lines" ] || { echo "grok wrote $events events for $lines lines" >&2; exit 1; }

results="$work/results.tsv"
: > "$results"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -n 1)"
echo "input: $lines lines ($(du -h "$input" | cut -f1)), $runs rounds; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT='%R %U %S'
for r in $(seq "$runs"); do
  for name in "${order[@]}"; do
    t=$( { time ${cmd[$name]} > /dev/null 2>&1; } 2>&1 )
    echo "$name $t" >> "$results"
  done
  echo "round $r done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done

# medians of wall and cpu (user + sys) seconds per case, then the ratios the targets speak of
awk -v lines="$lines" '
  { wall[$1] = wall[$1] " " $2; cpu[$1] = cpu[$1] " " ($3 + $4) }
  function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    split("grok floor parse parse-java-jar parse-1-thread parse-csv correlate correlate-java-jar flood-queue-ids flood-queue-ids-correlate flood-client-ips flood-client-ips-correlate start-up start-up-cds", order, " ")
    printf "%-28s %10s %10s %12s\n", "case", "wall s", "cpu s", "lines/s"
    for (i = 1; i in order; i++) {
      k = order[i]; w[k] = median(wall[k]); c[k] = median(cpu[k])
      printf "%-28s %10.2f %10.2f %12.0f\n", k, w[k], c[k], (k ~ /start-up/) ? 0 : lines / w[k]
    }
    printf "\nratios of median wall times (targets in brackets)\n"
    printf "grok / parse                         %6.1fx  [>= 10x]\n", w["grok"] / w["parse"]
    printf "parse / floor                        %6.1fx  [<= 4x]\n", w["parse"] / w["floor"]
    printf "correlate throughput / parse         %6.0f%%  [>= 70%%]\n", 100 * w["parse"] / w["correlate"]
    printf "flood queue ids: correlate / parse   %6.0f%%  [>= 70%%]\n", 100 * w["flood-queue-ids"] / w["flood-queue-ids-correlate"]
    printf "flood client ips: correlate / parse  %6.0f%%  [>= 70%%]\n", 100 * w["flood-client-ips"] / w["flood-client-ips-correlate"]
    printf "one thread / all threads             %6.2fx\n", w["parse-1-thread"] / w["parse"]
    printf "java -jar (default JVM) / launcher   %6.2fx parse, %.2fx correlate\n", w["parse-java-jar"] / w["parse"], w["correlate-java-jar"] / w["correlate"]
    printf "csv / ndjson                         %6.2fx\n", w["parse-csv"] / w["parse"]
    printf "start-up on 10 lines                 %6.2f s (with AppCDS %.2f s)  [< 0.5 s]\n", w["start-up"], w["start-up-cds"]
    printf "cpu: grok / parse %.1fx, parse / floor %.1fx, correlate / parse %.2fx\n", c["grok"] / c["parse"], c["parse"] / c["floor"], c["correlate"] / c["parse"]
  }' "$results"
