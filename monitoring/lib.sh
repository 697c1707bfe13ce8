# Helpers shared by the monitoring scripts (sourced, not run).
# Every script writes only into $FAAS_MONITOR_DIR (default: the current folder).

out_dir=${FAAS_MONITOR_DIR:-$(pwd)}

# One line on stderr, prefixed with the script's name.
say() { echo "$(basename "$0"): $*" >&2; }

have() { command -v "$1" >/dev/null 2>&1; }

# Epoch milliseconds (GNU date; whole seconds * 1000 where %N is unsupported, e.g. busybox).
now_ms() {
  ms=$(date +%s%3N 2>/dev/null)
  case $ms in
    *N*|'') echo "$(date +%s)000" ;;
    *) echo "$ms" ;;
  esac
}

# Replaces the current (sub)shell with a command run as root: directly when already root, else
# through passwordless sudo when allowed, else as the current user (the tool then reports its own
# permission error). exec matters: signals must reach the tool, not an intermediate shell.
# Only call it in a subshell (a background job or a pipeline element).
as_root() {
  if [ "$(id -u)" != 0 ] && have sudo && sudo -n true 2>/dev/null; then exec sudo -n "$@"; fi
  exec "$@"
}

# Runs "$@" in the background and waits for it; on TERM/INT/HUP sends it $stop_signal
# (default INT, which perf and pqos handle by flushing their output) so the script ends cleanly.
run_until_stopped() {
  "$@" &
  child=$!
  trap 'kill -"${stop_signal:-INT}" "$child" 2>/dev/null' TERM INT HUP
  wait "$child"
  status=$?
  # A trapped signal interrupts the first wait; wait again for the child to flush and exit.
  if kill -0 "$child" 2>/dev/null; then wait "$child"; status=$?; fi
  return "$status"
}
