using Chantra.Azure.Library;
using Chantra.Domain.Library;
using Chantra.Functions.Library;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.Library;

/// <summary>The library table on Azurite: the change stamp other instances rely on, conditional writes, and the dev-only seeder.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableLibraryStoreTests(AzuriteFixture azurite)
{
    private TableLibraryStore NewStore() =>
        new(new LibraryTables(azurite.NewTables().Tables.Service, "l" + Guid.NewGuid().ToString("N")[..10]));

    [Fact]
    public async Task The_stamp_changes_on_every_add_edit_and_delete()
    {
        var store = NewStore();
        var sample = LibrarySearchIndexTests.Samples;
        var empty = await store.GetStampAsync(default);

        var (_, a) = await store.AddAsync(sample[0], default);
        await store.AddAsync(sample[1], default);
        var added = await store.GetStampAsync(default);
        await Task.Delay(20); // the table's timestamps are to the millisecond or finer
        await store.ReplaceAsync(sample[0] with { TitleTh = "แก้ไข" }, a!.Version, default);
        var edited = await store.GetStampAsync(default);
        await store.DeleteAsync(sample[1].Id, null, default);
        var deleted = await store.GetStampAsync(default);

        Assert.Equal(new LibraryStamp(0, null), empty);
        Assert.Equal(2, added.Count);
        Assert.NotEqual(added, edited);
        Assert.NotEqual(edited, deleted);
        Assert.Equal(1, deleted.Count);
    }

    [Fact]
    public async Task A_replace_or_delete_at_an_old_version_changes_nothing()
    {
        var store = NewStore();
        var doc = LibrarySearchIndexTests.Samples[0];
        var (_, first) = await store.AddAsync(doc, default);
        var (_, second) = await store.ReplaceAsync(doc with { TitleTh = "ครั้งที่หนึ่ง" }, first!.Version, default);

        var (staleReplace, _) = await store.ReplaceAsync(doc with { TitleTh = "ครั้งที่สอง" }, first.Version, default);
        var staleDelete = await store.DeleteAsync(doc.Id, first.Version, default);
        var (duplicate, _) = await store.AddAsync(doc, default);

        Assert.Equal(LibraryWriteOutcome.VersionMismatch, staleReplace);
        Assert.Equal(LibraryWriteOutcome.VersionMismatch, staleDelete);
        Assert.Equal(LibraryWriteOutcome.VersionMismatch, duplicate);
        Assert.Equal("ครั้งที่หนึ่ง", (await store.GetAsync(doc.Id, default))!.Document.TitleTh);
        Assert.Equal(second!.Version, (await store.GetAsync(doc.Id, default))!.Version);
    }

    [Theory]
    [InlineData(true, 10)]
    [InlineData(false, 0)]
    public async Task The_seeder_fills_an_empty_library_only_when_SeedSample_is_on(bool seed, int expected)
    {
        var store = NewStore();
        var options = new LibraryOptions { SeedSample = seed };
        var catalog = new LibraryCatalogService(store, options, TimeProvider.System, NullLogger<LibraryCatalogService>.Instance);

        await new LibrarySampleSeeder(store, options, catalog, NullLogger<LibrarySampleSeeder>.Instance).StartAsync(default);

        Assert.Equal(expected, (await store.ListAsync(default)).Count);
    }

    [Fact]
    public async Task The_seeder_leaves_a_library_with_entries_alone()
    {
        var store = NewStore();
        await store.AddAsync(LibrarySearchIndexTests.Samples[0], default);
        var options = new LibraryOptions { SeedSample = true };
        var catalog = new LibraryCatalogService(store, options, TimeProvider.System, NullLogger<LibraryCatalogService>.Instance);

        await new LibrarySampleSeeder(store, options, catalog, NullLogger<LibrarySampleSeeder>.Instance).StartAsync(default);

        Assert.Single(await store.ListAsync(default));
    }
}
