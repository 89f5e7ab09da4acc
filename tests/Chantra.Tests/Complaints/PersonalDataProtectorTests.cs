using System.Buffers.Text;
using System.Security.Cryptography;
using Chantra.Domain.Complaints;

namespace Chantra.Tests.Complaints;

public sealed class PersonalDataProtectorTests
{
    private const string Context = "complaint:R-2569-7K3M9QX:email";

    private readonly LocalKeyEncryptionKey _kek = new(LocalKeyEncryptionKey.NewKey());
    private readonly InMemoryWrappedKeyStore _store = new();

    [Theory]
    [InlineData("สมชาย ใจดี")]
    [InlineData("somchai@example.co.th")]
    [InlineData("ถนนพระราม ๕ 🏛️🇹🇭 เขตดุสิต")]
    [InlineData("")]
    public async Task Sealed_values_open_again_with_the_same_context(string plaintext)
    {
        var protector = new PersonalDataProtector(_kek, _store);
        using var key = await protector.NewRecordKeyAsync(CancellationToken.None);

        var sealedValue = key.Seal(plaintext, Context);

        Assert.StartsWith("v1.", sealedValue, StringComparison.Ordinal);
        Assert.DoesNotContain(plaintext.Length > 0 ? plaintext : "\0", sealedValue, StringComparison.Ordinal);
        Assert.Equal(plaintext, key.Open(sealedValue, Context));
    }

    [Fact]
    public async Task Sealing_twice_gives_different_values()
    {
        var protector = new PersonalDataProtector(_kek, _store);
        using var key = await protector.NewRecordKeyAsync(CancellationToken.None);

        Assert.NotEqual(key.Seal("0812345678", Context), key.Seal("0812345678", Context));
    }

    [Fact]
    public async Task A_stored_record_key_opens_values_sealed_before()
    {
        var protector = new PersonalDataProtector(_kek, _store);
        string wrapped;
        string sealedValue;
        using (var key = await protector.NewRecordKeyAsync(CancellationToken.None))
        {
            wrapped = key.Wrapped;
            sealedValue = key.Seal("นางสาวทดสอบ ระบบ", Context);
        }

        Assert.StartsWith("v1." + _kek.KeyId + ".", wrapped, StringComparison.Ordinal);

        // A second protector (another instance of the app) with the same KEK.
        using var reopened = await new PersonalDataProtector(_kek, new InMemoryWrappedKeyStore())
            .OpenRecordKeyAsync(wrapped, CancellationToken.None);
        Assert.Equal(wrapped, reopened.Wrapped);
        Assert.Equal("นางสาวทดสอบ ระบบ", reopened.Open(sealedValue, Context));
    }

    [Fact]
    public async Task A_value_does_not_open_under_another_context_or_record_key()
    {
        var protector = new PersonalDataProtector(_kek, _store);
        using var key = await protector.NewRecordKeyAsync(CancellationToken.None);
        using var other = await protector.NewRecordKeyAsync(CancellationToken.None);
        var sealedValue = key.Seal("0812345678", "complaint:R-2569-7K3M9QX:phone");

        Assert.ThrowsAny<CryptographicException>(() => key.Open(sealedValue, "complaint:R-2569-7K3M9QX:email"));
        Assert.ThrowsAny<CryptographicException>(() => key.Open(sealedValue, "complaint:R-2569-AAAAAAA:phone"));
        Assert.ThrowsAny<CryptographicException>(() => other.Open(sealedValue, "complaint:R-2569-7K3M9QX:phone"));
    }

    [Fact]
    public async Task Every_tampered_byte_is_detected()
    {
        var protector = new PersonalDataProtector(_kek, _store);
        using var key = await protector.NewRecordKeyAsync(CancellationToken.None);
        var sealedValue = key.Seal("เลขที่ 99 หมู่ 1", Context);
        var bytes = Base64Url.DecodeFromChars(sealedValue.AsSpan(3));

        // Nonce, ciphertext and tag alike.
        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            var value = "v1." + Base64Url.EncodeToString(tampered);
            Assert.ThrowsAny<CryptographicException>(() => key.Open(value, Context));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("v2.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.")]
    [InlineData("v1.AAAA")]
    [InlineData("v1.not base64!")]
    [InlineData("สวัสดี")]
    public async Task Malformed_sealed_values_are_cryptographic_errors(string value)
    {
        var protector = new PersonalDataProtector(_kek, _store);
        using var key = await protector.NewRecordKeyAsync(CancellationToken.None);

        Assert.ThrowsAny<CryptographicException>(() => key.Open(value, Context));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1.")]
    [InlineData("v1.local:abcd")]
    [InlineData("v1..AAAA")]
    [InlineData("v1.local:00000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.local:abcd.***")]
    public async Task Malformed_or_foreign_wrapped_keys_are_cryptographic_errors(string wrapped)
    {
        var protector = new PersonalDataProtector(_kek, _store);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => protector.OpenRecordKeyAsync(wrapped, CancellationToken.None));
    }

    [Fact]
    public async Task A_tampered_wrapped_key_does_not_unwrap()
    {
        var protector = new PersonalDataProtector(_kek, _store);
        using var key = await protector.NewRecordKeyAsync(CancellationToken.None);
        var lastDot = key.Wrapped.LastIndexOf('.');
        var bytes = Base64Url.DecodeFromChars(key.Wrapped.AsSpan(lastDot + 1));
        bytes[^1] ^= 0x80;
        var tampered = key.Wrapped[..(lastDot + 1)] + Base64Url.EncodeToString(bytes);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => protector.OpenRecordKeyAsync(tampered, CancellationToken.None));
    }

    [Fact]
    public async Task Values_sealed_before_a_key_rotation_still_open()
    {
        var oldKek = new LocalKeyEncryptionKey(LocalKeyEncryptionKey.NewKey());
        var newKek = new LocalKeyEncryptionKey(LocalKeyEncryptionKey.NewKey());
        string wrapped;
        string sealedValue;
        string hashBefore;
        var before = new PersonalDataProtector(oldKek, _store);
        using (var key = await before.NewRecordKeyAsync(CancellationToken.None))
        {
            wrapped = key.Wrapped;
            sealedValue = key.Seal("ผู้ร้อง 🙏", Context);
        }
        hashBefore = await before.KeyedHashAsync("1101700230708", "national-id", CancellationToken.None);

        var after = new PersonalDataProtector(new KeyRingKeyEncryptionKey(newKek, oldKek), _store);

        using (var key = await after.OpenRecordKeyAsync(wrapped, CancellationToken.None))
        {
            Assert.Equal("ผู้ร้อง 🙏", key.Open(sealedValue, Context));
        }
        using (var fresh = await after.NewRecordKeyAsync(CancellationToken.None))
        {
            Assert.StartsWith("v1." + newKek.KeyId + ".", fresh.Wrapped, StringComparison.Ordinal);
        }
        Assert.Equal(hashBefore, await after.KeyedHashAsync("1101700230708", "national-id", CancellationToken.None));

        // Without the old key in the ring the old record is lost: the ring is what keeps it.
        var newOnly = new PersonalDataProtector(newKek, _store);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => newOnly.OpenRecordKeyAsync(wrapped, CancellationToken.None));
    }

    [Fact]
    public async Task Keyed_hash_is_stable_across_instances_sharing_the_store_and_differs_by_purpose_and_value()
    {
        var first = new PersonalDataProtector(_kek, _store);
        var second = new PersonalDataProtector(_kek, _store);

        var a = await first.KeyedHashAsync("1101700230708", "national-id", CancellationToken.None);
        var b = await second.KeyedHashAsync("1101700230708", "national-id", CancellationToken.None);
        var otherPurpose = await second.KeyedHashAsync("1101700230708", "contact", CancellationToken.None);
        var otherValue = await first.KeyedHashAsync("1101700230716", "national-id", CancellationToken.None);

        Assert.Equal(a, b);
        Assert.Matches("^[0-9a-f]{64}$", a);
        Assert.NotEqual(a, otherPurpose);
        Assert.NotEqual(a, otherValue);

        // Keyed: not a plain hash anyone could recompute from the 13-digit space.
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData("national-id\u001F1101700230708"u8)), a);
        Assert.NotEqual(a, await new PersonalDataProtector(_kek, new InMemoryWrappedKeyStore())
            .KeyedHashAsync("1101700230708", "national-id", CancellationToken.None));
    }

    [Fact]
    public async Task The_hash_key_is_stored_only_wrapped()
    {
        var protector = new PersonalDataProtector(_kek, _store);
        await protector.KeyedHashAsync("x", "p", CancellationToken.None);

        var stored = Assert.Single(_store.Values);
        Assert.Equal(PersonalDataProtector.HashKeyName, stored.Key);
        Assert.StartsWith("v1." + _kek.KeyId + ".", stored.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_first_use_across_instances_agrees_on_one_hash_key()
    {
        var store = new SlowStore();
        var protectors = Enumerable.Range(0, 4).Select(_ => new PersonalDataProtector(_kek, store)).ToArray();

        var hashes = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => Task.Run(() => protectors[i % protectors.Length].KeyedHashAsync("0812345678", "contact", CancellationToken.None))));

        Assert.Single(hashes.Distinct());
        Assert.Equal(1, store.Adds);
    }

    [Fact]
    public async Task Losing_the_race_to_store_the_hash_key_uses_the_winners_key()
    {
        var winner = new PersonalDataProtector(_kek, _store);
        var expected = await winner.KeyedHashAsync("v", "p", CancellationToken.None);

        // The loser's first read sees nothing, as if it read just before the winner wrote.
        var loser = new PersonalDataProtector(_kek, new BlindFirstReadStore(_store));

        Assert.Equal(expected, await loser.KeyedHashAsync("v", "p", CancellationToken.None));
    }

    [Fact]
    public async Task Purpose_must_not_hold_the_separator()
    {
        var protector = new PersonalDataProtector(_kek, _store);

        await Assert.ThrowsAsync<ArgumentException>(() => protector.KeyedHashAsync("v", "a\u001Fb", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => protector.KeyedHashAsync("v", "", CancellationToken.None));
    }

    [Fact]
    public async Task A_disposed_record_key_can_no_longer_be_used()
    {
        var protector = new PersonalDataProtector(_kek, _store);
        var key = await protector.NewRecordKeyAsync(CancellationToken.None);
        var sealedValue = key.Seal("x", Context);
        key.Dispose();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Seal("x", Context));
        Assert.Throws<ObjectDisposedException>(() => key.Open(sealedValue, Context));
    }

    [Fact]
    public void Local_key_must_be_32_bytes_of_base64_and_is_named_by_its_fingerprint()
    {
        var raw = new byte[32];
        raw[0] = 1;
        var kek = new LocalKeyEncryptionKey(Convert.ToBase64String(raw));
        Assert.Equal("local:" + Convert.ToHexStringLower(SHA256.HashData(raw))[..8], kek.KeyId);
        Assert.Equal(kek.KeyId, new LocalKeyEncryptionKey(Base64Url.EncodeToString(raw)).KeyId);

        Assert.Throws<ArgumentException>(() => new LocalKeyEncryptionKey(Convert.ToBase64String(new byte[16])));
        Assert.Throws<ArgumentException>(() => new LocalKeyEncryptionKey(Convert.ToBase64String(new byte[33])));
        Assert.Throws<ArgumentException>(() => new LocalKeyEncryptionKey("not base64 at all!"));
        Assert.ThrowsAny<ArgumentException>(() => new LocalKeyEncryptionKey(""));
    }

    [Fact]
    public async Task Local_key_refuses_values_wrapped_by_another_key()
    {
        var other = new LocalKeyEncryptionKey(LocalKeyEncryptionKey.NewKey());
        var wrapped = await other.WrapAsync(new byte[32], CancellationToken.None);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => _kek.UnwrapAsync(other.KeyId, wrapped, CancellationToken.None));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => _kek.UnwrapAsync(_kek.KeyId, wrapped, CancellationToken.None));
        Assert.Equal(new byte[32], await other.UnwrapAsync(other.KeyId, wrapped, CancellationToken.None));
    }

    /// <summary>Yields inside every call, so concurrent first uses really interleave.</summary>
    private sealed class SlowStore : IWrappedKeyStore
    {
        private readonly InMemoryWrappedKeyStore _inner = new();
        private int _adds;

        public int Adds => _adds;

        public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
        {
            await Task.Delay(5, cancellationToken);
            return await _inner.GetAsync(name, cancellationToken);
        }

        public async Task<bool> TryAddAsync(string name, string value, CancellationToken cancellationToken)
        {
            await Task.Delay(5, cancellationToken);
            var added = await _inner.TryAddAsync(name, value, cancellationToken);
            if (added)
            {
                Interlocked.Increment(ref _adds);
            }
            return added;
        }
    }

    private sealed class BlindFirstReadStore(IWrappedKeyStore inner) : IWrappedKeyStore
    {
        private int _reads;

        public Task<string?> GetAsync(string name, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _reads) == 1 ? Task.FromResult<string?>(null) : inner.GetAsync(name, cancellationToken);

        public Task<bool> TryAddAsync(string name, string value, CancellationToken cancellationToken) =>
            inner.TryAddAsync(name, value, cancellationToken);
    }
}
