using Azure.Data.Tables;

namespace Chantra.Azure.Storage;

/// <summary>
/// The app's tables. In Azure the Bicep templates create them; locally (Azurite) they are created
/// once per process on first use, so no request pays for it twice.
/// </summary>
public sealed class ChantraTables
{
    public const string BillsTable = "bills";
    public const string BillIndexTable = "billindex";
    public const string SourcesTable = "sources";
    public const string DevicesTable = "devices";
    public const string MeetingsTable = "meetings";
    public const string MeetingIndexTable = "meetingindex";

    private readonly Lazy<Task> _created;

    /// <param name="service">The storage account's table service.</param>
    /// <param name="suffix">Appended to every table name: lets tests (and benchmarks) keep their data apart.</param>
    public ChantraTables(TableServiceClient service, string suffix = "")
    {
        Service = service;
        Bills = service.GetTableClient(BillsTable + suffix);
        BillIndex = service.GetTableClient(BillIndexTable + suffix);
        Sources = service.GetTableClient(SourcesTable + suffix);
        Devices = service.GetTableClient(DevicesTable + suffix);
        Meetings = service.GetTableClient(MeetingsTable + suffix);
        MeetingIndex = service.GetTableClient(MeetingIndexTable + suffix);
        _created = new Lazy<Task>(() => Task.WhenAll(
            Bills.CreateIfNotExistsAsync(), BillIndex.CreateIfNotExistsAsync(), Sources.CreateIfNotExistsAsync(), Devices.CreateIfNotExistsAsync(),
            Meetings.CreateIfNotExistsAsync(), MeetingIndex.CreateIfNotExistsAsync()));
    }

    public TableServiceClient Service { get; }

    /// <summary>Partition per bill: state, timeline steps and outbox rows.</summary>
    public TableClient Bills { get; }

    /// <summary>The read model of the bill list: one row per bill in one partition.</summary>
    public TableClient BillIndex { get; }

    /// <summary>Source health, one row per source.</summary>
    public TableClient Sources { get; }

    /// <summary>Registered devices: follows and secret hashes, one partition per installation.</summary>
    public TableClient Devices { get; }

    /// <summary>Partition per sitting: its state and its outbox rows.</summary>
    public TableClient Meetings { get; }

    /// <summary>The read models of sittings: by start time, in session now, still to come, and by id.</summary>
    public TableClient MeetingIndex { get; }

    /// <summary>Creates the tables if they are missing (once per process).</summary>
    public Task EnsureCreatedAsync() => _created.Value;
}
