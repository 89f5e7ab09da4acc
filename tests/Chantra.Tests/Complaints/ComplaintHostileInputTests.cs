using System.Text;
using System.Text.Json;
using Chantra.Domain.Complaints;
using Chantra.Tests.Functions;
using Chantra.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Chantra.Tests.Complaints;

/// <summary>
/// Hostile bodies against POST /api/v1/complaints. Two kinds:
/// <list type="bullet">
/// <item>Malformed ones — wrong types, missing or null fields, huge strings, invalid UTF-8, nesting
/// bombs, unknown or duplicate members, arrays for objects, numbers or booleans as strings, injection
/// strings where a code or a format is expected — must all be refused with a 4xx problem+json, store
/// nothing, and never throw (which the hosts would answer with a 500).</item>
/// <item>Hostile text inside otherwise valid free-text fields — script tags, SQL and OData strings,
/// emoji, stacked Thai combining marks — is what a citizen may legitimately write: it is accepted
/// and must be stored verbatim as text and returned JSON-encoded, never as markup.</item>
/// </list>
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ComplaintHostileInputTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly ComplaintOptions Generous = new()
    {
        // Many bodies from one address: the limits are tested elsewhere.
        RateLimits = new ComplaintRateLimitOptions { PerClient = [new RateLimitRule { Limit = 10_000, Window = TimeSpan.FromHours(1) }] },
    };

    private const string Subject = "\"subject\":\"ถนนชำรุด\"";
    private const string Details = "\"details\":\"ถนนหน้าบ้านเป็นหลุมลึก\"";
    private const string Topic = "\"topic\":\"transport\"";
    private const string Kind = "\"kind\":\"complaint\"";
    private const string Contact = "\"contact\":{\"name\":\"สมศรี\",\"email\":\"a@example.org\"}";
    private const string Consent = "\"consent\":{\"accepted\":true,\"noticeVersion\":\"2026-01\"}";

    private static string Obj(params string[] members) => "{" + string.Join(",", members) + "}";

    private static readonly string ValidBody = Obj(Kind, Subject, Details, Topic, Contact, Consent);

    private static string Valid(string replace, string with) => ValidBody.Replace(replace, with, StringComparison.Ordinal);

    private static string Without(string member) =>
        Obj(new[] { Kind, Subject, Details, Topic, Contact, Consent }.Where(m => m != member).ToArray());

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>A valid body whose subject's value is replaced by these raw bytes (between the quotes).</summary>
    private static byte[] WithRawSubject(params byte[] raw)
    {
        var marker = Utf8("@@MARK@@");
        var body = Utf8(Valid("ถนนชำรุด", "@@MARK@@"));
        var at = body.AsSpan().IndexOf(marker);
        return [.. body[..at], .. raw, .. body[(at + marker.Length)..]];
    }

    public static IEnumerable<(string Name, byte[] Body)> Malformed()
    {
        // Not an object at all.
        foreach (var (name, text) in new[]
        {
            ("empty", ""), ("whitespace", "   "), ("null", "null"), ("array", "[]"), ("number", "42"), ("string", "\"complaint\""), ("true", "true"),
            ("open brace", "{"), ("close brace", "}"), ("cut off", "{\"kind\":"), ("trailing garbage", Obj(Kind) + "x"), ("two objects", "{}{}"),
            ("single quotes", "{'kind':'complaint'}"), ("comment", "/* hi */" + ValidBody), ("trailing comma", Valid("2026-01\"}", "2026-01\",}")),
            ("NaN", Valid("\"ถนนชำรุด\"", "NaN")), ("Infinity", Valid("\"ถนนชำรุด\"", "Infinity")), ("huge number", Valid("\"ถนนชำรุด\"", "1e999999")),
            ("array of a valid body", "[" + ValidBody + "]"), ("xml", "<complaint><kind>complaint</kind></complaint>"),
            ("form encoded", "kind=complaint&subject=x"), ("empty object", "{}"),
        })
        {
            yield return (name, Utf8(text));
        }

        // Wrong types.
        foreach (var (name, from, to) in new[]
        {
            ("kind number", "\"kind\":\"complaint\"", "\"kind\":1"),
            ("kind array", "\"kind\":\"complaint\"", "\"kind\":[\"complaint\"]"),
            ("kind object", "\"kind\":\"complaint\"", "\"kind\":{\"value\":\"complaint\"}"),
            ("kind bool", "\"kind\":\"complaint\"", "\"kind\":true"),
            ("subject number", Subject, "\"subject\":12345"),
            ("subject array", Subject, "\"subject\":[\"ถนน\"]"),
            ("subject object", Subject, "\"subject\":{}"),
            ("details bool", Details, "\"details\":false"),
            ("details number", Details, "\"details\":3.14"),
            ("topic number", Topic, "\"topic\":7"),
            ("contact string", Contact, "\"contact\":\"สมศรี a@example.org\""),
            ("contact array", Contact, "\"contact\":[{\"name\":\"สมศรี\",\"email\":\"a@example.org\"}]"),
            ("contact number", Contact, "\"contact\":0"),
            ("name number", "\"name\":\"สมศรี\"", "\"name\":1"),
            ("email array", "\"email\":\"a@example.org\"", "\"email\":[\"a@example.org\"]"),
            ("anonymous as string", Contact, "\"contact\":{\"anonymous\":\"true\"}"),
            ("anonymous as number", Contact, "\"contact\":{\"anonymous\":1}"),
            ("consent true", Consent, "\"consent\":true"),
            ("consent array", Consent, "\"consent\":[true,\"2026-01\"]"),
            ("accepted as string", "\"accepted\":true", "\"accepted\":\"true\""),
            ("accepted as number", "\"accepted\":true", "\"accepted\":1"),
            ("noticeVersion number", "\"noticeVersion\":\"2026-01\"", "\"noticeVersion\":202601"),
            ("nationalId number", Consent, Consent + ",\"nationalId\":1101700230708"),
            ("installationId number", Consent, Consent + ",\"installationId\":12345678"),
            ("billId number", Consent, Consent + ",\"billId\":42"),
            ("billId object", Consent, Consent + ",\"billId\":{\"$ne\":null}"),
        })
        {
            yield return ("wrong type: " + name, Utf8(Valid(from, to)));
        }

        // Missing and null fields.
        foreach (var member in new[] { Kind, Subject, Details, Topic, Contact, Consent })
        {
            var name = member.Split('"')[1];
            yield return ("missing " + name, Utf8(Without(member)));
            yield return ("null " + name, Utf8(Valid(member, $"\"{name}\":null")));
        }

        foreach (var (name, from, to) in new[]
        {
            ("null name", "\"name\":\"สมศรี\"", "\"name\":null"),
            ("null email and no phone", "\"email\":\"a@example.org\"", "\"email\":null"),
            ("null accepted", "\"accepted\":true", "\"accepted\":null"),
            ("null noticeVersion", "\"noticeVersion\":\"2026-01\"", "\"noticeVersion\":null"),
            ("empty subject", Subject, "\"subject\":\"\""),
            ("blank details", Details, "\"details\":\"   \\n\\t  \""),
            ("control-only subject", Subject, "\"subject\":\"\\u0000\\u0001\\u001f\""),
            ("consent refused", "\"accepted\":true", "\"accepted\":false"),
            ("consent without version", "\"noticeVersion\":\"2026-01\"", "\"noticeVersion\":\"\""),
            ("contact without email or phone", Contact, "\"contact\":{\"name\":\"สมศรี\"}"),
            ("anonymous with a name", Contact, "\"contact\":{\"anonymous\":true,\"name\":\"สมศรี\"}"),
            ("anonymous with a national id", Contact, "\"contact\":{\"anonymous\":true},\"nationalId\":\"1101700230708\""),
            ("empty contact", Contact, "\"contact\":{}"),
        })
        {
            yield return (name, Utf8(Valid(from, to)));
        }

        // Huge strings (each alone under the 32 KB body limit) and a body over it.
        yield return ("subject of 201 characters", Utf8(Valid(Subject, $"\"subject\":\"{new string('ก', 201)}\"")));
        yield return ("details of 5001 characters", Utf8(Valid(Details, $"\"details\":\"{new string('a', 5001)}\"")));
        yield return ("name of 101 characters", Utf8(Valid("\"name\":\"สมศรี\"", $"\"name\":\"{new string('ส', 101)}\"")));
        yield return ("email of 300 characters", Utf8(Valid("a@example.org", new string('a', 290) + "@example.org")));
        yield return ("topic of 10,000 characters", Utf8(Valid("\"transport\"", $"\"{new string('t', 10_000)}\"")));
        yield return ("noticeVersion of 5,000 characters", Utf8(Valid("\"2026-01\"", $"\"{new string('9', 5000)}\"")));
        yield return ("body of 1 MB", Utf8(Valid(Details, $"\"details\":\"{new string('x', 1024 * 1024)}\"")));
        yield return ("body of 40 KB of whitespace", Utf8(new string(' ', 40 * 1024) + ValidBody));

        // Invalid UTF-8 inside a string, and invalid UTF-16 escapes.
        yield return ("utf-8 byte FF", WithRawSubject(0xFF));
        yield return ("utf-8 bad continuation", WithRawSubject(0xC3, 0x28));
        yield return ("utf-8 overlong slash", WithRawSubject(0xC0, 0xAF));
        yield return ("utf-8 encoded surrogate", WithRawSubject(0xED, 0xA0, 0x80));
        yield return ("utf-8 truncated Thai", WithRawSubject(0xE0, 0xB8));
        yield return ("utf-8 above U+10FFFF", WithRawSubject(0xF4, 0x90, 0x80, 0x80));
        yield return ("utf-16 lone high surrogate escape", Utf8(Valid("ถนนชำรุด", "\\ud800")));
        yield return ("utf-16 lone low surrogate escape", Utf8(Valid("ถนนชำรุด", "\\udc00x")));
        yield return ("latin-1 body", Encoding.Latin1.GetBytes(Valid("ถนนชำรุด", "café crème")));

        // Nesting bombs: depth 10,000, as the body and inside a member; and just one level too deep.
        yield return ("array bomb", Utf8(new string('[', 10_000) + new string(']', 10_000)));
        yield return ("object bomb", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)));
        yield return ("bomb in contact", Utf8(Valid(Contact, "\"contact\":" + string.Concat(Enumerable.Repeat("{\"name\":", 10_000)) + "\"x\"" + new string('}', 10_000))));
        yield return ("bomb in billId", Utf8(Valid(Consent, Consent + ",\"billId\":" + new string('[', 10_000) + new string(']', 10_000))));
        yield return ("nine levels", Utf8(Valid(Consent, Consent + ",\"x\":" + string.Concat(Enumerable.Repeat("{\"a\":", 8)) + "1" + new string('}', 8))));

        // Unknown members, wrong case, duplicates: exactly the documented shape.
        foreach (var (name, extra) in new[]
        {
            ("tags", "\"tags\":[\"complaint:R-2569-AAAAAAA\",\"news\"]"),
            ("status", "\"status\":\"closed\""),
            ("trackingNumber", "\"trackingNumber\":\"ร-2569-7K3M9QX\""),
            ("__proto__", "\"__proto__\":{\"admin\":true}"),
            ("constructor", "\"constructor\":{\"prototype\":{}}"),
            ("$where", "\"$where\":\"1 == 1\""),
        })
        {
            yield return ("unknown member " + name, Utf8(Valid(Consent, Consent + "," + extra)));
        }

        yield return ("unknown member in contact", Utf8(Valid("\"email\":\"a@example.org\"", "\"email\":\"a@example.org\",\"address\":\"1 ถนนราชดำเนิน\"")));
        yield return ("unknown member in consent", Utf8(Valid("\"accepted\":true", "\"accepted\":true,\"at\":\"2020-01-01\"")));
        yield return ("Kind in capitals", Utf8(Valid("\"kind\"", "\"Kind\"")));
        yield return ("SUBJECT in capitals", Utf8(Valid("\"subject\"", "\"SUBJECT\"")));
        yield return ("duplicate kind", Utf8(Valid(Kind, Kind + ",\"kind\":\"petition\"")));
        yield return ("duplicate subject", Utf8(Valid(Subject, Subject + "," + Subject)));
        yield return ("duplicate accepted", Utf8(Valid("\"accepted\":true", "\"accepted\":false,\"accepted\":true")));
        yield return ("duplicate email", Utf8(Valid("\"email\":\"a@example.org\"", "\"email\":\"a@example.org\",\"email\":\"b@example.org\"")));

        // Injection strings where a code or a format is expected (free text takes them; see the other test).
        foreach (var (name, from, to) in new[]
        {
            ("odata topic", "\"transport\"", "\"transport' or 1 eq 1 or Topic eq '\""),
            ("odata topic 2", "\"transport\"", "\"' or 1 eq 1\""),
            ("sql kind", "\"complaint\"", "\"complaint' OR '1'='1\""),
            ("odata billId", Consent, Consent + ",\"billId\":\"1' or PartitionKey ne '\""),
            ("sql billId", Consent, Consent + ",\"billId\":\"1; DROP TABLE bills; --\""),
            ("odata installationId", Consent, Consent + ",\"installationId\":\"x' or RowKey gt '\""),
            ("sql nationalId", Consent, Consent + ",\"nationalId\":\"1' OR '1'='1\""),
            ("odata email", "a@example.org", "a@example.org' or 1 eq 1 --"),
            ("sql phone", Contact, "\"contact\":{\"name\":\"สมศรี\",\"phone\":\"0812345678' or 1=1 --\"}"),
            ("sql noticeVersion", "\"2026-01\"", "\"'; DROP TABLE complaints; --\""),
            ("script kind", "\"complaint\"", "\"<script>alert(1)</script>\""),
            ("path topic", "\"transport\"", "\"../../etc/passwd\""),
            ("emoji topic", "\"transport\"", "\"🚗\""),
            ("thai topic", "\"transport\"", "\"การคมนาคม\""),
            ("emoji-only subject", Subject, "\"subject\":\"😡😡😡\""),
            ("emoji-only details", Details, "\"details\":\"🚧🚧🚧🚧\""),
            ("emoji phone", Contact, "\"contact\":{\"name\":\"สมศรี\",\"phone\":\"0️⃣8️⃣1️⃣\"}"),
            ("thai digits email", "a@example.org", "๐๘๑"),
            ("landline phone", Contact, "\"contact\":{\"name\":\"สมศรี\",\"phone\":\"021234567\"}"),
        })
        {
            yield return ("injection: " + name, Utf8(Valid(from, to)));
        }
    }

    /// <summary>Hostile text in free-text fields of an otherwise valid body, and what must be stored for it (controls stripped, nothing else changed).</summary>
    public static IEnumerable<(string Name, string Subject, string Details)> AcceptedAsText() =>
    [
        ("script tag", "<script>alert(document.cookie)</script>", "ถนนพัง <script src=\"https://evil.example/x.js\"></script>"),
        ("img onerror", "ถนนพัง <img src=x onerror=alert(1)>", "<svg onload=alert(1)> รายละเอียด"),
        ("sql", "'; DROP TABLE complaints; --", "Robert'); DROP TABLE Students;-- ถนนพัง"),
        ("odata", "' or 1 eq 1", "PartitionKey ne '' or RowKey gt '' ถนนพัง"),
        ("emoji", "ถนนพัง 😡🚧🇹🇭", "👩‍👩‍👧‍👦 ครอบครัวเดือดร้อน 🙏🏽"),
        ("thai combining marks", "กี่ีีีีีี้้้้้้", "ก\u0E48\u0E49\u0E4A\u0E4B\u0E4C ซ้ำ ๆ ั ิ ี ึ ื"),
        ("json-looking text", "{\"status\":\"closed\"}", "[1,2,3] \\u0000 ถนนพัง"),
        ("html entities", "&lt;b&gt; &amp; &#x3C;", "&#60;script&#62; ถนนพัง"),
    ];

    [Fact]
    public async Task More_than_100_malformed_bodies_are_all_4xx_problem_json_and_none_is_stored()
    {
        var rig = new ComplaintRig(azurite, options: Generous);
        var cases = Malformed().ToList();
        Assert.True(cases.Count >= 100, $"only {cases.Count} bodies");
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct().Count());

        foreach (var (name, body) in cases)
        {
            HttpAnswer answer;
            try
            {
                answer = await rig.SubmitBytesAsync(body);
            }
            catch (Exception) when (Report(name))
            {
                throw; // never reached: Report only names the case and lets the exception (a 500 in a host) fail the test
            }

            Assert.True(answer.Status is >= 400 and < 500, $"{name}: {answer.Status} {answer.Text}");
            Assert.True(answer.ContentType == "application/problem+json; charset=utf-8", $"{name}: {answer.ContentType}");
            using var problem = JsonDocument.Parse(answer.Body);
            Assert.Equal(answer.Status, problem.RootElement.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("titleTh").GetString()), name);
        }

        Assert.Equal((0, 0), await rig.CountAsync());
        Assert.Empty(rig.Publisher.Published);
    }

    [Fact]
    public async Task Hostile_text_in_valid_fields_is_stored_verbatim_and_returned_json_encoded()
    {
        var rig = new ComplaintRig(azurite, options: Generous);
        foreach (var (name, subject, details) in AcceptedAsText())
        {
            var json = ComplaintRig.Body(subject: subject, details: details, contact: """{"anonymous":true}""");
            var (number, token, id) = await rig.FileAsync(json);

            var stored = await rig.Store.GetAsync(id, CancellationToken.None);
            Assert.True(subject == stored!.State.Subject, $"{name}: subject stored as '{stored.State.Subject}'");
            using (var key = await rig.Protector.OpenRecordKeyAsync(stored.State.Personal!.WrappedKey, CancellationToken.None))
            {
                Assert.True(details == key.Open(stored.State.Personal.SealedDetails, ComplaintSeals.Details(id)), $"{name}: details changed");
            }

            var answer = await rig.TrackAsync(number, token);
            Assert.Equal(StatusCodes.Status200OK, answer.Status);
            Assert.Equal(subject, answer.Json.GetProperty("subject").GetString());
            Assert.DoesNotContain("<", answer.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(">", answer.Text, StringComparison.Ordinal);
        }

        Assert.Equal(AcceptedAsText().Count(), (await rig.CountAsync()).Complaints);
    }

    private bool Report(string name)
    {
        output.WriteLine($"The body '{name}' made the function throw.");
        return false;
    }
}
