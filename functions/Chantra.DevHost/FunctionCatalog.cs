using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Chantra.DevHost;

/// <summary>An HTTP-triggered function: its route (under the <c>api</c> prefix) and methods.</summary>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods, MethodInfo Method);

/// <summary>A timer-triggered function and its schedule expression (possibly a <c>%setting%</c>).</summary>
public sealed record TimerFunction(string Name, string Schedule, MethodInfo Method);

/// <summary>A Service Bus-triggered function and the topic subscription it listens to.</summary>
public sealed record ServiceBusFunction(string Name, string Topic, string Subscription, MethodInfo Method);

/// <summary>
/// Finds the functions of an assembly by the same attributes the Functions host reads, so the dev
/// host runs exactly what is deployed: no list to keep in step by hand.
/// </summary>
public sealed class FunctionCatalog
{
    public FunctionCatalog(Assembly assembly)
    {
        foreach (var method in assembly.GetTypes().Where(t => t.IsPublic && !t.IsAbstract).SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance)))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
            {
                continue;
            }

            foreach (var p in method.GetParameters())
            {
                switch (p.GetCustomAttributes().FirstOrDefault(a => a is HttpTriggerAttribute or TimerTriggerAttribute or ServiceBusTriggerAttribute))
                {
                    case HttpTriggerAttribute http:
                        Http.Add(new HttpFunction(function.Name, http.Route ?? function.Name, Methods(http.Methods), method));
                        break;
                    case TimerTriggerAttribute timer:
                        Timers.Add(new TimerFunction(function.Name, timer.Schedule, method));
                        break;
                    case ServiceBusTriggerAttribute bus when bus.TopicName is not null && bus.SubscriptionName is not null:
                        ServiceBus.Add(new ServiceBusFunction(function.Name, bus.TopicName, bus.SubscriptionName, method));
                        break;
                }
            }
        }
    }

    public List<HttpFunction> Http { get; } = [];

    // No methods listed means every method, as the Functions host reads it.
    private static string[] Methods(string[]? methods) =>
        methods is { Length: > 0 } ? methods.Select(m => m.ToUpperInvariant()).ToArray() : ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    public List<TimerFunction> Timers { get; } = [];
    public List<ServiceBusFunction> ServiceBus { get; } = [];
}
