#!/bin/sh
# Cgtop.sh <duration_s> [interval_s]
# Per-cgroup tasks, %CPU, memory and I/O: systemd-cgtop -b -n2 -d 1 snapshots into cgtop.out,
# each preceded by a line "# t=<epoch ms>" (two samples are needed for %CPU and I/O rates).
# Environment: FAAS_CGTOP_INTERVAL_S (pause between snapshots, default 0), FAAS_CGTOP_DEPTH
# (default 3), FAAS_MONITOR_DIR.
. "$(dirname "$0")/lib.sh"

duration=${1:?usage: Cgtop.sh <duration_s> [interval_s]}
pause=${2:-${FAAS_CGTOP_INTERVAL_S:-0}}
depth=${FAAS_CGTOP_DEPTH:-3}
out="$out_dir/cgtop.out"

if ! have systemd-cgtop; then
  say "systemd-cgtop not installed (part of systemd), skipped"
  exit 3
fi

snapshots() {
  end=$(( $(date +%s) + duration ))
  while [ "$(date +%s)" -lt "$end" ]; do
    echo "# t=$(now_ms)"
    systemd-cgtop -b -n 2 -d 1 --depth="$depth"
    if [ "$pause" != 0 ]; then sleep "$pause"; fi
  done
  return 0
}
: > "$out"
stop_signal=TERM run_until_stopped snapshots >> "$out"
