#!/bin/bash
# test-sync-cli.sh: sync by file through waymark-cli (issue 3, "Done when")
#
# Usage: test-sync-cli.sh PATH-TO-waymark-cli
# A is made from the sample, B joins from A's full changes file; A edits
# action 1.1 and B edits 2.1; files both ways: both export the same CSV.
# Then both edit the same field of 1.2a, exchange (one file imported
# twice): the same winning value on both, one conflict each, resolved
# from the command line.  Prints TAP; exits non-zero when a check fails.
set -euo pipefail

cli=${1:?usage: test-sync-cli.sh PATH-TO-waymark-cli}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/waymark-sync-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
a=$tmp/office.waymark
b=$tmp/dco.waymark

n=0
failed=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok ()
{
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  sed 's/^/#   /' "$tmp/out" "$tmp/err" 2> /dev/null || true
}

# check DESCRIPTION COMMAND...: one TAP line for the command's success
check ()
{
  local description=$1
  shift
  if "$@"; then ok "$description"; else not_ok "$description"; fi
}

# run ARGS...: runs the CLI; leaves $status, $tmp/out and $tmp/err
run ()
{
  set +e
  "$cli" "$@" > "$tmp/out" 2> "$tmp/err"
  status=$?
  set -e
}

succeeded () { [[ $status -eq 0 ]]; }
says () { grep -qF -- "$1" "$tmp/out"; }
complains () { [[ $status -eq $1 ]] && grep -qF -- "$2" "$tmp/err"; }

# the plan as a person sees it: the actions and the risk register as CSV
plan_csv ()
{
  "$cli" --db "$1" export-csv actions
  "$cli" --db "$1" export-csv risks
}

same_plan () { cmp -s <(plan_csv "$a") <(plan_csv "$b"); }

site_of ()
{
  "$cli" --db "$1" sync-status | sed -n 's/^  site id \([0-9a-f-]*\),.*/\1/p'
}

# cell DB CODE COLUMN: one field of an action, from the CSV
cell ()
{
  "$cli" --db "$1" export-csv actions | python3 -c '
import csv, sys
for row in csv.DictReader(sys.stdin):
    if row["code"] == sys.argv[1]:
        print(row[sys.argv[2]])' "$2" "$3"
}

# ---------- joining ----------

run --db "$a" init --sample
check "A is made from the sample plan" succeeded

run --db "$a" sync-export -o "$tmp/a-full.waymark-sync" --all
check "A writes its whole plan to a changes file" eval 'succeeded && says "the whole plan"'
check "the changes file is readable by its owner only" \
  test "$(stat -c %a "$tmp/a-full.waymark-sync")" = 600

run --db "$b" sync-import "$tmp/a-full.waymark-sync"
check "B joins by importing it: the database is created" \
  eval 'succeeded && [[ -f $b ]] && says "Joined the plan" && says "This laptop'"'"'s site id"'
check "B holds the same plan as A" same_plan

site_a=$(site_of "$a")
site_b=$(site_of "$b")
check "A and B have their own site ids" \
  eval '[[ -n $site_a && -n $site_b && $site_a != "$site_b" ]]'

run --db "$b" sync-status
check "sync-status on B names A as a laptop it has imported from" \
  eval 'succeeded && says "site ${site_a:0:8}"'

# ---------- edits both ways ----------

"$cli" --db "$a" set action 1.1 progress="Co-production workshops held in May" > /dev/null
"$cli" --db "$b" set action 2.1 progress="Health advice audit booked for June" > /dev/null

run --db "$b" sync-export --peer "${site_a:0:8}" -o "$tmp/b1.waymark-sync"
check "B writes a file for A (--peer by the start of A's site id)" \
  eval 'succeeded && says "changed cell"'
run --db "$a" sync-import "$tmp/b1.waymark-sync"
check "A imports B's file: one action changed" eval 'succeeded && grep -qE "action +0 added, +1 changed" "$tmp/out"'
run --db "$a" sync-export --peer "${site_b:0:8}" -o "$tmp/a1.waymark-sync"
check "A writes only what B has not seen" eval 'succeeded && grep -qE "^Wrote .*: [0-9]+ changed cells? in 1 record " "$tmp/out"'
run --db "$b" sync-import "$tmp/a1.waymark-sync"
check "B imports A's file" succeeded

check "A and B export the same actions and risks" same_plan
check "B has A's edit of 1.1" \
  test "$(cell "$b" 1.1 progress)" = "Co-production workshops held in May"
check "A has B's edit of 2.1" \
  test "$(cell "$a" 2.1 progress)" = "Health advice audit booked for June"

run --db "$b" sync-status
check "sync-status on B: A has acknowledged all of B's changes" \
  eval 'succeeded && says "it has acknowledged all our changes" && says "Open conflicts: 0"'
run --db "$a" sync-status
check "sync-status on A: B has not yet acknowledged the cell A sent" \
  eval 'succeeded && says "1 changed cell it has not acknowledged: sync-export --peer ${site_b:0:8}"'

# ---------- the same field, both sides ----------

"$cli" --db "$a" set action 1.2a progress="Office: on track" > /dev/null
"$cli" --db "$b" set action 1.2a progress="DCO: delayed by recruitment" > /dev/null
"$cli" --db "$a" sync-export --peer "${site_b:0:8}" -o "$tmp/a2.waymark-sync" > /dev/null
"$cli" --db "$b" sync-export --peer "${site_a:0:8}" -o "$tmp/b2.waymark-sync" > /dev/null

run --db "$a" sync-import "$tmp/b2.waymark-sync"
check "A imports B's file: one new conflict" eval 'succeeded && says "1 new conflict"'
run --db "$a" sync-import "$tmp/b2.waymark-sync"
check "importing the same file again changes nothing" \
  eval 'succeeded && says "Nothing new" && ! says "new conflict"'
run --db "$b" sync-import "$tmp/a2.waymark-sync"
check "B imports A's file: one new conflict" eval 'succeeded && says "1 new conflict"'

winner=$(cell "$a" 1.2a progress)
check "both hold the same winning value for 1.2a" \
  eval '[[ -n $winner && $winner == "$(cell "$b" 1.2a progress)" ]]'
check "and the same plan" same_plan

for db in "$a" "$b"; do
  run --db "$db" conflicts list
  check "$(basename "$db"): one conflict, on action 1.2a, field progress, with both values" \
    eval 'succeeded && [[ $(grep -c "^Conflict " "$tmp/out") -eq 1 ]] && says "action 1.2a, field “progress”" && says "“Office: on track”" && says "“DCO: delayed by recruitment”"'
  check "$(basename "$db"): the conflict says who wrote each and when" \
    eval '[[ $(grep -cE "written by .*\(site [0-9a-f]{8}\) on 20[0-9]{2}-[0-9]{2}-[0-9]{2} at" "$tmp/out") -eq 2 ]]'
done

# The office keeps its own value: a new edit, which reaches B.
id=$("$cli" --db "$a" conflicts list | sed -n 's/^Conflict \([0-9]*\):.*/\1/p')
run --db "$a" conflicts resolve "$id" keep-mine
check "conflicts resolve ID keep-mine on A" eval 'succeeded && says "resolved"'
check "A now holds its own value" test "$(cell "$a" 1.2a progress)" = "Office: on track"
run --db "$a" conflicts list
check "no open conflicts left on A" eval 'succeeded && says "No open conflicts."'
run --db "$a" conflicts list --all
check "conflicts list --all still shows it, resolved" \
  eval 'succeeded && says "resolved" && says "keep-mine"'
run --db "$a" conflicts resolve "$id" take-theirs
check "a resolved conflict cannot be resolved again" complains 1 "already resolved"

"$cli" --db "$a" sync-export --peer "${site_b:0:8}" -o "$tmp/a3.waymark-sync" > /dev/null
run --db "$b" sync-import "$tmp/a3.waymark-sync"
check "B imports the resolution without a new conflict" \
  eval 'succeeded && ! says "new conflict"'
check "…and it settles B's copy of the conflict" eval 'says "1 open conflict settled"'
check "B now holds the office's value" test "$(cell "$b" 1.2a progress)" = "Office: on track"
check "A and B export the same plan again" same_plan
run --db "$b" conflicts list
check "no open conflicts left on B" eval 'succeeded && says "No open conflicts."'
run --db "$b" conflicts list --all
check "B's conflict is listed as settled elsewhere" eval 'succeeded && says "settled elsewhere"'

# ---------- refusals ----------

before=$(plan_csv "$b" | sha256sum)
printf 'Code,Title\n1.1,Reform\n' > "$tmp/actions.csv"
run --db "$b" sync-import "$tmp/actions.csv"
check "a CSV file is refused, naming it" complains 1 "$tmp/actions.csv"
check "and B is unchanged" test "$(plan_csv "$b" | sha256sum)" = "$before"

head -c 5000 "$tmp/a3.waymark-sync" > "$tmp/cut.waymark-sync"
run --db "$b" sync-import "$tmp/cut.waymark-sync"
check "a truncated file is refused as damaged" complains 1 "damaged"
run --db "$tmp/new.waymark" sync-import "$tmp/cut.waymark-sync"
check "a refused file leaves no half-made database behind" \
  eval '[[ $status -eq 1 && ! -e $tmp/new.waymark && ! -e $tmp/new.waymark-wal ]]'

"$cli" --db "$tmp/other.waymark" init --area Rutland --title "Rutland WSOA" > /dev/null
"$cli" --db "$tmp/other.waymark" sync-export -o "$tmp/other.waymark-sync" > /dev/null
run --db "$b" sync-import "$tmp/other.waymark-sync"
check "a file from another plan is refused, naming both plans" \
  eval 'complains 1 "Rutland WSOA" && grep -qF "Leicestershire" "$tmp/err"'

run --db "$a" sync-import "$tmp/a3.waymark-sync"
check "A's own file is refused" complains 1 "made by this database"
run --db "$a" sync-export --peer 00000000 -o "$tmp/x.waymark-sync"
check "--peer for an unknown laptop says so" complains 1 "has been imported here"
run --db "$a" sync-export
check "sync-export without -o is a usage error" complains 2 "-o FILE"
run --db "$a" conflicts resolve 999 keep-mine
check "resolving a conflict that does not exist fails" complains 1 "no conflict 999"
run --db "$a" conflicts resolve "$id" maybe
check "keep-mine or take-theirs, nothing else" complains 2 "keep-mine or take-theirs"

echo "1..$n"
[[ $failed -eq 0 ]]
