#!/bin/sh
# Copyright 2026 Waymark developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Check that the Flatpak manifest parses and names the app and its meson build.
# Usage: check-flatpak-manifest.sh [SOURCE_ROOT]
# Exit 77 (skipped) only when flatpak-builder is not installed.

set -u

root=${1:-$(dirname "$0")/..}
manifest="$root/flatpak/io.github.waymark.Waymark.json"
app_id=io.github.waymark.Waymark

if ! command -v flatpak-builder >/dev/null 2>&1; then
  echo "check-flatpak-manifest: flatpak-builder not found, skipping"
  exit 77
fi

if [ ! -f "$manifest" ]; then
  echo "check-flatpak-manifest: $manifest does not exist"
  exit 1
fi

out=$(flatpak-builder --show-manifest "$manifest" 2>&1)
rc=$?
if [ $rc -ne 0 ]; then
  echo "check-flatpak-manifest: flatpak-builder --show-manifest failed ($rc):"
  printf '%s\n' "$out"
  exit 1
fi

fail=0
for word in "$app_id" meson org.gnome.Platform; do
  if ! printf '%s\n' "$out" | grep -qF -- "$word"; then
    echo "check-flatpak-manifest: the manifest does not mention $word"
    fail=1
  fi
done
if [ $fail -ne 0 ]; then
  printf '%s\n' "$out"
  exit 1
fi

echo "check-flatpak-manifest: OK: $manifest parses and names $app_id, org.gnome.Platform and meson"
exit 0
