using System.Text;
using System.Text.Json;
using Chantra.Azure.Library;
using Chantra.Domain.Bills;
using Chantra.Domain.Complaints;
using Chantra.Domain.Library;
using Chantra.Functions.Library;
using Chantra.Tests.Functions;
using Chantra.Tests.Infrastructure;
using Chantra.Tests.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Library;

/// <summary>
/// The library API over Table Storage (Azurite): who may edit, what a valid and an invalid entry
/// answer, the If-Match rules, hostile search queries, and the index following edits.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LibraryApiTests(AzuriteFixture azurite) : IDisposable
{
    private const string KnownBill = "B-2567-001";
    private static readonly IServiceProvider RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();

    private readonly TestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    private sealed class Rig
    {
        public Rig(AzuriteFixture azurite, TestTokens tokens)
        {
            var (tables, _) = azurite.NewTables();
            Store = new TableLibraryStore(new LibraryTables(tables.Service, "l" + Guid.NewGuid().ToString("N")[..10]));
            var bills = new Mock<IBillCatalog>();
            bills.Setup(b => b.FindExistingAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
                .ReturnsAsync((IReadOnlyCollection<string> ids, CancellationToken _) => ids.Where(i => i == KnownBill).ToHashSet());
            Service = new LibraryService(Store, bills.Object, Time);
            Catalog = NewCatalog();
            Api = new LibraryApi(Catalog, Service, Store, tokens.Access());
        }

        public ManualTime Time { get; } = new(TestTokens.Now);

        public TableLibraryStore Store { get; }

        public LibraryService Service { get; }

        public LibraryCatalogService Catalog { get; }

        public LibraryApi Api { get; }

        /// <summary>Another instance's view of the same store.</summary>
        public LibraryCatalogService NewCatalog() =>
            new(Store, new LibraryOptions { RefreshSeconds = 30 }, Time, NullLogger<LibraryCatalogService>.Instance);
    }

    private static string Entry(
        string titleTh = "การศึกษากฎหมายว่าด้วยการชุมนุมสาธารณะ",
        string? titleEn = "A Study of the Public Assembly Act",
        string abstractTh = "งานวิจัยนี้ศึกษาการใช้เสรีภาพในการชุมนุมโดยสงบ และการแจ้งการชุมนุมต่อเจ้าพนักงาน",
        string fileUrl = "https://library.senate.example/docs/assembly.pdf",
        string[]? bills = null) =>
        JsonSerializer.Serialize(new
        {
            titleTh,
            titleEn,
            type = LibraryDocumentTypes.Research,
            authors = new[] { "สำนักวิชาการ สำนักงานเลขาธิการวุฒิสภา" },
            publishedOn = "2025-03-01",
            abstractTh,
            abstractEn = "A study of peaceful assembly and the duty to notify officials.",
            tags = new[] { "สิทธิและเสรีภาพ" },
            relatedBills = bills ?? [KnownBill],
            fileUrl,
        });

    private static HttpContext Request(string method, string path, string? token, string? json = null, string? query = null, string? ifMatch = null)
    {
        var ctx = token is null ? TestTokens.Request() : TestTokens.Bearer(token);
        ctx.Request.Method = method;
        ctx.Request.Path = path;
        ctx.RequestServices = RequestServices;
        if (query is not null)
        {
            ctx.Request.QueryString = new QueryString(query);
        }

        if (ifMatch is not null)
        {
            ctx.Request.Headers.IfMatch = ifMatch;
        }

        if (json is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            ctx.Request.Body = new MemoryStream(bytes);
            ctx.Request.ContentType = "application/json";
            ctx.Request.ContentLength = bytes.Length;
        }

        return ctx;
    }

    private string Manager => _tokens.Create(StaffRoles.LibraryManage);

    private static async Task<HttpAnswer> Post(Rig rig, string json, string? token)
    {
        var ctx = Request(HttpMethods.Post, "/api/v1/staff/library", token, json);
        return await HttpCall.ExecuteAsync(await rig.Api.AddLibraryDocument(ctx.Request, CancellationToken.None), ctx);
    }

    private static async Task<HttpAnswer> Put(Rig rig, string id, string json, string? token, string? ifMatch)
    {
        var ctx = Request(HttpMethods.Put, "/api/v1/staff/library/" + id, token, json, ifMatch: ifMatch);
        return await HttpCall.ExecuteAsync(await rig.Api.ReplaceLibraryDocument(ctx.Request, id, CancellationToken.None), ctx);
    }

    private static async Task<HttpAnswer> Get(Rig rig, string id, string? ifNoneMatch = null)
    {
        var ctx = HttpCall.Request("/api/v1/library/" + id, ifNoneMatch: ifNoneMatch);
        return await HttpCall.ExecuteAsync(await rig.Api.GetLibraryDocument(ctx.Request, id, CancellationToken.None), ctx);
    }

    private static async Task<HttpAnswer> Search(Rig rig, string query, LibraryApi? api = null)
    {
        var ctx = HttpCall.Request("/api/v1/library", new QueryString(query));
        return await HttpCall.ExecuteAsync(await (api ?? rig.Api).SearchLibrary(ctx.Request, CancellationToken.None), ctx);
    }

    private static string[] Ids(HttpAnswer answer) =>
        answer.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray();

    private static string[] ErrorFields(HttpAnswer answer) =>
        answer.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()!).ToArray();

    [Fact]
    public async Task Staff_writes_without_a_token_are_401_and_without_the_library_role_403()
    {
        var rig = new Rig(azurite, _tokens);

        var missing = await Post(rig, Entry(), null);
        var wrongRole = await Post(rig, Entry(), _tokens.Create(StaffRoles.ComplaintsManage));

        Assert.Equal(StatusCodes.Status401Unauthorized, missing.Status);
        Assert.StartsWith("Bearer", missing.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status403Forbidden, wrongRole.Status);
        Assert.Empty(await rig.Store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_valid_entry_is_201_with_a_Location_whose_GET_has_the_same_ETag_and_304s_it()
    {
        var rig = new Rig(azurite, _tokens);

        var created = await Post(rig, Entry(), Manager);
        var id = created.Json.GetProperty("id").GetString()!;
        var read = await Get(rig, id);
        var again = await Get(rig, id, ifNoneMatch: read.ETag);

        Assert.Equal(StatusCodes.Status201Created, created.Status);
        Assert.Equal("/api/v1/library/" + id, created.Headers.Location.ToString());
        Assert.Equal(StatusCodes.Status200OK, read.Status);
        Assert.Equal(created.ETag, read.ETag);
        Assert.Equal([KnownBill], read.Json.GetProperty("relatedBills").EnumerateArray().Select(b => b.GetString()!).ToArray());
        Assert.Equal(StatusCodes.Status304NotModified, again.Status);
    }

    [Fact]
    public async Task A_replace_without_If_Match_is_428_with_a_stale_ETag_412_and_with_the_current_one_200()
    {
        var rig = new Rig(azurite, _tokens);
        var created = await Post(rig, Entry(), Manager);
        var id = created.Json.GetProperty("id").GetString()!;

        var noIfMatch = await Put(rig, id, Entry(titleTh: "ชื่อใหม่"), Manager, null);
        var first = await Put(rig, id, Entry(titleTh: "ชื่อใหม่ครั้งที่หนึ่ง"), Manager, created.ETag);
        var stale = await Put(rig, id, Entry(titleTh: "ชื่อใหม่ครั้งที่สอง"), Manager, created.ETag); // the ETag before the first edit
        var stored = await rig.Store.GetAsync(id, CancellationToken.None);

        Assert.Equal(StatusCodes.Status428PreconditionRequired, noIfMatch.Status);
        Assert.Equal(StatusCodes.Status200OK, first.Status);
        Assert.NotEqual(created.ETag, first.ETag);
        Assert.Equal(StatusCodes.Status412PreconditionFailed, stale.Status);
        Assert.Equal("ชื่อใหม่ครั้งที่หนึ่ง", stored!.Document.TitleTh);
    }

    [Fact]
    public async Task A_delete_with_a_stale_ETag_is_412_and_without_If_Match_204_then_the_entry_is_404()
    {
        var rig = new Rig(azurite, _tokens);
        var created = await Post(rig, Entry(), Manager);
        var id = created.Json.GetProperty("id").GetString()!;
        var edited = await Put(rig, id, Entry(titleTh: "ชื่อใหม่"), Manager, created.ETag);

        var staleCtx = Request(HttpMethods.Delete, "/api/v1/staff/library/" + id, Manager, ifMatch: created.ETag);
        var stale = await HttpCall.ExecuteAsync(await rig.Api.DeleteLibraryDocument(staleCtx.Request, id, CancellationToken.None), staleCtx);
        var ctx = Request(HttpMethods.Delete, "/api/v1/staff/library/" + id, Manager);
        var deleted = await HttpCall.ExecuteAsync(await rig.Api.DeleteLibraryDocument(ctx.Request, id, CancellationToken.None), ctx);

        Assert.Equal(StatusCodes.Status200OK, edited.Status);
        Assert.Equal(StatusCodes.Status412PreconditionFailed, stale.Status);
        Assert.Equal(StatusCodes.Status204NoContent, deleted.Status);
        Assert.Equal(StatusCodes.Status404NotFound, (await Get(rig, id)).Status);
    }

    [Fact]
    public async Task Validation_errors_name_each_invalid_field_in_English_and_Thai()
    {
        var rig = new Rig(azurite, _tokens);

        var answer = await Post(rig, Entry(titleTh: " ", fileUrl: "http://library.senate.example/a.pdf", bills: ["B-9999-999"]), Manager);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal(["fileUrl", "relatedBills", "titleTh"], ErrorFields(answer).Order(StringComparer.Ordinal).ToArray());
        Assert.All(answer.Json.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("messageTh").GetString())));
        Assert.Empty(await rig.Store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_member_is_a_400_on_the_body_and_a_body_over_32_KB_is_413()
    {
        var rig = new Rig(azurite, _tokens);

        var unknown = await Post(rig, Entry().TrimEnd('}') + ",\"isbn\":\"x\"}", Manager);
        var huge = await Post(rig, Entry(abstractTh: new string('ก', 33 * 1024)), Manager);

        Assert.Equal(StatusCodes.Status400BadRequest, unknown.Status);
        Assert.Equal(["body"], ErrorFields(unknown));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, huge.Status);
    }

    [Theory]
    [InlineData("*:*")]
    [InlineData("title:(")]
    [InlineData("\"การชุมนุม")]
    [InlineData("?!.,;")]
    [InlineData("😀")]
    public async Task Query_syntax_quotes_punctuation_and_emoji_answer_200(string q)
    {
        var rig = new Rig(azurite, _tokens);
        await Post(rig, Entry(), Manager);

        var answer = await Search(rig, "?q=" + Uri.EscapeDataString(q));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
    }

    [Theory]
    [InlineData("\u200F\u200E")]
    [InlineData(null)] // 10,000 characters
    public async Task Invisible_only_and_ten_thousand_character_queries_are_400_on_q_with_a_Thai_message(string? q)
    {
        var rig = new Rig(azurite, _tokens);

        var answer = await Search(rig, "?q=" + Uri.EscapeDataString(q ?? new string('ก', 10_000)));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal(["q"], ErrorFields(answer));
        Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("errors")[0].GetProperty("messageTh").GetString()));
    }

    [Fact]
    public async Task An_edit_shows_at_once_on_its_own_instance_and_on_another_after_the_refresh_interval()
    {
        var rig = new Rig(azurite, _tokens);
        var created = await Post(rig, Entry(), Manager);
        var id = created.Json.GetProperty("id").GetString()!;
        var other = rig.NewCatalog();
        var otherApi = new LibraryApi(other, rig.Service, rig.Store, _tokens.Access());
        Assert.Equal([id], Ids(await Search(rig, "?q=ชุมนุม", otherApi)));

        await Put(rig, id, Entry(abstractTh: "งานวิจัยนี้ศึกษาการคุ้มครองผู้บริโภคในการซื้อขายออนไลน์"), Manager, created.ETag);
        var here = await Search(rig, "?q=" + Uri.EscapeDataString("ผู้บริโภค"));
        var thereBefore = await Search(rig, "?q=" + Uri.EscapeDataString("ผู้บริโภค"), otherApi);
        rig.Time.Advance(TimeSpan.FromSeconds(31));
        var thereAfter = await Search(rig, "?q=" + Uri.EscapeDataString("ผู้บริโภค"), otherApi);

        Assert.Equal([id], Ids(here));
        Assert.Empty(Ids(thereBefore));
        Assert.Equal([id], Ids(thereAfter));
    }

    [Fact]
    public async Task Search_finds_an_entry_by_its_English_title_and_the_type_filter_excludes_it()
    {
        var rig = new Rig(azurite, _tokens);
        var id = (await Post(rig, Entry(), Manager)).Json.GetProperty("id").GetString()!;

        var byTitle = await Search(rig, "?q=" + Uri.EscapeDataString("public assembly"));
        var otherType = await Search(rig, "?q=" + Uri.EscapeDataString("public assembly") + "&type=" + LibraryDocumentTypes.LegalArticle);
        var badType = await Search(rig, "?type=novel");

        Assert.Equal([id], Ids(byTitle));
        Assert.Empty(Ids(otherType));
        Assert.Equal(StatusCodes.Status400BadRequest, badType.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("การชุมนุม")]
    public async Task Paging_with_the_continuation_token_serves_every_entry_once_and_the_last_page_has_no_token(string? q)
    {
        var rig = new Rig(azurite, _tokens);
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await Post(rig, Entry(titleTh: $"การศึกษากฎหมายว่าด้วยการชุมนุมสาธารณะ เล่ม {i + 1}", fileUrl: $"https://library.senate.example/docs/{i}.pdf"), Manager)).Json.GetProperty("id").GetString()!);
        }

        var baseQuery = (q is null ? "?" : "?q=" + Uri.EscapeDataString(q) + "&") + "pageSize=3";
        var whole = Ids(await Search(rig, (q is null ? "?" : "?q=" + Uri.EscapeDataString(q) + "&") + "pageSize=100"));
        var served = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await Search(rig, baseQuery + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            Assert.Equal(StatusCodes.Status200OK, page.Status);
            served.AddRange(Ids(page));
            token = page.Json.TryGetProperty("continuationToken", out var t) ? t.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(3, pages); // 3 + 3 + 1
        Assert.Equal(whole, served); // the same order as one big page: every entry once, none left out
        Assert.Equal(ids.Order(StringComparer.Ordinal), served.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_token_replayed_with_another_query_or_page_size_or_edited_is_400_on_continuationToken_in_both_languages()
    {
        var rig = new Rig(azurite, _tokens);
        for (var i = 0; i < 3; i++)
        {
            await Post(rig, Entry(titleTh: $"รายงานการศึกษา เล่ม {i + 1}", fileUrl: $"https://library.senate.example/docs/r{i}.pdf"), Manager);
        }

        var first = await Search(rig, "?pageSize=1");
        var token = first.Json.GetProperty("continuationToken").GetString()!;

        var otherSize = await Search(rig, "?pageSize=2&continuationToken=" + Uri.EscapeDataString(token));
        var otherType = await Search(rig, "?pageSize=1&type=research&continuationToken=" + Uri.EscapeDataString(token));
        var edited = await Search(rig, "?pageSize=1&continuationToken=" + Uri.EscapeDataString(token[..4] + (token[4] == 'A' ? "B" : "A") + token[5..])); // within the filters' digest
        var garbage = await Search(rig, "?pageSize=1&continuationToken=" + new string('x', 300));
        var same = await Search(rig, "?pageSize=1&continuationToken=" + Uri.EscapeDataString(token));

        Assert.All(new[] { otherSize, otherType, edited, garbage }, a =>
        {
            Assert.Equal(StatusCodes.Status400BadRequest, a.Status);
            Assert.Equal(["continuationToken"], ErrorFields(a));
            Assert.False(string.IsNullOrEmpty(a.Json.GetProperty("errors")[0].GetProperty("messageTh").GetString()));
        });
        Assert.Equal(StatusCodes.Status200OK, same.Status);
        Assert.NotEqual(Ids(first), Ids(same));
    }
}
