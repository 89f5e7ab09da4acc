using System.Text.RegularExpressions;

namespace Chantra.Search;

/// <summary>
/// The abbreviations citizens type for the bodies the constitutions name in full (ส.ส., ส.ว., กกต.,
/// ป.ป.ช., ครม., คสช., สตง., กสม., รธน., นายกฯ): replaced by the full name, which the tokenizer then
/// cuts into words that are in the texts (left alone, "ป.ป.ช." becomes the letters ป, ป, ช). Applied
/// to the normalised query only, when <see cref="ConstitutionSearchOptions.ExpandQueries"/> is on.
/// (Measured and dropped: adding the legal wording beside everyday words — ฟรี → ไม่เก็บค่าใช้จ่าย,
/// รักษาพยาบาล → สาธารณสุข … — changed no top-3 result of the relevance set and cost one top-1.)
/// </summary>
public static partial class CitizenVocabulary
{
    private static readonly (Regex Pattern, string Replacement)[] Rules =
    [
        // Abbreviations: dotted anywhere, undotted only as a word of their own.
        (Abbreviation(@"ส\.\s?ส\.?|สส\.", @"สส"), " สมาชิกสภาผู้แทนราษฎร "),
        (Abbreviation(@"ส\.\s?ว\.?|สว\.", @"สว"), " สมาชิกวุฒิสภา "),
        (Abbreviation(@"ก\.\s?ก\.\s?ต\.?|กกต\.", @"กกต"), " คณะกรรมการการเลือกตั้ง "),
        (Abbreviation(@"ป\.\s?ป\.\s?ช\.?|ปปช\.", @"ปปช"), " คณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ "),
        (Abbreviation(@"ค\.\s?ร\.\s?ม\.?|ครม\.", @"ครม"), " คณะรัฐมนตรี "),
        (Abbreviation(@"ค\.\s?ส\.\s?ช\.?|คสช\.", @"คสช"), " คณะรักษาความสงบแห่งชาติ "),
        (Abbreviation(@"ส\.\s?ต\.\s?ง\.?|สตง\.", @"สตง"), " คณะกรรมการตรวจเงินแผ่นดิน "),
        (Abbreviation(@"กสม\.", @"กสม"), " คณะกรรมการสิทธิมนุษยชนแห่งชาติ "),
        (new Regex(@"รธน\.?", RegexOptions.CultureInvariant), "รัฐธรรมนูญ"),
        (new Regex(@"นายก(?:ฯ|\s|$)(?!รัฐมนตรี)", RegexOptions.CultureInvariant), "นายกรัฐมนตรี "),
    ];

    private static Regex Abbreviation(string dotted, string bare) =>
        new($@"(?:{dotted})|(?<=^|\s){bare}(?=$|\s)", RegexOptions.CultureInvariant);

    /// <summary>The query with the vocabulary applied (input and output normalised, see <see cref="SearchTextNormalizer"/>).</summary>
    public static string Expand(string normalizedQuery)
    {
        var s = normalizedQuery;
        foreach (var (pattern, replacement) in Rules)
        {
            s = pattern.Replace(s, replacement);
        }

        return SearchTextNormalizer.Normalize(s);
    }
}
