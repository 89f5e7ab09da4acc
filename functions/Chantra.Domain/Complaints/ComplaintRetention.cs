using Chantra.Domain.Bills;
using Chantra.Domain.Devices;
using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Complaints;

/// <summary>What one retention run did.</summary>
public sealed record RetentionReport(int Erased, int IndexRowsDeleted, int CountersDeleted);

/// <summary>
/// PDPA retention: the personal data of a complaint closed or rejected more than
/// <see cref="ComplaintOptions.RetentionDays"/> ago is erased — the sealed contact fields and details,
/// the wrapped data key (so anything sealed with it, notes included, can never be opened again), the
/// national-ID hash and last four digits, the contact hashes and the device link. The anonymous
/// record (kind, topic, subject, bill, statuses, dates, public answers) stays for statistics. Each
/// erasure is audited. Also removes expired idempotency keys, near-duplicate marks and rate counters.
/// </summary>
public sealed class ComplaintRetention(
    IComplaintStore store,
    IRateLimitCounter counters,
    DeviceService devices,
    ComplaintOptions options,
    TimeProvider time,
    ILogger<ComplaintRetention> logger)
{
    private const int Batch = 100;

    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = now - TimeSpan.FromDays(options.RetentionDays);
        var erased = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var due = (await store.FindRetentionDueAsync(cutoff, Batch, cancellationToken)).Where(seen.Add).ToList();
            if (due.Count == 0)
            {
                break;
            }

            foreach (var id in due)
            {
                if (await EraseAsync(id, cutoff, now, cancellationToken))
                {
                    erased++;
                }
            }
        }

        var indexRows = await store.DeleteExpiredIndexRowsAsync(now, cancellationToken);

        // Counters of windows that ended a day ago are of no use to any limit.
        var counterRows = await counters.DeleteExpiredAsync(now - TimeSpan.FromDays(1), cancellationToken);
        logger.LogInformation("Retention: erased the personal data of {Erased} complaints; removed {IndexRows} expired index rows and {Counters} old rate counters",
            erased, indexRows, counterRows);
        return new RetentionReport(erased, indexRows, counterRows);
    }

    private async Task<bool> EraseAsync(string id, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await store.GetPublicAsync(id, cancellationToken);
        var state = stored?.State;
        if (state is null || state.Personal is null || !state.Status.IsFinal() || state.FinalAt is not { } finalAt || finalAt >= cutoff)
        {
            // Not (or no longer) due: the queue entry was stale; refreshing the read model drops it.
            await store.RefreshReadModelAsync(id, cancellationToken);
            return false;
        }

        var installationId = state.Personal.InstallationId;
        var erased = state with { Personal = null, PersonalDataErasedAt = now };
        var change = new ComplaintChange(erased, [], [],
            [new ComplaintAuditEntry(now, ComplaintAuditEntry.RetentionTimer, "Retention timer", "erase-personal-data",
                Detail: $"{state.Status.ToWire()} since {finalAt:yyyy-MM-dd}; retention {options.RetentionDays} days")],
            []);
        if (await store.CommitAsync(change, cancellationToken) != CommitOutcome.Committed)
        {
            logger.LogWarning("Complaint {TrackingId} changed during its erasure; the next run erases it", id);
            return false;
        }

        await store.RefreshReadModelAsync(id, cancellationToken);
        if (installationId is not null)
        {
            var unlinked = await devices.UnlinkComplaintAsync(installationId, id, cancellationToken);
            if (unlinked.Outcome is not (DeviceOutcome.Updated or DeviceOutcome.NotFound))
            {
                logger.LogWarning("Complaint {TrackingId}: its device still carries its tag ({Outcome})", id, unlinked.Outcome);
            }
        }

        logger.LogInformation("Complaint {TrackingId}: personal data erased ({Status} since {FinalAt:yyyy-MM-dd})", id, state.Status.ToWire(), finalAt);
        return true;
    }
}
