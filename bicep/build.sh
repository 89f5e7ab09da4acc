#!/usr/bin/env bash
# Builds and lints the Bicep templates in this folder with a pinned Bicep CLI.
#
# The CLI comes from NuGet only (bicep-cli.sh restores Azure.Bicep.CommandLine.linux-x64
# through a throwaway project if it is not in the NuGet cache yet).
#
# Then it runs:
#   bicep build        main.bicep
#   bicep build-params each *.bicepparam
#   bicep lint         main.bicep, every modules/*.bicep and every *.bicepparam
# and exits 1 if any of them failed or reported an error or a warning (Bicep itself exits 0
# on warnings, so the output is checked too). Exit 2: the CLI could not be set up.
#
# Usage: bicep/build.sh        (from any directory; needs the .NET SDK and Linux x86_64)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

bicep="$("$here/bicep-cli.sh")" || exit 2
echo "$("$bicep" --version) ($bicep)"

work="$(mktemp -d "${TMPDIR:-/tmp}/chantra-bicep.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The parameter files read per-deployment inputs from the environment (README.md, "Inputs").
# A deployment must set them; this build only checks that the files compile, so it fills the
# unset ones with placeholders. The compiled parameter files go to a temp dir and are deleted.
placeholder_inputs=(
  CHANTRA_ALERT_EMAIL=ci-placeholder@example.invalid
  CHANTRA_STAFF_API_CLIENT_ID=00000000-0000-0000-0000-000000000000
  CHANTRA_APNS_KEY_ID=CIPLACEHLD
  CHANTRA_APNS_TEAM_ID=CIPLACEHLD
  CHANTRA_APNS_BUNDLE_ID=th.example.placeholder
  CHANTRA_APNS_TOKEN=ci-placeholder
  CHANTRA_FCM_PROJECT_ID=ci-placeholder
  CHANTRA_FCM_CLIENT_EMAIL=ci-placeholder@ci-placeholder.iam.gserviceaccount.com
  CHANTRA_FCM_PRIVATE_KEY=ci-placeholder
)
for input in "${placeholder_inputs[@]}"; do
  name="${input%%=*}"
  [[ -n "${!name:-}" ]] || export "$input"
done

problems=0

# Runs one Bicep command; counts it as a problem if it fails or prints an error or warning.
run() {
  local label="$1"
  shift
  local output rc=0
  output="$("$@" 2>&1)" || rc=$?
  if ((rc != 0)) || grep -Eq '\) : (Error|Warning) ' <<<"$output"; then
    echo "FAIL  $label"
    problems=$((problems + 1))
  else
    echo "ok    $label"
  fi
  if [[ -n "$output" ]]; then
    printf '%s\n' "$output" | sed 's/^/      /'
  fi
}

cd "$here"
shopt -s nullglob
params_files=(*.bicepparam)
module_files=(modules/*.bicep)

run "build main.bicep" "$bicep" build main.bicep --outfile "$work/main.json"
for p in "${params_files[@]}"; do
  run "build-params $p" "$bicep" build-params "$p" --outfile "$work/${p%.bicepparam}.parameters.json"
done
for f in main.bicep "${module_files[@]}" "${params_files[@]}"; do
  run "lint $f" "$bicep" lint "$f"
done

if ((problems > 0)); then
  echo "bicep/build.sh: $problems check(s) failed (errors or warnings above)" >&2
  exit 1
fi
echo "bicep/build.sh: all builds and lints clean"
