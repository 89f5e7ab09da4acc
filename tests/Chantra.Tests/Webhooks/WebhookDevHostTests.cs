using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Chantra.Azure.Azurite;
using Chantra.Domain.Events;
using Chantra.Domain.Ministry;
using Chantra.Tests.Staff;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

using Chantra.Tests.DevHost;

namespace Chantra.Tests.Webhooks;

/// <summary>
/// The acceptance test of ministry webhooks, on the dev host as a person starts it: a ministry's
/// webhook pointed at a local receiver gets the events of its bills as the replay moves them,
/// signed as the README says; a bill the source names no ministry for counts once staff set one.
/// Staff sign in with tokens of a local tenant this test serves (discovery document and keys).
/// </summary>
public sealed class WebhookDevHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_ministrys_webhook_gets_the_events_of_its_bills_as_the_replay_moves_them()
    {
        using var tokens = new TestTokens();
        await using var tenant = await LocalTenant.StartAsync(tokens);
        await using var receiver = await WebhookReceiver.StartAsync();

        // Law Watch layout plus the Ministry_Code column the replay reads. At one simulated day a
        // second from 2021-01-01, all three appear at once and move 40–50 s later.
        var csv = Path.Combine(Path.GetTempPath(), $"chantra-webhook-bills-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, """
            Law_ID,Proposer_Name,Proposer_Type,Proposer_Party,Law_Nickname,Law_Name,Start_Date,End_Date,Law_Status,Law_Stage,Status_Description,Law_Merge,Law_in_Parliament,Law_Type,VoteLog_ID,VoteLog_Term,Law_Link,Ministry_Code
            9101,คณะรัฐมนตรี,คณะรัฐมนตรี,,พ.ร.บ. ภาษี,ร่างพระราชบัญญัติภาษีทดสอบ พ.ศ. ....,2021-01-01,2021-02-15,อยู่ในกระบวนการ,ส.ว.,อยู่ระหว่างพิจารณาในวุฒิสภา (ผ่านสภาผู้แทนราษฏรแล้ว),,TRUE,เศรษฐกิจ,,,,mof
            9102,สมาชิกสภาผู้แทนราษฎร,ส.ส.,,พ.ร.บ. ศุลกากร,ร่างพระราชบัญญัติศุลกากรทดสอบ พ.ศ. ....,2021-01-01,2021-02-20,อยู่ในกระบวนการ,ส.ว.,อยู่ระหว่างพิจารณาในวุฒิสภา (ผ่านสภาผู้แทนราษฏรแล้ว),,TRUE,เศรษฐกิจ,,,,
            9103,คณะรัฐมนตรี,คณะรัฐมนตรี,,พ.ร.บ. สาธารณสุข,ร่างพระราชบัญญัติสาธารณสุขทดสอบ พ.ศ. ....,2021-01-01,2021-02-10,อยู่ในกระบวนการ,ส.ว.,อยู่ระหว่างพิจารณาในวุฒิสภา (ผ่านสภาผู้แทนราษฏรแล้ว),,TRUE,สังคม,,,,moph
            """);
        try
        {
            await using var host = await DevHostProcess.StartAsync([
                ("Sources__Replay__BillsCsv", csv),
                ("Sources__Replay__Start", "2021-01-01"),
                ("Sources__Replay__Speed", "1"),
                ("Schedules__ScrapeBills", "* * * * * *"),
                ("Webhooks__AllowLoopbackForDevelopment", "true"),
                ("Auth__TenantId", TestTokens.TenantId),
                ("Auth__ClientId", TestTokens.ClientId),
                ("Auth__Instance", tenant.Instance),
            ]);
            var token = tenant.Token(MinistryRoles.Manage);

            await host.PollAsync("/api/v1/bills", json => json["items"]!.AsArray().Count == 3);
            var setMinistry = await host.SendAsync(HttpMethod.Put, "/api/v1/staff/bills/9102/ministry", """{ "ministry": "mof" }""", token);
            var registered = await host.SendAsync(HttpMethod.Post, "/api/v1/staff/ministries/mof/webhooks", $$"""{ "url": "{{receiver.Url}}" }""", token);
            var forbidden = await host.SendAsync(HttpMethod.Post, "/api/v1/staff/ministries/mof/webhooks", $$"""{ "url": "{{receiver.Url}}" }""", tenant.Token("Complaints.Manage"));
            var refused = await host.SendAsync(HttpMethod.Post, "/api/v1/staff/ministries/mof/webhooks", """{ "url": "https://10.0.0.1/x" }""", token);
            var mofBills = await host.GetAsync("/api/v1/ministries/mof/bills");

            Assert.Equal(200, setMinistry.Status);
            Assert.Equal(201, registered.Status);
            Assert.Equal(403, forbidden.Status);
            Assert.Equal(400, refused.Status);
            Assert.Equal(["9101", "9102"], mofBills["items"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()));
            var webhookId = registered.Json["id"]!.GetValue<string>();
            var secret = registered.Json["secret"]!.GetValue<string>();

            var deadline = DateTime.UtcNow + Patience;
            while (!(Moved(receiver, "bills/9101") && Moved(receiver, "bills/9102")))
            {
                Assert.True(DateTime.UtcNow < deadline, $"The receiver did not get both bills' moves within {Patience}; it got: "
                    + string.Join(", ", receiver.Received.Select(r => $"{r.AnsweredWith} {Subject(r)}")) + "\n" + host.Output());
                await Task.Delay(500);
            }

            Assert.All(receiver.Received, r =>
            {
                Assert.Equal("application/cloudevents+json; charset=utf-8", r.ContentType);
                Assert.Equal(webhookId, r.Headers["Chantra-Webhook-Id"]);
                Assert.Equal(WebhookSignatureTests.ReadmeSignature(secret, r.Headers["Chantra-Timestamp"], r.Body), r.Headers["Chantra-Signature"]);
                Assert.Equal(CloudEvent.Parse(r.Body).Id, r.Headers["Chantra-Event-Id"]);
            });
            Assert.DoesNotContain(receiver.Received, r => Subject(r) == "bills/9103"); // moph's bill: not mof's business
            Assert.Equal(receiver.Received.Count, receiver.Received.Select(r => CloudEvent.Parse(r.Body).Id).Distinct().Count());
            Assert.Empty((await host.GetAsync("/dev/deadletters")).AsArray());
        }
        finally
        {
            File.Delete(csv);
        }
    }

    private static string Subject(ReceivedDelivery r) => CloudEvent.Parse(r.Body).Subject;

    private static bool Moved(WebhookReceiver receiver, string subject) =>
        receiver.Received.Any(r => CloudEvent.Parse(r.Body) is { } e && e.Subject == subject && e.Type == EventTypes.BillStageChanged);

    /// <summary>
    /// The staff tenant on 127.0.0.1: its v2.0 discovery document and signing keys (the public half of
    /// <see cref="TestTokens.Key"/>), and tokens it issues valid now (the dev host reads the wall clock).
    /// </summary>
    private sealed class LocalTenant : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly TestTokens _tokens;

        private LocalTenant(WebApplication app, TestTokens tokens)
        {
            _app = app;
            _tokens = tokens;
        }

        /// <summary>The value for <c>Auth__Instance</c>.</summary>
        public string Instance { get; private set; } = string.Empty;

        private string Authority => Instance + TestTokens.TenantId;

        public static async Task<LocalTenant> StartAsync(TestTokens tokens)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var tenant = new LocalTenant(app, tokens);
            app.MapGet($"/{TestTokens.TenantId}/v2.0/.well-known/openid-configuration", () => Results.Json(new JsonObject
            {
                ["issuer"] = tenant.Authority + "/v2.0",
                ["jwks_uri"] = tenant.Authority + "/discovery/v2.0/keys",
                ["authorization_endpoint"] = tenant.Authority + "/oauth2/v2.0/authorize",
                ["token_endpoint"] = tenant.Authority + "/oauth2/v2.0/token",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            }));
            app.MapGet($"/{TestTokens.TenantId}/discovery/v2.0/keys", () =>
            {
                var rsa = tokens.Key.Rsa.ExportParameters(includePrivateParameters: false);
                return Results.Json(new JsonObject
                {
                    ["keys"] = new JsonArray(new JsonObject
                    {
                        ["kty"] = "RSA",
                        ["use"] = "sig",
                        ["alg"] = "RS256",
                        ["kid"] = tokens.Key.KeyId,
                        ["n"] = Base64UrlEncoder.Encode(rsa.Modulus),
                        ["e"] = Base64UrlEncoder.Encode(rsa.Exponent),
                    }),
                });
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            tenant.Instance = address.TrimEnd('/') + "/";
            return tenant;
        }

        public string Token(params string[] roles) => _tokens.Create(d =>
        {
            var now = DateTime.UtcNow;
            d.Issuer = Authority + "/v2.0";
            d.IssuedAt = now.AddMinutes(-1);
            d.NotBefore = now.AddMinutes(-1);
            d.Expires = now.AddHours(1);
        }, roles);

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    // The process helper of DevHostProcessTests, with bearer tokens and the output exposed.

}
