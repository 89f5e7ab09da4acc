using System.Diagnostics;
using Chantra.Azure.Azurite;

namespace Chantra.Tests.Infrastructure;

public sealed class BicepTests
{
    [Fact]
    public async Task The_Bicep_templates_build_and_lint_without_a_warning()
    {
        var root = AzuriteProcess.FindRepositoryRoot()!;
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(root, "bicep", "build.sh"));
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"bicep/build.sh exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        Assert.Contains("all builds and lints clean", await stdout, StringComparison.Ordinal);
    }
}
