using Azure.Core;
using Azure.Data.Tables;
using Chantra.Azure.Azurite;
using Chantra.Azure.Storage;

namespace Chantra.Tests.Infrastructure;

/// <summary>One Azurite (in memory, a free port) for every storage test in the run; each test takes fresh tables.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>Tables with names of their own (so tests never share data), and a counter of the requests sent to them.</summary>
    public (ChantraTables Tables, StorageRequestCounter Counter) NewTables()
    {
        var counter = new StorageRequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        var service = new TableServiceClient(ConnectionString, options);
        var suffix = "t" + Guid.NewGuid().ToString("N")[..10];
        return (new ChantraTables(service, suffix), counter);
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
