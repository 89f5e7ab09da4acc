using Azure.Core;
using Azure.Core.Pipeline;

namespace Chantra.Azure.Storage;

/// <summary>
/// Counts the requests a storage client sends, by HTTP method. Performance goals are counts
/// (storage calls per scrape, per request), and this is how tests and benchmarks take them.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private int _reads;
    private int _writes;

    public int Reads => Volatile.Read(ref _reads);
    public int Writes => Volatile.Read(ref _writes);
    public int Total => Reads + Writes;

    public void Reset()
    {
        Interlocked.Exchange(ref _reads, 0);
        Interlocked.Exchange(ref _writes, 0);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Count(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get || message.Request.Method == RequestMethod.Head)
        {
            Interlocked.Increment(ref _reads);
        }
        else
        {
            Interlocked.Increment(ref _writes);
        }
    }
}
