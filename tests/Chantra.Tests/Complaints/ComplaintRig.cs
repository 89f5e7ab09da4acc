using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Chantra.Azure.Complaints;
using Chantra.Azure.Storage;
using Chantra.Domain.Complaints;
using Chantra.Functions.Complaints;
using Chantra.Functions.Devices;
using Chantra.Functions.Staff;
using Chantra.Tests.Devices;
using Chantra.Tests.Functions;
using Chantra.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.Complaints;

/// <summary>
/// The complaint service as it runs: the real store and rate counters on Azurite tables of their
/// own, the real <see cref="PersonalDataProtector"/> with a local key, the real device service over
/// the in-memory device store and a recording hub, a recording topic, and a clock the test moves.
/// </summary>
public sealed class ComplaintRig
{
    public const string ClientIp = "203.0.113.7";
    public const string NoticeVersion = "2026-01";

    private static readonly IServiceProvider RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();

    public ComplaintRig(AzuriteFixture azurite, ILoggerFactory? loggers = null, ComplaintOptions? options = null)
    {
        (Tables, _) = azurite.NewTables();
        Loggers = loggers ?? NullLoggerFactory.Instance;
        Options = options ?? new ComplaintOptions();
        Store = new TableComplaintStore(Tables);
        Counters = new TableRateLimitCounter(Tables);
        Protector = new PersonalDataProtector(new LocalKeyEncryptionKey(LocalKeyEncryptionKey.NewKey()), new InMemoryWrappedKeyStore());
        Devices = new Chantra.Domain.Devices.DeviceService(DeviceRig.Store, DeviceRig.Hub.Object, DeviceRig.Catalog.Object, Time,
            Loggers.CreateLogger<Chantra.Domain.Devices.DeviceService>());
        Intake = new ComplaintIntake(Store, Protector, new ComplaintRateLimiter(Counters, Options, Time), Devices, DeviceRig.Catalog.Object, Publisher, Time, Loggers);
        Triage = new ComplaintTriage(Store, Protector, Publisher, Time, Loggers);
        Retention = new ComplaintRetention(Store, Counters, Devices, Options, Time, Loggers.CreateLogger<ComplaintRetention>());
    }

    public ChantraTables Tables { get; }
    public ILoggerFactory Loggers { get; }
    public ComplaintOptions Options { get; }
    public ManualTime Time { get; } = new(TestData.Now);
    public TableComplaintStore Store { get; }
    public TableRateLimitCounter Counters { get; }
    public PersonalDataProtector Protector { get; }
    public DeviceRig DeviceRig { get; } = new();
    public Chantra.Domain.Devices.DeviceService Devices { get; }
    public RecordingPublisher Publisher { get; } = new();
    public ComplaintIntake Intake { get; }
    public ComplaintTriage Triage { get; }
    public ComplaintRetention Retention { get; }

    public ComplaintsApi Api() => new(Intake);

    public StaffComplaintsApi StaffApi(StaffAccess access) => new(access, Triage);

    /// <summary>A valid body; change parts with the parameters (null leaves a member out).</summary>
    public static string Body(
        string kind = "complaint",
        string subject = "ถนนหน้าโรงเรียนชำรุด",
        string details = "ถนนหน้าโรงเรียนบ้านหนองบัวชำรุดเป็นหลุมลึกมานานกว่าหกเดือน เด็กนักเรียนขี่จักรยานตกหลุมบาดเจ็บหลายครั้ง ขอให้วุฒิสภาติดตามการซ่อมแซม",
        string topic = "transport",
        string? contact = """{"name":"สมศรี มีสุข","email":"somsri@example.org","phone":"081-234-5678"}""",
        string? nationalId = null,
        string? installationId = null,
        string? billId = null,
        string consent = """{"accepted":true,"noticeVersion":"2026-01"}""")
    {
        var members = new List<string>
        {
            $"\"kind\":{JsonSerializer.Serialize(kind)}",
            $"\"subject\":{JsonSerializer.Serialize(subject)}",
            $"\"details\":{JsonSerializer.Serialize(details)}",
            $"\"topic\":{JsonSerializer.Serialize(topic)}",
            $"\"consent\":{consent}",
        };
        if (contact is not null)
        {
            members.Add($"\"contact\":{contact}");
        }

        if (nationalId is not null)
        {
            members.Add($"\"nationalId\":{JsonSerializer.Serialize(nationalId)}");
        }

        if (installationId is not null)
        {
            members.Add($"\"installationId\":{JsonSerializer.Serialize(installationId)}");
        }

        if (billId is not null)
        {
            members.Add($"\"billId\":{JsonSerializer.Serialize(billId)}");
        }

        return "{" + string.Join(",", members) + "}";
    }

    public Task<HttpAnswer> SubmitAsync(string json, string? idempotencyKey = null, string? deviceSecret = null, string clientIp = ClientIp) =>
        SubmitBytesAsync(Encoding.UTF8.GetBytes(json), idempotencyKey, deviceSecret, clientIp);

    public async Task<HttpAnswer> SubmitBytesAsync(byte[] body, string? idempotencyKey = null, string? deviceSecret = null, string clientIp = ClientIp, bool sendLength = true)
    {
        var ctx = HttpCall.Request("/api/v1/complaints");
        ctx.Request.Method = HttpMethods.Post;
        ctx.RequestServices = RequestServices;
        ctx.Request.Body = new MemoryStream(body);
        ctx.Request.ContentType = "application/json";
        ctx.Request.ContentLength = sendLength ? body.Length : null;
        ctx.Request.Headers["X-Forwarded-For"] = clientIp + ":51234, 10.0.0.4";
        if (idempotencyKey is not null)
        {
            ctx.Request.Headers[ComplaintsApi.IdempotencyKeyHeader] = idempotencyKey;
        }

        if (deviceSecret is not null)
        {
            ctx.Request.Headers[DevicesApi.SecretHeader] = deviceSecret;
        }

        return await HttpCall.ExecuteAsync(await Api().SubmitComplaint(ctx.Request, CancellationToken.None), ctx);
    }

    public async Task<HttpAnswer> TrackAsync(string trackingNo, string? token)
    {
        var ctx = HttpCall.Request("/api/v1/complaints/" + trackingNo);
        if (token is not null)
        {
            ctx.Request.Headers[ComplaintsApi.TrackingTokenHeader] = token;
        }

        return await HttpCall.ExecuteAsync(await Api().GetComplaint(ctx.Request, trackingNo, CancellationToken.None), ctx);
    }

    /// <summary>Files a valid complaint and returns its tracking number, token and tracking id.</summary>
    public async Task<(string Number, string Token, string Id)> FileAsync(string? json = null, string clientIp = ClientIp, string? deviceSecret = null)
    {
        var answer = await SubmitAsync(json ?? Body(), deviceSecret: deviceSecret, clientIp: clientIp);
        Assert.Equal(StatusCodes.Status201Created, answer.Status);
        var number = answer.Json.GetProperty("trackingNumber").GetString()!;
        return (number, answer.Json.GetProperty("trackingToken").GetString()!, TrackingNumber.Parse(number).TagId);
    }

    /// <summary>Every row of the complaint tables, as stored.</summary>
    public async Task<List<TableEntity>> RowsAsync(TableClient table)
    {
        await Tables.EnsureCreatedAsync();
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(maxPerPage: 1000))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>How many complaints are stored (state rows), and how many index rows there are.</summary>
    public async Task<(int Complaints, int IndexRows)> CountAsync()
    {
        var complaints = (await RowsAsync(Tables.Complaints)).Count(r => r.RowKey == "state");
        var index = (await RowsAsync(Tables.ComplaintIndex)).Count;
        return (complaints, index);
    }

    /// <summary>All the text of every property of every row of the complaint tables.</summary>
    public async Task<string> AllStoredTextAsync()
    {
        var sb = new StringBuilder();
        foreach (var table in new[] { Tables.Complaints, Tables.ComplaintIndex, Tables.Counters })
        {
            foreach (var row in await RowsAsync(table))
            {
                sb.Append(row.PartitionKey).Append('|').Append(row.RowKey).Append('\n');
                foreach (var (name, value) in row)
                {
                    sb.Append(name).Append('=').Append(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>Registers the rig's device and returns its secret.</summary>
    public Task<string> RegisterDeviceAsync(string language = "th") => DeviceRig.RegisterAsync(language: language);
}

/// <summary>Keeps every log line of every category (message and exception), to search them afterwards.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The structured values too: a sink such as Application Insights stores them apart from the message.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            lock (owner._lines)
            {
                owner._lines.Add($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
            }
        }
    }
}
