using System.Globalization;
using System.Text;

namespace Chantra.Domain.Text;

/// <summary>Normalisation shared by every Thai source: digits, spaces, known label typos, Buddhist-era dates.</summary>
public static class ThaiText
{
    private static readonly string[] MonthsFull =
    [
        "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
        "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
    ];

    private static readonly string[] MonthsShort =
    [
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
    ];

    /// <summary>1–12 for a Thai month name, full or abbreviated ("มกราคม", "ม.ค."); 0 otherwise.</summary>
    public static int MonthNumber(string name)
    {
        var i = Array.IndexOf(MonthsFull, name);
        return (i >= 0 ? i : Array.IndexOf(MonthsShort, name)) + 1;
    }

    /// <summary>
    /// A day of the Buddhist era as a Gregorian date, or null when there is no such day. Until
    /// B.E. 2483 the Thai year began on 1 April, so January–March of those years fall in
    /// Gregorian (B.E. − 542); from 2484 on the year begins on 1 January and it is B.E. − 543.
    /// </summary>
    public static DateOnly? FromBuddhistEra(int day, int month, int yearBe)
    {
        if (month is < 1 or > 12 || yearBe < 2400)
        {
            return null;
        }

        var year = yearBe < 2484 && month <= 3 ? yearBe - 542 : yearBe - 543;
        return day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;
    }

    /// <summary>The offset of Thailand (no daylight saving), used for every date we show.</summary>
    public static readonly TimeSpan BangkokOffset = TimeSpan.FromHours(7);

    /// <summary>Thai digits ๐–๙ become 0–9, so both spellings of a number compare equal.</summary>
    public static string ToArabicDigits(string text)
    {
        if (!text.Any(c => c is >= '๐' and <= '๙'))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c is >= '๐' and <= '๙' ? (char)('0' + (c - '๐')) : c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// The form rules match on: Arabic digits, single spaces, trimmed, and the common typo
    /// ราษฏร (with ฏ) for ราษฎร that the Parliament's own data carries.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var s = ToArabicDigits(text.Normalize(NormalizationForm.FormC));
        s = s.Replace("ราษฏร", "ราษฎร", StringComparison.Ordinal);
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || c == '\u200B')
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>A date as people in Thailand read it: "22 กุมภาพันธ์ 2566" (Buddhist era).</summary>
    public static string ToBuddhistEraDate(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Day} {MonthsFull[date.Month - 1]} {date.Year + 543}");

    /// <summary>A moment as people in Thailand read it: "22 กุมภาพันธ์ 2566 เวลา 10.43 น." (Bangkok time).</summary>
    public static string ToBuddhistEraDateTime(DateTimeOffset moment)
    {
        var local = moment.ToOffset(BangkokOffset);
        return string.Create(CultureInfo.InvariantCulture,
            $"{ToBuddhistEraDate(DateOnly.FromDateTime(local.DateTime))} เวลา {local.Hour:00}.{local.Minute:00} น.");
    }

    /// <summary>A moment in Bangkok time (+07:00), the offset every date on the wire carries.</summary>
    public static DateTimeOffset ToBangkok(DateTimeOffset moment) => moment.ToOffset(BangkokOffset);
}
