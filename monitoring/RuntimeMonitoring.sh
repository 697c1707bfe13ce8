#!/bin/sh
# RuntimeMonitoring.sh <duration_s> [monitor...]
# Runs the chosen monitors side by side for the test duration, writing only into
# $FAAS_MONITOR_DIR (default: the current folder). Monitors: perf, pqos, blktrace, cgtop, chosen
# by arguments, else by FAAS_MONITORS (comma-separated), else perf when it is installed.
# A missing tool is reported and skipped; the exit status is then 3 (others still run).
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)

duration=${1:?usage: RuntimeMonitoring.sh <duration_s> [monitor...]}
shift
case $duration in ''|*[!0-9.]*) say "duration must be a number of seconds, got '$duration'"; exit 2 ;; esac
# Tools take whole seconds; round up so the monitors cover the whole test.
duration=$(awk -v d="$duration" 'BEGIN { s = int(d); if (s < d) s++; if (s < 1) s = 1; print s }')

monitors="$*"
[ -z "$monitors" ] && monitors=$(echo "${FAAS_MONITORS:-}" | tr ',' ' ')
if [ -z "$monitors" ]; then
  if have perf; then monitors=perf; else say "no monitor chosen and perf not installed: nothing to do"; exit 3; fi
fi
mkdir -p "$out_dir"
export FAAS_MONITOR_DIR="$out_dir"

pids=
status=0
stopped=
# Set before any monitor starts, so an early stop is never lost.
trap 'stopped=1; [ -n "$pids" ] && kill -TERM $pids 2>/dev/null' TERM INT HUP
for m in $monitors; do
  [ -n "$stopped" ] && break
  case $m in
    perf) sh "$here/Perf.sh" "$duration" & ;;
    pqos) sh "$here/PQOSMon.sh" "$duration" & ;;
    blktrace) sh "$here/Blktrace.sh" "$duration" & ;;
    cgtop) sh "$here/Cgtop.sh" "$duration" & ;;
    *) say "unknown monitor '$m' (known: perf, pqos, blktrace, cgtop), skipped"; status=3; continue ;;
  esac
  pids="$pids $!"
done

for p in $pids; do
  wait "$p"
  s=$?
  # Interrupted by a trapped signal: wait again for the monitor to flush and exit.
  if kill -0 "$p" 2>/dev/null; then wait "$p"; s=$?; fi
  [ "$s" = 0 ] || status=$s
done
if [ -n "$stopped" ]; then
  # Stopped early: tools may leave helpers behind (perf's "sleep" workload, a last systemd-cgtop).
  # End them through our process group, but only when this script leads its own group (started
  # detached, or by sshd / kubectl exec), so a caller sharing our group is never touched.
  pgrp=$(awk '{ print $5 }' "/proc/$$/stat" 2>/dev/null)
  if [ "$pgrp" = "$$" ]; then trap '' TERM; kill -TERM 0 2>/dev/null; fi
  exit 0
fi
exit "$status"
