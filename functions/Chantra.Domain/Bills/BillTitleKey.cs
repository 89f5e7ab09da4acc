using System.Text.RegularExpressions;
using Chantra.Domain.Text;

namespace Chantra.Domain.Bills;

/// <summary>
/// What names a bill across sources and texts: its title without "ร่าง", spaces and the year clause
/// ("พ.ศ. …", dots while a draft), digits in Arabic. "ร่างพระราชบัญญัติกัญชา กัญชง พ.ศ. ...." and
/// "พระราชบัญญัติกัญชา กัญชง พ.ศ. 2568" share the key "พระราชบัญญัติกัญชากัญชง". Used to link agenda
/// items to bills and to recognise one bill in LIS, the Senate's list and the Royal Gazette.
/// </summary>
public static partial class BillTitleKey
{
    public static string Of(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var compact = Compact(title);
        if (compact.StartsWith("ร่าง", StringComparison.Ordinal))
        {
            compact = compact["ร่าง".Length..];
        }

        var year = YearClause().Match(compact);
        return year.Success ? compact[..year.Index] : compact;
    }

    /// <summary>Normalised (Arabic digits, one spelling), without any white space, and a draft's open edition
    /// written one way: "(ฉบับที่ …)", "(ฉบับที่ ...)" and "(ฉบับที่ ..)" are all "(ฉบับที่..)".</summary>
    public static string Compact(string text) =>
        OpenEdition().Replace(WhiteSpace().Replace(ThaiText.Normalize(text), string.Empty).Replace('…', '.'), "(ฉบับที่..)");

    [GeneratedRegex(@"\(ฉบับที่\.+\)", RegexOptions.CultureInvariant)]
    private static partial Regex OpenEdition();

    /// <summary>Where the name ends: "พ.ศ." (the year, "...." while a draft), or the proposer clause.</summary>
    [GeneratedRegex(@"พ\.ศ\.|ซึ่ง", RegexOptions.CultureInvariant)]
    private static partial Regex YearClause();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpace();
}
