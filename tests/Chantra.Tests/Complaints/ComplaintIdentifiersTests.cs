using System.Text.RegularExpressions;
using Chantra.Domain.Complaints;

namespace Chantra.Tests.Complaints;

public sealed class ComplaintIdentifiersTests
{
    // Check digits worked by hand: sum of digit[i]·(13−i) over the first 12, check = (11 − sum mod 11) mod 10.
    //   1-1017-00230-70-8: 13+12+0+10+63+0+0+12+15+0+21+0 = 146; 146 mod 11 = 3; 11−3 = 8.
    //   3-1005-01234-56-3: 39+12+0+0+45+0+7+12+15+16+15+12 = 173; 173 mod 11 = 8; 11−8 = 3.
    //   1-2345-67890-12-1: 13+24+33+40+45+48+49+48+45+0+3+4 = 352 = 32·11; 11−0 = 11 → mod 10 = 1.
    //   5-0000-00000-00-1: 65; 65 mod 11 = 10; 11−10 = 1.
    //   1-9999-99999-99-9: 13 + 9·(12+…+2) = 13 + 9·77 = 706; 706 mod 11 = 2; 11−2 = 9.
    [Theory]
    [InlineData("1101700230708", "1101700230708")]
    [InlineData("1-1017-00230-70-8", "1101700230708")]
    [InlineData(" 1 1017 00230 70 8 ", "1101700230708")]
    [InlineData("๑-๑๐๑๗-๐๐๒๓๐-๗๐-๘", "1101700230708")]
    [InlineData("3100501234563", "3100501234563")]
    [InlineData("1234567890121", "1234567890121")]
    [InlineData("5000000000001", "5000000000001")]
    [InlineData("1999999999999", "1999999999999")]
    [InlineData("1–1017–00230–70–8", "1101700230708")]
    public void Valid_national_ids_normalize_to_13_digits(string text, string expected)
    {
        Assert.True(ThaiNationalId.IsValid(text));
        Assert.Equal(expected, ThaiNationalId.Normalize(text));
        Assert.Equal(expected[^4..], ThaiNationalId.LastFour(text));
    }

    [Theory]
    [InlineData("1101700230709")] // check digit changed
    [InlineData("1101700230718")] // a payload digit changed
    [InlineData("2101700230708")] // the first digit changed
    [InlineData("1011700230708")] // two digits swapped
    [InlineData("110170023070")] // 12 digits
    [InlineData("11017002307080")] // 14 digits
    [InlineData("110170023070A")]
    [InlineData("1101700230７08")] // a full-width digit is not an ASCII digit
    [InlineData("0101700230700")] // leading 0, checksum right (sum 133 = 12·11+1, 11−1 = 10 → 0)
    [InlineData("1101700230708.")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Invalid_national_ids_are_rejected(string? text)
    {
        Assert.False(ThaiNationalId.IsValid(text));
        Assert.Null(ThaiNationalId.Normalize(text));
    }

    [Fact]
    public void Every_single_digit_change_is_rejected_except_in_the_third_digit()
    {
        // The third digit's weight is 11 ≡ 0 (mod 11): the official scheme cannot see it change.
        // Callers must not treat a passing checksum as proof the number is the person's.
        const string id = "1101700230708";
        for (var i = 0; i < 13; i++)
        {
            for (var d = '0'; d <= '9'; d++)
            {
                if (d == id[i])
                {
                    continue;
                }
                var changed = id[..i] + d + id[(i + 1)..];
                Assert.Equal(i == 2, ThaiNationalId.IsValid(changed));
            }
        }
    }

    [Fact]
    public void Last_four_of_an_invalid_id_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ThaiNationalId.LastFour("1101700230709"));
    }

    [Fact]
    public void New_numbers_have_the_kind_prefix_and_Buddhist_era_year_in_Bangkok_time()
    {
        // 2025-12-31 17:00 UTC is already 1 January 2026 (B.E. 2569) in Bangkok.
        var newYear = new DateTimeOffset(2025, 12, 31, 17, 0, 0, TimeSpan.Zero);

        var complaint = TrackingNumber.New(ComplaintKind.Complaint, newYear);
        var suggestion = TrackingNumber.New(ComplaintKind.Suggestion, newYear.AddSeconds(-1));
        var petition = TrackingNumber.New(ComplaintKind.Petition, newYear);

        Assert.Matches("^ร-2569-[0-9A-HJKMNP-TV-Z]{7}$", complaint.Value);
        Assert.Matches("^R-2569-[0-9A-HJKMNP-TV-Z]{7}$", complaint.TagId);
        Assert.Matches("^ข-2568-[0-9A-HJKMNP-TV-Z]{7}$", suggestion.Value);
        Assert.Matches("^S-2568-", suggestion.TagId);
        Assert.Matches("^ค-2569-", petition.Value);
        Assert.Matches("^P-2569-", petition.TagId);
        Assert.Equal(2569, complaint.BuddhistYear);
        Assert.Equal(ComplaintKind.Suggestion, suggestion.Kind);
        Assert.Equal(complaint.Value, complaint.ToString());
    }

    [Fact]
    public void Ten_thousand_new_numbers_are_practically_unique_and_all_parse_back()
    {
        var now = new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(7));
        var numbers = Enumerable.Range(0, 10_000).Select(_ => TrackingNumber.New(ComplaintKind.Complaint, now)).ToList();

        // 30 random bits: among 10,000 the expected number of colliding pairs is about 0.05.
        Assert.True(numbers.Select(n => n.TagId).Distinct().Count() >= 9_995);
        foreach (var number in numbers)
        {
            Assert.True(TrackingNumber.TryParse(number.Value, out var fromThai));
            Assert.True(TrackingNumber.TryParse(number.TagId, out var fromAscii));
            Assert.Equal(number, fromThai);
            Assert.Equal(number, fromAscii);
        }

        // Every symbol of the alphabet turns up in every random position.
        for (var i = 0; i < TrackingNumber.RandomLength; i++)
        {
            Assert.Equal(32, numbers.Select(n => n.Code[i]).Distinct().Count());
        }
    }

    [Fact]
    public void Tag_id_is_a_valid_push_tag_and_table_key()
    {
        var number = TrackingNumber.New(ComplaintKind.Petition, DateTimeOffset.UtcNow);
        var tag = "complaint:" + number.TagId;

        Assert.Matches("^[A-Za-z0-9_@#.:-]{1,120}$", tag);
        Assert.DoesNotMatch(@"[/\\#?\u0000-\u001F\u007F-\u009F]", number.TagId);
    }

    [Theory]
    [InlineData("ร-2569-7K3M9QH")]
    [InlineData("R-2569-7K3M9QH")]
    [InlineData("r-2569-7k3m9qh")]
    [InlineData("ร25697K3M9QH")]
    [InlineData("ร-๒๕๖๙-7K3M9QH")]
    [InlineData(" ร 2569 7K3M 9QH ")]
    [InlineData("R–2569–7K3M9QH")]
    public void Typed_forms_of_one_number_parse_to_it(string text)
    {
        Assert.True(TrackingNumber.TryParse(text, out var number));
        Assert.Equal("ร-2569-7K3M9QH", number.Value);
        Assert.Equal("R-2569-7K3M9QH", number.TagId);
        Assert.Equal(ComplaintKind.Complaint, number.Kind);
        Assert.Equal(number, TrackingNumber.Parse(text));
    }

    [Theory]
    [InlineData("ข-2569-0000ABT", "ข-2569-0000ABT")]
    [InlineData("S-2569-oooOABT", "ข-2569-0000ABT")]
    [InlineData("ค-2568-ZZZZZZW", "ค-2568-ZZZZZZW")]
    [InlineData("p2568zzzzzzw", "ค-2568-ZZZZZZW")]
    public void Confusable_letters_read_as_the_digits_they_look_like(string text, string expected)
    {
        Assert.True(TrackingNumber.TryParse(text, out var number));
        Assert.Equal(expected, number.Value);
    }

    [Fact]
    public void I_and_L_read_as_1()
    {
        var number = FindNumberWithACodeChar('1');
        var index = number.TagId.IndexOf('1', 7);
        Assert.True(TrackingNumber.TryParse(number.TagId[..index] + "I" + number.TagId[(index + 1)..], out var withI));
        Assert.True(TrackingNumber.TryParse(number.TagId[..index] + "l" + number.TagId[(index + 1)..], out var withL));
        Assert.Equal(number, withI);
        Assert.Equal(number, withL);
    }

    [Theory]
    [InlineData("ร-2569-7K3M9QA")] // wrong check character
    [InlineData("ข-2569-7K3M9QH")] // right characters, other kind
    [InlineData("ร-2568-7K3M9QH")] // other year
    [InlineData("ร-2569-7K3M9Q")] // too short
    [InlineData("ร-2569-7K3M9QHH")] // too long
    [InlineData("ร-2569-7K3U9QH")] // U is not a symbol
    [InlineData("ร-2569-7K3M9Q*")]
    [InlineData("ก-2569-7K3M9QH")] // unknown prefix
    [InlineData("X-2569-7K3M9QH")]
    [InlineData("ร-25A9-7K3M9QH")] // a letter in the year
    [InlineData("ร-2569-7K3M9ＱH")] // full-width letter
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Anything_else_is_rejected(string? text)
    {
        Assert.False(TrackingNumber.TryParse(text, out var number));
        Assert.Null(number);
    }

    [Fact]
    public void Parse_throws_format_exception_for_a_bad_number()
    {
        Assert.Throws<FormatException>(() => TrackingNumber.Parse("ร-2569-7K3M9QA"));
    }

    [Fact]
    public void Check_character_catches_every_single_substitution()
    {
        var symbols = TrackingNumber.Alphabet.ToCharArray();
        for (var n = 0; n < 50; n++)
        {
            var kind = (ComplaintKind)(n % 3);
            var compact = Compact(TrackingNumber.New(kind, DateTimeOffset.UtcNow.AddYears(n % 7)));
            for (var i = 0; i < compact.Length; i++)
            {
                var replacements = i == 0 ? "RSP".ToCharArray() : i <= 4 ? "0123456789".ToCharArray() : symbols;
                foreach (var replacement in replacements.Where(r => r != compact[i]))
                {
                    var changed = compact[..i] + replacement + compact[(i + 1)..];
                    Assert.False(TrackingNumber.TryParse(changed, out _), $"{compact} → {changed}");
                }
            }
        }
    }

    [Fact]
    public void Check_character_catches_every_transposition()
    {
        for (var n = 0; n < 200; n++)
        {
            var compact = Compact(TrackingNumber.New((ComplaintKind)(n % 3), DateTimeOffset.UtcNow));
            // Adjacent and not: each position has its own weight, the check character included.
            for (var i = 0; i < compact.Length; i++)
            {
                for (var j = i + 1; j < compact.Length; j++)
                {
                    if (compact[i] == compact[j])
                    {
                        continue;
                    }
                    var swapped = compact.ToCharArray();
                    (swapped[i], swapped[j]) = (swapped[j], swapped[i]);
                    var text = new string(swapped);
                    Assert.False(TrackingNumber.TryParse(text, out _), $"{compact} → {text}");
                }
            }
        }
    }

    [Fact]
    public void Tokens_are_256_random_bits_and_match_only_their_hash()
    {
        var token = TrackingToken.New();
        var other = TrackingToken.New();
        var hash = TrackingToken.Hash(token);

        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.NotEqual(token, other);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.DoesNotContain(token, hash, StringComparison.Ordinal);
        Assert.True(TrackingToken.Matches(token, hash));
        Assert.False(TrackingToken.Matches(other, hash));
        Assert.False(TrackingToken.Matches(token[..^1], hash));
        Assert.False(TrackingToken.Matches("", hash));
        Assert.False(TrackingToken.Matches(null, hash));
        Assert.False(TrackingToken.Matches(token, "not hex"));
        Assert.False(TrackingToken.Matches(token, hash[..^2]));
    }

    private static string Compact(TrackingNumber number) => number.TagId.Replace("-", "", StringComparison.Ordinal);

    private static TrackingNumber FindNumberWithACodeChar(char c)
    {
        while (true)
        {
            var number = TrackingNumber.New(ComplaintKind.Complaint, DateTimeOffset.UtcNow);
            if (number.Code[..TrackingNumber.RandomLength].Contains(c, StringComparison.Ordinal))
            {
                return number;
            }
        }
    }
}
