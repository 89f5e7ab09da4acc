namespace Chantra.Tests.Functions;
public class ZzScratch
{
    [Fact]
    public void Plus()
    {
        var s = System.Text.Json.JsonSerializer.Serialize(new { d = new DateTimeOffset(2026,1,1,0,0,0,TimeSpan.FromHours(7)), t = "x'y<z>&\"ก–…" }, Chantra.Functions.Http.ApiJson.Options);
        Assert.Fail("OUT=" + s);
    }
}
