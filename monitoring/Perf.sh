#!/bin/sh
# Perf.sh <duration_s> [interval_ms]
# System-wide perf counters every interval: perf stat -a -x, -I <ms> -e <events> -o perf.csv.
# Environment: FAAS_PERF_EVENTS (comma-separated), FAAS_PERF_INTERVAL_MS (default 1000),
# FAAS_MONITOR_DIR (output folder).
. "$(dirname "$0")/lib.sh"

duration=${1:?usage: Perf.sh <duration_s> [interval_ms]}
interval=${2:-${FAAS_PERF_INTERVAL_MS:-1000}}
events=${FAAS_PERF_EVENTS:-context-switches,cpu-migrations,page-faults,cpu-clock,cycles,instructions,branch-misses,cache-references,cache-misses}
out="$out_dir/perf.csv"

if ! have perf || ! perf version >/dev/null 2>&1; then
  say "perf not installed or not usable for this kernel (Debian: apt-get install linux-perf), skipped"
  exit 3
fi

# Raw event specs such as cpu/event=0x3c,umask=0/ contain commas: use ';' as separator then.
sep=,
case $events in */*,*/*) sep=';' ;; esac

# Our own first line: the epoch ms just before perf starts (perf's "# started on" has 1 s resolution).
echo "# t=$(now_ms)" > "$out"
run_until_stopped as_root perf stat --append -a -x "$sep" -I "$interval" -e "$events" -o "$out" sleep "$duration"
