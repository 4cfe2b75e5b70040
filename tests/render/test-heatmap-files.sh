#!/usr/bin/env bash
# test-heatmap-files.sh: `waymark-cli render heatmap` writes PNG, SVG and
# PDF that other tools accept, the same checks as the Gantt export:
# rsvg-convert draws the SVG, qpdf finds the PDF sound, pdfinfo sees A4
# landscape pages, and pdftotext reads the axis titles and every risk's
# ref, because the PDF keeps its text as text.
#
#   test-heatmap-files.sh WAYMARK_CLI
#
# A 200-risk register comes from bench/waymark-generate when it has been
# built beside the CLI; without it that part is skipped, and says so.
set -euo pipefail

cli=$(realpath "$1")
build_dir=$(dirname "$(dirname "$(dirname "$cli")")")
generate="$build_dir/bench/waymark-generate"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

failures=0
fail () { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass () { echo "ok: $*"; }
need () { command -v "$1" >/dev/null || { echo "FAIL: $1 is not installed" >&2; exit 1; }; }
for tool in rsvg-convert qpdf pdfinfo pdftotext; do need "$tool"; done

is_png () {
  [[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]]
}

check_pdf () {
  local pdf=$1 info size
  if qpdf --check "$pdf" >qpdf.log 2>&1; then
    pass "qpdf --check $pdf"
  else
    fail "qpdf --check $pdf: $(tail -3 qpdf.log)"
  fi
  info=$(pdfinfo "$pdf")
  size=$(sed -n 's/^Page size: *//p' <<<"$info")
  if [[ "$size" == *"(A4)"* ]] && awk '{ exit !($1 > $3) }' <<<"$size"; then
    pass "$pdf pages are A4 landscape"
  else
    fail "$pdf pages are “$size”, not A4 landscape"
  fi
  pages=$(sed -n 's/^Pages: *//p' <<<"$info")
}

# ---- the sample: High/Medium/Low, seven risks
"$cli" --db sample.waymark init --sample >/dev/null
"$cli" --db sample.waymark render heatmap -o sample.png
"$cli" --db sample.waymark render heatmap -o dark.png --dark --residual-only
for f in sample.png dark.png; do
  if is_png "$f"; then pass "$f is a PNG"; else fail "$f is not a PNG"; fi
done

"$cli" --db sample.waymark render heatmap -o sample.svg
if rsvg-convert -o svg.png sample.svg && [[ -s svg.png ]]; then
  pass "rsvg-convert draws the SVG"
else
  fail "rsvg-convert could not draw sample.svg"
fi

"$cli" --db sample.waymark render heatmap -o sample.pdf
check_pdf sample.pdf
pdftotext -layout sample.pdf sample.txt
for word in "Risk heat map" "Severity" "Before mitigation" "After mitigation" \
            RR1 RR2 RR3 RR4 RR5 RR6 RR7 "Lack of capacity within SENA"; do
  if grep -qF "$word" sample.txt; then
    pass "pdftotext reads “$word”"
  else
    fail "pdftotext does not read “$word” in sample.pdf"
  fi
done

# ---- a 5×5 register of 200 risks: the key runs over several pages
if [[ -x $generate ]]; then
  "$generate" --db big.waymark --actions 400 --risks 200 >/dev/null
  "$cli" --db big.waymark render heatmap -o big.pdf
  check_pdf big.pdf
  if (( pages >= 3 )); then
    pass "the key to 200 risks runs over $pages pages"
  else
    fail "big.pdf has $pages pages; the key to 200 risks needs more"
  fi
  pdftotext big.pdf big.txt
  for word in Likelihood Impact "Almost certain" Catastrophic Extreme RR1 RR100 RR200; do
    if grep -qw -- "$word" big.txt; then
      pass "pdftotext reads “$word” in big.pdf"
    else
      fail "pdftotext does not read “$word” in big.pdf"
    fi
  done
  "$cli" --db big.waymark render heatmap -o big.svg --residual-only
  if rsvg-convert -o big-svg.png big.svg && [[ -s big-svg.png ]]; then
    pass "rsvg-convert draws the 200-risk SVG"
  else
    fail "rsvg-convert could not draw big.svg"
  fi
else
  echo "skip: bench/waymark-generate is not built; the 200-risk register is not checked"
fi

# ---- refused: an unknown extension, a missing database
if "$cli" --db sample.waymark render heatmap -o heat.jpg 2>err.txt; then
  fail "render heatmap -o heat.jpg succeeded"
elif grep -q "does not end in .png, .svg or .pdf" err.txt && [[ ! -e heat.jpg ]]; then
  pass "an unknown extension is refused, and no file is left"
else
  fail "render heatmap -o heat.jpg: $(cat err.txt)"
fi

if (( failures > 0 )); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
