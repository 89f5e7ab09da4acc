using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Complaints;
using Chantra.Domain.Events;

namespace Chantra.Azure.Complaints;

/// <summary>
/// Complaints in Table Storage.
/// <list type="bullet">
/// <item>Table <c>complaints</c>, one partition per complaint (key: the ASCII tracking id): the row
/// <c>state</c> (personal fields sealed field by field, with the wrapped data key), public history
/// <c>history|00001</c>…, internal notes <c>note|00001</c>… (sealed), the audit trail
/// <c>audit|{ticks}|{random}</c> and outbox rows <c>outbox|{eventId}</c>: one change is one
/// entity-group transaction guarded by the state's ETag.</item>
/// <item>Table <c>complaintindex</c>, nothing personal in clear: the staff list (partition <c>list</c>,
/// newest first by time received), the retention queue (partition <c>retention</c>, by time closed),
/// remembered idempotency keys (<c>idem|{key}</c>) and near-duplicate marks (<c>contact|{keyed hash}</c>).</item>
/// </list>
/// Every filter is built with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>.
/// </summary>
public sealed class TableComplaintStore(ChantraTables tables) : IComplaintStore
{
    internal const string StateRow = "state";
    internal const string HistoryPrefix = "history|";
    internal const string NotePrefix = "note|";
    internal const string AuditPrefix = "audit|";
    internal const string OutboxPrefix = TableOutbox.Prefix;
    internal const string ListPartition = "list";
    internal const string RetentionPartition = "retention";
    internal const string IdempotencyPrefix = "idem|";
    internal const string ContactPrefix = "contact|";
    private const string ClaimRow = "claim";
    private const int MaxBatch = 100;

    // Keys of a prefix range: '}' sorts right after '|'.
    private static string End(string prefix) => prefix[..^1] + "}";

    public async Task<CommitOutcome> CommitAsync(ComplaintChange change, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var id = change.State.TrackingId;
        var state = FromState(change.State);
        var actions = new List<TableTransactionAction>
        {
            change.State.Version is null
                ? new TableTransactionAction(TableTransactionActionType.Add, state)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, state, new ETag(change.State.Version)),
        };
        actions.AddRange(change.NewHistory.Select(h => new TableTransactionAction(TableTransactionActionType.Add, FromHistory(id, h))));
        actions.AddRange(change.NewNotes.Select(n => new TableTransactionAction(TableTransactionActionType.Add, FromNote(id, n))));
        actions.AddRange(change.Audit.Select(a => new TableTransactionAction(TableTransactionActionType.Add, FromAudit(id, a))));
        actions.AddRange(change.Events.Select(e => TableOutbox.Add(id, e)));
        if (actions.Count > MaxBatch)
        {
            throw new InvalidOperationException($"Complaint {id}: {actions.Count} rows in one change exceed one transaction.");
        }

        try
        {
            await tables.Complaints.SubmitTransactionAsync(actions, cancellationToken);
            return CommitOutcome.Committed;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return CommitOutcome.Conflict;
        }
    }

    public async Task<StoredComplaint?> GetPublicAsync(string trackingId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {trackingId} and (RowKey eq {StateRow} or (RowKey gt {HistoryPrefix} and RowKey lt {End(HistoryPrefix)}))");
        return await ReadAsync(filter, cancellationToken);
    }

    public Task<StoredComplaint?> GetAsync(string trackingId, CancellationToken cancellationToken) =>
        ReadAsync(TableClient.CreateQueryFilter($"PartitionKey eq {trackingId}"), cancellationToken);

    private async Task<StoredComplaint?> ReadAsync(string filter, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        ComplaintRecord? state = null;
        var history = new List<ComplaintHistoryEntry>();
        var notes = new List<ComplaintNote>();
        var audit = new List<ComplaintAuditEntry>();
        await foreach (var row in tables.Complaints.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            if (row.RowKey == StateRow)
            {
                state = ToState(row);
            }
            else if (row.RowKey.StartsWith(HistoryPrefix, StringComparison.Ordinal))
            {
                history.Add(ToHistory(row));
            }
            else if (row.RowKey.StartsWith(NotePrefix, StringComparison.Ordinal))
            {
                notes.Add(ToNote(row));
            }
            else if (row.RowKey.StartsWith(AuditPrefix, StringComparison.Ordinal))
            {
                audit.Add(ToAudit(row));
            }
        }

        return state is null ? null : new StoredComplaint(state, history.OrderBy(h => h.Sequence).ToList(), notes.OrderBy(n => n.Sequence).ToList(), audit);
    }

    public async Task AddAuditAsync(string trackingId, ComplaintAuditEntry entry, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        await tables.Complaints.AddEntityAsync(FromAudit(trackingId, entry), cancellationToken);
    }

    public async Task CompleteOutboxAsync(string ownerId, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        await RefreshReadModelAsync(ownerId, cancellationToken);
        await TableOutbox.DeleteAsync(tables.Complaints, ownerId, eventIds, cancellationToken);
    }

    public async Task<IReadOnlyList<PendingEvent>> GetPendingEventsAsync(DateTimeOffset writtenBefore, int max, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        return await TableOutbox.PendingAsync(tables.Complaints, writtenBefore, max, cancellationToken);
    }

    public async Task RefreshReadModelAsync(string trackingId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var row = await tables.Complaints.GetEntityIfExistsAsync<TableEntity>(trackingId, StateRow, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is null)
        {
            return;
        }

        var c = ToState(row.Value);
        await tables.ComplaintIndex.UpsertEntityAsync(ToListRow(c), TableUpdateMode.Replace, cancellationToken);
        if (c.FinalAt is { } finalAt && c.Status.IsFinal())
        {
            var key = RetentionKey(finalAt, c.TrackingId);
            if (c.Personal is not null)
            {
                await tables.ComplaintIndex.UpsertEntityAsync(new TableEntity(RetentionPartition, key) { ["TrackingId"] = c.TrackingId, ["FinalAt"] = finalAt }, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await TableRows.DeleteIfExistsAsync(tables.ComplaintIndex, RetentionPartition, key, cancellationToken);
            }
        }
    }

    public async Task<ComplaintPage> QueryAsync(ComplaintQuery query, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var filterKey = FilterKey(query);
        var after = query.ContinuationToken is null ? null : ContinuationTokens.Read(query.ContinuationToken, filterKey);

        // Newest first: the row key starts with the inverted time received, so dates are a key range.
        var lower = query.To is { } to ? Inverted(to) : string.Empty;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ListPartition} and RowKey ge {lower}");
        if (after is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {after}");
        }

        if (query.From is { } from)
        {
            var upper = Inverted(from) + "}"; // every key of that moment ("{inverted}|{id}") sorts below it
            filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {upper}");
        }

        if (query.Status is { } status)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToWire()}");
        }

        if (query.Topic is { } topic)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Topic eq {topic}");
        }

        if (query.Kind is { } kind)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Kind eq {kind.ToWire()}");
        }

        var items = new List<(string RowKey, ComplaintSummary Summary)>(query.PageSize + 1);
        await foreach (var row in tables.ComplaintIndex.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(query.PageSize + 1, 1000), cancellationToken: cancellationToken))
        {
            items.Add((row.RowKey, ToSummary(row)));
            if (items.Count > query.PageSize)
            {
                break;
            }
        }

        var more = items.Count > query.PageSize;
        var page = items.Take(query.PageSize).ToList();
        return new ComplaintPage(page.Select(i => i.Summary).ToList(), more ? ContinuationTokens.Write(page[^1].RowKey, filterKey) : null);
    }

    public async Task<IdempotencyRecord?> GetIdempotencyAsync(string key, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var row = await tables.ComplaintIndex.GetEntityIfExistsAsync<TableEntity>(IdempotencyPrefix + key, ClaimRow, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { } e)
        {
            return null;
        }

        return new IdempotencyRecord(key, e.GetString("RequestHash") ?? string.Empty, e.GetString("TrackingId") ?? string.Empty, e.GetString("SealedToken") ?? string.Empty,
            e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue, e.ETag.ToString());
    }

    public async Task<bool> TryAddIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        try
        {
            await tables.ComplaintIndex.AddEntityAsync(FromIdempotency(record), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> TryReplaceIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        try
        {
            await tables.ComplaintIndex.UpdateEntityAsync(FromIdempotency(record),
                new ETag(record.Version ?? throw new ArgumentException("A claim to take over has a version.", nameof(record))), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<string>> FindRecentByContactAsync(IReadOnlyCollection<string> contactHashes, DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var found = new List<(DateTimeOffset At, string Id)>();
        foreach (var hash in contactHashes.Distinct(StringComparer.Ordinal))
        {
            var partition = ContactPrefix + hash;
            var upper = Inverted(since) + "}";
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {upper}");
            await foreach (var row in tables.ComplaintIndex.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: cancellationToken))
            {
                if (row.GetString("TrackingId") is { } id)
                {
                    found.Add((row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, id));
                }

                if (found.Count >= max * contactHashes.Count)
                {
                    break;
                }
            }
        }

        return found.OrderByDescending(f => f.At).Select(f => f.Id).Distinct(StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task AddContactMarksAsync(string trackingId, IReadOnlyCollection<string> contactHashes, DateTimeOffset at, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        foreach (var hash in contactHashes.Distinct(StringComparer.Ordinal))
        {
            await tables.ComplaintIndex.UpsertEntityAsync(new TableEntity(ContactPrefix + hash, Inverted(at) + "|" + trackingId)
            {
                ["TrackingId"] = trackingId,
                ["At"] = at,
                ["ExpiresAt"] = expiresAt,
            }, TableUpdateMode.Replace, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<string>> FindRetentionDueAsync(DateTimeOffset finalBefore, int max, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RetentionPartition} and RowKey lt {Ticks(finalBefore)}");
        var result = new List<string>();
        await foreach (var row in tables.ComplaintIndex.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), select: ["TrackingId"], cancellationToken: cancellationToken))
        {
            if (row.GetString("TrackingId") is { } id)
            {
                result.Add(id);
            }

            if (result.Count >= max)
            {
                break;
            }
        }

        return result;
    }

    public async Task<int> DeleteExpiredIndexRowsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var deleted = 0;
        foreach (var prefix in new[] { IdempotencyPrefix, ContactPrefix })
        {
            // A scan of one key range: the retention timer's job, never a request's.
            var filter = TableClient.CreateQueryFilter($"PartitionKey gt {prefix} and PartitionKey lt {End(prefix)} and ExpiresAt lt {now}");
            var expired = new List<(string Pk, string Rk)>();
            await foreach (var row in tables.ComplaintIndex.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                expired.Add((row.PartitionKey, row.RowKey));
            }

            foreach (var (pk, rk) in expired)
            {
                await TableRows.DeleteIfExistsAsync(tables.ComplaintIndex, pk, rk, cancellationToken);
                deleted++;
            }
        }

        return deleted;
    }

    // --- mapping -------------------------------------------------------------------------

    private static string Ticks(DateTimeOffset t) => t.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Later times give smaller keys, so a partition reads newest first.</summary>
    internal static string Inverted(DateTimeOffset t) => (DateTimeOffset.MaxValue.UtcTicks - t.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    private static string RetentionKey(DateTimeOffset finalAt, string trackingId) => Ticks(finalAt) + "|" + trackingId;

    private static TableEntity FromState(ComplaintRecord c)
    {
        var e = new TableEntity(c.TrackingId, StateRow)
        {
            ["TrackingId"] = c.TrackingId,
            ["TrackingNumber"] = c.TrackingNumber,
            ["Kind"] = c.Kind.ToWire(),
            ["Subject"] = c.Subject,
            ["Topic"] = c.Topic,
            ["BillId"] = c.BillId,
            ["Anonymous"] = c.Anonymous,
            ["Status"] = c.Status.ToWire(),
            ["ReceivedAt"] = c.ReceivedAt,
            ["UpdatedAt"] = c.UpdatedAt,
            ["TokenHash"] = c.TokenHash,
            ["ConsentNoticeVersion"] = c.ConsentNoticeVersion,
            ["ConsentAt"] = c.ConsentAt,
            ["DuplicateOf"] = c.DuplicateOf,
            ["Committee"] = c.Committee,
            ["ReasonCode"] = c.ReasonCode,
            ["FinalAt"] = c.FinalAt,
            ["PersonalDataErasedAt"] = c.PersonalDataErasedAt,
            ["HistoryCount"] = c.HistoryCount,
            ["NoteCount"] = c.NoteCount,
            ["HasPublicAnswer"] = c.HasPublicAnswer,
        };
        if (c.Personal is { } p)
        {
            e["WrappedKey"] = p.WrappedKey;
            e["SealedDetails"] = p.SealedDetails;
            e["SealedName"] = p.SealedName;
            e["SealedEmail"] = p.SealedEmail;
            e["SealedPhone"] = p.SealedPhone;
            e["NationalIdHash"] = p.NationalIdHash;
            e["NationalIdLast4"] = p.NationalIdLast4;
            e["ContactHashes"] = p.ContactHashes.Count == 0 ? null : string.Join(',', p.ContactHashes);
            e["InstallationId"] = p.InstallationId;
        }

        return e;
    }

    private static ComplaintRecord ToState(TableEntity e)
    {
        ComplaintVocabulary.TryParseKind(e.GetString("Kind"), out var kind);
        ComplaintVocabulary.TryParseStatus(e.GetString("Status"), out var status);
        var personal = e.GetString("WrappedKey") is { } wrapped
            ? new ComplaintPersonalData(
                wrapped,
                e.GetString("SealedDetails") ?? string.Empty,
                e.GetString("SealedName"),
                e.GetString("SealedEmail"),
                e.GetString("SealedPhone"),
                e.GetString("NationalIdHash"),
                e.GetString("NationalIdLast4"),
                e.GetString("ContactHashes")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [],
                e.GetString("InstallationId"))
            : null;
        return new ComplaintRecord(
            e.GetString("TrackingId") ?? e.PartitionKey,
            e.GetString("TrackingNumber") ?? string.Empty,
            kind,
            e.GetString("Subject") ?? string.Empty,
            e.GetString("Topic") ?? string.Empty,
            e.GetString("BillId"),
            e.GetBoolean("Anonymous") ?? false,
            status,
            e.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue,
            e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
            e.GetString("TokenHash") ?? string.Empty,
            e.GetString("ConsentNoticeVersion") ?? string.Empty,
            e.GetDateTimeOffset("ConsentAt") ?? DateTimeOffset.MinValue,
            personal,
            e.GetString("DuplicateOf"),
            e.GetString("Committee"),
            e.GetString("ReasonCode"),
            e.GetDateTimeOffset("FinalAt"),
            e.GetDateTimeOffset("PersonalDataErasedAt"),
            e.GetInt32("HistoryCount") ?? 0,
            e.GetInt32("NoteCount") ?? 0,
            e.GetBoolean("HasPublicAnswer") ?? false,
            e.ETag.ToString());
    }

    private static TableEntity ToListRow(ComplaintRecord c) => new(ListPartition, Inverted(c.ReceivedAt) + "|" + c.TrackingId)
    {
        ["TrackingId"] = c.TrackingId,
        ["TrackingNumber"] = c.TrackingNumber,
        ["Kind"] = c.Kind.ToWire(),
        ["Subject"] = c.Subject,
        ["Topic"] = c.Topic,
        ["BillId"] = c.BillId,
        ["Anonymous"] = c.Anonymous,
        ["Status"] = c.Status.ToWire(),
        ["ReceivedAt"] = c.ReceivedAt,
        ["UpdatedAt"] = c.UpdatedAt,
        ["DuplicateOf"] = c.DuplicateOf,
        ["Committee"] = c.Committee,
    };

    private static ComplaintSummary ToSummary(TableEntity e)
    {
        ComplaintVocabulary.TryParseKind(e.GetString("Kind"), out var kind);
        ComplaintVocabulary.TryParseStatus(e.GetString("Status"), out var status);
        return new ComplaintSummary(
            e.GetString("TrackingId") ?? string.Empty,
            e.GetString("TrackingNumber") ?? string.Empty,
            kind,
            e.GetString("Subject") ?? string.Empty,
            e.GetString("Topic") ?? string.Empty,
            e.GetString("BillId"),
            e.GetBoolean("Anonymous") ?? false,
            status,
            e.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue,
            e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
            e.GetString("DuplicateOf"),
            e.GetString("Committee"));
    }

    private static TableEntity FromHistory(string id, ComplaintHistoryEntry h) => new(id, HistoryPrefix + h.Sequence.ToString("D5", CultureInfo.InvariantCulture))
    {
        ["Sequence"] = h.Sequence,
        ["At"] = h.At,
        ["Type"] = h.Type.ToString(),
        ["Status"] = h.Status.ToWire(),
        ["Committee"] = h.Committee,
        ["ReasonCode"] = h.ReasonCode,
        ["TextTh"] = h.TextTh,
        ["TextEn"] = h.TextEn,
    };

    private static ComplaintHistoryEntry ToHistory(TableEntity e)
    {
        ComplaintVocabulary.TryParseStatus(e.GetString("Status"), out var status);
        return new ComplaintHistoryEntry(
            e.GetInt32("Sequence") ?? 0,
            e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
            Enum.TryParse<ComplaintHistoryType>(e.GetString("Type"), out var type) ? type : ComplaintHistoryType.Status,
            status,
            e.GetString("Committee"),
            e.GetString("ReasonCode"),
            e.GetString("TextTh"),
            e.GetString("TextEn"));
    }

    private static TableEntity FromNote(string id, ComplaintNote n) => new(id, NotePrefix + n.Sequence.ToString("D5", CultureInfo.InvariantCulture))
    {
        ["Sequence"] = n.Sequence,
        ["At"] = n.At,
        ["AuthorId"] = n.AuthorId,
        ["AuthorName"] = n.AuthorName,
        ["SealedText"] = n.SealedText,
    };

    private static ComplaintNote ToNote(TableEntity e) => new(
        e.GetInt32("Sequence") ?? 0,
        e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        e.GetString("AuthorId") ?? string.Empty,
        e.GetString("AuthorName"),
        e.GetString("SealedText") ?? string.Empty);

    private static TableEntity FromAudit(string id, ComplaintAuditEntry a) =>
        new(id, AuditPrefix + Ticks(a.At) + "|" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)))
        {
            ["At"] = a.At,
            ["ActorId"] = a.ActorId,
            ["ActorName"] = a.ActorName,
            ["Action"] = a.Action,
            ["Reason"] = a.Reason,
            ["Detail"] = a.Detail,
        };

    private static ComplaintAuditEntry ToAudit(TableEntity e) => new(
        e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        e.GetString("ActorId") ?? string.Empty,
        e.GetString("ActorName"),
        e.GetString("Action") ?? string.Empty,
        e.GetString("Reason"),
        e.GetString("Detail"));

    private static TableEntity FromIdempotency(IdempotencyRecord r) => new(IdempotencyPrefix + r.Key, ClaimRow)
    {
        ["RequestHash"] = r.RequestHash,
        ["TrackingId"] = r.TrackingId,
        ["SealedToken"] = r.SealedToken,
        ["CreatedAt"] = r.CreatedAt,
        ["ExpiresAt"] = r.ExpiresAt,
    };


    // The filters a continuation token is bound to.
    private static string FilterKey(ComplaintQuery q)
    {
        var text = string.Join('\u001F', q.Status?.ToWire(), q.Topic, q.Kind?.ToWire(), q.From?.UtcTicks.ToString(CultureInfo.InvariantCulture),
            q.To?.UtcTicks.ToString(CultureInfo.InvariantCulture), q.PageSize.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }
}
