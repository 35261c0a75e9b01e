#!/usr/bin/env bash
# Merges RunnerHarness stores by copying their sealed files into one store. Sealed files never change and
# their names are unique per writer (host, process, time, random), so copying is the whole merge; a file
# that two sources both hold must be byte-identical (the same artifact downloaded twice), else this fails.
# Each source is a store (a folder with data/) or a data/ folder itself (as an uploaded artifact holds it).
# Files are copied to TARGET/tmp first and renamed into TARGET/data, so a reader never sees half a file.
# Usage: merge-stores.sh TARGET_STORE SOURCE...
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: merge-stores.sh TARGET_STORE SOURCE..." >&2
  exit 2
fi
target=$1
shift
mkdir -p "$target/data" "$target/tmp"
copied=0
for source in "$@"; do
  data="$source/data"
  [ -d "$data" ] || data="$source"
  if [ ! -d "$data" ]; then
    echo "merge-stores: $source is neither a store nor a data folder" >&2
    exit 2
  fi
  while IFS= read -r -d '' file; do
    relative=${file#"$data"/}
    dest="$target/data/$relative"
    if [ -e "$dest" ]; then
      if ! cmp -s "$file" "$dest"; then
        echo "merge-stores: $relative differs between $source and $target; sealed files never change, so one of them is damaged" >&2
        exit 1
      fi
      continue
    fi
    mkdir -p "$(dirname "$dest")"
    temp=$(mktemp "$target/tmp/merge.XXXXXX")
    cp "$file" "$temp"
    mv "$temp" "$dest"
    copied=$((copied + 1))
  done < <(find "$data" -type f \( -name '*.jsonl' -o -name '*.parquet' \) -print0)
done
echo "merge-stores: copied $copied files into $target/data"
