using System.Runtime.CompilerServices;
using Chantra.Domain.Bills;
using Chantra.Domain.Devices;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Devices;

/// <summary>
/// An in-memory device store with the table's concurrency rules: an add conflicts when the id is
/// taken, a replace conflicts when the version read is not the stored one, and every write stores a
/// new version. Counts writes so a test can say "nothing was written".
/// </summary>
public sealed class InMemoryDeviceStore : IDeviceStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, DeviceRecord> _devices = new(StringComparer.Ordinal);
    private int _nextVersion;

    public int Adds { get; private set; }
    public int Replaces { get; private set; }
    public int Deletes { get; private set; }
    public int Writes => Adds + Replaces + Deletes;

    public IReadOnlyCollection<DeviceRecord> All
    {
        get
        {
            lock (_gate)
            {
                return _devices.Values.ToList();
            }
        }
    }

    public DeviceRecord? this[string id]
    {
        get
        {
            lock (_gate)
            {
                return _devices.GetValueOrDefault(id);
            }
        }
    }

    /// <summary>Puts a device in as if stored earlier (does not count as a write).</summary>
    public DeviceRecord Seed(DeviceRecord device)
    {
        lock (_gate)
        {
            var stored = device with { Version = NewVersion() };
            _devices[device.InstallationId] = stored;
            return stored;
        }
    }

    public Task<DeviceRecord?> GetAsync(string installationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_devices.GetValueOrDefault(installationId));
        }
    }

    public Task<DeviceWrite> AddAsync(DeviceRecord device, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_devices.ContainsKey(device.InstallationId))
            {
                return Task.FromResult(DeviceWrite.Conflict);
            }

            Adds++;
            _devices[device.InstallationId] = device with { Version = NewVersion() };
            return Task.FromResult(DeviceWrite.Written);
        }
    }

    public Task<DeviceWrite> ReplaceAsync(DeviceRecord device, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_devices.TryGetValue(device.InstallationId, out var current) || current.Version != device.Version)
            {
                return Task.FromResult(DeviceWrite.Conflict);
            }

            Replaces++;
            _devices[device.InstallationId] = device with { Version = NewVersion() };
            return Task.FromResult(DeviceWrite.Written);
        }
    }

    public Task DeleteAsync(string installationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Deletes++;
            _devices.Remove(installationId);
            return Task.CompletedTask;
        }
    }

    public async IAsyncEnumerable<string> ListIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<string> ids;
        lock (_gate)
        {
            ids = _devices.Keys.Order(StringComparer.Ordinal).ToList();
        }

        foreach (var id in ids)
        {
            await Task.Yield();
            yield return id;
        }
    }

    private string NewVersion() => "W/\"v" + (++_nextVersion).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";
}

/// <summary>A device service over the in-memory store, a mocked hub and a mocked bill catalog that knows some bills.</summary>
public sealed class DeviceRig
{
    public const string InstallationId = "6f1c2b7e-3d4a-4c59-9e21-0a7b8c9d1e2f";
    public static readonly string FcmToken = "dQw4w9WgXcQ:APA91b" + new string('F', 40) + "_-.x";
    public static readonly string ApnsToken = string.Concat(Enumerable.Repeat("0a1B", 16));

    public InMemoryDeviceStore Store { get; } = new();
    public Mock<IPushInstallations> Hub { get; } = new(MockBehavior.Strict);
    public Mock<IBillCatalog> Catalog { get; } = new(MockBehavior.Strict);
    public ManualTime Time { get; } = new(TestData.Now);
    public HashSet<string> KnownBills { get; } = new(StringComparer.Ordinal) { "1", "2", "3", "bill-2569-001" };
    public List<PushInstallation> Upserts { get; } = [];
    public List<(string Id, string Name, PushTemplate? Template)> TemplateSets { get; } = [];
    public List<string> HubDeletes { get; } = [];

    public DeviceRig()
    {
        Hub.Setup(h => h.UpsertAsync(It.IsAny<PushInstallation>(), It.IsAny<CancellationToken>()))
            .Callback((PushInstallation i, CancellationToken _) => Upserts.Add(i))
            .Returns(Task.CompletedTask);
        Hub.Setup(h => h.SetTemplateAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<PushTemplate?>(), It.IsAny<CancellationToken>()))
            .Callback((string id, string name, PushTemplate? t, CancellationToken _) => TemplateSets.Add((id, name, t)))
            .Returns(Task.CompletedTask);
        Hub.Setup(h => h.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((string id, CancellationToken _) => HubDeletes.Add(id))
            .Returns(Task.CompletedTask);
        Catalog.Setup(c => c.FindExistingAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyCollection<string> ids, CancellationToken _) =>
                (IReadOnlySet<string>)ids.Where(KnownBills.Contains).ToHashSet(StringComparer.Ordinal));
    }

    public DeviceService Service() => new(Store, Hub.Object, Catalog.Object, Time, NullLogger<DeviceService>.Instance);

    /// <summary>Makes the hub's upsert fail (as when Notification Hubs answers 5xx or times out).</summary>
    public void HubUpsertFails() =>
        Hub.Setup(h => h.UpsertAsync(It.IsAny<PushInstallation>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("Notification Hubs answered 503 (test)."));

    public void HubUpsertWorks() =>
        Hub.Setup(h => h.UpsertAsync(It.IsAny<PushInstallation>(), It.IsAny<CancellationToken>()))
            .Callback((PushInstallation i, CancellationToken _) => Upserts.Add(i))
            .Returns(Task.CompletedTask);

    public static DeviceFollows Follows(
        string[]? bills = null, string[]? committees = null, string[]? ministries = null, string[]? meetings = null,
        bool allMeetings = false, bool news = false) =>
        new(bills ?? [], committees ?? [], ministries ?? [], meetings ?? [], allMeetings, news);

    public static DeviceRegistration Registration(
        DeviceFollows? follows = null, string language = "th", DevicePlatform platform = DevicePlatform.FcmV1,
        string? channel = null, string installationId = InstallationId) =>
        new(installationId, platform, channel ?? (platform == DevicePlatform.Apns ? ApnsToken : FcmToken), language, follows ?? DeviceFollows.None);

    /// <summary>Registers a device and returns its secret.</summary>
    public async Task<string> RegisterAsync(DeviceFollows? follows = null, string language = "th", DevicePlatform platform = DevicePlatform.FcmV1)
    {
        var result = await Service().RegisterAsync(Registration(follows, language, platform), null, CancellationToken.None);
        Assert.Equal(DeviceOutcome.Created, result.Outcome);
        return result.NewSecret!;
    }
}
