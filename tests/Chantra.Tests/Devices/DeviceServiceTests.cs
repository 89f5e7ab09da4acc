using System.Text.Json;
using Chantra.Domain.Devices;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Devices;

/// <summary>
/// Device registration and follows: the server decides every tag and template, refuses anything
/// that could spell a tag, and guards each installation with its secret.
/// </summary>
public sealed class DeviceServiceTests
{
    private const string Id = DeviceRig.InstallationId;
    private readonly DeviceRig _rig = new();

    private static DeviceFollows Follows(
        string[]? bills = null, string[]? committees = null, string[]? ministries = null, string[]? meetings = null,
        bool allMeetings = false, bool news = false) => DeviceRig.Follows(bills, committees, ministries, meetings, allMeetings, news);

    private Task<DeviceResult> Register(DeviceRegistration registration, string? secret = null) =>
        _rig.Service().RegisterAsync(registration, secret, CancellationToken.None);

    private void AssertNothingWritten()
    {
        Assert.Equal(0, _rig.Store.Writes);
        Assert.Empty(_rig.Store.All);
        _rig.Hub.Verify(h => h.UpsertAsync(It.IsAny<PushInstallation>(), It.IsAny<CancellationToken>()), Times.Never);
        _rig.Hub.Verify(h => h.SetTemplateAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<PushTemplate?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private static string[] Ids(string prefix, int count) => Enumerable.Range(0, count).Select(i => prefix + i).ToArray();

    // ---- tags and templates are the server's ---------------------------------------------------

    [Fact]
    public async Task Tags_and_templates_are_computed_by_the_server_from_the_follows()
    {
        var follows = Follows(bills: ["1", "2"], committees: ["c1"], ministries: ["moph"], meetings: ["m9"], news: true);

        var result = await Register(DeviceRig.Registration(follows, language: "en"));

        Assert.Equal(DeviceOutcome.Created, result.Outcome);
        var installation = Assert.Single(_rig.Upserts);
        Assert.Equal(Id, installation.InstallationId);
        Assert.Equal(DevicePlatform.FcmV1, installation.Platform);
        Assert.Equal(DeviceRig.FcmToken, installation.PushChannel);
        Assert.Equal(["lang:en"], installation.Tags);
        Assert.Equal(["bills", "meetings", "news"], installation.Templates.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["bill:1", "bill:2", "committee:c1", "ministry:moph"], installation.Templates["bills"].Tags);
        Assert.Equal(["meeting:m9"], installation.Templates["meetings"].Tags);
        Assert.Equal(["news"], installation.Templates["news"].Tags);
    }

    [Fact]
    public async Task All_meetings_is_the_meetings_tag_in_the_meetings_template()
    {
        await Register(DeviceRig.Registration(Follows(allMeetings: true)));

        var installation = Assert.Single(_rig.Upserts);
        Assert.Equal(["meetings"], Assert.Single(installation.Templates, t => t.Key == "meetings").Value.Tags);
        Assert.DoesNotContain("bills", installation.Templates.Keys);
        Assert.DoesNotContain("news", installation.Templates.Keys);
    }

    [Fact]
    public async Task A_device_that_follows_nothing_has_only_its_language_tag_and_no_templates()
    {
        await Register(DeviceRig.Registration(DeviceFollows.None, language: "th"));

        var installation = Assert.Single(_rig.Upserts);
        Assert.Equal(["lang:th"], installation.Tags);
        Assert.Empty(installation.Templates);
    }

    [Fact]
    public async Task English_fcm_templates_carry_the_english_placeholders_in_an_fcm_v1_message()
    {
        await Register(DeviceRig.Registration(Follows(bills: ["1"], meetings: ["m9"], news: true), language: "en"));

        foreach (var template in Assert.Single(_rig.Upserts).Templates.Values)
        {
            Assert.Contains("$(titleEn)", template.Body, StringComparison.Ordinal);
            Assert.Contains("$(bodyEn)", template.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("$(titleTh)", template.Body, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(template.Body);
            var message = json.RootElement.GetProperty("message");
            Assert.Equal("$(titleEn)", message.GetProperty("notification").GetProperty("title").GetString());
            Assert.Equal("$(deepLink)", message.GetProperty("data").GetProperty("deepLink").GetString());
            Assert.False(json.RootElement.TryGetProperty("aps", out _));
        }
    }

    [Fact]
    public async Task Thai_apns_templates_carry_the_thai_placeholders_in_an_aps_payload()
    {
        var result = await Register(DeviceRig.Registration(Follows(bills: ["1"], news: true), language: "th", platform: DevicePlatform.Apns));

        Assert.Equal(DeviceOutcome.Created, result.Outcome);
        var installation = Assert.Single(_rig.Upserts);
        Assert.Equal(DevicePlatform.Apns, installation.Platform);
        Assert.Equal(DeviceRig.ApnsToken, installation.PushChannel);
        Assert.Equal(["lang:th"], installation.Tags);
        foreach (var template in installation.Templates.Values)
        {
            Assert.Contains("$(titleTh)", template.Body, StringComparison.Ordinal);
            Assert.Contains("$(bodyTh)", template.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("$(titleEn)", template.Body, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(template.Body);
            Assert.Equal("$(titleTh)", json.RootElement.GetProperty("aps").GetProperty("alert").GetProperty("title").GetString());
            Assert.Equal("$(eventId)", json.RootElement.GetProperty("eventId").GetString());
            Assert.False(json.RootElement.TryGetProperty("message", out _));
        }
    }

    // ---- nothing can be smuggled into a tag ----------------------------------------------------

    public static TheoryData<string, string> SmuggledIds()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in new[] { "bills", "committees", "ministries", "meetings" })
        {
            foreach (var id in new[] { "complaint:123", "$InstallationId:abc", "1 || news", "bill:1", "a b", "", "news&&lang:th", "(x)", "!x", "x#y" })
            {
                data.Add(field, id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SmuggledIds))]
    public async Task A_follow_id_that_could_spell_a_tag_is_refused_and_nothing_is_written(string field, string id)
    {
        string[] ids = [id];
        var follows = field switch
        {
            "bills" => Follows(bills: ids),
            "committees" => Follows(committees: ids),
            "ministries" => Follows(ministries: ids),
            _ => Follows(meetings: ids),
        };

        var result = await Register(DeviceRig.Registration(follows));

        Assert.Equal(DeviceOutcome.Invalid, result.Outcome);
        var error = Assert.Single(result.Errors!);
        Assert.Equal("follows." + field, error.Field);
        Assert.Contains("tags are decided by the server", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(error.MessageTh);
        Assert.Null(result.NewSecret);
        AssertNothingWritten();
    }

    [Fact]
    public async Task An_unknown_ministry_code_is_refused()
    {
        var result = await Register(DeviceRig.Registration(Follows(ministries: ["moph", "ministry-of-magic"])));

        Assert.Equal(DeviceOutcome.Invalid, result.Outcome);
        var error = Assert.Single(result.Errors!);
        Assert.Equal("follows.ministries", error.Field);
        Assert.Contains("'ministry-of-magic'", error.Message, StringComparison.Ordinal);
        Assert.Contains("moph", error.Message, StringComparison.Ordinal); // the codes one may use
        AssertNothingWritten();
    }

    [Fact]
    public async Task A_follow_listed_twice_is_refused()
    {
        var result = await Register(DeviceRig.Registration(Follows(committees: ["c1", "c1"])));

        Assert.Equal(DeviceOutcome.Invalid, result.Outcome);
        var error = Assert.Single(result.Errors!);
        Assert.Equal("follows.committees", error.Field);
        Assert.Contains("listed twice", error.Message, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Unknown_bills_are_named_and_nothing_is_upserted()
    {
        var result = await Register(DeviceRig.Registration(Follows(bills: ["1", "999", "bill-2569-001", "404"])));

        Assert.Equal(DeviceOutcome.Invalid, result.Outcome);
        Assert.Equal(2, result.Errors!.Count);
        Assert.All(result.Errors, e => Assert.Equal("follows.bills", e.Field));
        Assert.Contains(result.Errors, e => e.Message == "There is no bill '999'." && e.MessageTh == "ไม่พบร่างกฎหมาย '999'");
        Assert.Contains(result.Errors, e => e.Message == "There is no bill '404'.");
        _rig.Catalog.Verify(c => c.FindExistingAsync(
            It.Is<IReadOnlyCollection<string>>(ids => ids.Count == 4 && ids.Contains("999")), It.IsAny<CancellationToken>()), Times.Once);
        AssertNothingWritten();
    }

    // ---- the tag limit -------------------------------------------------------------------------

    [Fact]
    public async Task Fifty_nine_follows_are_accepted_and_make_sixty_tags_with_the_language()
    {
        _rig.KnownBills.UnionWith(Ids("b", 59));

        var result = await Register(DeviceRig.Registration(Follows(bills: Ids("b", 59))));

        Assert.Equal(DeviceOutcome.Created, result.Outcome);
        Assert.Equal(59, DeviceTemplates.MaxFollows);
        var installation = Assert.Single(_rig.Upserts);
        Assert.Equal(59, installation.Templates["bills"].Tags.Count);
        Assert.Equal(DeviceTemplates.MaxTags, installation.Tags.Count + installation.Templates.Values.Sum(t => t.Tags.Count));
        Assert.Equal(59, _rig.Store[Id]!.Follows.Count);
    }

    [Fact]
    public async Task Fifty_nine_follows_of_every_kind_are_accepted()
    {
        _rig.KnownBills.UnionWith(Ids("b", 20));

        var follows = Follows(bills: Ids("b", 20), committees: Ids("c", 17), ministries: ["moph", "mof", "moe"], meetings: Ids("m", 17), allMeetings: true, news: true);
        Assert.Equal(59, follows.Count);

        var result = await Register(DeviceRig.Registration(follows));

        Assert.Equal(DeviceOutcome.Created, result.Outcome);
        var installation = Assert.Single(_rig.Upserts);
        Assert.Equal(59, installation.Templates.Values.Sum(t => t.Tags.Count));
    }

    [Theory]
    [InlineData(60, false, false)]
    [InlineData(61, false, false)]
    [InlineData(58, true, true)] // 58 bills + all meetings + news = 60
    public async Task More_than_fifty_nine_follows_are_refused_and_nothing_is_written(int bills, bool allMeetings, bool news)
    {
        _rig.KnownBills.UnionWith(Ids("b", bills));

        var result = await Register(DeviceRig.Registration(Follows(bills: Ids("b", bills), allMeetings: allMeetings, news: news)));

        Assert.Equal(DeviceOutcome.Invalid, result.Outcome);
        var error = Assert.Single(result.Errors!);
        Assert.Equal("follows", error.Field);
        Assert.Contains(DeviceTemplates.MaxFollows.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("59", error.MessageTh, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    // ---- the device secret ---------------------------------------------------------------------

    [Fact]
    public async Task First_registration_is_created_with_a_256_bit_secret_stored_only_as_its_hash()
    {
        var result = await Register(DeviceRig.Registration(Follows(bills: ["1"])));

        Assert.Equal(DeviceOutcome.Created, result.Outcome);
        var secret = result.NewSecret!;
        Assert.Equal(43, secret.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", secret);
        var bytes = Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=");
        Assert.True(bytes.Length * 8 >= 128, $"The secret has {bytes.Length * 8} bits.");
        Assert.Equal(32, bytes.Length);

        var stored = Assert.Single(_rig.Store.All);
        Assert.Equal(DeviceSecrets.Hash(secret), stored.SecretHash);
        Assert.NotEqual(secret, stored.SecretHash);
        Assert.Equal(TestData.Now, stored.CreatedAt);
        Assert.NotNull(stored.Version);
        var everythingStored = JsonSerializer.Serialize(stored);
        Assert.DoesNotContain(secret, everythingStored, StringComparison.Ordinal);
        Assert.DoesNotContain(DeviceRig.FcmToken, everythingStored, StringComparison.Ordinal);
        Assert.DoesNotContain("dQw4w9WgXcQ", everythingStored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_device_gets_its_own_secret()
    {
        var first = await Register(DeviceRig.Registration(installationId: "device-0001"));
        var second = await Register(DeviceRig.Registration(installationId: "device-0002"));

        Assert.NotEqual(first.NewSecret, second.NewSecret);
        Assert.NotEqual(DeviceSecrets.New(), DeviceSecrets.New());
    }

    public static TheoryData<string?> WrongSecrets() => new() { null, "", "wrong", DeviceSecrets.New(), new string('a', 300) };

    [Theory]
    [MemberData(nameof(WrongSecrets))]
    public async Task A_second_registration_without_the_right_secret_is_unauthorized_and_changes_nothing(string? secret)
    {
        await _rig.RegisterAsync(Follows(bills: ["1"]));
        var before = _rig.Store[Id];

        var result = await Register(DeviceRig.Registration(Follows(bills: ["1", "2"], news: true), language: "en"), secret);

        Assert.Equal(DeviceOutcome.Unauthorized, result.Outcome);
        Assert.Null(result.Device);
        Assert.Null(result.NewSecret);
        Assert.Equal(before, _rig.Store[Id]);
        Assert.Equal(["1"], _rig.Store[Id]!.Follows.Bills);
        Assert.Equal(0, _rig.Store.Replaces);
        _rig.Hub.Verify(h => h.UpsertAsync(It.IsAny<PushInstallation>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_second_registration_with_the_right_secret_updates_the_hub_and_the_store()
    {
        var secret = await _rig.RegisterAsync(Follows(bills: ["1"]));
        var before = _rig.Store[Id]!;
        _rig.Time.Advance(TimeSpan.FromHours(1));

        var result = await Register(DeviceRig.Registration(Follows(bills: ["1", "2"], news: true), language: "en"), secret);

        Assert.Equal(DeviceOutcome.Updated, result.Outcome);
        Assert.Null(result.NewSecret);
        var stored = _rig.Store[Id]!;
        Assert.Equal(["1", "2"], stored.Follows.Bills);
        Assert.True(stored.Follows.News);
        Assert.Equal("en", stored.Language);
        Assert.Equal(before.SecretHash, stored.SecretHash);
        Assert.Equal(before.CreatedAt, stored.CreatedAt);
        Assert.Equal(TestData.Now.AddHours(1), stored.UpdatedAt);
        Assert.NotEqual(before.Version, stored.Version);
        Assert.Equal(2, _rig.Upserts.Count);
        Assert.Equal(["lang:en"], _rig.Upserts[1].Tags);
        Assert.Equal(["bill:1", "bill:2"], _rig.Upserts[1].Templates["bills"].Tags);
    }

    [Fact]
    public async Task A_second_registration_racing_another_change_is_a_conflict()
    {
        var secret = await _rig.RegisterAsync(Follows(bills: ["1"]));
        // Another request of the same device writes while this one talks to the hub.
        _rig.Hub.Setup(h => h.UpsertAsync(It.IsAny<PushInstallation>(), It.IsAny<CancellationToken>()))
            .Callback(() => _rig.Store.Seed(_rig.Store[Id]! with { Language = "en" }))
            .Returns(Task.CompletedTask);

        var result = await Register(DeviceRig.Registration(Follows(bills: ["2"])), secret);

        Assert.Equal(DeviceOutcome.Conflict, result.Outcome);
        Assert.Equal(["1"], _rig.Store[Id]!.Follows.Bills);
    }

    [Fact]
    public async Task A_first_registration_losing_the_race_for_the_id_is_unauthorized()
    {
        var store = new Mock<IDeviceStore>(MockBehavior.Strict);
        store.Setup(s => s.GetAsync(Id, It.IsAny<CancellationToken>())).ReturnsAsync((DeviceRecord?)null);
        store.Setup(s => s.AddAsync(It.IsAny<DeviceRecord>(), It.IsAny<CancellationToken>())).ReturnsAsync(DeviceWrite.Conflict);
        var service = new DeviceService(store.Object, _rig.Hub.Object, _rig.Catalog.Object, _rig.Time, NullLogger<DeviceService>.Instance);

        var result = await service.RegisterAsync(DeviceRig.Registration(), null, CancellationToken.None);

        Assert.Equal(DeviceOutcome.Unauthorized, result.Outcome);
        Assert.Null(result.NewSecret);
        Assert.Empty(_rig.Upserts);
    }

    [Fact]
    public void Secrets_match_only_the_secret_they_were_hashed_from()
    {
        var secret = DeviceSecrets.New();
        var hash = DeviceSecrets.Hash(secret);

        Assert.True(DeviceSecrets.Matches(secret, hash));
        Assert.False(DeviceSecrets.Matches(null, hash));
        Assert.False(DeviceSecrets.Matches("", hash));
        Assert.False(DeviceSecrets.Matches("wrong", hash));
        Assert.False(DeviceSecrets.Matches(secret + "x", hash));
        Assert.False(DeviceSecrets.Matches(secret.ToUpperInvariant(), hash));
        Assert.False(DeviceSecrets.Matches(hash, hash)); // the hash is not the secret
        Assert.False(DeviceSecrets.Matches(secret, "not hex"));
        Assert.Equal(64, hash.Length);
    }

    // ---- get and delete ------------------------------------------------------------------------

    [Fact]
    public async Task Get_with_the_right_secret_finds_the_device()
    {
        var secret = await _rig.RegisterAsync(Follows(bills: ["1"], news: true));

        var result = await _rig.Service().GetAsync(Id, secret, CancellationToken.None);

        Assert.Equal(DeviceOutcome.Found, result.Outcome);
        Assert.Equal(["1"], result.Device!.Follows.Bills);
        Assert.True(result.Device.Follows.News);
    }

    [Theory]
    [MemberData(nameof(WrongSecrets))]
    public async Task Get_and_delete_with_a_wrong_secret_are_unauthorized_and_delete_nothing(string? secret)
    {
        await _rig.RegisterAsync(Follows(bills: ["1"]));

        var got = await _rig.Service().GetAsync(Id, secret, CancellationToken.None);
        var deleted = await _rig.Service().DeleteAsync(Id, secret, CancellationToken.None);

        Assert.Equal(DeviceOutcome.Unauthorized, got.Outcome);
        Assert.Null(got.Device);
        Assert.Equal(DeviceOutcome.Unauthorized, deleted.Outcome);
        Assert.NotNull(_rig.Store[Id]);
        Assert.Equal(0, _rig.Store.Deletes);
        Assert.Empty(_rig.HubDeletes);
    }

    [Theory]
    [InlineData("0a0a0a0a-0000-4000-8000-000000000000")]
    [InlineData("short")]
    [InlineData("abc/defghij")]
    public async Task Get_and_delete_of_an_unknown_installation_are_not_found(string installationId)
    {
        await _rig.RegisterAsync();

        var got = await _rig.Service().GetAsync(installationId, "any", CancellationToken.None);
        var deleted = await _rig.Service().DeleteAsync(installationId, "any", CancellationToken.None);

        Assert.Equal(DeviceOutcome.NotFound, got.Outcome);
        Assert.Equal(DeviceOutcome.NotFound, deleted.Outcome);
        Assert.Empty(_rig.HubDeletes);
        Assert.Equal(0, _rig.Store.Deletes);
    }

    [Fact]
    public async Task Delete_with_the_right_secret_removes_the_device_at_the_hub_and_in_the_store()
    {
        var secret = await _rig.RegisterAsync(Follows(bills: ["1"]));

        var result = await _rig.Service().DeleteAsync(Id, secret, CancellationToken.None);

        Assert.Equal(DeviceOutcome.Deleted, result.Outcome);
        Assert.Equal([Id], _rig.HubDeletes);
        Assert.Null(_rig.Store[Id]);
        Assert.Equal(DeviceOutcome.NotFound, (await _rig.Service().GetAsync(Id, secret, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Delete_keeps_the_device_when_the_hub_fails()
    {
        var secret = await _rig.RegisterAsync();
        _rig.Hub.Setup(h => h.DeleteAsync(Id, It.IsAny<CancellationToken>())).ThrowsAsync(new HttpRequestException("503 (test)"));

        var result = await _rig.Service().DeleteAsync(Id, secret, CancellationToken.None);

        Assert.Equal(DeviceOutcome.PushServiceUnavailable, result.Outcome);
        Assert.NotNull(_rig.Store[Id]);
    }

    // ---- following one bill --------------------------------------------------------------------

    [Fact]
    public async Task Following_a_bill_adds_it_and_sets_the_bills_template_to_the_new_tags()
    {
        var secret = await _rig.RegisterAsync(Follows(bills: ["1"], committees: ["c1"]), language: "en");
        _rig.Time.Advance(TimeSpan.FromMinutes(5));

        var result = await _rig.Service().SetBillFollowAsync(Id, "2", true, secret, CancellationToken.None);

        Assert.Equal(DeviceOutcome.Updated, result.Outcome);
        Assert.Equal(["1", "2"], result.Device!.Follows.Bills);
        Assert.Equal(["1", "2"], _rig.Store[Id]!.Follows.Bills);
        Assert.Equal(TestData.Now.AddMinutes(5), _rig.Store[Id]!.UpdatedAt);
        var (id, name, template) = Assert.Single(_rig.TemplateSets);
        Assert.Equal(Id, id);
        Assert.Equal("bills", name);
        Assert.Equal(["bill:1", "bill:2", "committee:c1"], template!.Tags);
        Assert.Equal(DeviceTemplates.Body(DevicePlatform.FcmV1, "en"), template.Body);
        _rig.Hub.Verify(h => h.UpsertAsync(It.IsAny<PushInstallation>(), It.IsAny<CancellationToken>()), Times.Once); // only the registration
    }

    [Fact]
    public async Task Unfollowing_the_only_followed_item_removes_the_bills_template()
    {
        var secret = await _rig.RegisterAsync(Follows(bills: ["1"]));

        var result = await _rig.Service().SetBillFollowAsync(Id, "1", false, secret, CancellationToken.None);

        Assert.Equal(DeviceOutcome.Updated, result.Outcome);
        Assert.Empty(_rig.Store[Id]!.Follows.Bills);
        _rig.Hub.Verify(h => h.SetTemplateAsync(Id, "bills", null, It.IsAny<CancellationToken>()), Times.Once);
        Assert.Null(Assert.Single(_rig.TemplateSets).Template);
    }

    [Fact]
    public async Task Following_a_bill_already_followed_changes_nothing()
    {
        var secret = await _rig.RegisterAsync(Follows(bills: ["1"]));

        var result = await _rig.Service().SetBillFollowAsync(Id, "1", true, secret, CancellationToken.None);

        Assert.Equal(DeviceOutcome.Updated, result.Outcome);
        Assert.Empty(_rig.TemplateSets);
        Assert.Equal(0, _rig.Store.Replaces);
    }

    [Fact]
    public async Task Following_an_unknown_bill_is_invalid_and_names_it()
    {
        var secret = await _rig.RegisterAsync(Follows(bills: ["1"]));

        var result = await _rig.Service().SetBillFollowAsync(Id, "999", true, secret, CancellationToken.None);

        Assert.Equal(DeviceOutcome.Invalid, result.Outcome);
        var error = Assert.Single(result.Errors!);
        Assert.Equal("There is no bill '999'.", error.Message);
        Assert.Empty(_rig.TemplateSets);
        Assert.Equal(["1"], _rig.Store[Id]!.Follows.Bills);
        Assert.Equal(0, _rig.Store.Replaces);
    }

    [Theory]
    [InlineData("bill:1")]
    [InlineData("1 || news")]
    [InlineData("$InstallationId:abc")]
    public async Task Following_a_bill_id_that_could_spell_a_tag_is_invalid(string billId)
    {
        var secret = await _rig.RegisterAsync();

        var result = await _rig.Service().SetBillFollowAsync(Id, billId, true, secret, CancellationToken.None);

        Assert.Equal(DeviceOutcome.Invalid, result.Outcome);
        Assert.Equal("billId", Assert.Single(result.Errors!).Field);
        Assert.Empty(_rig.TemplateSets);
    }

    [Fact]
    public async Task Following_a_bill_when_already_at_fifty_nine_is_invalid()
    {
        _rig.KnownBills.UnionWith(Ids("b", 59));
        var secret = await _rig.RegisterAsync(Follows(bills: Ids("b", 59)));

        var result = await _rig.Service().SetBillFollowAsync(Id, "1", true, secret, CancellationToken.None);

        Assert.Equal(DeviceOutcome.Invalid, result.Outcome);
        var error = Assert.Single(result.Errors!);
        Assert.Equal("follows", error.Field);
        Assert.Contains("59", error.Message, StringComparison.Ordinal);
        Assert.Empty(_rig.TemplateSets);
        Assert.Equal(59, _rig.Store[Id]!.Follows.Bills.Count);
    }

    [Fact]
    public async Task Following_a_bill_with_a_wrong_secret_is_unauthorized()
    {
        await _rig.RegisterAsync(Follows(bills: ["1"]));

        var result = await _rig.Service().SetBillFollowAsync(Id, "2", true, "wrong", CancellationToken.None);

        Assert.Equal(DeviceOutcome.Unauthorized, result.Outcome);
        Assert.Empty(_rig.TemplateSets);
        Assert.Equal(["1"], _rig.Store[Id]!.Follows.Bills);
    }

    [Fact]
    public async Task Following_a_bill_when_the_hub_fails_changes_nothing()
    {
        var secret = await _rig.RegisterAsync(Follows(bills: ["1"]));
        _rig.Hub.Setup(h => h.SetTemplateAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<PushTemplate?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("test"));

        var result = await _rig.Service().SetBillFollowAsync(Id, "2", true, secret, CancellationToken.None);

        Assert.Equal(DeviceOutcome.PushServiceUnavailable, result.Outcome);
        Assert.Equal(["1"], _rig.Store[Id]!.Follows.Bills);
        Assert.Equal(0, _rig.Store.Replaces);
    }

    // ---- the hub failing -----------------------------------------------------------------------

    [Fact]
    public async Task A_hub_failure_on_first_registration_leaves_no_device_so_a_retry_can_register()
    {
        _rig.HubUpsertFails();

        var failed = await Register(DeviceRig.Registration(Follows(bills: ["1"])));

        Assert.Equal(DeviceOutcome.PushServiceUnavailable, failed.Outcome);
        Assert.Null(failed.NewSecret);
        Assert.Null(_rig.Store[Id]);

        _rig.HubUpsertWorks();
        var retried = await Register(DeviceRig.Registration(Follows(bills: ["1"])));

        Assert.Equal(DeviceOutcome.Created, retried.Outcome);
        Assert.Equal(DeviceSecrets.Hash(retried.NewSecret!), _rig.Store[Id]!.SecretHash);
        Assert.Single(_rig.Upserts);
    }

    [Fact]
    public async Task A_hub_failure_on_an_update_leaves_the_stored_device_as_it_was()
    {
        var secret = await _rig.RegisterAsync(Follows(bills: ["1"]));
        var before = _rig.Store[Id];
        _rig.HubUpsertFails();

        var result = await Register(DeviceRig.Registration(Follows(bills: ["2"])), secret);

        Assert.Equal(DeviceOutcome.PushServiceUnavailable, result.Outcome);
        Assert.Equal(before, _rig.Store[Id]);
    }

    // ---- malformed registrations ---------------------------------------------------------------

    public static TheoryData<DeviceRegistration, string> MalformedRegistrations() => new()
    {
        { DeviceRig.Registration(installationId: "short"), "installationId" },
        { DeviceRig.Registration(installationId: "abc/defghij"), "installationId" },
        { DeviceRig.Registration(installationId: "-leading-dash"), "installationId" },
        { DeviceRig.Registration(installationId: new string('a', 65)), "installationId" },
        { DeviceRig.Registration(platform: DevicePlatform.Apns, channel: new string('z', 64)), "pushChannel" },
        { DeviceRig.Registration(platform: DevicePlatform.Apns, channel: "0a1b"), "pushChannel" },
        { DeviceRig.Registration(platform: DevicePlatform.Apns, channel: DeviceRig.FcmToken), "pushChannel" },
        { DeviceRig.Registration(platform: DevicePlatform.FcmV1, channel: "too-short"), "pushChannel" },
        { DeviceRig.Registration(platform: DevicePlatform.FcmV1, channel: new string('x', 40) + " || news"), "pushChannel" },
        { DeviceRig.Registration(platform: DevicePlatform.FcmV1, channel: ""), "pushChannel" },
        { DeviceRig.Registration(language: "fr"), "language" },
        { DeviceRig.Registration(language: ""), "language" },
        { DeviceRig.Registration(language: "TH"), "language" },
    };

    [Theory]
    [MemberData(nameof(MalformedRegistrations))]
    public async Task A_malformed_registration_is_invalid_and_names_the_field(DeviceRegistration registration, string field)
    {
        var result = await Register(registration);

        Assert.Equal(DeviceOutcome.Invalid, result.Outcome);
        Assert.Equal(field, Assert.Single(result.Errors!).Field);
        AssertNothingWritten();
    }

    // ---- pruning -------------------------------------------------------------------------------

    [Fact]
    public async Task The_pruner_removes_expired_and_vanished_devices_and_keeps_healthy_and_unreadable_ones()
    {
        foreach (var id in new[] { "dev-expired", "dev-past", "dev-gone", "dev-healthy", "dev-future", "dev-unreadable", "dev-zzz-after" })
        {
            _rig.Store.Seed(new DeviceRecord(id, DevicePlatform.FcmV1, "th", DeviceFollows.None, DeviceSecrets.Hash("s"), TestData.Now, TestData.Now));
        }

        _rig.Time.Advance(TimeSpan.FromDays(3));
        var now = _rig.Time.GetUtcNow();
        var hub = new Mock<IPushInstallations>(MockBehavior.Strict);
        hub.Setup(h => h.GetChannelStateAsync("dev-expired", It.IsAny<CancellationToken>())).ReturnsAsync(new PushChannelState(true, null));
        hub.Setup(h => h.GetChannelStateAsync("dev-past", It.IsAny<CancellationToken>())).ReturnsAsync(new PushChannelState(false, now.AddSeconds(-1)));
        hub.Setup(h => h.GetChannelStateAsync("dev-gone", It.IsAny<CancellationToken>())).ReturnsAsync((PushChannelState?)null);
        hub.Setup(h => h.GetChannelStateAsync("dev-healthy", It.IsAny<CancellationToken>())).ReturnsAsync(new PushChannelState(false, null));
        hub.Setup(h => h.GetChannelStateAsync("dev-future", It.IsAny<CancellationToken>())).ReturnsAsync(new PushChannelState(false, now.AddDays(1)));
        hub.Setup(h => h.GetChannelStateAsync("dev-unreadable", It.IsAny<CancellationToken>())).ThrowsAsync(new HttpRequestException("500 (test)"));
        hub.Setup(h => h.GetChannelStateAsync("dev-zzz-after", It.IsAny<CancellationToken>())).ReturnsAsync(new PushChannelState(true, now.AddDays(-1)));
        hub.Setup(h => h.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        var pruner = new DevicePruner(_rig.Store, hub.Object, _rig.Time, NullLogger<DevicePruner>.Instance);

        var removed = await pruner.PruneAsync(CancellationToken.None);

        Assert.Equal(4, removed);
        Assert.Equal(["dev-future", "dev-healthy", "dev-unreadable"], _rig.Store.All.Select(d => d.InstallationId).Order(StringComparer.Ordinal));
        hub.Verify(h => h.DeleteAsync("dev-expired", It.IsAny<CancellationToken>()), Times.Once);
        hub.Verify(h => h.DeleteAsync("dev-past", It.IsAny<CancellationToken>()), Times.Once);
        hub.Verify(h => h.DeleteAsync("dev-zzz-after", It.IsAny<CancellationToken>()), Times.Once);
        hub.Verify(h => h.DeleteAsync("dev-gone", It.IsAny<CancellationToken>()), Times.Never); // nothing left at the hub to delete
        hub.Verify(h => h.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
        hub.Verify(h => h.GetChannelStateAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Exactly(7));
    }

    [Fact]
    public async Task The_pruner_keeps_a_device_whose_channel_expires_later_until_it_has_expired()
    {
        _rig.Store.Seed(new DeviceRecord("dev-soon", DevicePlatform.Apns, "en", DeviceFollows.None, DeviceSecrets.Hash("s"), TestData.Now, TestData.Now));
        var hub = new Mock<IPushInstallations>(MockBehavior.Strict);
        hub.Setup(h => h.GetChannelStateAsync("dev-soon", It.IsAny<CancellationToken>())).ReturnsAsync(new PushChannelState(false, TestData.Now.AddHours(1)));
        hub.Setup(h => h.DeleteAsync("dev-soon", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        var pruner = new DevicePruner(_rig.Store, hub.Object, _rig.Time, NullLogger<DevicePruner>.Instance);

        Assert.Equal(0, await pruner.PruneAsync(CancellationToken.None));
        Assert.NotNull(_rig.Store["dev-soon"]);

        _rig.Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(1, await pruner.PruneAsync(CancellationToken.None));
        Assert.Null(_rig.Store["dev-soon"]);
    }
}
