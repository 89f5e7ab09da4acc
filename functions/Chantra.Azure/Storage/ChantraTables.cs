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
    public const string ComplaintsTable = "complaints";
    public const string ComplaintIndexTable = "complaintindex";
    public const string CountersTable = "counters";
    public const string KeysTable = "keys";

    // Tables with clients of their own (NewsTables, TableChangeLog, WebhookTables, LibraryTables, TablePageCacheStore, TableBillIdentityStore), named here so the template and the code agree.
    public const string NewsTable = NewsTables.NewsTable;
    public const string NewsIndexTable = NewsTables.NewsIndexTable;
    public const string ChangesTable = TableChangeLog.TableName;
    public const string WebhooksTable = Webhooks.WebhookTables.WebhooksTable;
    public const string WebhookDeliveriesTable = Webhooks.WebhookTables.DeliveriesTable;
    public const string LibraryTable = Library.LibraryTables.LibraryTable;
    public const string PageCacheTable = TablePageCacheStore.TableName;
    public const string BillAliasesTable = TableBillIdentityStore.TableName;

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
        Complaints = service.GetTableClient(ComplaintsTable + suffix);
        ComplaintIndex = service.GetTableClient(ComplaintIndexTable + suffix);
        Counters = service.GetTableClient(CountersTable + suffix);
        Keys = service.GetTableClient(KeysTable + suffix);
        _created = new Lazy<Task>(() => Task.WhenAll(
            Bills.CreateIfNotExistsAsync(), BillIndex.CreateIfNotExistsAsync(), Sources.CreateIfNotExistsAsync(), Devices.CreateIfNotExistsAsync(),
            Meetings.CreateIfNotExistsAsync(), MeetingIndex.CreateIfNotExistsAsync(), Complaints.CreateIfNotExistsAsync(),
            ComplaintIndex.CreateIfNotExistsAsync(), Counters.CreateIfNotExistsAsync(), Keys.CreateIfNotExistsAsync()));
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

    /// <summary>Partition per complaint: its state (personal fields sealed), public history, internal notes, audit trail and outbox.</summary>
    public TableClient Complaints { get; }

    /// <summary>Read models of complaints for staff lists, idempotency keys and the near-duplicate check (no personal data in clear).</summary>
    public TableClient ComplaintIndex { get; }

    /// <summary>Rate-limit counters (per client, per device), one row per key and window.</summary>
    public TableClient Counters { get; }

    /// <summary>Keys the app made for itself, stored only wrapped by the Key Vault key (e.g. the keyed-hash key).</summary>
    public TableClient Keys { get; }

    /// <summary>Creates the tables if they are missing (once per process).</summary>
    public Task EnsureCreatedAsync() => _created.Value;
}
