using Azure;
using Azure.Data.Tables;
using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
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

    public async Task<BillMinistryChange?> SetOverrideAsync(string billId, string? ministry, string setBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var state = await tables.Bills.GetEntityIfExistsAsync<TableEntity>(billId, TableBillStore.StateRow, cancellationToken: cancellationToken);
        if (!state.HasValue || state.Value is null)
        {
            return null;
        }

        var source = state.Value.GetString("Ministry");
        var before = await GetOverrideAsync(billId, cancellationToken);
        var result = new BillMinistry(billId, source, ministry, ministry is null ? null : at, ministry is null ? null : setBy);
        if (before == ministry)
        {
            return new BillMinistryChange(result, null); // Set already: nothing to write, nothing to tell.
        }

        // The override and, when the ministry the bill is shown under changes, its event: one transaction in the
        // bill's partition, so the event is never lost and never told of a change that was not saved.
        var actions = new List<TableTransactionAction>
        {
            ministry is null
                ? new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(billId, TableBillStore.MinistryOverrideRow), ETag.All)
                : new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(billId, TableBillStore.MinistryOverrideRow)
                {
                    ["Ministry"] = ministry,
                    ["SetAt"] = at,
                    ["SetBy"] = setBy,
                }),
        };
        PendingEvent? pending = null;
        if ((before ?? source) != (ministry ?? source))
        {
            var shown = TableBillStore.ToState(state.Value) with { Ministry = ministry ?? source };
            pending = new PendingEvent(billId, BillChangeDetector.MinistryChanged(shown, before ?? source, at));
            actions.Add(TableOutbox.Add(billId, pending.Event));
        }

        await tables.Bills.SubmitTransactionAsync(actions, cancellationToken);

        // The list (and so GET /ministries/{code}/bills) shows it now, not at the bill's next change.
        await bills.RefreshReadModelAsync(billId, cancellationToken);
        return new BillMinistryChange(result, pending);
    }
}
