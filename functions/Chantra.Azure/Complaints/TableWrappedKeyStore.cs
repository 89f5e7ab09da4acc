using Azure;
using Azure.Data.Tables;
using Chantra.Azure.Storage;
using Chantra.Domain.Complaints;

namespace Chantra.Azure.Complaints;

/// <summary>
/// Wrapped keys in table <c>keys</c>: partition <c>keys</c>, row key = the key's name, property
/// <c>Value</c>. Rows are only ever added, never replaced: the first writer's key is the key.
/// </summary>
public sealed class TableWrappedKeyStore(ChantraTables tables) : IWrappedKeyStore
{
    private const string Partition = "keys";
    private const string ValueProperty = "Value";

    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        await tables.EnsureCreatedAsync();
        var row = await tables.Keys.GetEntityIfExistsAsync<TableEntity>(Partition, name, [ValueProperty], cancellationToken);
        return row.HasValue && row.Value is { } entity ? entity.GetString(ValueProperty) : null;
    }

    public async Task<bool> TryAddAsync(string name, string value, CancellationToken cancellationToken)
    {
        ValidateName(name);
        ArgumentException.ThrowIfNullOrEmpty(value);
        await tables.EnsureCreatedAsync();
        try
        {
            await tables.Keys.AddEntityAsync(new TableEntity(Partition, name) { [ValueProperty] = value }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    // Characters Table Storage forbids in keys; failing here beats a 400 from the service.
    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 512 || name.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            throw new ArgumentException("A key name must be a valid Table Storage row key.", nameof(name));
        }
    }
}
