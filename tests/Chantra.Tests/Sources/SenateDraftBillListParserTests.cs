using Chantra.Domain.Sources;
using Chantra.Sources.Live;

namespace Chantra.Tests.Sources;

/// <summary>The Senate draft-bill list parser on its hand-written fixture (see Live/Data/README.md).</summary>
public sealed class SenateDraftBillListParserTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Live", "Data", "senate-lawdraft.html");

    [Fact]
    public void Reads_rows_documents_ids_and_the_last_page()
    {
        var page = SenateDraftBillListParser.Parse(File.ReadAllText(Fixture));

        Assert.Equal(12, page.LastPage);
        Assert.Equal(3, page.Bills.Count);
        var inCommittee = page.Bills[0];
        Assert.Equal("6501", inCommittee.Id);
        Assert.Equal("คณะรัฐมนตรี", inCommittee.Proposer);
        Assert.Equal([SenateBillDocument.DraftFirstReading, SenateBillDocument.FirstReadingResult], inCommittee.Documents.Keys.Order());
        Assert.False(inCommittee.CommitteeFinished);

        var published = page.Bills[1];
        Assert.Equal("6502", published.Id);
        Assert.Equal("ร่างพระราชบัญญัติสุราชุมชน พ.ศ. ....", published.Title);
        Assert.True(published.CommitteeFinished);
        Assert.True(published.Published);
        Assert.Equal("http://web.senate.go.th/w3c/senate/lawdraft/files/6502-report.pdf", published.Documents[SenateBillDocument.CommitteeReport].AbsoluteUri);

        var waiting = page.Bills[2];
        Assert.Null(waiting.Id);
        Assert.Empty(waiting.Documents);
        Assert.Contains("2570", waiting.Title, StringComparison.Ordinal); // Thai digits normalised
    }

    [Fact]
    public void A_page_without_the_table_is_a_layout_change()
    {
        var html = File.ReadAllText(Fixture).Replace("class=\"table table-striped\"", "class=\"grid\"", StringComparison.Ordinal);
        Assert.Throws<SourceLayoutException>(() => SenateDraftBillListParser.Parse(html));
    }

    [Fact]
    public void A_row_without_its_text_cells_is_a_layout_change() =>
        Assert.Throws<SourceLayoutException>(() => SenateDraftBillListParser.Parse(
            "<table class=\"table\"><tbody><tr><td>only a title</td></tr></tbody></table>"));
}
