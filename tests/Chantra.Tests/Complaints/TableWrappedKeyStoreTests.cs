using Azure.Data.Tables;
using Chantra.Azure.Complaints;
using Chantra.Domain.Complaints;
using Chantra.Tests.Infrastructure;

namespace Chantra.Tests.Complaints;

[Collection(AzuriteCollection.Name)]
public sealed class TableWrappedKeyStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_missing_key_reads_as_null()
    {
        var store = new TableWrappedKeyStore(azurite.NewTables().Tables);

        Assert.Null(await store.GetAsync("complaint-hash-key", CancellationToken.None));
    }

    [Fact]
    public async Task The_first_writer_wins_and_later_writers_are_told()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableWrappedKeyStore(tables);

        Assert.True(await store.TryAddAsync("complaint-hash-key", "v1.local:aaaaaaaa.first", CancellationToken.None));
        Assert.False(await store.TryAddAsync("complaint-hash-key", "v1.local:aaaaaaaa.second", CancellationToken.None));

        Assert.Equal("v1.local:aaaaaaaa.first", await store.GetAsync("complaint-hash-key", CancellationToken.None));
        var row = await tables.Keys.GetEntityAsync<TableEntity>("keys", "complaint-hash-key");
        Assert.Equal("v1.local:aaaaaaaa.first", row.Value.GetString("Value"));
    }

    [Fact]
    public async Task Racing_protectors_on_one_table_agree_on_the_hash_key()
    {
        var store = new TableWrappedKeyStore(azurite.NewTables().Tables);
        var kek = new LocalKeyEncryptionKey(LocalKeyEncryptionKey.NewKey());
        var protectors = Enumerable.Range(0, 6).Select(_ => new PersonalDataProtector(kek, store)).ToArray();

        var hashes = await Task.WhenAll(protectors.Select(p =>
            Task.Run(() => p.KeyedHashAsync("1101700230708", "national-id", CancellationToken.None))));

        Assert.Single(hashes.Distinct());
        var stored = await store.GetAsync(PersonalDataProtector.HashKeyName, CancellationToken.None);
        Assert.StartsWith("v1." + kek.KeyId + ".", stored, StringComparison.Ordinal);

        // A later instance reads the same key back from the table.
        Assert.Equal(hashes[0], await new PersonalDataProtector(kek, store)
            .KeyedHashAsync("1101700230708", "national-id", CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\\b")]
    [InlineData("a\nb")]
    public async Task Names_that_cannot_be_row_keys_are_refused(string name)
    {
        var store = new TableWrappedKeyStore(azurite.NewTables().Tables);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetAsync(name, CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryAddAsync(name, "v", CancellationToken.None));
    }
}
