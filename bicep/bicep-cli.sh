#!/usr/bin/env bash
# Prints the path of the pinned Bicep CLI, restoring it from NuGet first if needed.
#
# The CLI comes from NuGet only (package Azure.Bicep.CommandLine.linux-x64): if it is not
# already in the NuGet global packages folder, a throwaway project in a temp directory
# restores it with a PackageDownload item. Nothing is downloaded any other way.
#
# Stdout: the absolute path of the `bicep` executable, and nothing else. Progress and errors
# go to stderr. Exit 2: the CLI could not be set up.
#
# Used by bicep/build.sh and by the policy tests (tests/Chantra.Tests/Infrastructure/BicepPolicy*.cs).
# Usage: bicep/bicep-cli.sh      (needs the .NET SDK and Linux x86_64)
set -euo pipefail

readonly BICEP_VERSION="0.49.2"
readonly BICEP_PACKAGE="Azure.Bicep.CommandLine.linux-x64"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

die() {
  echo "bicep/bicep-cli.sh: $*" >&2
  exit 2
}

[[ "$(uname -s)" == "Linux" && "$(uname -m)" == "x86_64" ]] ||
  die "needs Linux x86_64: the pinned CLI package is $BICEP_PACKAGE"
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is needed to restore the Bicep CLI from NuGet"

work="$(mktemp -d "${TMPDIR:-/tmp}/chantra-bicep-cli.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A throwaway project that only downloads the package. The empty Directory.* files stop
# MSBuild from importing any Directory.Build.props / Directory.Packages.props (central
# package management) from folders above the temp directory.
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do
  echo '<Project />' >"$work/$f"
done
sdk_version="$(cd "$work" && dotnet --version)"
tfm="net$(cut -d. -f1-2 <<<"$sdk_version")"
cat >"$work/bicep-cli.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>$tfm</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="$BICEP_PACKAGE" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
PROJ

# The global packages folder as NuGet sees it from the restore directory (honours
# NUGET_PACKAGES and globalPackagesFolder in NuGet.config).
packages_root="$(cd "$work" && dotnet nuget locals global-packages --list |
  sed -n 's/^global-packages: *//p' | sed 's:/*$::')"
[[ -n "$packages_root" ]] || die "could not find the NuGet global packages folder"
package_id_lower="$(tr '[:upper:]' '[:lower:]' <<<"$BICEP_PACKAGE")"
bicep="$packages_root/$package_id_lower/$BICEP_VERSION/tools/bicep"

if [[ ! -f "$bicep" ]]; then
  echo "Restoring $BICEP_PACKAGE $BICEP_VERSION from NuGet..." >&2
  if ! restore_log="$(cd "$work" && dotnet restore bicep-cli.csproj 2>&1)"; then
    printf '%s\n' "$restore_log" >&2
    die "dotnet restore of $BICEP_PACKAGE $BICEP_VERSION failed"
  fi
  [[ -f "$bicep" ]] || die "restored, but $bicep is missing"
fi
# NuGet extracts the binary without guaranteeing the execute bit.
[[ -x "$bicep" ]] || chmod +x "$bicep"

version_line="$("$bicep" --version)"
[[ "$version_line" == *"$BICEP_VERSION"* ]] || die "expected Bicep CLI $BICEP_VERSION, got: $version_line"
printf '%s\n' "$bicep"
