using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Chantra.Azure.Azurite;
using Chantra.Domain.Webhooks;

namespace Chantra.Tests.Webhooks;

/// <summary>
/// The signature is what the README says it is: these tests follow the README's recipe step by
/// step, written here independently of <see cref="WebhookSignature"/>.
/// </summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_q2Vx8f3n0cWm1yK7tB5rZ9pL4sD6hJ2aG8uE1iO3wQ0";
    private const string Body = """{"id":"5b0e8c1f","source":"/chantra/scraper","type":"th.go.senate.chantra.bill.stage-changed","subject":"bills/4","data":{"title":"ร่างพระราชบัญญัติงบประมาณรายจ่าย"}}""";

    /// <summary>The README's steps 3–4, as a receiver would write them.</summary>
    public static string ReadmeSignature(string secret, string timestamp, string body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var mac = hmac.ComputeHash(Encoding.UTF8.GetBytes(timestamp + "." + body));
        return "v1=" + string.Concat(mac.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void The_signature_is_the_readme_recipe()
    {
        Assert.Equal(ReadmeSignature(Secret, "1764064800", Body), WebhookSignature.Sign(Secret, 1764064800, Body));
    }

    [Fact]
    public void The_readme_documents_the_headers_and_the_recipe()
    {
        var root = AzuriteProcess.FindRepositoryRoot()!;
        var readme = File.ReadAllText(Path.Combine(root, "functions", "Chantra.Functions", "Webhooks", "README.md"));

        foreach (var expected in new[]
                 {
                     WebhookSignature.IdHeader, WebhookSignature.TimestampHeader, WebhookSignature.SignatureHeader, WebhookSignature.EventIdHeader,
                     "HMAC-SHA256", "`{Chantra-Timestamp}.{body}`", "lowercase hexadecimal", "`v1=`", "application/cloudevents+json; charset=utf-8",
                 })
        {
            Assert.Contains(expected, readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Verify_accepts_the_right_signature_and_nothing_else()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1764064800);
        var signature = WebhookSignature.Sign(Secret, 1764064800, Body);

        Assert.True(WebhookSignature.Verify(Secret, "1764064800", signature, Body, now.AddMinutes(4), TimeSpan.FromMinutes(5)));
        Assert.True(WebhookSignature.Verify(Secret, "1764064800", "v1=00, " + signature, Body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, "1764064800", signature, Body + " ", now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret + "x", "1764064800", signature, Body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, "1764064801", signature, Body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, "1764064800", signature, Body, now.AddMinutes(6), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Secrets_are_fresh_256_bit_values()
    {
        var a = WebhookSignature.NewSecret();
        var b = WebhookSignature.NewSecret();

        Assert.NotEqual(a, b);
        Assert.StartsWith("whsec_", a, StringComparison.Ordinal);
        Assert.Equal(43, a.Length - "whsec_".Length);
    }
}
