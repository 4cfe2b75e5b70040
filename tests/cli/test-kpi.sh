#!/bin/bash
# test-kpi.sh: KPIs from the command line, as a programme office keeps them
# (issue 7): kpi add/list/show, import-csv kpi-values|kpi-benchmarks with
# bad input, import-dfe on the DfE's real open data, export-csv, and
# render kpi/dashboard to files checked by rsvg-convert, qpdf and pdftotext.
#
# Usage: test-kpi.sh PATH-TO-waymark-cli
# Prints TAP; exits non-zero when any check fails.
set -euo pipefail

cli=${1:?usage: test-kpi.sh PATH-TO-waymark-cli}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dfe=${G_TEST_SRCDIR:-$here/..}/data/dfe-ehcp-timeliness-2019-sample.csv
tmp=$(mktemp -d "${TMPDIR:-/tmp}/waymark-kpi-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=$tmp/plan.waymark

n=0
failed=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
skip () { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
not_ok ()
{
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  if [[ -n ${2:-} ]]; then
    sed 's/^/#   /' <<< "$2"
  fi
}

check ()
{
  local description=$1
  shift
  if "$@"; then
    ok "$description"
  else
    not_ok "$description" "stdout: $(head -c 2000 "$tmp/out" 2> /dev/null)
stderr: $(cat "$tmp/err" 2> /dev/null)"
  fi
}

run ()
{
  set +e
  "$cli" "$@" > "$tmp/out" 2> "$tmp/err"
  status=$?
  set -e
}

# fails_with STATUS TEXT...: failed with STATUS, saying each TEXT on stderr
fails_with ()
{
  local want=$1
  shift
  [[ $status -eq $want ]] || return 1
  head -n 1 "$tmp/err" | grep -q '^waymark-cli: ' || return 1
  for text in "$@"; do
    grep -qF -- "$text" "$tmp/err" || return 1
  done
}

said ()
{
  for text in "$@"; do
    grep -qF -- "$text" "$tmp/out" || return 1
  done
}

count_values ()
{
  "$cli" --db "$db" export-csv kpi-values | tail -n +2 | grep -c . || true
}

# ---------- the sample's KPIs ----------

run --db "$db" init --sample
check "init --sample" test "$status" -eq 0

run --db "$db" kpi list
check "kpi list shows K3 with its latest value, rating and travel" \
  eval '[[ $status -eq 0 ]] && grep -E "^K3 .*5\.2% \(Apr 2024\) +Red +worse" "$tmp/out" > /dev/null'
check "kpi list shows the derived K15 and the context measure K11" \
  eval 'said "K15   Actions on track" && grep -E "^K11 .*6,201 \(2023\) +Not rated +rising" "$tmp/out" > /dev/null'

run --db "$db" kpi show K3
check "kpi show K3 has the England benchmark from the DfE's 2026 release" \
  eval '[[ $status -eq 0 ]] && said "England — DfE" && grep -qE "^2019 +60\.4%" "$tmp/out" && grep -qE "^2025 +46\.1%" "$tmp/out"'

# ---------- kpi add ----------

run --db "$db" kpi add K20 --name "Tribunal appeals registered" --unit count --direction lower \
  --target 12 --frequency quarterly
check "kpi add" eval '[[ $status -eq 0 ]] && said "Added KPI K20"'
run --db "$db" kpi add K20 --name "Again" --unit count --direction lower
check "kpi add refuses a code already used" fails_with 1 "already a KPI K20"
run --db "$db" kpi add K21 --name "X" --unit furlongs --direction lower
check "kpi add names a unit it does not know" fails_with 1 "unit “furlongs”" "percent, count"
run --db "$db" kpi add K21 --name "X" --unit percent --direction higher --target 120
check "kpi add refuses a percentage target over 100" fails_with 1 "target" "more than 100"
run --db "$db" kpi add K21 --unit percent --direction higher
check "kpi add without --name is a usage error" fails_with 2 "--name"

# ---------- import-csv kpi-values ----------

before=$(count_values)
printf 'kpi,period,value,numerator,denominator,note\r\nK20,2024-Q1,"1,520",,,from the tribunal list\r\nK20,Q2 2024,14,,,\r\nK1,May-24,92.5,37,40,\r\n' \
  > "$tmp/good.csv"
run --db "$db" import-csv kpi-values "$tmp/good.csv"
check "import-csv kpi-values reads “1,520”, Q2 2024 and May-24" \
  eval '[[ $status -eq 0 ]] && said "Imported 3 values: 3 new, 0 replaced."'
check "the three values are in the plan" test "$(count_values)" -eq $((before + 3))

run --db "$db" kpi list
check "K1's latest value is now May 2024's" \
  eval 'grep -E "^K1 .*92\.5% \(May 2024\) +Green +better" "$tmp/out" > /dev/null'

before=$(count_values)
bad_import ()
{
  local description=$1 contents=$2
  shift 2
  printf '%b' "$contents" > "$tmp/bad.csv"
  run --db "$db" import-csv kpi-values "$tmp/bad.csv"
  check "$description" fails_with 1 "bad.csv" "$@" "nothing was imported"
  check "… and nothing was imported" test "$(count_values)" -eq "$before"
}
bad_import "“n/a” names its line and column" \
  'kpi,period,value\nK1,2024-06,90\nK1,2024-07,n/a\n' 'line 3, column “value”' '“n/a” is not a number'
bad_import "“12%” in a count KPI" \
  'kpi,period,value\nK20,2024-Q3,12%%\n' 'line 2, column “value”' 'is a percentage'
bad_import "a percentage over 100" \
  'kpi,period,value\nK1,2024-06,104\n' 'line 2, column “value”' 'more than 100'
bad_import "a duplicate period" \
  'kpi,period,value\nK1,2024-06,90\nK1,Jun-24,91\n' 'line 3, column “period”' 'twice (lines 2 and 3)'
bad_import "a period that does not match the frequency" \
  'kpi,period,value\nK1,2024-Q3,90\n' 'line 2, column “period”' 'is a quarter, but the KPI is monthly'
bad_import "a KPI the plan does not have" \
  'kpi,period,value\nK1,2024-06,90\nK99,2024-06,1\n' 'line 3, column “kpi”' 'no KPI “K99”'
bad_import "a numerator over its denominator" \
  'kpi,period,value,numerator,denominator\nK1,2024-06,,45,40\n' 'line 2, column “numerator”' \
  'more than the denominator'

printf 'Measure;Month;Result\r\nK20;2024-Q3;9\r\n' > "$tmp/mapped.csv"
run --db "$db" import-csv kpi-values "$tmp/mapped.csv" --map 'Measure=kpi' --map 'Month=period' \
  --map 'Result=value'
check "--map reads a file with its own headers (and ; from a continental Excel)" \
  eval '[[ $status -eq 0 ]] && said "Imported 1 value"'

run --db "$db" import-csv kpi-values "$tmp/mapped.csv"
check "without the map, the missing columns are named" \
  fails_with 1 "no column for kpi, period, value" "--map"

run --db "$db" import-csv risks-and-issues "$tmp/good.csv"
check "import-csv names the kinds it knows" fails_with 2 "kpi-values" "kpi-benchmarks"

# ---------- benchmarks ----------

printf 'kpi,series,period,value,source\nK20,Statistical neighbours,2024-Q1,11,illustrative\nK20,Statistical neighbours,2024-Q2,10.5,illustrative\n' \
  > "$tmp/bench.csv"
run --db "$db" import-csv kpi-benchmarks "$tmp/bench.csv"
check "import-csv kpi-benchmarks" eval '[[ $status -eq 0 ]] && said "Imported 2 benchmark values"'
run --db "$db" export-csv kpi-benchmarks
check "export-csv kpi-benchmarks writes them back in import's columns" \
  eval '[[ $status -eq 0 ]] && head -n 1 "$tmp/out" | grep -q "^kpi,series,period,value,source" && said "K20,Statistical neighbours,2024-Q2,10.5,illustrative"'

run --db "$db" export-csv kpi-values
cp "$tmp/out" "$tmp/values.csv"
check "export-csv kpi-values has import's columns" \
  eval 'head -n 1 "$tmp/values.csv" | grep -q "^kpi,period,value,numerator,denominator,note,source"'
run --db "$db" import-csv kpi-values "$tmp/values.csv"
check "an export imports back unchanged: every period replaced, none added" \
  eval '[[ $status -eq 0 ]] && said " 0 new, "'

# ---------- the DfE's open data ----------

run --db "$db" kpi add T20 --name "New EHC plans issued within 20 weeks" --unit percent \
  --direction higher --target 60 --frequency annual
run --db "$db" import-dfe "$dfe" --measure pc_plans_issued_20_weeks_ex --kpi T20 --own Gateshead \
  --numerator plans_issued_20_weeks_ex --denominator plans_issued_den_ex
check "import-dfe: Gateshead's row and England's and the North East's" \
  eval '[[ $status -eq 0 ]] && said "Imported 3 values" "(2 of them benchmark values)"'
run --db "$db" kpi show T20
check "England 2019 is 60.4% (excluding exceptions), Gateshead 96.6% (171 of 177)" \
  eval 'grep -qE "^2019 +96\.6%  \(171 of 177\)" "$tmp/out" && grep -qE "^2019 +60\.4%$" "$tmp/out" && said "England —" "North East —"'

run --db "$db" kpi add W --name "Average weeks to issue a plan" --unit weeks --direction lower \
  --frequency annual
run --db "$db" import-dfe "$dfe" --measure avg_weeks_issue_plan --kpi W --own Gateshead
check "import-dfe: x is a missing value, not a zero" \
  eval '[[ $status -eq 0 ]] && said "3 recorded as missing"'
run --db "$db" kpi show W
check "… shown as missing with the DfE's meaning" eval 'said "missing  x in the DfE file: not available"'

run --db "$db" import-dfe "$dfe" --measure pc_plans_issued_20_weeks_ex --kpi T20 \
  --own Leicestershire
check "import-dfe names an authority the file does not have" \
  fails_with 1 "no “All EHC plans” rows for local authority “Leicestershire”" "Gateshead"
run --db "$db" import-dfe "$dfe" --measure pc_plans_issued_20_weeks_ex --kpi K3 --own Gateshead
check "import-dfe will not put calendar years into a monthly KPI" \
  fails_with 1 "column “time_identifier”" "is a calendar year, but K3 is monthly"

# ---------- render ----------

for ext in png svg pdf; do
  run --db "$db" render kpi K3 -o "$tmp/k3.$ext" --rolling 12
  check "render kpi K3 -o k3.$ext" test "$status" -eq 0
done
check "the PNG is a PNG" eval '[[ $(head -c 4 "$tmp/k3.png" | od -An -c | tr -d " ") == "211PNG" ]]'
if command -v rsvg-convert > /dev/null; then
  check "rsvg-convert renders the SVG" rsvg-convert -o "$tmp/k3-svg.png" "$tmp/k3.svg"
else
  skip "rsvg-convert renders the SVG" "rsvg-convert is not installed"
fi
if command -v qpdf > /dev/null; then
  check "qpdf --check passes the PDF" eval 'qpdf --check "$tmp/k3.pdf" > /dev/null'
else
  skip "qpdf --check passes the PDF" "qpdf is not installed"
fi
if command -v pdftotext > /dev/null; then
  pdftotext "$tmp/k3.pdf" "$tmp/k3.txt"
  check "pdftotext finds the KPI's name, latest value and rating" \
    eval 'grep -qF "EHC needs assessments completed within 20 weeks" "$tmp/k3.txt" && grep -qF "Latest 5.2% (Apr 2024): Red" "$tmp/k3.txt" && grep -qF "England 46.1%" "$tmp/k3.txt"'
else
  skip "pdftotext finds the KPI's name and latest value" "pdftotext is not installed"
fi

run --db "$db" render dashboard -o "$tmp/dash.pdf"
check "render dashboard -o dash.pdf" test "$status" -eq 0
if command -v qpdf > /dev/null && command -v pdftotext > /dev/null; then
  check "the dashboard PDF passes qpdf --check" eval 'qpdf --check "$tmp/dash.pdf" > /dev/null'
  pdftotext "$tmp/dash.pdf" "$tmp/dash.txt"
  check "the dashboard has every KPI's card over its pages" \
    eval 'grep -qF "K1 Decisions to assess" "$tmp/dash.txt" && grep -qF "T20" "$tmp/dash.txt" && grep -qF "page 2 of" "$tmp/dash.txt"'
fi

run --db "$db" render kpi K99 -o "$tmp/k99.png"
check "render kpi names a KPI that does not exist" fails_with 1 "no KPI “K99”" "K1, K2"
run --db "$db" render kpi K3 -o "$tmp/k3.jpg"
check "render kpi refuses an extension it cannot write" fails_with 1 ".png, .svg or .pdf"
run --db "$db" render kpi K3
check "render kpi without -o is a usage error" fails_with 2 "-o FILE"

echo "1..$n"
[[ $failed -eq 0 ]]
