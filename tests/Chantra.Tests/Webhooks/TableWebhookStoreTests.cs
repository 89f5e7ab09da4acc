using System.Security.Cryptography;
using Azure.Data.Tables;
using Chantra.Azure.Webhooks;
using Chantra.Domain.Complaints;
using Chantra.Domain.Webhooks;
using Chantra.Tests.Complaints;
using Chantra.Tests.Infrastructure;

namespace Chantra.Tests.Webhooks;

/// <summary>Webhook signing secrets at rest, on Azurite: sealed like complaint data, opened once per process.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableWebhookStoreTests(AzuriteFixture azurite)
{
    private const string Secret = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEF";

    /// <summary>A store on fresh tables with a local key-encryption key (what every webhook test uses).</summary>
    internal static TableWebhookStore NewStore(AzuriteFixture azurite, IKeyEncryptionKey? kek = null) =>
        new(NewTables(azurite), Protector(kek));

    private static WebhookTables NewTables(AzuriteFixture azurite) =>
        new(azurite.NewTables().Tables.Service, "w" + Guid.NewGuid().ToString("N")[..10]);

    private static PersonalDataProtector Protector(IKeyEncryptionKey? kek) =>
        new(kek ?? new LocalKeyEncryptionKey(LocalKeyEncryptionKey.NewKey()), new InMemoryWrappedKeyStore());

    private static WebhookEndpoint Endpoint(string id = "wh-1", string ministry = "mof") =>
        new(id, ministry, "https://hooks.mof.go.th/chantra/events", Secret, DateTimeOffset.Parse("2026-11-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "staff-1");

    private static async Task<TableEntity> Row(WebhookTables tables, string ministry, string id)
    {
        await tables.EnsureCreatedAsync();
        return (await tables.Webhooks.GetEntityAsync<TableEntity>(ministry, id)).Value;
    }

    [Fact]
    public async Task The_stored_row_holds_no_secret_in_clear_and_the_store_gives_it_back()
    {
        var tables = NewTables(azurite);
        var store = new TableWebhookStore(tables, Protector(null));
        await store.AddAsync(Endpoint(), default);

        var row = await Row(tables, "mof", "wh-1");
        var fresh = new TableWebhookStore(tables, Protector(null));

        Assert.DoesNotContain(((IDictionary<string, object>)row).Values, v => v is string s && s.Contains(Secret[6..], StringComparison.Ordinal));
        Assert.StartsWith("v1.", row.GetString("Secret"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(row.GetString("SecretKey")));
        Assert.Equal(Secret, (await store.GetAsync("mof", "wh-1", default))!.Secret);
        // Another process with another key cannot open it: the key-encryption key is what guards it.
        await Assert.ThrowsAnyAsync<CryptographicException>(() => fresh.GetAsync("mof", "wh-1", default));
    }

    [Fact]
    public async Task A_sealed_secret_copied_to_another_endpoint_s_row_does_not_open()
    {
        var kek = new LocalKeyEncryptionKey(LocalKeyEncryptionKey.NewKey());
        var tables = NewTables(azurite);
        var store = new TableWebhookStore(tables, Protector(kek));
        await store.AddAsync(Endpoint("wh-1"), default);
        await store.AddAsync(Endpoint("wh-2") with { Secret = "whsec_other" }, default);
        var first = await Row(tables, "mof", "wh-1");
        var second = await Row(tables, "mof", "wh-2");
        second["Secret"] = first["Secret"];
        second["SecretKey"] = first["SecretKey"];
        await tables.Webhooks.UpdateEntityAsync(second, global::Azure.ETag.All);

        var reader = new TableWebhookStore(tables, Protector(kek));

        Assert.Equal(Secret, (await reader.GetAsync("mof", "wh-1", default))!.Secret);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => reader.GetAsync("mof", "wh-2", default));
    }

    [Fact]
    public async Task Reading_and_rewriting_an_endpoint_costs_one_key_vault_call_each_way_per_process_not_one_per_delivery()
    {
        var kek = new CountingKek(new LocalKeyEncryptionKey(LocalKeyEncryptionKey.NewKey()));
        var tables = NewTables(azurite);
        var writer = new TableWebhookStore(tables, Protector(kek));
        await writer.AddAsync(Endpoint(), default);
        var reader = new TableWebhookStore(tables, Protector(kek));

        for (var i = 0; i < 5; i++)
        {
            var endpoint = Assert.Single(await reader.ListAsync("mof", default));
            Assert.Equal(Secret, endpoint.Secret);
            // A delivery records its outcome on the endpoint: the same secret, so the same sealed value.
            Assert.Equal(WebhookWrite.Written, await reader.ReplaceAsync(endpoint with { LastSuccessAt = DateTimeOffset.UnixEpoch.AddDays(i) }, default));
        }

        Assert.Equal((1, 1), (kek.Wraps, kek.Unwraps)); // the writer's wrap at registration, the reader's one unwrap
    }

    [Fact]
    public async Task A_row_written_before_secrets_were_sealed_is_read_as_it_is_and_sealed_at_its_next_write()
    {
        var tables = NewTables(azurite);
        await tables.EnsureCreatedAsync();
        await tables.Webhooks.AddEntityAsync(new TableEntity("mof", "wh-old") { ["Url"] = "https://hooks.mof.go.th/a", ["Secret"] = Secret, ["State"] = "active" });
        var store = new TableWebhookStore(tables, Protector(null));

        var endpoint = (await store.GetAsync("mof", "wh-old", default))!;
        Assert.Equal(Secret, endpoint.Secret);
        Assert.Equal(WebhookWrite.Written, await store.ReplaceAsync(endpoint with { LastSuccessAt = DateTimeOffset.UnixEpoch }, default));

        var row = await Row(tables, "mof", "wh-old");
        Assert.NotEqual(Secret, row.GetString("Secret"));
        Assert.Equal(Secret, (await store.GetAsync("mof", "wh-old", default))!.Secret);
    }

    [Fact]
    public async Task Delivery_records_older_than_the_cutoff_are_deleted_and_newer_ones_kept()
    {
        var tables = NewTables(azurite);
        var store = new TableWebhookStore(tables, Protector(null));
        var cutoff = DateTimeOffset.Parse("2026-11-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 3; i++)
        {
            await store.MarkDeliveredAsync("old-event", "wh-" + i, cutoff.AddDays(-15 + i), default); // one partition, several endpoints
        }

        await store.MarkDeliveredAsync("other-old-event", "wh-0", cutoff.AddSeconds(-1), default);
        await store.MarkDeliveredAsync("new-event", "wh-0", cutoff, default);
        await store.MarkDeliveredAsync("newer-event", "wh-1", cutoff.AddDays(3), default);

        var removed = await store.DeleteDeliveriesBeforeAsync(cutoff, default);
        var again = await store.DeleteDeliveriesBeforeAsync(cutoff, default);

        Assert.Equal((4, 0), (removed, again));
        Assert.Empty(await store.GetDeliveredAsync("old-event", default));
        Assert.Empty(await store.GetDeliveredAsync("other-old-event", default));
        Assert.Equal(["wh-0"], await store.GetDeliveredAsync("new-event", default));
        Assert.Equal(["wh-1"], await store.GetDeliveredAsync("newer-event", default));
    }

    /// <summary>Counts the calls that would go to Key Vault.</summary>
    private sealed class CountingKek(IKeyEncryptionKey inner) : IKeyEncryptionKey
    {
        private int _wraps;
        private int _unwraps;

        public int Wraps => Volatile.Read(ref _wraps);
        public int Unwraps => Volatile.Read(ref _unwraps);
        public string KeyId => inner.KeyId;

        public Task<byte[]> WrapAsync(byte[] dataKey, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _wraps);
            return inner.WrapAsync(dataKey, cancellationToken);
        }

        public Task<byte[]> UnwrapAsync(string keyId, byte[] wrapped, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _unwraps);
            return inner.UnwrapAsync(keyId, wrapped, cancellationToken);
        }
    }
}
