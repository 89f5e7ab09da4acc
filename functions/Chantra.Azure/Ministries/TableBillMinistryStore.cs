using Azure;
using Azure.Data.Tables;
using Chantra.Azure.Storage;
using Chantra.Domain.Ministry;

namespace Chantra.Azure.Ministry;

/// <summary>
/// Staff-set responsible ministries, as the row <c>ministry-override</c> in the bill's own
/// partition of table <c>bills</c>. The scrape replaces only the <c>state</c> row, so the override
/// survives every re-scrape; <see cref="TableBillStore"/> applies it when it reads a bill and when
/// it writes the list's read model, which is refreshed here right after a change.
/// </summary>
public sealed class TableBillMinistryStore(ChantraTables tables, TableBillStore bills) : IBillMinistryStore
{
    public async Task<string?> GetOverrideAsync(string billId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var row = await tables.Bills.GetEntityIfExistsAsync<TableEntity>(billId, TableBillStore.MinistryOverrideRow, ["Ministry"], cancellationToken);
        return row.HasValue && row.Value?.GetString("Ministry") is { Length: > 0 } ministry ? ministry : null;
    }

    public async Task<BillMinistry?> SetOverrideAsync(string billId, string? ministry, string setBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var state = await tables.Bills.GetEntityIfExistsAsync<TableEntity>(billId, TableBillStore.StateRow, ["Ministry"], cancellationToken);
        if (!state.HasValue || state.Value is null)
        {
            return null;
        }

        if (ministry is null)
        {
            // None set is cleared all the same (the client does not throw for a missing entity).
            await tables.Bills.DeleteEntityAsync(billId, TableBillStore.MinistryOverrideRow, ETag.All, cancellationToken);
        }
        else
        {
            await tables.Bills.UpsertEntityAsync(new TableEntity(billId, TableBillStore.MinistryOverrideRow)
            {
                ["Ministry"] = ministry,
                ["SetAt"] = at,
                ["SetBy"] = setBy,
            }, TableUpdateMode.Replace, cancellationToken);
        }

        // The list (and so GET /ministries/{code}/bills) shows it now, not at the bill's next change.
        await bills.RefreshReadModelAsync(billId, cancellationToken);
        return new BillMinistry(billId, state.Value.GetString("Ministry"), ministry, ministry is null ? null : at, ministry is null ? null : setBy);
    }
}
