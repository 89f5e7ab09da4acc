using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Constitution;

/// <summary>
/// Loads the constitutions, their index and ICU's word breaker in the background as the instance
/// starts, so the first citizen's search does not pay for them (about 0.6 s measured). Start-up is
/// not delayed: the work runs beside it, and a failure only means the first request loads instead.
/// </summary>
public sealed class ConstitutionWarmUp(ConstitutionCatalogService constitutions, ILogger<ConstitutionWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() =>
        {
            try
            {
                constitutions.Index.WarmUp();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Constitution warm-up failed; the first request loads them instead");
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
