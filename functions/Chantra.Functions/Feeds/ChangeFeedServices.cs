using Chantra.Azure.Storage;
using Chantra.Domain.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chantra.Functions.Feeds;

/// <summary>The change log and the decoration of the event publisher with it.</summary>
public static class ChangeFeedServices
{
    /// <summary>
    /// The change log (table <c>changes</c>) and, at once, <see cref="UseChangeLogPublisher"/> on the
    /// publisher registered so far. Call it after the <see cref="IEventPublisher"/> registration.
    /// </summary>
    public static IServiceCollection AddChantraChangeFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(ChangeLogOptions.Section).Get<ChangeLogOptions>() ?? new ChangeLogOptions());
        services.AddSingleton(sp => new TableChangeLog(
            sp.GetRequiredService<ChantraTables>().Service.GetTableClient(TableChangeLog.TableName),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ChangeLogOptions>()));
        services.AddSingleton<IChangeLog>(sp => sp.GetRequiredService<TableChangeLog>());
        return services.UseChangeLogPublisher();
    }

    /// <summary>
    /// Wraps the <see cref="IEventPublisher"/> registered last (the one the container hands out) in a
    /// <see cref="ChangeLogPublisher"/>, keeping its lifetime. A host that swaps the publisher afterwards
    /// (the dev host's in-process topic) calls this again after its swap; a publisher already wrapped is left as it is.
    /// </summary>
    public static IServiceCollection UseChangeLogPublisher(this IServiceCollection services)
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IEventPublisher) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException("Register an IEventPublisher before wrapping it with the change log.");
        }

        var inner = services[index];
        if (inner.ImplementationFactory?.Target is Decoration)
        {
            return services;
        }

        services[index] = new ServiceDescriptor(typeof(IEventPublisher), new Decoration(inner).Create, inner.Lifetime);
        return services;
    }

    /// <summary>The factory of the wrapped publisher; its type marks a registration as already wrapped.</summary>
    private sealed class Decoration(ServiceDescriptor inner)
    {
        public object Create(IServiceProvider sp)
        {
            var publisher = inner.ImplementationInstance
                ?? inner.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!);
            return new ChangeLogPublisher(sp.GetRequiredService<IChangeLog>(), (IEventPublisher)publisher);
        }
    }
}
