#!/usr/bin/env bash
# Runs every benchmark built in BUILD_DIR/bench and prints one table.
#
#   bench/run.sh BUILD_DIR
#
# Builds nothing: `./dev bench` builds first.  Each bench-* program prints
# its own table rows on stdout (ours | baseline | ratio, measured in the
# same run) and anything else on stderr, so new benchmarks only need to be
# built into BUILD_DIR/bench to appear here.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
bench_dir="$1/bench"
if [[ ! -d "$bench_dir" ]]; then
  echo "$0: no $bench_dir; build first (meson setup + ninja)" >&2
  exit 1
fi

# meson also leaves bench-*.p object directories here: regular executable
# files only, in a stable order.
mapfile -t programs < <(find "$bench_dir" -maxdepth 1 -type f -name 'bench-*' -perm -u+x \
                          | LC_ALL=C sort)
if [[ ${#programs[@]} -eq 0 ]]; then
  echo "$0: no bench-* programs in $bench_dir" >&2
  exit 1
fi

status=0
echo "benchmark | ours | baseline | ratio"
# The window benchmark runs the app: it needs a display, a session bus
# and the build's settings schema, and must not touch the user's recent
# files.
window_env=(env GSETTINGS_SCHEMA_DIR="$1/data" GSETTINGS_BACKEND=memory GTK_USE_PORTAL=0
            XDG_DATA_HOME="$(mktemp -d)")
if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
  window_env=(xvfb-run -a -s "-screen 0 1600x1000x24 -nolisten tcp" dbus-run-session --
              "${window_env[@]}")
fi

for program in "${programs[@]}"; do
  run=("$program")
  [[ $(basename "$program") == bench-window ]] && run=("${window_env[@]}" "$program")
  # One failing benchmark must not hide the others' figures.
  if ! "${run[@]}"; then
    echo "$0: $(basename "$program") failed" >&2
    status=1
  fi
done
exit "$status"
