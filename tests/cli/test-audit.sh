#!/bin/bash
# test-audit.sh: QA audits of EHC plans from the command line (issue 6):
# import-csv audits of a hand-made moderation spreadsheet, audit-stats
# against figures worked out by hand, bad rows named by line and column
# with nothing imported, and export-csv audits → import-csv audits into a
# fresh plan keeping every score.
#
# Usage: test-audit.sh PATH-TO-waymark-cli
# Prints TAP; exits non-zero when any check fails.
set -euo pipefail

cli=${1:?usage: test-audit.sh PATH-TO-waymark-cli}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
audits=${G_TEST_SRCDIR:-$here/..}/data/audits-moderation.csv
tmp=$(mktemp -d "${TMPDIR:-/tmp}/waymark-audit-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=$tmp/plan.waymark

n=0
failed=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
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
    not_ok "$description" "stdout: $(head -c 3000 "$tmp/out" 2> /dev/null)
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

count_rows ()
{
  "$cli" --db "$1" export-csv audits | tail -n +2 | grep -c . || true
}

run --db "$db" init --area Testshire --title "Audit test"
check "init a new plan" test "$status" -eq 0

# ---------- bad rows: named by line and column, nothing imported ----------

head -n 30 "$audits" > "$tmp/bad.csv"
echo 'EHC-2023-0199,new plan,07/03/2023,Priya Shah,Moderator One,B,5,3,,Education' >> "$tmp/bad.csv"
run --db "$db" import-csv audits "$tmp/bad.csv"
check "a level off the scale is refused, naming line 31 and its column" \
  fails_with 1 "bad.csv, line 31, column “auditor_level”: “5” is not a level of template “EHC plan”" \
  "nothing was imported"
check "and nothing of the 29 good rows before it was imported" test "$(count_rows "$db")" -eq 0

head -n 5 "$audits" > "$tmp/bad.csv"
echo 'Amelia Jones,new plan,07/03/2023,Priya Shah,Moderator One,B,3,3,,Education' >> "$tmp/bad.csv"
run --db "$db" import-csv audits "$tmp/bad.csv"
check "a child's name as the case reference is refused, saying why" \
  fails_with 1 "line 6, column “case_ref”: Case reference “Amelia Jones” looks like a person's name" \
  "never a child's name"

printf 'case_ref,audit_type,date,auditor,moderator,domain,auditor_level,moderator_level,comment\nEHC-1,new plan,07/03/2023,A,M,Section Q,3,3,\n' \
  > "$tmp/bad.csv"
run --db "$db" import-csv audits "$tmp/bad.csv"
check "a domain the template does not have is refused" \
  fails_with 1 "line 2, column “domain”: template “EHC plan” has no domain “Section Q”"

printf 'case_ref,audit_type,date,auditor,moderator,domain,auditor_level,moderator_level,comment\nEHC-1,new plan,07/03/2023,A,M,F,,2,\n' \
  > "$tmp/bad.csv"
run --db "$db" import-csv audits "$tmp/bad.csv"
check "a moderator's level with no auditor's level is refused" \
  fails_with 1 "line 2, column “moderator_level”: F Special educational provision has a moderator's level but no auditor's level"
check "no audit was imported by any refused file" test "$(count_rows "$db")" -eq 0

run --db "$db" import-csv audits "$tmp/missing.csv"
check "a file that is not there" fails_with 1 "missing.csv"

# ---------- the hand-made spreadsheet ----------

# tests/data/audits-moderation.csv: seven EHC plan audits, 14 domains and
# an overall judgement each, scored by an auditor and a moderator.
# Thirteen domains are N/A to both, and are left out of agreement.  The
# other 85 domain pairs are the 85 xeromammograms two radiologists rated
# on four levels in the worked example of the Stata manual ([R] kappa;
# Boyd et al. 1982, in Altman 1991), spread over the audits, so the domain
# figures are published ones: exact agreement 54/85 = 63.5%, within one
# level 82/85 = 96.5%, kappa 0.473, linear weighted 0.568, quadratic
# weighted 0.671.
#
# The overall judgements, by hand (auditor, moderator): (3,3) (2,2) (4,3)
# (2,2) (1,2) (3,3) (2,2): the same on 5 of 7 = 71.4%.  Rows the
# auditor's level, columns the moderator's, n = 7: row totals 1 3 2 1
# (levels 1 to 4), column totals 0 4 3 0.
#   Unweighted: po = 5/7, pe = (3·4 + 2·3)/49 = 18/49,
#     kappa = (35 − 18)/(49 − 18) = 17/31 = 0.548.
#   Linear weights 1 − |i − j|/3: po = (5 + 2·2/3)/7 = 0.90476;
#     49·pe = 4·2/3 + 3·1/3 + 12 + 9·2/3 + 8·2/3 + 6 + 4·1/3 + 3·2/3 = 36.333,
#     pe = 0.74150; kappa = (0.90476 − 0.74150)/(1 − 0.74150) = 0.632.
#   Quadratic weights 1 − (i − j)²/9: po = (5 + 2·8/9)/7 = 0.96825;
#     49·pe = 4·8/9 + 3·5/9 + 12 + 9·8/9 + 8·8/9 + 6 + 4·5/9 + 3·8/9 = 43.222,
#     pe = 0.88209; kappa = (0.96825 − 0.88209)/(1 − 0.88209) = 0.731.
# Cadence: four audits in March–April, three (all warm) in May–June.
run --db "$db" import-csv audits "$audits"
check "import-csv audits reads the spreadsheet" \
  eval '[[ $status -eq 0 ]] && said "Imported 105 rows: 7 audits new, 0 updated, 210 levels."'

run --db "$db" audit-stats
check "audit-stats: exact agreement on the overall judgement, 5 of 7" \
  eval '[[ $status -eq 0 ]] && said "Overall judgement, exact agreement: 5 of 7 audits (71.4%), below target"'
check "audit-stats: the overall judgement's kappa, by hand" \
  said "Overall judgement, weighted kappa (linear): 0.632 (" \
       "Overall judgement, weighted kappa (quadratic): 0.731 (" \
       "Overall judgement, kappa (unweighted): 0.548 ("
check "audit-stats: the domains' agreement, as published" \
  said "Domain levels, exact agreement: 54 of 85 pairs (63.5%)" \
       "Domain levels, within one level: 82 of 85 pairs (96.5%)" \
       "Domain levels, weighted kappa (linear): 0.568 (" \
       "Domain levels, weighted kappa (quadratic): 0.671 (" \
       "Domain levels, kappa (unweighted): 0.473 ("
check "audit-stats: cadence against 8 every two months and 3 warm a quarter" \
  said "Mar–Apr 2023: 4 moderated of 4 audited, below target" \
       "May–Jun 2023: 3 moderated of 3 audited, below target" \
       "Q2 2023: 3, target met"
check "audit-stats: agreement by auditor" \
  said "Priya Shah: overall judgement 3 of 4 audits (75.0%)" \
       "Tom Okafor: overall judgement 2 of 3 audits (66.7%)"

run --db "$db" audit-stats --format csv
check "audit-stats --format csv: one row per figure, with the 95% interval" \
  eval '[[ $status -eq 0 ]] && said "measure,scope,detail,value,numerator,denominator,lower,upper,target" \
        "overall_exact_agreement,all,,0.714286,5,7,,,0.80" \
        "domain_kappa_linear,all,,0.568399,,85,"'
check "the CSV's linear kappa rounds to the published 0.568" \
  eval 'awk -F, '\''$1 == "domain_kappa_linear" && $2 == "all" { printf "%.3f\n", $4 }'\'' "$tmp/out" | grep -qx 0.568'

run --db "$db" audit-stats --from 01/05/2023 --to 2023-06-30
check "audit-stats --from --to counts May and June only" \
  eval '[[ $status -eq 0 ]] && said "3 audits, 3 moderated" "Overall judgement, exact agreement: 2 of 3 audits (66.7%)"'
run --db "$db" audit-stats --from 31/02/2023
check "audit-stats --from that is not a date" fails_with 2 "--from" "is not a date"
run --db "$db" audit-stats --format xml
check "audit-stats --format xml" fails_with 2 "choose text or csv"

# ---------- round trip ----------

run --db "$db" export-csv audits -o "$tmp/export.csv"
check "export-csv audits" test "$status" -eq 0
check "one row per scored domain and overall judgement" test "$(count_rows "$db")" -eq 105

fresh=$tmp/fresh.waymark
run --db "$fresh" init --area Elsewhere --title "Another plan"
run --db "$fresh" import-csv audits "$tmp/export.csv"
check "the export imports into a fresh plan" \
  eval '[[ $status -eq 0 ]] && said "7 audits new"'
"$cli" --db "$db" export-csv audits > "$tmp/a.csv"
"$cli" --db "$fresh" export-csv audits > "$tmp/b.csv"
check "every score, comment and field came back" cmp -s "$tmp/a.csv" "$tmp/b.csv"
run --db "$fresh" audit-stats
check "and the fresh plan's statistics are the same" \
  said "Domain levels, weighted kappa (linear): 0.568 (" "5 of 7 audits (71.4%)"

run --db "$fresh" import-csv audits "$tmp/export.csv"
check "importing the same file again updates, adding nothing" \
  eval '[[ $status -eq 0 ]] && said "0 audits new, 7 updated" && [[ $(count_rows "$fresh") -eq 105 ]]'

echo "1..$n"
[[ $failed -eq 0 ]]
