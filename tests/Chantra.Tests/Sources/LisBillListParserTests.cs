using Chantra.Domain.Sources;
using Chantra.Sources.Live;

namespace Chantra.Tests.Sources;

/// <summary>The LIS list parser on its hand-written fixture (see Live/Data/README.md).</summary>
public sealed class LisBillListParserTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Live", "Data", "lis-list.html");

    [Fact]
    public void Reads_rows_doc_ids_and_the_total()
    {
        var page = LisBillListParser.Parse(File.ReadAllText(Fixture));

        Assert.Equal(1234, page.Total);
        Assert.Equal(2, page.Rows.Count);
        var first = page.Rows[0];
        Assert.Equal(2567, first.Year);
        Assert.Equal("123", first.AcceptanceNumber);
        Assert.Equal("45678", first.DocId);
        Assert.Equal("https://lis.parliament.go.th/index/search_advance_detail_view.php?DOC_ID=45678&S_SYSTEM=3", first.DetailUrl.AbsoluteUri);
        Assert.Equal("45700", page.Rows[1].DocId);
        Assert.Equal("-", page.Rows[1].Status);
    }

    [Fact]
    public void A_row_without_its_detail_link_is_a_layout_change()
    {
        var html = File.ReadAllText(Fixture).Replace("DOC_ID=45678", "ID=45678", StringComparison.Ordinal);
        Assert.Throws<SourceLayoutException>(() => LisBillListParser.Parse(html));
    }
}
