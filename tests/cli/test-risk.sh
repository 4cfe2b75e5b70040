#!/bin/bash
# test-risk.sh: the risk register from the command line, as a risk lead
# keeping the register in Excel would use it.
#
#   export-csv risks → import-csv risks into a fresh plan gives the same
#   register (the sample, with a risk added; and a generated 200-risk
#   register when bench/waymark-generate is built beside the CLI);
#   a bad file names each row and column and imports nothing;
#   --map reads a register with its own headers;
#   risk add auto-numbers (RR8 after RR7) and refuses bad values by field.
#
# Usage: test-risk.sh PATH-TO-waymark-cli
# Prints TAP; exits non-zero when any check fails.
set -euo pipefail

cli=$(realpath "${1:?usage: test-risk.sh PATH-TO-waymark-cli}")
build_dir=$(dirname "$(dirname "$(dirname "$cli")")")
generate="$build_dir/bench/waymark-generate"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/waymark-risk-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

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

# run ARGS...: runs the CLI; leaves $status, out and err
run ()
{
  set +e
  "$cli" "$@" > out 2> err
  status=$?
  set -e
}

# expect DESCRIPTION STATUS TEXT...: the last run ended with STATUS and its
# stderr (or stdout when it succeeded) holds every TEXT
expect ()
{
  local description=$1 want=$2
  shift 2
  local where=err
  [[ $want -eq 0 ]] && where=out
  if [[ $status -ne $want ]]; then
    not_ok "$description" "exit $status, not $want
stdout: $(cat out)
stderr: $(cat err)"
    return
  fi
  for text in "$@"; do
    if ! grep -qF -- "$text" "$where"; then
      not_ok "$description" "no “$text” in:
$(cat "$where")"
      return
    fi
  done
  ok "$description"
}

# same_file DESCRIPTION A B
same_file ()
{
  if cmp -s "$2" "$3"; then
    ok "$1"
  else
    not_ok "$1" "$(diff "$2" "$3" | head -20)"
  fi
}

count_risks ()
{
  "$cli" --db "$1" export-csv risks | python3 -c 'import csv, sys; print(sum(1 for _ in csv.DictReader(sys.stdin)))'
}

# ---- the sample register, with RR8 added
run --db a.waymark init --sample
run --db a.waymark risk add severity-before=High severity-after=Medium \
  description="Not enough educational psychologists to meet statutory advice timescales" \
  owner="Principal Educational Psychologist" category=Workforce raised=2024-11-01 \
  review=2099-03-31 --mitigation "Locum EPs for six months|Head of SEND|31/03/2025|1.3a" \
  --mitigation "Trainee EP placements" --link 1.3a --link 2.1 --note "Agreed at the SEND board"
expect "risk add gives the next ref, RR8" 0 "Added RR8."
run --db a.waymark risk note RR1 "Interim SENA capacity in place" --date 2024-01-15 \
  --author "Head of SEND"
expect "risk note adds a dated note" 0

run --db a.waymark export-csv risks -o a.csv
expect "export-csv risks writes the register" 0
if python3 - a.csv <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
assert len(rows) == 8, len(rows)
rr8 = rows[7]
assert rr8["ref"] == "RR8"
assert rr8["mitigation_1"] == "Locum EPs for six months"
assert rr8["mitigation_1_owner"] == "Head of SEND"
assert rr8["mitigation_1_due"] == "2025-03-31"
assert rr8["mitigation_1_action"] == "1.3a"
assert rr8["mitigation_2"] == "Trainee EP placements"
assert rr8["linked_actions"] == "1.3a; 2.1", rr8["linked_actions"]
assert "Agreed at the SEND board" in rr8["progress_notes"]
assert ": High → Medium (" in rr8["score_history"], rr8["score_history"]
for field in ("score_before", "band_before", "score_after", "band_after", "trend",
              "reviewed_date", "progress_notes", "score_history", "owner", "category",
              "review_date", "status", "raised"):
    assert field in rr8, field
assert rows[0]["progress_notes"] == "2024-01-15 (Head of SEND): Interim SENA capacity in place"
EOF
then
  ok "the export has every field: mitigations, links, notes, history"
else
  not_ok "the export has every field: mitigations, links, notes, history"
fi

# Into a fresh copy of the plan whose register is empty
run --db b.waymark init --sample
run --db b.waymark risk delete RR1 RR2 RR3 RR4 RR5 RR6 RR7
expect "risk delete empties the register" 0 "Deleted 7 risks."
run --db b.waymark import-csv risks a.csv
expect "import-csv risks reports what it read" 0 "Read 8 rows from a.csv: 8 risks added, 0 updated."
run --db b.waymark export-csv risks -o b.csv
same_file "round trip: the imported register exports the same as the original" a.csv b.csv
run --db b.waymark import-csv risks a.csv
expect "importing it again updates every risk" 0 "8 rows" "0 risks added, 8 updated"
run --db b.waymark export-csv risks -o b2.csv
same_file "and leaves the register as it was" a.csv b2.csv

# ---- a generated 200-risk register into a brand-new, empty plan
if [[ -x $generate ]]; then
  "$generate" --db big.waymark --actions 400 --risks 200 > /dev/null
  run --db big.waymark export-csv risks -o big.csv
  run --db fresh.waymark init
  run --db fresh.waymark import-csv risks big.csv
  expect "200 generated risks import into a new plan" 0 "200 risks added"
  run --db fresh.waymark export-csv risks -o fresh.csv
  same_file "round trip of 200 risks on the 5×5 matrix" big.csv fresh.csv
else
  skip "200 generated risks import into a new plan" "bench/waymark-generate is not built"
  skip "round trip of 200 risks on the 5×5 matrix" "bench/waymark-generate is not built"
fi

# ---- bad rows: each named by line and column; nothing imported
run --db new.waymark init
cat > bad.csv <<'EOF'
ref,raised,description,likelihood_before,impact_before,review_date,owner
RR1,2024-01-10,Good row,4,5,2024-06-30,Head of SEND
RR2,2024-01-10,Likelihood too high,7,3,2024-06-30,Head of SEND
RR3,2024-03-01,Review before raised,2,2,2024-02-01,Head of SEND
RR4,2024-03-01,Owner is a number,2,2,2024-04-01,12345
RR1,2024-03-01,Duplicate,2,2,2024-04-01,DCO
EOF
run --db new.waymark import-csv risks bad.csv
expect "a bad file names every bad row and column" 1 \
  "bad.csv, line 3, column “likelihood_before” (RR2): “7” is outside the scheme: use 1 (Rare) to 5 (Almost certain)" \
  "bad.csv, line 4, column “review_date” (RR3): 01/02/2024 is before the risk was raised (01/03/2024)" \
  "bad.csv, line 5, column “owner” (RR4)" \
  "bad.csv, line 6, column “ref” (RR1)" \
  "nothing was imported"
if [[ $(count_risks new.waymark) -eq 0 ]]; then
  ok "nothing was imported, not even the good row"
else
  not_ok "nothing was imported, not even the good row" "$(count_risks new.waymark) risks"
fi

# ---- a register with its own headers, read with --map, Excel-style
printf '\xef\xbb\xbfReference;Risk;Inherent L;Inherent I;Residual L;Residual I;Next review\r\nRR1;Capacity;Likely;Major;2;3;30/06/2099\r\n' > excel.csv
run --db new.waymark import-csv risks excel.csv --map 'Reference=ref' --map 'Risk=description' \
  --map 'Inherent L=likelihood_before' --map 'Inherent I=impact_before' \
  --map 'Residual L=likelihood_after' --map 'Residual I=impact_after' \
  --map 'Next review=review_date'
expect "--map reads a register with its own headers" 0 "1 risk added"
run --db new.waymark risk list
expect "the mapped risk is scored 4×4=16 before, 2×3=6 after" 0 "4×4=16 Extreme" "2×3=6 Moderate"

# ---- risk add: refused by field, and numbered
run --db new.waymark risk add likelihood-before=6 impact-before=2 description="Too likely"
expect "risk add names the field and value it refuses" 1 "Likelihood before mitigation" "“6”" \
  "nothing was added"
run --db new.waymark risk add RR1 description="Same ref"
expect "a duplicate ref is refused" 1 "Ref: RR1 is already the ref of another risk"
run --db new.waymark risk add likelihood-before=2 impact-before=2 description="Second"
expect "the next ref follows on" 0 "Added RR2."
run --db new.waymark risk list --sort residual
if head -2 out | tail -1 | grep -q '^RR1 '; then
  ok "risk list sorts by residual score, highest first"
else
  not_ok "risk list sorts by residual score, highest first" "$(cat out)"
fi

echo "1..$n"
exit $((failed > 0))
