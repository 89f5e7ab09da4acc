using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Chantra.Azure.Azurite;

namespace Chantra.Tests.Widget;

/// <summary>
/// The dev host in its own process, as in DevHostProcessTests (a copy of its small helper, so the
/// widget tests share one host between them as an xunit class fixture).
/// </summary>
public sealed class DevHostServer : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly System.Text.StringBuilder _output = new();
    private Process? _process;
    private HttpClient? _http;

    public Uri BaseUri { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var root = AzuriteProcess.FindRepositoryRoot() ?? throw new InvalidOperationException("Repository root not found.");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var bin = Path.Combine(root, "functions", "Chantra.DevHost", "bin", configuration, "net10.0");
        var port = FreePort();
        BaseUri = new Uri($"http://127.0.0.1:{port}");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = bin, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(bin, "Chantra.DevHost.dll"));
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(BaseUri.ToString().TrimEnd('/'));
        // Sittings are replayed one a minute from the start; scraping every 2 s shows them live promptly.
        psi.Environment["Schedules__ScrapeMeetings"] = "*/2 * * * * *";
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Log(e.Data);
        _process.ErrorDataReceived += (_, e) => Log(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(20) };

        // Every test starts against a host that answers: one that only blocks the API (the API-down test)
        // would otherwise race the host's start when it runs first or alone.
        await PollAsync("/dev/widget", _ => true, json: false);
    }

    private void Log(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Asks until the answer satisfies <paramref name="ready"/>; fails with the host's output when patience runs out.</summary>
    public async Task<JsonNode> PollAsync(string path, Func<JsonNode, bool> ready) => (await PollAsync(path, ready, json: true))!;

    private async Task<JsonNode?> PollAsync(string path, Func<JsonNode, bool> ready, bool json)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (_process!.HasExited)
            {
                Assert.Fail($"The dev host exited ({_process.ExitCode}):\n{Output()}");
            }

            try
            {
                using var response = await _http!.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK && !json)
                {
                    return null;
                }

                if (response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(await response.Content.ReadAsStringAsync()) is { } answer && ready(answer))
                {
                    return answer;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{path} did not become ready within {Patience}:\n{Output()}");
            }

            await Task.Delay(500);
        }
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http!.GetAsync(path);

    private string Output()
    {
        lock (_output)
        {
            var text = _output.ToString();
            return text.Length > 4000 ? text[^4000..] : text;
        }
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
