#!/bin/sh
# Blktrace.sh <duration_s> [device]
# Block I/O events of one device, decoded by blkparse: blktrace.out (first line "# t=<epoch ms>").
# Environment: FAAS_BLKTRACE_DEVICE (default: the device holding /), FAAS_MONITOR_DIR.
. "$(dirname "$0")/lib.sh"

duration=${1:?usage: Blktrace.sh <duration_s> [device]}
device=${2:-${FAAS_BLKTRACE_DEVICE:-}}
out="$out_dir/blktrace.out"

if ! have blktrace || ! have blkparse; then
  say "blktrace/blkparse not installed (Debian: apt-get install blktrace), skipped"
  exit 3
fi
if [ -z "$device" ] && have findmnt; then device=$(findmnt -n -o SOURCE /); fi
if [ ! -b "$device" ]; then
  say "no block device to trace (set FAAS_BLKTRACE_DEVICE; got '${device}'), skipped"
  exit 3
fi
if ! grep -q ' /sys/kernel/debug debugfs ' /proc/mounts 2>/dev/null; then
  say "debugfs is not mounted (as root: mount -t debugfs none /sys/kernel/debug), skipped"
  exit 3
fi

# blktrace | blkparse, failing when blktrace fails (POSIX sh has no pipefail: its status comes
# back through fd 3 while blkparse writes to fd 4, our stdout).
trace() {
  exec 4>&1
  echo "# t=$(now_ms)"
  s=$( { { (as_root blktrace -d "$device" -w "$duration" -o -); echo $? >&3; } | blkparse -i - >&4; } 3>&1 )
  if [ "$s" != 0 ]; then say "blktrace failed with status $s"; return 1; fi
}
stop_signal=TERM run_until_stopped trace > "$out"
