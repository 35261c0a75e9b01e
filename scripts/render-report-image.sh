#!/usr/bin/env bash
# Regenerates docs/images/report.png, the README's picture of the interactive HTML report: runs the WorkflowBench
# sample into a fresh store, writes that store's HTML report with the runner-harness tool, and has Playwright drive
# Debian's Chromium (apt-get install -y chromium) through it - a group opened to its samples, a sample to its record -
# and take the picture (tests/RunnerHarness.Cli.Tests/Reporting/ReadmePictureTests.cs).
# Usage: scripts/render-report-image.sh [OUTPUT_PNG]
set -euo pipefail
cd "$(dirname "$0")/.."
output=$(realpath -m "${1:-docs/images/report.png}")
if [ ! -x /usr/bin/chromium ]; then
  echo "render-report-image: /usr/bin/chromium is missing; install it with 'apt-get update && apt-get install -y chromium'" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/runner-harness-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
store="$work/store"

RUNNER_HARNESS_STORE="$store" RUNNER_HARNESS_RUN_ID=readme dotnet test samples/WorkflowBench --nologo -v q
dotnet run --project src/RunnerHarness.Cli -- report --store "$store" --format html \
  --title "WorkflowBench - simulated models" --output "$work/report.html"

mkdir -p "$(dirname "$output")"
RUNNER_HARNESS_README_REPORT="$work/report.html" RUNNER_HARNESS_README_IMAGE="$output" \
  dotnet test tests/RunnerHarness.Cli.Tests --nologo -v q --filter "FullyQualifiedName~ReadmePictureTests"
echo "render-report-image: wrote $output ($(wc -c < "$output") bytes) from $(find "$store/data" -type f | wc -l) store files"
