#!/usr/bin/env bash
# Regenerates docs/images/report.png, the README's picture of the HTML report: runs the WorkflowBench sample
# into a fresh store, writes that store's HTML report with the runner-harness tool, and screenshots it in
# headless Chromium (Debian's `chromium` package: apt-get install -y chromium).
# Usage: scripts/render-report-image.sh [OUTPUT_PNG]
set -euo pipefail
cd "$(dirname "$0")/.."
output=${1:-docs/images/report.png}
chromium_bin=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium_bin" ]; then
  echo "render-report-image: chromium is missing; install it with 'apt-get update && apt-get install -y chromium'" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/runner-harness-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
store="$work/store"

RUNNER_HARNESS_STORE="$store" RUNNER_HARNESS_RUN_ID=readme dotnet test samples/WorkflowBench --nologo -v q
dotnet run --project src/RunnerHarness.Cli -- report --store "$store" --format html \
  --title "WorkflowBench - simulated models" --output "$work/report.html"

mkdir -p "$(dirname "$output")"
"$chromium_bin" --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
  --user-data-dir="$work/profile" --hide-scrollbars --window-size=1280,1500 \
  --screenshot="$work/report.png" "file://$work/report.html"
cp "$work/report.png" "$output"
echo "render-report-image: wrote $output ($(wc -c < "$output") bytes) from $(find "$store/data" -type f | wc -l) store files"
