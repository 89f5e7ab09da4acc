using Chantra.Domain.Complaints;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Complaints;

/// <summary>
/// PDPA retention (app setting <c>Schedules__PurgeComplaintPersonalData</c>, daily): erases the personal
/// data of complaints closed or rejected more than <c>Complaints:RetentionDays</c> (default 365) ago.
/// </summary>
public sealed class PurgeComplaintPersonalData(ComplaintRetention retention, ILogger<PurgeComplaintPersonalData> logger)
{
    [Function(nameof(PurgeComplaintPersonalData))]
    public async Task Run([TimerTrigger("%Schedules:PurgeComplaintPersonalData%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await retention.RunAsync(cancellationToken);
        logger.LogInformation("Complaint retention run: {Erased} erased", report.Erased);
    }
}
