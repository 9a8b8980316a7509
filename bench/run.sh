#!/usr/bin/env bash
# Times `bin/backstop check` against what teams use today (a jq one-liner) and against the practical limit (a bare
# Jackson token scan, in its own JVM), on the same generated plans. See docs/performance.md.
#
#   bench/run.sh                  # 1k, 10k, 100k, 300k changes; 3 runs each, median wall time
#   bench/run.sh --quick          # 1k changes, 1 run: does everything still work?
#   bench/run.sh --sizes "1000 100000" --runs 5
#   bench/run.sh --start          # only the small-plan start time (50 changes), with and without the CDS archive
#
# Needs: cli/target/backstop.jar and bench/target/benchmarks.jar (mvn -B -q package -DskipTests), jq, GNU time.
# Backstop runs with JAVA_OPTS=-Xmx128m (override with BENCH_JAVA_OPTS). Plans go to bench/target/plans/ (kept for
# reuse; --clean deletes them at the end). Exits non-zero if Backstop's verdict on a plan is not "approval required"
# (exit 3) with the hidden destroys found, or jq does not count them.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd -P)
jar=$root/cli/target/backstop.jar
bench_jar=$root/bench/target/benchmarks.jar
plans=$root/bench/target/plans
sizes="1000 10000 100000 300000"
runs=3
clean=false
start_only=false
destroys=3
java_opts=${BENCH_JAVA_OPTS:--Xmx128m}

while [ $# -gt 0 ]; do
  case $1 in
    --quick) sizes="1000"; runs=1 ;;
    --sizes) sizes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --clean) clean=true ;;
    --start) start_only=true ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

for f in "$jar" "$bench_jar"; do
  [ -f "$f" ] || { echo "run.sh: $f is missing; build first: (cd '$root' && mvn -B -q package -DskipTests)" >&2; exit 1; }
done
command -v jq >/dev/null || { echo "run.sh: jq is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "run.sh: GNU time (/usr/bin/time) is not installed" >&2; exit 1; }
mkdir -p "$plans"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), $(jq --version)"
echo "load before: $(uptime | sed 's/.*load average: //')"

# generate N: the plan with N changes (cached by size; the seed is fixed, so the bytes are the same every time)
generate() {
  local n=$1 file=$plans/plan-$1.json
  if [ ! -s "$file" ]; then
    local need=$(( n * 3 / 1000 + 10 )) free
    free=$(df -Pm "$plans" | awk 'NR==2 {print $4}')
    if [ "$free" -lt $(( need * 2 )) ]; then
      echo "run.sh: not enough disk for $n changes (~${need} MB, ${free} MB free)" >&2; exit 1
    fi
    java -cp "$bench_jar" dev.backstop.bench.PlanGenerator --changes "$n" --destroys "$destroys" --out "$file.tmp" >/dev/null
    mv "$file.tmp" "$file"
  fi
  echo "$file"
}

# once KEY EXPECTED_EXIT CMD...: runs CMD once, checks the exit code, and adds the run's wall time (taken around
# the command, ns clock), CPU time (user+system) and peak RSS (both from GNU time) to the figures kept under KEY.
declare -A walls=() cpus=() rss_max=()
once() {
  local key=$1 expected=$2; shift 2
  local code start end rss user sys
  start=$(date +%s%N)
  set +e
  /usr/bin/time -f '%M %U %S' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err"
  code=$?
  set -e
  end=$(date +%s%N)
  if [ "$code" -ne "$expected" ]; then
    echo "run.sh: $key exited $code, expected $expected" >&2
    head -c 2000 "$tmp/err" >&2
    exit 1
  fi
  read -r rss user sys < <(tail -1 "$tmp/time")
  walls[$key]+="$(( (end - start) / 1000000 )) "
  cpus[$key]+="$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}') "
  if [ "$rss" -gt "${rss_max[$key]:-0}" ]; then rss_max[$key]=$rss; fi
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# figures KEY: sets wall_ms and cpu_ms (medians; CPU time is less disturbed by other load than wall time) and
# rss_kb (the highest) of the runs kept under KEY.
figures() {
  # shellcheck disable=SC2086 # the runs are a space-separated list on purpose
  wall_ms=$(median ${walls[$1]})
  # shellcheck disable=SC2086
  cpu_ms=$(median ${cpus[$1]})
  rss_kb=${rss_max[$1]}
}

# measure KEY EXPECTED_EXIT CMD...: $runs runs of CMD in a row, then its figures.
measure() {
  local key=$1 expected=$2 i; shift 2
  for ((i = 0; i < runs; i++)); do
    once "$key" "$expected" "$@"
  done
  figures "$key"
}

row() { # tool changes bytes wall_ms cpu_ms rss_kb jq_ms scan_ms scan_c1_ms
  awk -v tool="$1" -v n="$2" -v bytes="$3" -v ms="$4" -v cpu="$5" -v rss="$6" -v jq="$7" -v scan="$8" -v c1="$9" 'BEGIN {
    mb = bytes / 1e6; s = ms / 1000
    printf "| %-8s | %7d | %7.1f | %7.2f | %6.2f | %6.0f | %7.1f | %6.2f | %6.2f | %7.2f |\n", tool, n, mb, s, cpu / 1000, rss / 1024, (s > 0 ? mb / s : 0), ms / jq, ms / scan, ms / c1
  }'
}

if ! $start_only; then
  echo
  echo "runs per figure: $runs, the tools in turn (median wall time, highest peak RSS); backstop with JAVA_OPTS=$java_opts"
  echo
  echo "| tool     | changes | size MB |  wall s |  cpu s | RSS MB |   MB/s  |  x jq  | x scan | x scan1 |"
  echo "|----------|---------|---------|---------|--------|--------|---------|--------|--------|---------|"
  for n in $sizes; do
    file=$(generate "$n")
    bytes=$(stat -L -c %s "$file")
    # The four run in turn, round after round, so that a change in the machine's load (other guests on the host
    # slow every process on it, by a third or more at times) falls on all of them alike and the ratios hold.
    for ((round = 0; round < runs; round++)); do
      once "jq $n" 0 jq '[.resource_changes[] | select(.change.actions | index("delete"))] | length' "$file"
      found=$(cat "$tmp/out")
      [ "$found" = "$destroys" ] || { echo "run.sh: jq counted $found deletions in $file, expected $destroys" >&2; exit 1; }
      once "scan $n" 0 java -cp "$bench_jar" dev.backstop.bench.TokenScan "$file"
      # The same scan with the JIT setting bin/backstop uses (C1 only).
      once "scan1 $n" 0 java -XX:TieredStopAtLevel=1 -cp "$bench_jar" dev.backstop.bench.TokenScan "$file"
      once "backstop $n" 3 env JAVA_OPTS="$java_opts" "$root/bin/backstop" check "$file"
      grep -q "$destroys to destroy" "$tmp/out" || { echo "run.sh: backstop did not report $destroys destroys in $file" >&2; exit 1; }
      [ "$(grep -c 'rule: stateful-destroy' "$tmp/out")" = "$destroys" ] \
        || { echo "run.sh: backstop did not flag each hidden destroy in $file" >&2; exit 1; }
    done
    figures "jq $n"; jq_ms=$wall_ms jq_cpu=$cpu_ms jq_rss=$rss_kb
    figures "scan $n"; scan_ms=$wall_ms scan_cpu=$cpu_ms scan_rss=$rss_kb
    figures "scan1 $n"; scan1_ms=$wall_ms scan1_cpu=$cpu_ms scan1_rss=$rss_kb
    figures "backstop $n"; bs_ms=$wall_ms bs_cpu=$cpu_ms bs_rss=$rss_kb
    row jq "$n" "$bytes" "$jq_ms" "$jq_cpu" "$jq_rss" "$jq_ms" "$scan_ms" "$scan1_ms"
    row scan "$n" "$bytes" "$scan_ms" "$scan_cpu" "$scan_rss" "$jq_ms" "$scan_ms" "$scan1_ms"
    row scan1 "$n" "$bytes" "$scan1_ms" "$scan1_cpu" "$scan1_rss" "$jq_ms" "$scan_ms" "$scan1_ms"
    row backstop "$n" "$bytes" "$bs_ms" "$bs_cpu" "$bs_rss" "$jq_ms" "$scan_ms" "$scan1_ms"
    echo "load now: $(uptime | sed 's/.*load average: //')" >&2
  done
fi

# Small plan, end to end: the launcher (CDS archive when the build made one, C1), the same JVM settings without the
# archive, plain `java -jar` (no archive, default JIT), and a bare JVM that only tokenises the plan with Jackson.
small=$(generate 50)
saved_runs=$runs
runs=$(( runs < 5 ? 5 : runs ))
echo
echo "small plan (50 changes, $(( $(stat -c %s "$small") / 1000 )) KB), end to end, median of $runs runs:"
archive=$(dirname "$jar")/backstop.jsa
measure "backstop check (50)" 3 "$root/bin/backstop" check "$small"
if [ -f "$archive" ]; then
  printf '  %-58s %5d ms  cpu %4d ms  RSS %3d MB\n' "bin/backstop check (CDS archive, C1)" "$wall_ms" "$cpu_ms" $(( rss_kb / 1024 ))
else
  printf '  %-58s %5d ms  cpu %4d ms  RSS %3d MB\n' "bin/backstop check (no CDS archive was built)" "$wall_ms" "$cpu_ms" $(( rss_kb / 1024 ))
fi
measure "java -jar, C1 (50)" 3 java -XX:TieredStopAtLevel=1 -jar "$jar" check "$small"
printf '  %-58s %5d ms  cpu %4d ms  RSS %3d MB\n' "java -XX:TieredStopAtLevel=1 -jar backstop.jar (no archive)" "$wall_ms" "$cpu_ms" $(( rss_kb / 1024 ))
measure "java -jar (50)" 3 java -jar "$jar" check "$small"
printf '  %-58s %5d ms  cpu %4d ms  RSS %3d MB\n' "java -jar backstop.jar (no archive, default JIT)" "$wall_ms" "$cpu_ms" $(( rss_kb / 1024 ))
measure "bare scan (50)" 0 java -cp "$bench_jar" dev.backstop.bench.TokenScan "$small"
printf '  %-58s %5d ms  cpu %4d ms  RSS %3d MB\n' "bare JVM + Jackson token scan of the same plan" "$wall_ms" "$cpu_ms" $(( rss_kb / 1024 ))
runs=$saved_runs
echo
echo "load after: $(uptime | sed 's/.*load average: //')"

if $clean; then
  rm -f "$plans"/plan-*.json
fi
