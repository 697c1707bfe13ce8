#!/bin/sh
# PQOSMon.sh <duration_s> [interval_100ms]
# Intel RDT monitoring (IPC, LLC misses and occupancy, memory bandwidth) as CSV: pqos.csv.
# Environment: FAAS_PQOS_INTERVAL (in 100 ms units, default 10 = 1 s), FAAS_PQOS_IFACE (msr or os),
# FAAS_PQOS_EVENTS (a -m spec such as all:0-3; default: every core its own group), FAAS_MONITOR_DIR.
. "$(dirname "$0")/lib.sh"

duration=${1:?usage: PQOSMon.sh <duration_s> [interval_100ms]}
interval=${2:-${FAAS_PQOS_INTERVAL:-10}}
out="$out_dir/pqos.csv"

if ! have pqos; then
  say "pqos not installed (Debian: apt-get install intel-cmt-cat), skipped"
  exit 3
fi

set -- -i "$interval" -t "$duration" -u csv -o "$out"
[ -n "${FAAS_PQOS_IFACE:-}" ] && set -- "--iface=$FAAS_PQOS_IFACE" "$@"
[ -n "${FAAS_PQOS_EVENTS:-}" ] && set -- -m "$FAAS_PQOS_EVENTS" "$@"
run_until_stopped as_root pqos "$@"
