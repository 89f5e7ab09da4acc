using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Chantra.Domain.Complaints;

/// <summary>
/// The key-encryption key (KEK) that wraps data keys: Key Vault's RSA key in Azure,
/// <see cref="LocalKeyEncryptionKey"/> on a dev machine and in tests.
/// </summary>
public interface IKeyEncryptionKey
{
    /// <summary>The id of the key that <see cref="WrapAsync"/> uses now; stored beside every wrapped value.</summary>
    string KeyId { get; }

    Task<byte[]> WrapAsync(byte[] dataKey, CancellationToken cancellationToken);

    /// <summary>Wraps and says which key did it. A KEK whose current key can change under it (Key
    /// Vault's versionless URI after a rotation) must override this to report the key that actually
    /// wrapped, as reading <see cref="KeyId"/> before or after the call could name another one.</summary>
    async Task<WrappedDataKey> WrapWithKeyIdAsync(byte[] dataKey, CancellationToken cancellationToken)
    {
        var keyId = KeyId;
        return new WrappedDataKey(keyId, await WrapAsync(dataKey, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Unwraps with the key named by <paramref name="keyId"/> (the id stored with the value),
    /// so values wrapped before a rotation still open. Throws <see cref="CryptographicException"/>
    /// when the key is unknown or the value does not unwrap.</summary>
    Task<byte[]> UnwrapAsync(string keyId, byte[] wrapped, CancellationToken cancellationToken);
}

/// <summary>A wrapped data key and the id of the key-encryption key that wrapped it.</summary>
public sealed record WrappedDataKey(string KeyId, byte[] Value);

/// <summary>
/// Where the app keeps keys it made for itself (e.g. the keyed-hash key), only ever in wrapped form.
/// </summary>
public interface IWrappedKeyStore
{
    /// <summary>The stored value, or null when there is none.</summary>
    Task<string?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Stores the value unless one exists already; false when another writer got there first.</summary>
    Task<bool> TryAddAsync(string name, string value, CancellationToken cancellationToken);
}

/// <summary>
/// A KEK held in configuration (<c>Complaints:LocalKey</c>, 32 bytes as base64) for dev machines and
/// tests: wraps with AES-256-GCM, output <c>nonce(12) | ciphertext | tag(16)</c>, the key id as
/// associated data. Not for production: the key sits in app settings, not in an HSM.
/// </summary>
public sealed class LocalKeyEncryptionKey : IKeyEncryptionKey
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key;
    private readonly byte[] _associatedData;

    /// <param name="base64Key">32 bytes, base64 (standard or URL-safe).</param>
    /// <exception cref="ArgumentException">Not base64, or not 32 bytes.</exception>
    public LocalKeyEncryptionKey(string base64Key)
        : this(DecodeKey(base64Key))
    {
    }

    /// <exception cref="ArgumentException">Not 32 bytes.</exception>
    public LocalKeyEncryptionKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 32)
        {
            throw new ArgumentException("The local key-encryption key must be 32 bytes (AES-256).", nameof(key));
        }

        _key = (byte[])key.Clone();
        // A short fingerprint tells keys apart after a rotation without revealing anything useful.
        KeyId = "local:" + Convert.ToHexStringLower(SHA256.HashData(_key))[..8];
        _associatedData = Encoding.UTF8.GetBytes(KeyId);
    }

    public string KeyId { get; }

    /// <summary>A fresh random key in the form <c>Complaints:LocalKey</c> expects.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public Task<byte[]> WrapAsync(byte[] dataKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataKey);
        var output = new byte[NonceSize + dataKey.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, dataKey, output.AsSpan(NonceSize, dataKey.Length), output.AsSpan(NonceSize + dataKey.Length), _associatedData);
        return Task.FromResult(output);
    }

    public Task<byte[]> UnwrapAsync(string keyId, byte[] wrapped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        if (!string.Equals(keyId, KeyId, StringComparison.Ordinal))
        {
            throw new CryptographicException($"This value was wrapped by key '{keyId}', not by '{KeyId}'.");
        }
        if (wrapped.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The wrapped key is too short.");
        }

        var length = wrapped.Length - NonceSize - TagSize;
        var output = new byte[length];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(wrapped.AsSpan(0, NonceSize), wrapped.AsSpan(NonceSize, length), wrapped.AsSpan(NonceSize + length), output, _associatedData);
        return Task.FromResult(output);
    }

    private static byte[] DecodeKey(string base64Key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(base64Key);
        var text = base64Key.Trim();
        try
        {
            // Accept both alphabets, padded or not: people paste keys from many tools.
            return Base64Url.DecodeFromChars(text.TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        }
        catch (FormatException ex)
        {
            // The message must not echo the value: it is the key.
            throw new ArgumentException("Complaints:LocalKey is not valid base64.", nameof(base64Key), ex);
        }
    }
}

/// <summary>
/// Several KEKs behind one: wraps with the current one, unwraps with whichever the stored key id
/// names — how old values stay readable after a rotation of a local key (Key Vault versions
/// handle this by themselves, as the <c>kid</c> names the version).
/// </summary>
public sealed class KeyRingKeyEncryptionKey : IKeyEncryptionKey
{
    private readonly IKeyEncryptionKey _current;
    private readonly Dictionary<string, IKeyEncryptionKey> _byId;

    /// <param name="current">Wraps new values.</param>
    /// <param name="previous">Only unwrap.</param>
    public KeyRingKeyEncryptionKey(IKeyEncryptionKey current, params IEnumerable<IKeyEncryptionKey> previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        _current = current;
        _byId = new Dictionary<string, IKeyEncryptionKey>(StringComparer.Ordinal) { [current.KeyId] = current };
        foreach (var key in previous)
        {
            _byId.TryAdd(key.KeyId, key);
        }
    }

    public string KeyId => _current.KeyId;

    public Task<byte[]> WrapAsync(byte[] dataKey, CancellationToken cancellationToken) =>
        _current.WrapAsync(dataKey, cancellationToken);

    public Task<WrappedDataKey> WrapWithKeyIdAsync(byte[] dataKey, CancellationToken cancellationToken) =>
        _current.WrapWithKeyIdAsync(dataKey, cancellationToken);

    public Task<byte[]> UnwrapAsync(string keyId, byte[] wrapped, CancellationToken cancellationToken) =>
        _byId.TryGetValue(keyId, out var key)
            ? key.UnwrapAsync(keyId, wrapped, cancellationToken)
            : throw new CryptographicException($"No key-encryption key '{keyId}' in the key ring.");
}
