using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Chantra.Sources.Constitution;

/// <summary>
/// Thai digits, Thai dates and the cleanup of one line of a constitution text. Everything the
/// importer assumes about how the texts are typed lives here and in <see cref="InstrumentParser"/>.
/// </summary>
internal static partial class ThaiText
{
    /// <summary>Thai digits (๐–๙) to Arabic; everything else unchanged (the one converter of the domain).</summary>
    public static string ToArabicDigits(string s) => Domain.Text.ThaiText.ToArabicDigits(s);

    /// <summary>Arabic digits to Thai (for the year appended to a title, in the texts' own style).</summary>
    public static string ToThaiDigits(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c is >= '0' and <= '9' ? (char)('๐' + (c - '0')) : c);
        }

        return sb.ToString();
    }

    public static bool IsThaiDigit(char c) => c is >= '๐' and <= '๙';

    /// <summary>
    /// A section number as the library keys it: Arabic digits, no spaces, an optional "/n"
    /// ("๒๕๖/๑" → "256/1", "มาตรา ๘๓" → "83"). Null when it is not a number.
    /// </summary>
    public static string? NormalizeSectionNumber(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }

        var s = ToArabicDigits(number.Trim());
        if (s.StartsWith("มาตรา", StringComparison.Ordinal))
        {
            s = s["มาตรา".Length..];
        }

        s = Whitespace().Replace(s, "");
        var m = SectionNumberForm().Match(s);
        if (!m.Success)
        {
            return null;
        }

        // "083" and "83" are the same section.
        var main = int.Parse(m.Groups["main"].Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        return m.Groups["sub"].Success
            ? $"{main}/{int.Parse(m.Groups["sub"].Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}"
            : main;
    }

    /// <summary>
    /// Cleans one line of text. The rules, in order:
    /// <list type="number">
    /// <item>zero-width and invisible characters (U+200B–U+200D, U+2060, U+FEFF, soft hyphen U+00AD) are removed;</item>
    /// <item>footnote marks are removed: a bracketed number ("[๑]", "[12]") and superscript digits
    /// ("¹", "⁽²⁾"); parenthesised numbers "(๑)" are NOT touched, they are the items of a section;</item>
    /// <item>the decomposed sara am (nikhahit + sara aa, "ํา", a PDF-extraction artefact) becomes "ำ";</item>
    /// <item>every kind of space (tab, no-break, thin, ideographic, …) becomes a plain space, runs of
    /// spaces become one, and the line is trimmed.</item>
    /// </list>
    /// The Thai text is otherwise kept as written, digits included.
    /// </summary>
    public static string CleanLine(string line)
    {
        var sb = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            switch (c)
            {
                case '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD':
                    continue;
                case '\u00B9' or '\u00B2' or '\u00B3' or (>= '\u2070' and <= '\u207F'):
                    continue; // superscript digits and superscript parentheses/signs: footnote marks
                default:
                    sb.Append(c is '\t' or '\u00A0' or '\u1680' or (>= '\u2000' and <= '\u200A') or '\u202F' or '\u205F' or '\u3000' ? ' ' : c);
                    break;
            }
        }

        var s = sb.ToString().Replace("\u0E4D\u0E32", "\u0E33", StringComparison.Ordinal);
        s = FootnoteMark().Replace(s, "");
        return Spaces().Replace(s, " ").Trim();
    }

    /// <summary>
    /// A line that is no part of the text but of the page it was printed on: a Royal Gazette page
    /// header ("หน้า ๑ เล่ม ๑๓๔ ตอนที่ ๔๐ ก ราชกิจจานุเบกษา ๖ เมษายน ๒๕๖๐"), a bare page number
    /// ("๑๒", "- ๑๒ -", "หน้า ๑๒"), the Council of State's page banner, or a footnote's own text at
    /// the foot of a page ("[๑] ราชกิจจานุเบกษา เล่ม …"). Takes a cleaned line.
    /// </summary>
    public static bool IsPageArtefact(string cleanedLine) =>
        GazetteHeader().IsMatch(cleanedLine)
        || PageNumber().IsMatch(cleanedLine)
        || KrisdikaBanner().IsMatch(cleanedLine);

    /// <summary>Takes a raw line: a footnote's text ("[๑] ราชกิจจานุเบกษา เล่ม ๑๓๔ …", "[๒] มาตรา ๘๓ แก้ไขโดย …").</summary>
    public static bool IsFootnoteBody(string rawLine) => FootnoteBody().IsMatch(rawLine.Trim());

    /// <summary>1–12 for a Thai month name, 0 otherwise (the domain's table).</summary>
    public static int MonthNumber(string name) => Domain.Text.ThaiText.MonthNumber(name);

    /// <inheritdoc cref="Domain.Text.ThaiText.FromBuddhistEra"/>
    public static DateOnly? FromBuddhistEra(int day, int month, int yearBe) => Domain.Text.ThaiText.FromBuddhistEra(day, month, yearBe);

    /// <summary>
    /// The date of a line such as "ตราไว้ ณ วันที่ ๖ เมษายน พุทธศักราช ๒๕๖๐", "ให้ไว้ ณ วันที่ ๗
    /// พฤศจิกายน พ.ศ. ๒๕๖๔" or "ประกาศมา ณ วันที่ ๒๗ มิถุนายน พุทธศักราช ๒๔๗๕"; null when the
    /// line says no such date. <paramref name="lead"/> picks the words that may introduce it.
    /// </summary>
    public static DateOnly? DatedLine(string line, DateLead lead)
    {
        var m = DateForm().Match(line);
        if (!m.Success)
        {
            return null;
        }

        var word = m.Groups["lead"].Value;
        var allowed = lead == DateLead.Given ? word is "ตราไว้" or "ให้ไว้" : word.StartsWith("ประกาศ", StringComparison.Ordinal);
        if (!allowed)
        {
            return null;
        }

        return FromBuddhistEra(
            int.Parse(ToArabicDigits(m.Groups["day"].Value), CultureInfo.InvariantCulture),
            MonthNumber(m.Groups["month"].Value),
            int.Parse(ToArabicDigits(m.Groups["year"].Value), CultureInfo.InvariantCulture));
    }

    // The ordinal days of the Pali formula of the older royal preambles ("ธันวาคมมาส ทศมสุรทิน" =
    // 10 December). Spellings vary between texts; both forms seen are listed.
    private static readonly Dictionary<string, int> PaliDays = new(StringComparer.Ordinal)
    {
        ["ปฐม"] = 1, ["ทุติย"] = 2, ["ตติย"] = 3, ["จตุตถ"] = 4, ["ปัญจม"] = 5, ["ฉัฏฐ"] = 6, ["สัตตม"] = 7,
        ["อัฏฐม"] = 8, ["อัษฎม"] = 8, ["นวม"] = 9, ["ทสม"] = 10, ["ทศม"] = 10, ["เอกาทสม"] = 11, ["ทวาทสม"] = 12,
        ["เตรสม"] = 13, ["จตุททสม"] = 14, ["ปัณณรสม"] = 15, ["โสฬสม"] = 16, ["สัตตรสม"] = 17, ["อัฏฐารสม"] = 18,
        ["เอกูนวีสติม"] = 19, ["วีสติม"] = 20, ["เอกวีสติม"] = 21, ["ทวาวีสติม"] = 22, ["พาวีสติม"] = 22,
        ["เตวีสติม"] = 23, ["จตุวีสติม"] = 24, ["ปัญจวีสติม"] = 25, ["ฉัพพีสติม"] = 26, ["สัตตวีสติม"] = 27,
        ["อัฏฐวีสติม"] = 28, ["เอกูนตึสติม"] = 29, ["ตึสติม"] = 30, ["เอกตึสติม"] = 31,
    };

    /// <summary>
    /// The date of the Pali formula "ศุภมัสดุ พระพุทธศาสนกาลเป็นอดีตภาค ๒๔๗๕ พรรษา … ธันวาคมมาส
    /// ทศมสุรทิน …", for the texts that give no "ตราไว้ ณ วันที่" line (2475, 2475 as amended in 2495).
    /// </summary>
    public static DateOnly? PaliDate(string paragraph)
    {
        var year = PaliYear().Match(paragraph);
        var day = PaliMonthDay().Match(paragraph);
        if (!year.Success || !day.Success || !PaliDays.TryGetValue(day.Groups["day"].Value, out var d))
        {
            return null;
        }

        return FromBuddhistEra(d, MonthNumber(day.Groups["month"].Value), int.Parse(ToArabicDigits(year.Groups["year"].Value), CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?<main>[0-9]+)(?:/(?<sub>[0-9]+))?$")]
    private static partial Regex SectionNumberForm();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@" {2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\[[๐-๙0-9]{1,3}\]")]
    private static partial Regex FootnoteMark();

    [GeneratedRegex(@"^\[[๐-๙0-9]{1,3}\]\s*(ราชกิจจานุเบกษา|มาตรา\s*[๐-๙0-9/]+\s*(แก้ไข|เพิ่ม|ยกเลิก)|(แก้ไข|เพิ่ม)เติมโดย|ยกเลิกโดย)")]
    private static partial Regex FootnoteBody();

    [GeneratedRegex(@"^(หน้า\s*[๐-๙0-9]+\s*)?เล่ม\s*[๐-๙0-9]+\s*ตอน(ที่)?\s*[๐-๙0-9]+.*ราชกิจจานุเบกษา|^ราชกิจจานุเบกษา\s*(หน้า\s*[๐-๙0-9]+\s*)?เล่ม\s*[๐-๙0-9]+\s*ตอน")]
    private static partial Regex GazetteHeader();

    [GeneratedRegex(@"^(หน้า\s*)?[-–—]?\s*[๐-๙0-9]{1,4}\s*[-–—]?$")]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"^(สำนักงานคณะกรรมการกฤษฎีกา|(https?://)?www\.(krisdika|ocs)\.go\.th/?|(https?://)?searchlaw\.ocs\.go\.th\S*)$")]
    private static partial Regex KrisdikaBanner();

    [GeneratedRegex(@"(?<lead>ตราไว้|ให้ไว้|ประกาศมา|ประกาศ)\s*ณ\s*วันที่\s*(?<day>[๐-๙0-9]{1,2})\s*(?<month>มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม)\s*(?:พุทธศักราช|พ\.\s*ศ\.)?\s*(?<year>[๐-๙0-9]{4})")]
    private static partial Regex DateForm();

    [GeneratedRegex(@"อดีตภาค\s*(?<year>[๐-๙0-9]{4})\s*พรรษา")]
    private static partial Regex PaliYear();

    [GeneratedRegex(@"(?<month>มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม)มา[สศ]\s*(?<day>\S+?)สุรทิน")]
    private static partial Regex PaliMonthDay();
}

/// <summary>Which words may introduce a dated line.</summary>
internal enum DateLead
{
    /// <summary>"ตราไว้ ณ วันที่" / "ให้ไว้ ณ วันที่": the date in the heading of a text.</summary>
    Given,

    /// <summary>"ประกาศ(มา) ณ วันที่": the closing date of the 2475 provisional charter and of 2490.</summary>
    Proclaimed,
}
