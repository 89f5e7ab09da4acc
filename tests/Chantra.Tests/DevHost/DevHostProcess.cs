using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Chantra.Azure.Azurite;

namespace Chantra.Tests.DevHost;

/// <summary>
/// The dev host as a person starts it: its own process on a free port, its own Azurite, its
/// embedded defaults plus the settings a test gives. Requests poll until the data is there (bounded).
/// </summary>
internal sealed class DevHostProcess : IAsyncDisposable
{
    /// <summary>How long a poll waits for the dev host to have the data.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly System.Text.StringBuilder _output = new();

    private DevHostProcess(Process process, Uri baseUri)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(20) };
    }

    public static async Task<DevHostProcess> StartAsync(IEnumerable<(string Name, string Value)> settings)
    {
        var root = AzuriteProcess.FindRepositoryRoot() ?? throw new InvalidOperationException("Repository root not found.");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var bin = Path.Combine(root, "functions", "Chantra.DevHost", "bin", configuration, "net10.0");
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = bin, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(bin, "Chantra.DevHost.dll"));
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (name, value) in settings)
        {
            psi.Environment[name] = value;
        }

        var process = Process.Start(psi)!;
        var host = new DevHostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => host.Log(e.Data);
        process.ErrorDataReceived += (_, e) => host.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return await Task.FromResult(host);
    }

    private void Log(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async Task<(int Status, JsonNode Json)> SendAsync(HttpMethod method, string path, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await _http.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public Task<(int Status, JsonNode Json)> SendAsync(HttpMethod method, string path, string json, string? bearer) =>
        bearer is null ? SendAsync(method, path, json) : SendAsync(method, path, json, ("Authorization", "Bearer " + bearer));

    public async Task<JsonNode> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Asks until the answer satisfies <paramref name="ready"/>; fails with the host's output when patience runs out.</summary>
    public async Task<JsonNode> PollAsync(string path, Func<JsonNode, bool> ready)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The dev host exited ({_process.ExitCode}):\n{Output()}");
            }

            try
            {
                using var response = await _http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(await response.Content.ReadAsStringAsync()) is { } json && ready(json))
                {
                    return json;
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

    public string Output()
    {
        lock (_output)
        {
            var text = _output.ToString();
            return text.Length > 4000 ? text[^4000..] : text;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
