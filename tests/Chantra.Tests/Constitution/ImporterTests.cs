using System.Diagnostics;
using Chantra.Domain.Constitution;
using Chantra.Sources.Constitution;
using Xunit.Abstractions;

namespace Chantra.Tests.Constitution;

/// <summary>The shipped texts, imported once for the tests of this class.</summary>
public sealed class ImporterLibraryFixture
{
    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "Constitution", "Data");

    public ImporterLibraryFixture()
    {
        var watch = Stopwatch.StartNew();
        Library = ConstitutionLibrary.Load(DataDirectory, Warnings.Add);
        FirstLoad = watch.Elapsed;
    }

    /// <summary>How long the first import of the test process took (JIT and regex set-up included).</summary>
    public TimeSpan FirstLoad { get; }

    public ConstitutionLibrary Library { get; }

    public List<string> Warnings { get; } = [];
}

/// <summary>
/// The importer on the real texts. Every expected value here was read off the text files
/// (Constitution/Data), not produced by the parser: the counts are the lines that begin a section
/// (มาตรา ๑ … in order) of each file, the beginnings are the words after "มาตรา n" on those lines.
/// </summary>
public sealed class ImporterTests(ImporterLibraryFixture fixture, ITestOutputHelper output) : IClassFixture<ImporterLibraryFixture>
{
    private ConstitutionLibrary Library => fixture.Library;

    /// <summary>
    /// Id, number of sections, first section and how its text begins, last section and how its text
    /// begins, and the first transitory section (บทเฉพาะกาล) with the number of transitory sections.
    /// </summary>
    public static TheoryData<string, int, string, string, string, string, string?, int> Instruments => new()
    {
        { "2475-provisional", 39, "1", "อำนาจสูงสุดของประเทศนั้นเป็นของราษฎรทั้งหลาย", "39", "การระงับข้อพิพาทให้เป็นไปตามกฎหมายที่ใช้อยู่ในเวลานี้", null, 0 },
        // หมวด ๗ "การใช้รัฐธรรมนูญและบทเฉพาะกาล" (มาตรา ๖๔–๖๘) is the transitory chapter of 2475.
        { "2475", 68, "1", "สยามประเทศเป็นราชอาณาจักรอันหนึ่งอันเดียว จะแบ่งแยกมิได้", "68", "ในระหว่างเวลาตั้งแต่ใช้รัฐธรรมนูญนี้ จนกว่าสมาชิกตามมาตรา ๖๕", "64", 5 },
        { "2489", 96, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียวจะแบ่งแยกมิได้", "96", "ถ้ามีความจำเป็นรีบด่วนในอันจะรักษาความปลอดภัยสาธารณะ", "90", 7 },
        { "2490", 98, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียวจะแบ่งแยกมิได้", "98", "ให้ดำเนินการเลือกตั้งสมาชิกสภาผู้แทนตามความในมาตรา ๙๗", "96", 3 },
        { "2492", 188, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียว จะแบ่งแยกมิได้", "188", "ในวาระเริ่มแรก ให้รัฐสภาแต่งตั้งตุลาการรัฐธรรมนูญ", "180", 9 },
        // The 2495 text is the amending instrument: its own 11 sections, the new sections of 2475 quoted inside them.
        { "2475-amended-2495", 11, "1", "ให้ใช้รัฐธรรมนูญแห่งราชอาณาจักรไทย ฉบับพุทธศักราช ๒๔๗๕", "11", "บรรดามาตราต่าง ๆ ของรัฐธรรมนูญแห่งราชอาณาจักรไทย", null, 0 },
        { "2502", 20, "1", "อำนาจอธิปไตยมาจากปวงชนชาวไทย", "20", "ในเมื่อไม่มีบทบัญญัติแห่งธรรมนูญนี้บังคับแก่กรณีใด", null, 0 },
        { "2511", 183, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียวจะแบ่งแยกมิได้", "183", "บรรดาคำสั่งซึ่งนายกรัฐมนตรีได้สั่งการโดยอ้างมาตรา ๑๗", "177", 7 },
        { "2515", 23, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียวจะแบ่งแยกมิได้", "23", "ในกรณีมีปัญหาว่าการกระทำหรือการปฏิบัติใดขัดหรือแย้ง", null, 0 },
        { "2517", 238, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียวจะแบ่งแยกมิได้", "238", "บรรดาคำสั่งซึ่งนายกรัฐมนตรีได้สั่งการโดยอาศัยอำนาจตามมาตรา", "232", 7 },
        { "2519", 29, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียวจะแบ่งแยกมิได้", "29", "บรรดาการกระทำ ประกาศหรือคำสั่งของหัวหน้าคณะปฏิรูปการปกครองแผ่นดิน", null, 0 },
        { "2520", 32, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียวจะแบ่งแยกมิได้", "32", "บรรดาการกระทำ ประกาศหรือคำสั่งของหัวหน้าคณะปฏิวัติ", null, 0 },
        { "2521", 206, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียว จะแบ่งแยกมิได้", "206", "บรรดาคำสั่งซึ่งนายกรัฐมนตรีได้สั่งการโดยอาศัยอำนาจตามความใน", "195", 12 },
        { "2534-charter", 33, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียว จะแบ่งแยกมิได้", "33", "ก่อนตั้งคณะรัฐมนตรี ประธานสภารักษาความสงบเรียบร้อยแห่งชาติ", null, 0 },
        { "2534", 223, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียว จะแบ่งแยกมิได้", "223", "ในกรณีที่มีกฎหมายกำหนดให้การกระทำใดต้องได้รับความยินยอม", "212", 12 },
        { "2540", 336, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียว จะแบ่งแยกมิได้", "336", "เมื่อครบห้าปีนับแต่วันประกาศใช้รัฐธรรมนูญนี้", "314", 23 },
        { "2549", 39, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียวจะแบ่งแยกมิได้", "39", "ก่อนคณะรัฐมนตรีเข้ารับหน้าที่ ให้ประธานคณะมนตรีความมั่นคงแห่งชาติ", null, 0 },
        { "2550", 309, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียว จะแบ่งแยกมิได้", "309", "บรรดาการใด ๆ ที่ได้รับรองไว้ในรัฐธรรมนูญแห่งราชอาณาจักรไทย", "292", 18 },
        { "2557", 48, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียวจะแบ่งแยกมิได้", "48", "บรรดาการกระทำทั้งหลายซึ่งได้กระทำเนื่องในการยึดและควบคุมอำนาจ", null, 0 },
        { "2560", 279, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียว จะแบ่งแยกมิได้", "279", "บรรดาประกาศ คำสั่ง และการกระทำของคณะรักษาความสงบแห่งชาติ", "262", 18 },
        { "2560-current", 279, "1", "ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียว จะแบ่งแยกมิได้", "279", "บรรดาประกาศ คำสั่ง และการกระทำของคณะรักษาความสงบแห่งชาติ", "262", 18 },
    };

    [Theory]
    [MemberData(nameof(Instruments))]
    public void Each_instrument_has_its_sections_first_to_last(
        string id, int count, string firstNumber, string firstBegins, string lastNumber, string lastBegins, string? firstTransitory, int transitoryCount)
    {
        var document = Library.Get(id);
        Assert.NotNull(document);
        Assert.Equal(count, document.Sections.Count);
        Assert.Equal(count, document.Info.SectionCount);

        Assert.Equal(firstNumber, document.Sections[0].Number);
        Assert.StartsWith(firstBegins, document.Sections[0].Text, StringComparison.Ordinal);
        Assert.Equal(lastNumber, document.Sections[^1].Number);
        Assert.StartsWith(lastBegins, document.Sections[^1].Text, StringComparison.Ordinal);

        // One section per number, in order, every one with text, each knowing its instrument.
        Assert.Equal(Enumerable.Range(1, count).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), document.Sections.Select(s => s.Number));
        Assert.All(document.Sections, s => Assert.NotEmpty(s.Paragraphs));
        Assert.All(document.Sections, s => Assert.Equal(id, s.ConstitutionId));
        Assert.All(document.Sections, s => Assert.Equal(document.Info.YearBe, s.YearBe));

        var transitory = document.Sections.Where(s => s.Transitory).ToList();
        Assert.Equal(transitoryCount, transitory.Count);
        Assert.Equal(firstTransitory, transitory.FirstOrDefault()?.Number);
        if (firstTransitory is not null)
        {
            // The transitory provisions run to the end.
            Assert.Equal(lastNumber, transitory[^1].Number);
        }
    }

    [Fact]
    public void The_whole_import_loads_and_its_time_is_reported()
    {
        // Timings are reported, not asserted.
        output.WriteLine($"First import in this process (cold: JIT, regex set-up, file cache): {fixture.FirstLoad.TotalMilliseconds:F0} ms");
        var warnings = new List<string>();
        var watch = Stopwatch.StartNew();
        var library = ConstitutionLibrary.Load(ImporterLibraryFixture.DataDirectory, warnings.Add);
        watch.Stop();
        var sections = library.All.Sum(d => d.Sections.Count);
        var bytes = Directory.EnumerateFiles(ImporterLibraryFixture.DataDirectory, "*.txt").Sum(f => new FileInfo(f).Length);
        output.WriteLine($"Warm import: {library.All.Count} documents, {sections} sections, {library.Amendments.Count} amendment(s) from {bytes / 1024} KiB in {watch.Elapsed.TotalMilliseconds:F0} ms");

        foreach (var d in library.All)
        {
            output.WriteLine($"{d.Info.Id,-18} {d.Info.SectionCount,4} sections  {d.Info.PromulgatedOn:yyyy-MM-dd}  {d.Info.Title}");
        }

        Assert.Empty(warnings);
    }

    [Fact]
    public void The_real_texts_import_without_warnings() => Assert.Empty(fixture.Warnings);

    [Fact]
    public void There_are_twenty_instruments_and_the_current_text_oldest_first()
    {
        Assert.Equal(
            ["2475-provisional", "2475", "2489", "2490", "2492", "2475-amended-2495", "2502", "2511", "2515", "2517", "2519", "2520", "2521",
             "2534-charter", "2534", "2540", "2549", "2550", "2557", "2560", "2560-current"],
            Library.All.Select(d => d.Info.Id));
        Assert.Equal("2560-current", Assert.Single(Library.All, d => d.Info.Current).Info.Id);
        Assert.Same(Library.Get("2560-current"), Library.Current);
        Assert.Null(Library.Get("2561"));
    }

    [Fact]
    public void Charters_and_interim_constitutions_are_provisional()
    {
        string[] provisional = ["2475-provisional", "2490", "2502", "2515", "2520", "2534-charter", "2549", "2557"];
        foreach (var d in Library.All)
        {
            Assert.True(provisional.Contains(d.Info.Id) == d.Info.Provisional, $"{d.Info.Id}: Provisional = {d.Info.Provisional}");
        }
    }

    [Theory]
    [InlineData("2560", 2017, 4, 6)]              // ตราไว้ ณ วันที่ ๖ เมษายน พุทธศักราช ๒๕๖๐
    [InlineData("2560-current", 2017, 4, 6)]
    [InlineData("2502", 1959, 1, 28)]             // ให้ไว้ ณ วันที่ ๒๘ มกราคม พ.ศ.๒๕๐๒
    [InlineData("2490", 1947, 11, 9)]             // ตราไว้ ณ วันที่ ๙ พฤศจิกายน พุทธศักราช ๒๔๙๐
    [InlineData("2492", 1949, 3, 23)]             // ตราไว้ ณ วันที่ ๒๓ มีนาคม พุทธศักราช ๒๔๙๒
    [InlineData("2475-provisional", 1932, 6, 27)] // at the end: ประกาศมา ณ วันที่ ๒๗ มิถุนายน พุทธศักราช ๒๔๗๕
    [InlineData("2475", 1932, 12, 10)]            // ศุภมัสดุ … อดีตภาค ๒๔๗๕ … ธันวาคมมาส ทศมสุรทิน
    [InlineData("2475-amended-2495", 1952, 3, 8)] // ศุภมัสดุ … อดีตภาค ๒๔๙๕ … มีนาคมมาส อัษฎมสุรทิน
    [InlineData("2549", 2006, 10, 1)]             // ให้ไว้ ณ วันที่ ๑ ตุลาคม พุทธศักราช ๒๕๔๙
    public void Promulgation_dates_are_read_from_the_text(string id, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), Library.Get(id)!.Info.PromulgatedOn);

    [Fact]
    public void Every_instrument_has_a_date_a_title_and_a_preamble()
    {
        Assert.All(Library.All, d => Assert.NotNull(d.Info.PromulgatedOn));
        Assert.All(Library.All, d => Assert.Equal(d.Info.YearBe, d.Info.PromulgatedOn!.Value.Year + 543));
        Assert.All(Library.All, d => Assert.False(string.IsNullOrWhiteSpace(d.Preamble), d.Info.Id));
        Assert.Equal("รัฐธรรมนูญแห่งราชอาณาจักรไทย พุทธศักราช ๒๕๖๐", Library.Get("2560")!.Info.Title);
        Assert.Equal("พระราชบัญญัติธรรมนูญการปกครองแผ่นดินสยามชั่วคราว พุทธศักราช ๒๔๗๕", Library.Get("2475-provisional")!.Info.Title);
        Assert.Equal("รัฐธรรมนูญแห่งราชอาณาจักรไทย (ฉะบับชั่วคราว) พุทธศักราช ๒๔๙๐", Library.Get("2490")!.Info.Title);
        Assert.Equal("รัฐธรรมนูญแห่งราชอาณาจักรไทย พุทธศักราช ๒๔๗๕ แก้ไขเพิ่มเติม พุทธศักราช ๒๔๙๕", Library.Get("2475-amended-2495")!.Info.Title);
        Assert.Equal("ธรรมนูญการปกครองราชอาณาจักร พุทธศักราช ๒๕๐๒", Library.Get("2502")!.Info.Title);
        Assert.StartsWith("ศุภมัสดุ พระพุทธศาสนกาลเป็นอดีตภาค ๒๕๖๐ พรรษา", Library.Get("2560")!.Preamble, StringComparison.Ordinal);
        Assert.StartsWith("พระบาทสมเด็จพระปรมินทรมหาประชาธิปก พระปกเกล้าเจ้าอยู่หัว", Library.Get("2475-provisional")!.Preamble, StringComparison.Ordinal);
    }

    [Fact]
    public void The_current_text_has_the_2564_wording_of_section_83()
    {
        var promulgated = Library.GetSection("2560", "83")!;
        var current = Library.GetSection("2560-current", "83")!;
        Assert.StartsWith("สภาผู้แทนราษฎรประกอบด้วยสมาชิกจำนวนห้าร้อยคน ดังนี้", promulgated.Text, StringComparison.Ordinal);
        Assert.StartsWith("สภาผู้แทนราษฎรประกอบด้วยสมาชิกจำนวนห้าร้อยคน โดยเป็นสมาชิกซึ่งมาจากการเลือกตั้งแบบแบ่งเขตเลือกตั้งจำนวนสี่ร้อยคน", current.Text, StringComparison.Ordinal);
        Assert.NotEqual(promulgated.Text, current.Text);
        Assert.Equal(4, current.Paragraphs.Count);
        Assert.StartsWith("การเลือกตั้งสมาชิกสภาผู้แทนราษฎรให้ใช้วิธีออกเสียงลงคะแนนโดยตรงและลับ", current.Paragraphs[1], StringComparison.Ordinal);
        Assert.EndsWith("ให้สมาชิกสภาผู้แทนราษฎรแบบบัญชีรายชื่อประกอบด้วยสมาชิกเท่าที่มีอยู่", current.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('“', current.Text);
        Assert.DoesNotContain('”', current.Text);
        Assert.Equal(("7", "2"), (current.Chapter, current.Part));
    }

    [Fact]
    public void The_amendment_replaces_exactly_sections_83_86_and_91()
    {
        var amendment = Assert.Single(Library.Amendments);
        Assert.Equal("2560-amendment-1-2564", amendment.Id);
        Assert.Equal("2560", amendment.BaseId);
        Assert.Equal(new DateOnly(2021, 11, 7), amendment.PromulgatedOn); // ให้ไว้ ณ วันที่ ๗ พฤศจิกายน พ.ศ. ๒๕๖๔
        Assert.Equal("รัฐธรรมนูญแห่งราชอาณาจักรไทย แก้ไขเพิ่มเติม (ฉบับที่ ๑) พุทธศักราช ๒๕๖๔", amendment.Title);
        Assert.Equal(6, amendment.Sections.Count);
        Assert.Equal(["83", "86", "91"], amendment.Replacements.Select(r => r.Number));
        Assert.Equal(["3", "4", "5"], amendment.Replacements.Select(r => r.AmendingSection));

        var promulgated = Library.Get("2560")!;
        var current = Library.Get("2560-current")!;
        var changed = promulgated.Sections.Zip(current.Sections).Where(p => p.First.Text != p.Second.Text).Select(p => p.First.Number);
        Assert.Equal(["83", "86", "91"], changed);
        Assert.StartsWith("การกำหนดจำนวนสมาชิกสภาผู้แทนราษฎรที่แต่ละจังหวัดจะพึงมี", current.Sections[85].Text, StringComparison.Ordinal);
        Assert.Contains("เฉลี่ยด้วยจำนวนสมาชิกสภาผู้แทนราษฎรสี่ร้อยคน", current.Sections[85].Text, StringComparison.Ordinal);
        Assert.StartsWith("การคำนวณสัดส่วนผู้สมัครรับเลือกตั้งตามบัญชีรายชื่อของแต่ละพรรคการเมือง", current.Sections[90].Text, StringComparison.Ordinal);
        Assert.Equal(promulgated.Chapters, current.Chapters);
    }

    [Fact]
    public void Section_83_has_two_versions_and_section_1_one()
    {
        foreach (var id in new[] { "2560", "2560-current" })
        {
            var history = Library.History(id, "83");
            Assert.Equal(2, history.Count);
            Assert.Equal(("2560", new DateOnly(2017, 4, 6)), (history[0].ChangedBy, history[0].Since));
            Assert.Equal(("2560-amendment-1-2564", new DateOnly(2021, 11, 7)), (history[1].ChangedBy, history[1].Since));
            Assert.Equal(Library.GetSection("2560", "83")!.Text, history[0].Text);
            Assert.Equal(Library.GetSection("2560-current", "83")!.Text, history[1].Text);
            Assert.All(history, v => Assert.Equal((id, "83"), (v.ConstitutionId, v.Number)));
            Assert.Equal(2, Library.History(id, "๘๖").Count);
            Assert.Equal(2, Library.History(id, "91").Count);
        }

        var one = Assert.Single(Library.History("2560-current", "1"));
        Assert.Equal(("2560", new DateOnly(2017, 4, 6)), (one.ChangedBy, one.Since));
        Assert.Equal(Library.GetSection("2560-current", "1")!.Text, one.Text);
        var other = Assert.Single(Library.History("2540", "1"));
        Assert.Equal(("2540", new DateOnly(1997, 10, 11)), (other.ChangedBy, other.Since));
        Assert.Empty(Library.History("2560", "999"));
        Assert.Empty(Library.History("no-such", "1"));
    }

    [Theory]
    [InlineData("๘๓")]
    [InlineData("83")]
    [InlineData("มาตรา ๘๓")]
    [InlineData(" 83 ")]
    public void A_section_is_found_by_Thai_or_Arabic_digits(string number)
    {
        var section = Library.GetSection("2560-current", number);
        Assert.NotNull(section);
        Assert.Same(Library.GetSection("2560-current", "83"), section);
        Assert.Equal("83", section.Number);
    }

    [Fact]
    public void Unknown_sections_are_not_found()
    {
        Assert.Null(Library.GetSection("2560", "280"));
        Assert.Null(Library.GetSection("2560", "abc"));
        Assert.Null(Library.GetSection("2560", ""));
        Assert.Null(Library.GetSection("9999", "1"));
    }

    [Fact]
    public void Section_34_of_2560_is_in_chapter_3()
    {
        var document = Library.Get("2560")!;
        var section = Library.GetSection("2560", "34")!;
        Assert.Equal("3", section.Chapter);
        Assert.Null(section.Part);
        Assert.False(section.Transitory);
        Assert.Equal(("3", "สิทธิและเสรีภาพของปวงชนชาวไทย"), (document.ChapterOf(section)!.Number, document.ChapterOf(section)!.Title));
        Assert.StartsWith("บุคคลย่อมมีเสรีภาพในการแสดงความคิดเห็น การพูด การเขียน การพิมพ์ การโฆษณา", section.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Chapters_and_parts_are_as_the_text_heads_them()
    {
        var document = Library.Get("2560")!;
        Assert.Equal(16, document.Chapters.Count); // หมวด ๑ บททั่วไป … หมวด ๑๖ การปฏิรูปประเทศ
        Assert.Equal(("1", "บททั่วไป"), (document.Chapters[0].Number, document.Chapters[0].Title));
        Assert.Equal(("16", "การปฏิรูปประเทศ"), (document.Chapters[^1].Number, document.Chapters[^1].Title));
        Assert.Equal(
            ["บททั่วไป", "สภาผู้แทนราษฎร", "วุฒิสภา", "บทที่ใช้แก่สภาทั้งสอง", "การประชุมร่วมกันของรัฐสภา"],
            document.Chapters.Single(c => c.Number == "7").Parts.Select(p => p.Title));
        var senate = Library.GetSection("2560", "108")!; // ส่วนที่ ๓ วุฒิสภา
        Assert.Equal(new ConstitutionPart("3", "วุฒิสภา"), document.PartOf(senate));
        Assert.Contains("ก. คุณสมบัติ", senate.Paragraphs); // lettered lists stay in the section
        var transitory = Library.GetSection("2560", "262")!;
        Assert.Equal((null, null, true), (transitory.Chapter, transitory.Part, transitory.Transitory));

        // หมวดที่ ๔ (written so) in the provisional charter of 2475, with its three parts.
        var provisional = Library.Get("2475-provisional")!;
        Assert.Equal(["ข้อความทั่วไป", "กษัตริย์", "สภาผู้แทนราษฎร", "คณะกรรมการราษฎร", "ศาล"], provisional.Chapters.Select(c => c.Title));
        Assert.Equal(3, provisional.Chapters[3].Parts.Count);

        // The unnumbered heading บททั่วไป before หมวด ๑ of 2475, and 2550's numbered bodies.
        Assert.Equal(("บททั่วไป", null), (Library.GetSection("2475", "1")!.Heading, Library.GetSection("2475", "1")!.Chapter));
        Assert.Equal(("1", null), (Library.GetSection("2475", "3")!.Chapter, Library.GetSection("2475", "3")!.Heading));
        var electionCommission = Library.GetSection("2550", "229")!;
        Assert.Equal(("11", "1", "๑. คณะกรรมการการเลือกตั้ง"), (electionCommission.Chapter, electionCommission.Part, electionCommission.Heading));
        Assert.Equal("๒. ผู้ตรวจการแผ่นดิน", Library.GetSection("2550", "242")!.Heading);
    }

    [Fact]
    public void The_2495_instrument_keeps_the_sections_it_quotes_inside_its_own()
    {
        var document = Library.Get("2475-amended-2495")!;
        Assert.Empty(document.Chapters);
        Assert.Contains("“มาตรา ๔ ผู้ใดจะกล่าวหาหรือฟ้องร้องพระมหากษัตริย์ในทางใด ๆ มิได้”", document.Sections[1].Paragraphs);
        Assert.Contains("บทเฉพาะกาล", Library.GetSection("2475-amended-2495", "10")!.Paragraphs);
        Assert.StartsWith("ให้ยกเลิกความในหมวด ๗", Library.GetSection("2475-amended-2495", "10")!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Countersignatures_are_kept_apart_from_the_last_section()
    {
        Assert.Equal("ผู้รับสนองพระราชโองการ\nพลเอก ประยุทธ์ จันทร์โอชา\nนายกรัฐมนตรี", Library.Get("2560")!.Countersignature);
        Assert.Equal("ผู้รับสนองพระบรมราชโองการ\nจอมพล สฤษดิ์ ธนะรัชต์\nหัวหน้าคณะปฏิวัติ", Library.Get("2502")!.Countersignature);
        // The provisional charter of 2475 closes with the date and the king's signature, no countersignature.
        Assert.Null(Library.Get("2475-provisional")!.Countersignature);
        Assert.Equal("การระงับข้อพิพาทให้เป็นไปตามกฎหมายที่ใช้อยู่ในเวลานี้", Library.GetSection("2475-provisional", "39")!.Text);
        Assert.DoesNotContain("ประกาศ ณ วันที่", Library.GetSection("2490", "98")!.Text, StringComparison.Ordinal);
        Assert.All(Library.All, d => Assert.True(d.Info.Id == "2475-provisional" || d.Countersignature is not null, d.Info.Id));
    }

    [Fact]
    public void No_section_text_carries_an_artefact_of_the_source()
    {
        char[] invisible = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u00A0', '\t', '\r', '\u00B9', '\u00B2', '\u00B3'];
        string[] closing = ["ผู้รับสนอง", "ประกาศมา ณ วันที่", "ประกาศ ณ วันที่", "(พระบรมนามาภิธัย)"];
        foreach (var section in Library.All.SelectMany(d => d.Sections))
        {
            var where = $"{section.ConstitutionId} s.{section.Number}";
            foreach (var p in section.Paragraphs)
            {
                Assert.True(p.Length > 0 && p == p.Trim(), $"{where}: empty or untrimmed paragraph");
                Assert.True(p.IndexOfAny(invisible) < 0, $"{where}: invisible character");
                Assert.DoesNotContain("  ", p, StringComparison.Ordinal);
                Assert.DoesNotContain("\n", p, StringComparison.Ordinal);
                Assert.DoesNotMatch(@"\[[๐-๙0-9]{1,3}\]", p);
                Assert.False(closing.Any(c => p.StartsWith(c, StringComparison.Ordinal)), $"{where}: closing line in the text: {p}");
                if (section.ConstitutionId != "2475-amended-2495")
                {
                    // Headings are structure, not text (the 2495 instrument quotes whole chapters).
                    Assert.DoesNotMatch(@"^((หมวด|หมวดที่|ส่วนที่)\s*[๐-๙0-9]+|บทเฉพาะกาล|บททั่วไป)$", p);
                }
            }
        }
    }

    [Fact]
    public void Paragraphs_broken_mid_sentence_in_the_source_are_joined()
    {
        var s102 = Library.GetSection("2540", "102")!;
        Assert.EndsWith("ได้เขตละหนึ่งคน", s102.Paragraphs[0], StringComparison.Ordinal);
        Assert.DoesNotContain("หนึ่งคน", s102.Paragraphs);
        Assert.Equal("พระมหากษัตริย์ทรงไว้ซึ่งพระราชอำนาจในการตราพระราชกฤษฎีกาโดยไม่ขัดต่อกฎหมาย", Assert.Single(Library.GetSection("2550", "187")!.Paragraphs));
    }

    [Fact]
    public void Numbered_items_stay_lines_of_their_section()
    {
        var s83 = Library.GetSection("2560", "83")!;
        Assert.Equal(5, s83.Paragraphs.Count);
        Assert.Equal("(๑) สมาชิกซึ่งมาจากการเลือกตั้งแบบแบ่งเขตเลือกตั้งจำนวนสามร้อยห้าสิบคน", s83.Paragraphs[1]);
        Assert.Equal("(๒) สมาชิกซึ่งมาจากบัญชีรายชื่อของพรรคการเมืองจำนวนหนึ่งร้อยห้าสิบคน", s83.Paragraphs[2]);
        Assert.Equal(["๑. กษัตริย์", "๒. สภาผู้แทนราษฎร", "๓. คณะกรรมการราษฎร", "๔. ศาล"], Library.GetSection("2475-provisional", "2")!.Paragraphs.Skip(1));
    }

    [Fact]
    public void A_missing_text_stops_the_import()
    {
        var folder = Directory.CreateTempSubdirectory("chantra-constitution-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(ImporterLibraryFixture.DataDirectory, "*.txt").Where(f => !f.EndsWith("รัฐธรรมนูญ2517.txt", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
            }

            File.WriteAllText(Path.Combine(folder.FullName, "notes.txt"), "not a constitution");
            var ex = Assert.Throws<FileNotFoundException>(() => ConstitutionImporter.Import(folder.FullName));
            Assert.Contains("รัฐธรรมนูญ2517.txt", ex.Message, StringComparison.Ordinal);
            Assert.Throws<DirectoryNotFoundException>(() => ConstitutionImporter.Import(Path.Combine(folder.FullName, "nowhere")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
