using Microsoft.Extensions.Options;
using NCrontab;

namespace Chantra.DevHost;

/// <summary>Dev host settings.</summary>
public sealed class DevHostOptions
{
    /// <summary>Run each timer once at start, so data is there within seconds.</summary>
    public bool RunTimersOnStartup { get; set; } = true;
}

/// <summary>
/// Runs each timer function on its own cron expression (six fields, with seconds, as the Functions
/// host reads them; <c>%Setting%</c> resolved from configuration). One run of a timer at a time,
/// as the host's singleton lock does; a failed run is logged and the schedule goes on.
/// </summary>
public sealed class TimerService(FunctionCatalog catalog, FunctionInvoker invoker, IConfiguration configuration, IOptions<DevHostOptions> options, TimeProvider time, ILogger<TimerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.Timers.Select(t => RunTimerAsync(t, stoppingToken)));

    /// <summary>Resolves a schedule expression: a literal, or <c>%Name:Sub%</c> from configuration.</summary>
    public static CrontabSchedule ParseSchedule(string expression, IConfiguration configuration)
    {
        var text = expression;
        if (text.StartsWith('%') && text.EndsWith('%'))
        {
            var key = text.Trim('%');
            text = configuration[key] ?? throw new InvalidOperationException($"The schedule setting '{key}' is not configured.");
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CrontabSchedule.Parse(text, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
    }

    private async Task RunTimerAsync(TimerFunction timer, CancellationToken stop)
    {
        var schedule = ParseSchedule(timer.Schedule, configuration);
        logger.LogInformation("Timer {Function} runs on '{Schedule}'", timer.Name, schedule);
        if (options.Value.RunTimersOnStartup)
        {
            await RunOnceAsync(timer, false, stop);
        }

        while (!stop.IsCancellationRequested)
        {
            var now = time.GetLocalNow().DateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RunOnceAsync(timer, time.GetLocalNow().DateTime - next > TimeSpan.FromSeconds(30), stop);
        }
    }

    private async Task RunOnceAsync(TimerFunction timer, bool pastDue, CancellationToken stop)
    {
        try
        {
            await invoker.InvokeTimerAsync(timer, pastDue, stop);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            logger.LogError(ex, "Timer {Function} failed; it runs again on schedule", timer.Name);
        }
    }
}
