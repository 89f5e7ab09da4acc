#!/usr/bin/env bash
# Builds and lints the Bicep templates in this folder with a pinned Bicep CLI.
#
# The CLI comes from NuGet only (package Azure.Bicep.CommandLine.linux-x64): if it is not
# already in the NuGet global packages folder, a throwaway project in a temp directory
# restores it with a PackageDownload item. Nothing is downloaded any other way.
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

readonly BICEP_VERSION="0.49.2"
readonly BICEP_PACKAGE="Azure.Bicep.CommandLine.linux-x64"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

die() {
  echo "bicep/build.sh: $*" >&2
  exit 2
}

[[ "$(uname -s)" == "Linux" && "$(uname -m)" == "x86_64" ]] ||
  die "needs Linux x86_64: the pinned CLI package is $BICEP_PACKAGE"
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is needed to restore the Bicep CLI from NuGet"

work="$(mktemp -d "${TMPDIR:-/tmp}/chantra-bicep.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A throwaway project that only downloads the package. The empty Directory.* files stop
# MSBuild from importing any Directory.Build.props / Directory.Packages.props (central
# package management) from folders above the temp directory.
restore_dir="$work/restore"
mkdir -p "$restore_dir"
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do
  echo '<Project />' >"$restore_dir/$f"
done
sdk_version="$(cd "$restore_dir" && dotnet --version)"
tfm="net$(cut -d. -f1-2 <<<"$sdk_version")"
cat >"$restore_dir/bicep-cli.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>$tfm</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="$BICEP_PACKAGE" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
EOF

# The global packages folder as NuGet sees it from the restore directory (honours
# NUGET_PACKAGES and globalPackagesFolder in NuGet.config).
packages_root="$(cd "$restore_dir" && dotnet nuget locals global-packages --list |
  sed -n 's/^global-packages: *//p' | sed 's:/*$::')"
[[ -n "$packages_root" ]] || die "could not find the NuGet global packages folder"
package_id_lower="$(tr '[:upper:]' '[:lower:]' <<<"$BICEP_PACKAGE")"
bicep="$packages_root/$package_id_lower/$BICEP_VERSION/tools/bicep"

if [[ ! -f "$bicep" ]]; then
  echo "Restoring $BICEP_PACKAGE $BICEP_VERSION from NuGet..."
  if ! restore_log="$(cd "$restore_dir" && dotnet restore bicep-cli.csproj 2>&1)"; then
    printf '%s\n' "$restore_log" >&2
    die "dotnet restore of $BICEP_PACKAGE $BICEP_VERSION failed"
  fi
  [[ -f "$bicep" ]] || die "restored, but $bicep is missing"
fi
# NuGet extracts the binary without guaranteeing the execute bit.
[[ -x "$bicep" ]] || chmod +x "$bicep"

version_line="$("$bicep" --version)"
[[ "$version_line" == *"$BICEP_VERSION"* ]] || die "expected Bicep CLI $BICEP_VERSION, got: $version_line"
echo "$version_line ($bicep)"

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
