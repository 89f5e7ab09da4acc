using Chantra.Domain.Meetings;
using Chantra.Sources.Replay;
using Chantra.Tests.Infrastructure;

namespace Chantra.Tests.Meetings;

/// <summary>Agenda items linked to bills: real Law Watch titles against real MSBIS agenda text.</summary>
public sealed class AgendaBillMatcherTests
{
    private static readonly AgendaBillMatcher RealBills = Load();

    private static AgendaBillMatcher Load()
    {
        using var csv = new StreamReader(TestData.BillsCsv);
        var bills = LawWatchReader.Read("test", csv, null, _ => { });
        return new AgendaBillMatcher(bills.Select(b => new BillTitle(b.Id, b.Title, b.Proposer)));
    }

    [Theory]
    // An enacted law's title (no "ร่าง", a real year) still names the draft on the agenda ("พ.ศ. ....").
    [InlineData("ร่างพระราชบัญญัติว่าด้วยการปรับเป็นพินัย พ.ศ. .... ซึ่งคณะรัฐมนตรีเป็นผู้เสนอ", "241")]
    [InlineData("ร่างพระราชบัญญัติยุบเลิกบรรษัทตลาดรองสินเชื่อที่อยู่อาศัย พ.ศ. .... ซึ่งคณะรัฐมนตรี เป็นผู้เสนอ", "35")]
    // Thai digits, doubled spaces and non-breaking spaces as the pages type them.
    [InlineData("ร่างพระราชบัญญัติเหรียญราชรุจิ รัชกาลที่ ๑๐  พ.ศ. .... ซึ่งคณะรัฐมนตรี\u00A0เป็นผู้เสนอ", "5")]
    [InlineData("๒. ร่างพระราชบัญญัติกำหนดระยะเวลาดำเนินงานในกระบวนการยุติธรรม พ.ศ. .... ซึ่งคณะกรรมาธิการวิสามัญพิจารณาเสร็จแล้ว", "242")]
    public void An_agenda_item_naming_one_known_bill_is_linked_to_it(string agendaItem, string billId) =>
        Assert.Equal(billId, RealBills.Match(agendaItem));

    [Theory]
    // Three drafts share the name "พระราชบัญญัติกัญชา กัญชง" (Law_ID 200, 254, 257) and the item names no proposer.
    [InlineData("ร่างพระราชบัญญัติกัญชา กัญชง พ.ศ. .... ซึ่งคณะกรรมาธิการวิสามัญพิจารณาเสร็จแล้ว")]
    [InlineData("กระทู้ถามสดด้วยวาจา")]
    [InlineData("รับรองรายงานการประชุมสภาผู้แทนราษฎร ครั้งที่ ๑๐")]
    [InlineData("")]
    public void An_item_naming_no_bill_or_an_ambiguous_one_stays_unlinked(string agendaItem) =>
        Assert.Null(RealBills.Match(agendaItem));

    [Fact]
    public void Among_drafts_of_one_name_the_proposer_in_the_item_decides()
    {
        var matcher = new AgendaBillMatcher([
            new BillTitle("a", "ร่างพระราชบัญญัติการศึกษาแห่งชาติ พ.ศ. ....", "คณะรัฐมนตรี"),
            new BillTitle("b", "ร่างพระราชบัญญัติการศึกษาแห่งชาติ พ.ศ. ....", "นายสมชาย ใจดี กับคณะ"),
        ]);

        Assert.Equal("a", matcher.Match("ร่างพระราชบัญญัติการศึกษาแห่งชาติ พ.ศ. .... ซึ่งคณะรัฐมนตรีเป็นผู้เสนอ"));
        Assert.Null(matcher.Match("ร่างพระราชบัญญัติการศึกษาแห่งชาติ พ.ศ. .... (สองฉบับ)"));
    }

    [Fact]
    public void The_longest_name_wins_over_a_shorter_one_it_contains()
    {
        var matcher = new AgendaBillMatcher([
            new BillTitle("short", "ร่างพระราชบัญญัติการประมง พ.ศ. ....", null),
            new BillTitle("long", "ร่างพระราชบัญญัติการประมงพื้นบ้าน พ.ศ. ....", null),
        ]);

        Assert.Equal("long", matcher.Match("ร่างพระราชบัญญัติการประมงพื้นบ้าน พ.ศ. ...."));
        Assert.Equal("short", matcher.Match("ร่างพระราชบัญญัติการประมง (ฉบับที่ ..) พ.ศ. ...."));
    }
}
