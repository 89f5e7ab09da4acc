using Azure.Data.Tables;

namespace Chantra.Azure.Webhooks;

/// <summary>
/// The webhook tables, created once per process on first use (in Azure the Bicep templates
/// create them). Kept apart from <c>ChantraTables</c> so the feature carries its own storage.
/// </summary>
public sealed class WebhookTables
{
    public const string WebhooksTable = "webhooks";
    public const string DeliveriesTable = "webhookdeliveries";

    private readonly Lazy<Task> _created;

    /// <param name="suffix">Appended to each name: lets tests keep their data apart.</param>
    public WebhookTables(TableServiceClient service, string suffix = "")
    {
        Webhooks = service.GetTableClient(WebhooksTable + suffix);
        Deliveries = service.GetTableClient(DeliveriesTable + suffix);
        _created = new Lazy<Task>(() => Task.WhenAll(Webhooks.CreateIfNotExistsAsync(), Deliveries.CreateIfNotExistsAsync()));
    }

    /// <summary>Partition per ministry code, one row per endpoint: the delivery path lists a ministry's endpoints in one query.</summary>
    public TableClient Webhooks { get; }

    /// <summary>Partition per event id, one row per endpoint that accepted it: a redelivery learns in one query whom to skip.</summary>
    public TableClient Deliveries { get; }

    public Task EnsureCreatedAsync() => _created.Value;
}
