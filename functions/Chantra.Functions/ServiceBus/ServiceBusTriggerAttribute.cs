// Shim for Microsoft.Azure.Functions.Worker.Extensions.ServiceBus, which our package feed does not
// serve (DESIGN.md, "Packages and the gaps"). Same namespace and shape as the official attribute,
// so the worker's metadata generators emit the same "serviceBusTrigger" binding and function code
// does not change when the official package replaces this file. Delete it then.
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

#if SERVICEBUS_HOST_EXTENSION
// Tells the Functions host build which host extension to install. Only on a deployment build
// (-p:ServiceBusHostExtension=true) on a machine that reaches the full NuGet feed.
[assembly: ExtensionInformation("Microsoft.Azure.WebJobs.Extensions.ServiceBus", "5.17.0")]
#endif

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Binds a function to a Service Bus queue or topic subscription.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ServiceBusTriggerAttribute : TriggerBindingAttribute, ISupportCardinality
{
    private bool _isBatched;

    /// <summary>Triggers on messages of a queue.</summary>
    public ServiceBusTriggerAttribute(string queueName)
    {
        QueueName = queueName;
    }

    /// <summary>Triggers on messages of a topic subscription.</summary>
    public ServiceBusTriggerAttribute(string topicName, string subscriptionName)
    {
        TopicName = topicName;
        SubscriptionName = subscriptionName;
    }

    /// <summary>The app setting (or setting prefix, for identity-based connections) of the namespace.</summary>
    public string? Connection { get; set; }

    /// <summary>The queue, when triggered by a queue.</summary>
    public string? QueueName { get; private set; }

    /// <summary>The topic, when triggered by a topic subscription.</summary>
    public string? TopicName { get; private set; }

    /// <summary>The subscription, when triggered by a topic subscription.</summary>
    public string? SubscriptionName { get; private set; }

    /// <summary>Whether the queue or subscription is session-aware.</summary>
    public bool IsSessionsEnabled { get; set; }

    /// <summary>Whether the host completes the message when the function returns without error.</summary>
    public bool AutoCompleteMessages { get; set; } = true;

    /// <summary>Whether the function receives a batch of messages.</summary>
    [DefaultValue(false)]
    public bool IsBatched
    {
        get => _isBatched;
        set => _isBatched = value;
    }

    Cardinality ISupportCardinality.Cardinality
    {
        get => _isBatched ? Cardinality.Many : Cardinality.One;
        set => _isBatched = value == Cardinality.Many;
    }
}
