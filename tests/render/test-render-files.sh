#!/usr/bin/env bash
# test-render-files.sh: `waymark-cli render gantt` writes PNG, SVG and PDF
# that other tools accept: rsvg-convert draws the SVG, qpdf finds the PDF
# sound, pdfinfo sees landscape A4 or A3 pages (more than one for a long
# plan), and pdftotext reads every action code and the plan milestones,
# because the PDF keeps its text as text.
#
#   test-render-files.sh WAYMARK_CLI
#
# A long plan comes from bench/waymark-generate when it has been built
# beside the CLI; without it that part is skipped, and says so.
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
pages=0

codes=(1.1 1.2a 1.2b 1.3a 1.3b 2.1 2.2a 2.2b 2.3 2.4 3.1 3.2 3.3)

"$cli" --db sample.waymark init --sample >/dev/null
today=(--today 2023-08-10)

# ---- PNG
"$cli" --db sample.waymark render gantt -o month.png "${today[@]}" --baseline --dependencies
"$cli" --db sample.waymark render gantt -o quarter.png --zoom quarter --dark "${today[@]}"
for f in month.png quarter.png; do
  if [[ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]]; then
    pass "$f is a PNG"
  else
    fail "$f is not a PNG"
  fi
done

# ---- SVG
"$cli" --db sample.waymark render gantt -o gantt.svg --zoom quarter "${today[@]}"
if rsvg-convert -o svg.png gantt.svg && [[ -s svg.png ]]; then
  pass "rsvg-convert draws the SVG"
else
  fail "rsvg-convert could not draw gantt.svg"
fi

# ---- PDF, A4 and A3
# Sets $pages to the page count.
check_pdf () {
  local pdf=$1 paper=$2
  local info size
  if qpdf --check "$pdf" >qpdf.log 2>&1; then
    pass "qpdf --check $pdf"
  else
    fail "qpdf --check $pdf: $(tail -3 qpdf.log)"
  fi
  info=$(pdfinfo "$pdf")
  pages=$(sed -n 's/^Pages: *//p' <<<"$info")
  size=$(sed -n 's/^Page size: *//p' <<<"$info")
  if [[ "$size" == *"($paper)"* ]] \
     && awk '{ exit !($1 > $3) }' <<<"$size"; then
    pass "$pdf pages are $paper landscape ($size)"
  else
    fail "$pdf pages are “$size”, not $paper landscape"
  fi
}

"$cli" --db sample.waymark render gantt -o a4.pdf "${today[@]}" --baseline --dependencies
"$cli" --db sample.waymark render gantt -o a3.pdf --paper a3 --zoom quarter "${today[@]}"
check_pdf a4.pdf A4
a4_pages=$pages
check_pdf a3.pdf A3
a3_pages=$pages
# Eighteen months at month zoom do not fit one A4 page: split across, with
# the header and outline on every page.
if (( a4_pages > 1 )); then pass "a4.pdf has $a4_pages pages"; else fail "a4.pdf has $a4_pages page"; fi
if (( a3_pages >= 1 )); then pass "a3.pdf has $a3_pages pages"; else fail "a3.pdf has no page"; fi

for pdf in a4.pdf a3.pdf; do
  pdftotext -layout "$pdf" text.txt
  missing=()
  for code in "${codes[@]}" MS3 MS6 MS9 MS12; do
    grep -qwF -- "$code" text.txt || missing+=("$code")
  done
  if (( ${#missing[@]} == 0 )); then
    pass "pdftotext finds every action code and MS3…MS12 in $pdf"
  else
    fail "pdftotext does not find ${missing[*]} in $pdf"
  fi
  grep -qF "Leicestershire local area Accelerated Progress Plan" text.txt \
    && pass "$pdf has the plan's title" || fail "$pdf has no title"
done
# every page of the split A4 has the title, its number, the header and outline
for ((page = 1; page <= a4_pages; page++)); do
  pdftotext -f "$page" -l "$page" -layout a4.pdf page.txt
  if grep -qF "page $page of $a4_pages" page.txt && grep -qF "Accelerated Progress Plan" page.txt \
     && grep -qwF "3.3" page.txt && grep -qF "Plan milestones" page.txt; then
    pass "a4.pdf page $page has its title, number, header and outline"
  else
    fail "a4.pdf page $page lacks its title, number, header or outline"
  fi
done

# ---- refused: unknown kinds and bad extensions
if "$cli" --db sample.waymark render timeline -o t.png 2>err.txt; then
  fail "render timeline succeeded"
elif grep -q "cannot be rendered: choose gantt" err.txt; then
  pass "an unknown kind of drawing is refused, naming those there are"
else
  fail "render timeline: $(cat err.txt)"
fi
if "$cli" --db sample.waymark render gantt -o gantt.txt 2>err.txt; then
  fail "render to .txt succeeded"
elif grep -q ".png, .svg or .pdf" err.txt; then
  pass "a .txt file is refused with a clear message"
else
  fail "render to .txt: $(cat err.txt)"
fi

# ---- a long plan: split down the rows too
if [[ -x "$generate" ]]; then
  "$generate" --db long.waymark --actions 500 >/dev/null 2>&1
  "$cli" --db long.waymark render gantt -o long.pdf --zoom quarter
  check_pdf long.pdf A4
  long_pages=$pages
  if (( long_pages > 10 )); then
    pass "long.pdf (500 actions) has $long_pages pages"
  else
    fail "long.pdf (500 actions) has only $long_pages pages"
  fi
  pdftotext -f "$long_pages" -l "$long_pages" long.pdf last.txt
  if grep -qF "page $long_pages of $long_pages" last.txt && grep -qF "Plan milestones" last.txt; then
    pass "long.pdf's last page repeats the header"
  else
    fail "long.pdf's last page has no header or page number"
  fi
  pdftotext -f 2 -l 2 long.pdf second.txt
  if grep -qF "continued" second.txt; then
    pass "long.pdf's second page repeats its priority's band, continued"
  else
    fail "long.pdf's second page does not say which priority it continues"
  fi
  if "$cli" --db long.waymark render gantt -o long.png 2>err.txt; then
    pass "long.png written"
  else
    fail "long.png: $(cat err.txt)"
  fi
else
  echo "skipped: no $generate to make a long plan"
fi

if (( failures > 0 )); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all render file checks passed"
