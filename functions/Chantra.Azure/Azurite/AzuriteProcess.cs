using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chantra.Azure.Azurite;

/// <summary>
/// Starts Azurite's Table service (the official storage emulator, from npm, pinned in the
/// repository's package.json) in memory on a free loopback port, for the dev host and the tests.
/// Installs it with <c>npm ci</c> first when the repository has not yet.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    // Azurite's well-known development account; public and documented, not a secret.
    private const string DevAccount = "devstoreaccount1";
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevAccount};AccountKey={DevKey};TableEndpoint=http://127.0.0.1:{Port}/{DevAccount};";

    /// <summary>Starts Azurite and waits until it listens.</summary>
    public static async Task<AzuriteProcess> StartAsync(Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        var root = FindRepositoryRoot() ?? throw new InvalidOperationException(
            "Azurite not found: no package.json with azurite above " + AppContext.BaseDirectory + " or " + Environment.CurrentDirectory +
            ". Run 'npm ci' in the repository root, or set a storage connection.");
        var main = Path.Combine(root, "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(main))
        {
            await InstallAsync(root, main, log, cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var psi = new ProcessStartInfo("node")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { main, "--inMemoryPersistence", "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--disableTelemetry", "--skipApiVersionCheck", "--silent" })
            {
                psi.ArgumentList.Add(a);
            }

            var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start node.");
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("successfully", StringComparison.OrdinalIgnoreCase) == true)
                {
                    ready.TrySetResult();
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (!string.IsNullOrEmpty(e.Data))
                {
                    log?.Invoke("azurite: " + e.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var started = await Task.WhenAny(ready.Task, process.WaitForExitAsync(cancellationToken), Task.Delay(TimeSpan.FromSeconds(60), cancellationToken));
            if (started == ready.Task)
            {
                return new AzuriteProcess(process, port);
            }

            Kill(process);
            if (attempt >= 3)
            {
                throw new InvalidOperationException("Azurite did not start (tried three ports).");
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill(_process);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It has exited between the check and the kill.
        }
    }

    /// <summary>Runs 'npm ci' once, even when several processes (test runs, dev hosts) want Azurite at the same moment.</summary>
    private static async Task InstallAsync(string root, string main, Action<string>? log, CancellationToken cancellationToken)
    {
        var lockPath = Path.Combine(root, ".azurite-install.lock");
        FileStream? held = null;
        for (var waited = TimeSpan.Zero; held is null; waited += TimeSpan.FromMilliseconds(250))
        {
            try
            {
                held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (waited < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(250, cancellationToken);
            }
        }

        await using (held)
        {
            if (!File.Exists(main))
            {
                log?.Invoke($"Installing Azurite with 'npm ci' in {root} …");
                await RunAsync("npm", "ci --no-audit --no-fund", root, cancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The nearest folder at or above the binaries or the working directory with a package.json naming azurite.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var package = Path.Combine(dir.FullName, "package.json");
                if (File.Exists(package) && File.ReadAllText(package).Contains("\"azurite\"", StringComparison.Ordinal))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    private static async Task RunAsync(string file, string args, string cwd, CancellationToken ct)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { WorkingDirectory = cwd, UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not start {file}.");
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {args}' failed with exit code {p.ExitCode}.");
        }
    }
}
