using System.Net;
using System.Net.Sockets;
using Chantra.Domain.Webhooks;

namespace Chantra.Azure.Webhooks;

/// <summary>The system resolver; a name that does not resolve is an empty answer, not an error.</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
