using System.Text.Json;
using System.Text.Json.Nodes;
using Chantra.Domain.Events;

namespace Chantra.Tests.Events;

public sealed class CloudEventTests
{
    [Fact]
    public void An_event_survives_its_JSON_form_with_every_CloudEvents_attribute()
    {
        var e = new CloudEvent("abc", EventTypes.Source, EventTypes.BillStageChanged, "bills/1", new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), new JsonObject { ["billId"] = "1" });

        var json = JsonNode.Parse(e.ToJson())!;
        var back = CloudEvent.Parse(e.ToJson());

        Assert.Equal("1.0", json["specversion"]!.GetValue<string>());
        Assert.Equal("application/json", json["datacontenttype"]!.GetValue<string>());
        Assert.Equal((e.Id, e.Type, e.Subject, e.Time), (back.Id, back.Type, back.Subject, back.Time));
        Assert.Equal("1", back.Data["billId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"specversion\":\"0.3\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"x\"}")]
    [InlineData("{\"specversion\":1.0,\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"x\"}")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":5,\"source\":\"s\",\"type\":\"t\",\"subject\":\"x\"}")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"x\",\"time\":\"yesterday\"}")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\"}")]
    [InlineData("not json")]
    public void Anything_but_a_CloudEvent_is_refused_with_a_JsonException(string body)
    {
        Assert.ThrowsAny<JsonException>(() => CloudEvent.Parse(body));
    }

    [Fact]
    public void Deterministic_ids_depend_on_the_subject_and_the_change_only()
    {
        var a = CloudEvent.DeterministicId("bills/1", "stage-changed", "2", "x");

        Assert.Equal(a, CloudEvent.DeterministicId("bills/1", "stage-changed", "2", "x"));
        Assert.NotEqual(a, CloudEvent.DeterministicId("bills/2", "stage-changed", "2", "x"));
        Assert.NotEqual(a, CloudEvent.DeterministicId("bills/1", "stage-changed", "3", "x"));
        Assert.NotEqual(CloudEvent.DeterministicId("bills/1", "ab", "c"), CloudEvent.DeterministicId("bills/1", "a", "bc"));
        Assert.Matches("^[0-9a-f]{32}$", a);
    }
}
