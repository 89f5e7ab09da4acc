using Azure.Messaging.ServiceBus;

namespace Chantra.DevHost;

/// <summary>
/// Feeds the Service Bus-triggered functions: from the in-process topic by default, or from a real
/// Service Bus namespace when one is configured (then a failed function abandons the message and
/// Service Bus itself redelivers and dead-letters).
/// </summary>
public sealed class ServiceBusFeeder(FunctionCatalog catalog, FunctionInvoker invoker, IServiceProvider services, ILogger<ServiceBusFeeder> logger) : IHostedService
{
    private readonly List<ServiceBusProcessor> _processors = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var topic = services.GetService<InProcessTopic>();
        foreach (var function in catalog.ServiceBus)
        {
            if (topic is not null)
            {
                topic.Subscribe(function.Subscription, (m, ct) => invoker.InvokeServiceBusAsync(function, m.Body, ct));
                logger.LogInformation("{Function} listens to the in-process topic {Topic}/{Subscription}", function.Name, function.Topic, function.Subscription);
                continue;
            }

            var client = services.GetRequiredService<ServiceBusClient>();
            var processor = client.CreateProcessor(function.Topic, function.Subscription, new ServiceBusProcessorOptions { AutoCompleteMessages = true, MaxConcurrentCalls = 4 });
            processor.ProcessMessageAsync += args => invoker.InvokeServiceBusAsync(function, args.Message.Body.ToString(), args.CancellationToken);
            processor.ProcessErrorAsync += args =>
            {
                logger.LogError(args.Exception, "Service Bus error on {Entity} ({Source})", args.EntityPath, args.ErrorSource);
                return Task.CompletedTask;
            };
            await processor.StartProcessingAsync(cancellationToken);
            _processors.Add(processor);
            logger.LogInformation("{Function} listens to Service Bus {Topic}/{Subscription}", function.Name, function.Topic, function.Subscription);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var p in _processors)
        {
            await p.StopProcessingAsync(cancellationToken);
            await p.DisposeAsync();
        }
    }
}
