#!/usr/bin/env bash
# Recalculate a LibreOffice workbook that calls the service, without a window, and save every sheet as CSV:
#
#   examples/libreoffice/recalc.sh examples/libreoffice/allocation.fods out/
#   → out/allocation-allocation.csv, out/allocation-whatif.csv, out/allocation-table.csv
#
# 不打开窗口重新计算工作簿（WEBSERVICE 公式和链接的工作表都会重新取数），每张工作表另存为 CSV。
# For a nightly refresh (cron) or a check that the workbook still works. Needs LibreOffice Calc
# (Debian: apt-get install libreoffice-calc-nogui). SOFFICE=/path/to/soffice to choose one, RECALC_TIMEOUT
# (seconds, default 60) to bound the run.
#
# `soffice --convert-to csv` does not do: it never fetches WEBSERVICE cells (they stay Err:540). So this makes
# a throw-away profile in which Calc updates links without asking and runs the Basic macro Recalc.xba
# (load hidden with links updated, recalculate, store each sheet as CSV, quit).
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: $0 <workbook.fods|.ods> <output folder>" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
soffice="${SOFFICE:-soffice}"
limit="${RECALC_TIMEOUT:-60}"
mkdir -p "$2"
in="$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")"
out="$(cd "$2" && pwd -P)"
name="$(basename "$in")"
name="${name%.*}"
case "$in$out" in *'"'* | *','* | *')'*)
  echo "the paths may not contain \" , or ) (they travel inside a macro: URL): $in $out" >&2
  exit 2
  ;;
esac

profile="$(mktemp -d "${TMPDIR:-/tmp}/recalc-profile-XXXXXX")"
trap 'rm -rf "$profile"' EXIT

# A new profile (--terminate_after_init writes it and quits), then our macro in its Standard library.
timeout -k 5 "$limit" "$soffice" --headless --terminate_after_init "-env:UserInstallation=file://$profile" >/dev/null 2>&1
basic="$profile/user/basic/Standard"
cp "$here/Recalc.xba" "$basic/Recalc.xba"
sed -i 's#</library:library>#<library:element library:name="Recalc"/></library:library>#' "$basic/script.xlb"
# Calc: update links when opening, always (0: WEBSERVICE and linked sheets are links; the default asks, and
# without a window "ask" means never). Macros: the library is the profile's own, so level 0 is only a belt.
# ooSetupLastVersion: without it every start takes the "first start after an upgrade" path (10 s instead of 1).
version="$("$soffice" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+' | head -n 1)"
items='<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>'
items+='<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>0</value></prop></item>'
if [ -n "$version" ]; then
  items+="<item oor:path=\"/org.openoffice.Setup/Product\"><prop oor:name=\"ooSetupLastVersion\" oor:op=\"fuse\"><value>$version</value></prop></item>"
fi
sed -i "s#</oor:items>#$items</oor:items>#" "$profile/user/registrymodifications.xcu"
grep -q 'library:name="Recalc"' "$basic/script.xlb"
grep -q 'Content/Update' "$profile/user/registrymodifications.xcu"

rm -f "$out/$name"-*.csv
status=0
timeout -k 5 "$limit" "$soffice" --headless --norestore "-env:UserInstallation=file://$profile" \
  "macro:///Standard.Recalc.RecalcToCsv(\"$in\",\"$out/$name.csv\")" >/dev/null 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  [ "$status" -eq 124 ] || [ "$status" -eq 137 ] && echo "soffice did not finish within $limit s" >&2
  echo "soffice failed (exit $status) on $in" >&2
  exit 1
fi
if ! ls "$out/$name"-*.csv >/dev/null 2>&1; then
  echo "soffice wrote no CSV for $in (a macro error? open the workbook in LibreOffice to see)" >&2
  exit 1
fi
ls "$out/$name"-*.csv
