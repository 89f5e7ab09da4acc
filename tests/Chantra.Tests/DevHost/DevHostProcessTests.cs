using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Chantra.Azure.Azurite;

namespace Chantra.Tests.DevHost;

/// <summary>
/// The dev host as a person starts it: its own process, its own Azurite, its embedded defaults.
/// These tests poll until the data is there (bounded), and assert what the API then says.
/// </summary>
public sealed class DevHostProcessTests
{
    [Fact]
    public async Task With_no_settings_it_lists_real_bills_and_records_pushes_naming_them()
    {
        await using var host = await DevHostProcess.StartAsync([]);

        var bills = await host.PollAsync("/api/v1/bills?pageSize=100", json => json["items"]!.AsArray().Count > 0);
        var pushes = await host.PollAsync("/dev/pushes", json => json.AsArray().Any(p => IsBillPush(p!)));

        var items = bills["items"]!.AsArray();
        Assert.All(items, b => Assert.False(string.IsNullOrEmpty(b!["stage"]!.GetValue<string>())));
        var ids = items.Select(b => b!["id"]!.GetValue<string>()).ToHashSet();
        var tags = pushes.AsArray().Where(p => IsBillPush(p!)).Select(p => p!["tagExpression"]!.GetValue<string>()).ToList();
        Assert.Contains(tags, t => ids.Contains(t["bill:".Length..].Split(' ')[0]));
    }

    [Fact]
    public async Task Another_CSV_in_the_same_layout_replaces_the_data()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"chantra-bills-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, """
            Law_ID,Proposer_Name,Proposer_Type,Proposer_Party,Law_Nickname,Law_Name,Start_Date,End_Date,Law_Status,Law_Stage,Status_Description,Law_Merge,Law_in_Parliament,Law_Type,VoteLog_ID,VoteLog_Term,Law_Link
            9001,คณะรัฐมนตรี,คณะรัฐมนตรี,,พ.ร.บ. ทดสอบ,ร่างพระราชบัญญัติทดสอบหนึ่ง พ.ศ. ....,2021-01-01,2021-06-01,อยู่ในกระบวนการ,ส.ว.,อยู่ระหว่างพิจารณาในวุฒิสภา (ผ่านสภาผู้แทนราษฏรแล้ว),,TRUE,สังคม,,,
            9002,คณะรัฐมนตรี,คณะรัฐมนตรี,,พ.ร.บ. ทดสอบสอง,ร่างพระราชบัญญัติทดสอบสอง พ.ศ. ....,2021-02-01,,อยู่ในกระบวนการ,ร่างกฎหมาย,สถานะที่ไม่มีกฎใดรู้จัก,,FALSE,สังคม,,,
            """);
        try
        {
            await using var host = await DevHostProcess.StartAsync([("Sources__Replay__BillsCsv", csv), ("Sources__Replay__Mode", "instant")]);

            var page = await host.PollAsync("/api/v1/bills", json => json["items"]!.AsArray().Count == 2);
            // Health waits for the first pass of every source (bills, meetings, news), a few seconds after the bills.
            var health = await host.PollAsync("/api/v1/health", json => json["status"] is not null);
            var bill = await host.GetAsync("/api/v1/bills/9002");
            var missing = await host.GetAsync("/api/v1/bills/1");
            var bad = await host.GetAsync("/api/v1/bills?stage=senate");

            Assert.Equal(["9001", "9002"], page["items"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()));
            Assert.Equal("senate-first-reading", page["items"]![0]!["stage"]!.GetValue<string>());
            Assert.Equal("healthy", health["status"]!.GetValue<string>());
            Assert.Equal("unclassified", bill["stage"]!.GetValue<string>());
            Assert.Equal("สถานะที่ไม่มีกฎใดรู้จัก", bill["statusText"]!.GetValue<string>());
            Assert.Equal(404, missing["status"]!.GetValue<int>());
            Assert.Equal(400, bad["status"]!.GetValue<int>());
            Assert.Equal("stage", bad["errors"]![0]!["parameter"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task A_device_following_a_bill_is_reached_by_its_next_push_in_its_language()
    {
        // Bill 4 appears on 2019-08-08 (proposed and passed by the House that day) and is enacted on 2019-08-30:
        // at half a simulated day a second, it moves about 44 seconds after the replay's first read (at one a
        // second, 22 seconds left too little time between the bill's first scrape and the follow on a loaded machine).
        await using var host = await DevHostProcess.StartAsync([("Sources__Replay__Start", "2019-08-08"), ("Sources__Replay__Speed", "0.5")]);
        await host.PollAsync("/api/v1/bills/4", json => json["id"] is not null); // a follow names a bill we have
        var installationId = Guid.NewGuid().ToString();

        var registered = await host.SendAsync(HttpMethod.Put, $"/api/v1/devices/{installationId}", """
            { "platform": "fcmv1", "pushChannel": "fcm-token-0123456789abcdefghijklmnopqrstuvwxyz:APA91b", "language": "en", "follows": { "bills": ["4"] } }
            """);
        Assert.Equal(201, registered.Status); // a bill GET shows can be followed at once (before the list shows it)
        // Wait for the enactment: on a slow first scrape the follow can come before the pushes of the bill's earlier steps go out.
        var pushes = await host.PollAsync("/dev/pushes", json => json.AsArray().Any(p => Reaches(p!, installationId) && IsEnactment(p!)));
        var bill = await host.GetAsync("/api/v1/bills/4");

        Assert.Contains("bill:4", registered.Json["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var push = pushes.AsArray().First(p => Reaches(p!, installationId) && IsEnactment(p!))!;
        Assert.Equal("bill:4", push["tagExpression"]!.GetValue<string>());
        var reach = push["reaches"]!.AsArray().Single(r => r!["installationId"]!.GetValue<string>() == installationId)!;
        Assert.Equal("Bill update", reach["title"]!.GetValue<string>());
        Assert.EndsWith("Published in the Royal Gazette: it is now law", reach["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("gazette", bill["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_replayed_sitting_goes_live_moves_through_its_agenda_and_ends_with_one_push_per_change()
    {
        // From 2019-05-24 the first sitting played is mid 4132 (House, 26 May 2019): 4 agenda items, 2 vote sheets.
        // At 8 s a sitting and a scrape every second, it starts at once and adjourns after 6.4 s.
        await using var host = await DevHostProcess.StartAsync([
            ("Sources__Replay__SittingSeconds", "8"),
            ("Schedules__ScrapeMeetings", "* * * * * *"),
        ]);
        const string id = "msbis-4132";

        var live = await host.PollAsync("/api/v1/meetings/live", json => json["items"]!.AsArray().Any(m => m!["id"]!.GetValue<string>() == id));
        var pushes = await host.PollAsync("/dev/pushes", json => Titles(json, id).Contains("Sitting adjourned"));
        var meeting = await host.GetAsync($"/api/v1/meetings/{id}");

        Assert.NotNull(live["items"]!.AsArray().First(m => m!["id"]!.GetValue<string>() == id)!["currentItem"]);
        var titles = Titles(pushes, id);
        Assert.Equal(1, titles.Count(t => t == "Sitting started"));
        Assert.Equal(3, titles.Count(t => t == "Now on the floor")); // items 2, 3 and 4; item 1 is in the "started" push
        Assert.Equal(2, titles.Count(t => t == "Vote recorded"));
        Assert.Equal(1, titles.Count(t => t == "Sitting adjourned"));
        var ofThisSitting = pushes.AsArray().Where(p => p!["payload"]!["meetingId"]?.GetValue<string>() == id).ToList();
        Assert.Equal(ofThisSitting.Count, ofThisSitting.Select(p => p!["eventId"]!.GetValue<string>()).Distinct().Count());
        Assert.All(ofThisSitting, p => Assert.Contains("meeting:" + id, p!["tagExpression"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal("adjourned", meeting["state"]!.GetValue<string>());
        Assert.Equal(4, meeting["agenda"]!.AsArray().Count);
        Assert.All(meeting["agenda"]!.AsArray(), i => Assert.Equal("done", i!["state"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_complaint_filed_with_no_settings_is_tracked_with_its_token_and_a_retry_is_the_same_complaint()
    {
        // The dev host makes its own local key for the in-memory Azurite: personal data is sealed with no setting at all.
        await using var host = await DevHostProcess.StartAsync([]);
        await host.PollAsync("/api/v1/complaints/topics", json => json["items"]?.AsArray().Count > 0);
        const string body = """
            { "kind": "suggestion", "subject": "ขอให้เผยแพร่รายงานกรรมาธิการเร็วขึ้น", "details": "อยากอ่านรายงานของคณะกรรมาธิการก่อนวันลงมติ",
              "topic": "law-justice", "contact": { "name": "สมหญิง ทดสอบ", "email": "somying@example.com" },
              "consent": { "accepted": true, "noticeVersion": "2026-01" } }
            """;

        var first = await host.SendAsync(HttpMethod.Post, "/api/v1/complaints", body, ("Idempotency-Key", "devhost-test-1"));
        var retry = await host.SendAsync(HttpMethod.Post, "/api/v1/complaints", body, ("Idempotency-Key", "devhost-test-1"));
        var number = first.Json["trackingNumber"]!.GetValue<string>();
        var token = first.Json["trackingToken"]!.GetValue<string>();
        var tracked = await host.SendAsync(HttpMethod.Get, "/api/v1/complaints/" + Uri.EscapeDataString(number), "", ("X-Tracking-Token", token));
        var wrongToken = await host.SendAsync(HttpMethod.Get, "/api/v1/complaints/" + Uri.EscapeDataString(number), "", ("X-Tracking-Token", OtherToken(token)));

        Assert.Equal(201, first.Status);
        Assert.StartsWith("ข-", number, StringComparison.Ordinal);
        Assert.Equal(number, retry.Json["trackingNumber"]!.GetValue<string>());
        Assert.Equal(200, tracked.Status);
        Assert.Equal("received", tracked.Json["status"]!.GetValue<string>());
        Assert.DoesNotContain("somying", tracked.Json.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(404, wrongToken.Status);
    }

    /// <summary>The token with its first character changed: a fixed replacement would be the same token when the token starts with it.</summary>
    private static string OtherToken(string token) => (token[0] == 'x' ? "y" : "x") + token[1..];

    private static List<string> Titles(JsonNode pushes, string meetingId) =>
        pushes.AsArray()
            .Where(p => p!["payload"]!["meetingId"]?.GetValue<string>() == meetingId)
            .Select(p => p!["payload"]!["titleEn"]!.GetValue<string>())
            .ToList();

    /// <summary>Bill pushes name the bill first; meeting pushes start with "meetings" or "meeting:".</summary>
    private static bool IsBillPush(JsonNode push) => push["tagExpression"]!.GetValue<string>().StartsWith("bill:", StringComparison.Ordinal);

    private static bool IsEnactment(JsonNode push) => push["payload"]?["stage"]?.GetValue<string>() == "gazette";

    private static bool Reaches(JsonNode push, string installationId) =>
        push["reaches"]!.AsArray().Any(r => r!["installationId"]!.GetValue<string>() == installationId);
}
