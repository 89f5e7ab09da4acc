using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Chantra.Domain.Complaints;

/// <summary>
/// Envelope encryption with <see cref="IKeyEncryptionKey"/>. Formats (all ASCII, safe in Table Storage):
/// <list type="bullet">
/// <item>wrapped data key: <c>v1.{keyId}.{base64url(wrapped)}</c> — the key id may itself hold dots
/// (a Key Vault <c>kid</c> is a URL), base64url never does, so the last dot splits them;</item>
/// <item>sealed value: <c>v1.{base64url(nonce(12) | ciphertext | tag(16))}</c>, AES-256-GCM, the
/// context's UTF-8 as associated data.</item>
/// </list>
/// The keyed-hash key is made on first use, stored wrapped in <see cref="IWrappedKeyStore"/> under
/// <see cref="HashKeyName"/>, and kept unwrapped in memory for the life of the process.
/// </summary>
public sealed class PersonalDataProtector : IPersonalDataProtector
{
    public const string HashKeyName = "complaint-hash-key";

    internal const string Version = "v1.";
    private const int KeySize = 32;
    private const char PurposeSeparator = '\u001F';

    private readonly IKeyEncryptionKey _kek;
    private readonly IWrappedKeyStore _keys;
    private readonly SemaphoreSlim _hashKeyLock = new(1, 1);
    private byte[]? _hashKey;

    public PersonalDataProtector(IKeyEncryptionKey kek, IWrappedKeyStore keys)
    {
        ArgumentNullException.ThrowIfNull(kek);
        ArgumentNullException.ThrowIfNull(keys);
        _kek = kek;
        _keys = keys;
    }

    public async Task<RecordKey> NewRecordKeyAsync(CancellationToken cancellationToken)
    {
        var key = RandomNumberGenerator.GetBytes(KeySize);
        try
        {
            var wrapped = await WrapAsync(key, cancellationToken).ConfigureAwait(false);
            return new DataKey(key, wrapped);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(key);
            throw;
        }
    }

    public async Task<RecordKey> OpenRecordKeyAsync(string wrapped, CancellationToken cancellationToken)
    {
        var key = await UnwrapAsync(wrapped, cancellationToken).ConfigureAwait(false);
        return new DataKey(key, wrapped);
    }

    public async Task<string> KeyedHashAsync(string value, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        if (purpose.Contains(PurposeSeparator, StringComparison.Ordinal))
        {
            // Otherwise ("a\u001Fb", "c") and ("a", "b\u001Fc") would hash alike.
            throw new ArgumentException("The purpose must not contain U+001F.", nameof(purpose));
        }

        var key = await GetHashKeyAsync(cancellationToken).ConfigureAwait(false);
        var data = Encoding.UTF8.GetBytes(purpose + PurposeSeparator + value);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, data));
    }

    private async Task<string> WrapAsync(byte[] key, CancellationToken cancellationToken)
    {
        var wrapped = await _kek.WrapWithKeyIdAsync(key, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(wrapped.KeyId))
        {
            throw new InvalidOperationException("The key-encryption key reported no key id.");
        }
        return Version + wrapped.KeyId + "." + Base64Url.EncodeToString(wrapped.Value);
    }

    private async Task<byte[]> UnwrapAsync(string wrapped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        var lastDot = wrapped.LastIndexOf('.');
        if (!wrapped.StartsWith(Version, StringComparison.Ordinal) || lastDot <= Version.Length)
        {
            throw new CryptographicException("The wrapped key is not in the v1 format.");
        }

        var keyId = wrapped[Version.Length..lastDot];
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(wrapped.AsSpan(lastDot + 1));
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("The wrapped key is not valid base64url.", ex);
        }

        var key = await _kek.UnwrapAsync(keyId, bytes, cancellationToken).ConfigureAwait(false);
        if (key.Length != KeySize)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new CryptographicException("The unwrapped key has the wrong length.");
        }
        return key;
    }

    private async Task<byte[]> GetHashKeyAsync(CancellationToken cancellationToken)
    {
        var key = Volatile.Read(ref _hashKey);
        if (key is not null)
        {
            return key;
        }

        await _hashKeyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_hashKey is not null)
            {
                return _hashKey;
            }

            var stored = await _keys.GetAsync(HashKeyName, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                var fresh = RandomNumberGenerator.GetBytes(KeySize);
                var wrapped = await WrapAsync(fresh, cancellationToken).ConfigureAwait(false);
                if (await _keys.TryAddAsync(HashKeyName, wrapped, cancellationToken).ConfigureAwait(false))
                {
                    key = fresh;
                }
                else
                {
                    // Another instance stored its key first; every hash must use that one.
                    CryptographicOperations.ZeroMemory(fresh);
                    stored = await _keys.GetAsync(HashKeyName, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"The key store refused '{HashKeyName}' but does not hold it.");
                }
            }

            key ??= await UnwrapAsync(stored!, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _hashKey, key);
            return key;
        }
        finally
        {
            _hashKeyLock.Release();
        }
    }

    private sealed class DataKey(byte[] key, string wrapped) : RecordKey
    {
        private const int NonceSize = 12;
        private const int TagSize = 16;

        private bool _disposed;

        public override string Wrapped { get; } = wrapped;

        public override string Seal(string plaintext, string context)
        {
            ArgumentNullException.ThrowIfNull(plaintext);
            ArgumentNullException.ThrowIfNull(context);
            ObjectDisposedException.ThrowIf(_disposed, this);

            var data = Encoding.UTF8.GetBytes(plaintext);
            var output = new byte[NonceSize + data.Length + TagSize];
            var nonce = output.AsSpan(0, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            // A new AesGcm per call keeps the key usable from several threads at once.
            using (var aes = new AesGcm(key, TagSize))
            {
                aes.Encrypt(nonce, data, output.AsSpan(NonceSize, data.Length), output.AsSpan(NonceSize + data.Length), Encoding.UTF8.GetBytes(context));
            }
            CryptographicOperations.ZeroMemory(data);
            return Version + Base64Url.EncodeToString(output);
        }

        public override string Open(string sealedValue, string context)
        {
            ArgumentNullException.ThrowIfNull(sealedValue);
            ArgumentNullException.ThrowIfNull(context);
            ObjectDisposedException.ThrowIf(_disposed, this);

            if (!sealedValue.StartsWith(Version, StringComparison.Ordinal))
            {
                throw new CryptographicException("The sealed value is not in the v1 format.");
            }

            byte[] bytes;
            try
            {
                bytes = Base64Url.DecodeFromChars(sealedValue.AsSpan(Version.Length));
            }
            catch (FormatException ex)
            {
                throw new CryptographicException("The sealed value is not valid base64url.", ex);
            }
            if (bytes.Length < NonceSize + TagSize)
            {
                throw new CryptographicException("The sealed value is too short.");
            }

            var length = bytes.Length - NonceSize - TagSize;
            var plaintext = new byte[length];
            try
            {
                using var aes = new AesGcm(key, TagSize);
                aes.Decrypt(bytes.AsSpan(0, NonceSize), bytes.AsSpan(NonceSize, length), bytes.AsSpan(NonceSize + length), plaintext, Encoding.UTF8.GetBytes(context));
                return Encoding.UTF8.GetString(plaintext);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (!_disposed)
            {
                _disposed = true;
                CryptographicOperations.ZeroMemory(key);
            }
            base.Dispose(disposing);
        }
    }
}
