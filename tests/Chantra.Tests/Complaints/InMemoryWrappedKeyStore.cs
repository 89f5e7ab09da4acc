using System.Collections.Concurrent;
using Chantra.Domain.Complaints;

namespace Chantra.Tests.Complaints;

/// <summary>An <see cref="IWrappedKeyStore"/> in memory with the same first-writer-wins rule as the table.</summary>
public sealed class InMemoryWrappedKeyStore : IWrappedKeyStore
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_values.TryGetValue(name, out var value) ? value : null);

    public Task<bool> TryAddAsync(string name, string value, CancellationToken cancellationToken) =>
        Task.FromResult(_values.TryAdd(name, value));
}
