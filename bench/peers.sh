#!/usr/bin/env bash
# Tierline side by side with the tools a data person would otherwise use,
# in one run, on this machine. Prints each figure, the peer's, the ratio
# and the goal. Installs sqlite3 and python3-matplotlib when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8
GO=${GO:-go}
# Debian's Python, where apt installs matplotlib (not a pyenv or venv one).
PY=${PYTHON:-/usr/bin/python3}

need=""
command -v sqlite3 >/dev/null || need="$need sqlite3"
$PY -c "import matplotlib" 2>/dev/null || need="$need python3-matplotlib"
if [ -n "$need" ]; then
	if [ "$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi
	$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $need
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$GO build -o "$work/tierline" .
tl="$work/tierline"

# ms of wall-clock time of a command, best of 3.
best_ms() {
	local best=""
	for _ in 1 2 3; do
		"$@" --reset >/dev/null 2>&1 || true
		local t0 t1
		t0=$(date +%s%N)
		"$@" >/dev/null
		t1=$(date +%s%N)
		local ms=$(((t1 - t0) / 1000000))
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
	done
	echo "$best"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# 1. Bulk load of the same 100,000-row scores CSV.
"$tl" demo --size large --data "$work/school" >/dev/null
"$tl" export students "$work/students.csv" --data "$work/school" >/dev/null
awk -F, 'NR > 1 { ids[n++] = $1 }
	END {
		print "local_id,date,value,errors"
		for (i = 0; i < 100000; i++) {
			d = 1 + int(i / n) % 28; m = 1 + int(i / (n * 28)) % 12
			printf "%s,2015-%02d-%02d,%d,%d\n", ids[(i * 7919) % n], m, d, 40 + i % 60, i % 5
		}
	}' "$work/students.csv" >"$work/scores.csv"
rows=$(($(wc -l <"$work/scores.csv") - 1))

import_tierline() {
	if [ "${1:-}" = --reset ]; then
		rm -rf "$work/load" && cp -r "$work/school" "$work/load"
		return
	fi
	"$tl" import scores "$work/scores.csv" --measure ORF --kind progress --data "$work/load"
}
import_sqlite() {
	if [ "${1:-}" = --reset ]; then
		rm -f "$work/peer.db"
		return
	fi
	sqlite3 "$work/peer.db" ".mode csv" ".import $work/scores.csv scores"
}
ours=$(best_ms import_tierline)
theirs=$(best_ms import_sqlite)
printf "%-52s %8s %8s %7s  %s\n" "figure" "Tierline" "peer" "ratio" "goal"
printf "%-52s %6sms %6sms %7s  %s\n" "load a ${rows}-row scores CSV (vs sqlite3 .import)" "$ours" "$theirs" "$(ratio "$ours" "$theirs")" "<= 1.00"

# 2. The same student progress chart, 800x450, PNG and SVG, 100 renders in-process.
out=$($GO test -tags ci -run '^$' -bench '^BenchmarkStudentChart(SVG)?$' -benchtime 100x ./charts/)
for format in PNG SVG; do
	name=BenchmarkStudentChart
	[ $format = SVG ] && name=BenchmarkStudentChartSVG
	ours=$(echo "$out" | awk -v n="$name" '$1 ~ "^" n "(-[0-9]+)?$" { printf "%.2f", $3 / 1e6 }')
	theirs=$($PY bench/chart.py 100 "$(echo $format | tr A-Z a-z)")
	printf "%-52s %6sms %6sms %7s  %s\n" "student chart $format 800x450 (vs matplotlib, per render)" "$ours" "$theirs" "$(ratio "$ours" "$theirs")" "<= 0.20"
done

# 3. Group progress table of one measure and window vs a bare scan of all scores.
out=$($GO test -tags ci -run '^$' -bench '^Benchmark(BareScan|GroupTable)$' -benchtime 20x ./data/store/)
scan=$(echo "$out" | awk '/^BenchmarkBareScan/ { printf "%.1f", $3 / 1e6 }')
table=$(echo "$out" | awk '/^BenchmarkGroupTable/ { printf "%.1f", $3 / 1e6 }')
printf "%-52s %6sms %6sms %7s  %s\n" "group table, all groups (vs a bare bbolt scan)" "$table" "$scan" "$(ratio "$table" "$scan")" "<= 2.00"
