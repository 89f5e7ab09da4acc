using Chantra.Domain.Ministry;

namespace Chantra.Domain.Devices;

/// <summary>
/// The codes a device may follow as <c>ministry:{code}</c>: every ministry and agency of
/// <see cref="MinistryCatalog"/> (the one list). A follow of any other code is refused.
/// </summary>
public static class Ministries
{
    public static IReadOnlyDictionary<string, (string Thai, string English)> All { get; } =
        MinistryCatalog.All.ToDictionary(m => m.Code, m => (m.NameTh, m.NameEn), StringComparer.Ordinal);
}
