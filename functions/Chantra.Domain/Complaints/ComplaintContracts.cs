namespace Chantra.Domain.Complaints;

/// <summary>What a citizen sends the Senate.</summary>
public enum ComplaintKind
{
    Complaint,
    Suggestion,
    Petition,
}

/// <summary>
/// Where a complaint stands: <c>received → in-review → forwarded (to a committee) → answered → closed</c>,
/// or <c>rejected</c> (with a reason code) from any open state.
/// </summary>
public enum ComplaintStatus
{
    Received,
    InReview,
    Forwarded,
    Answered,
    Closed,
    Rejected,
}

/// <summary>
/// Envelope encryption of personal data (PDPA): each complaint gets its own data key (a
/// <see cref="RecordKey"/>), which seals the personal fields one by one with AES-GCM; only the
/// data key wrapped by the key-encryption key (Key Vault in Azure, a local key on a dev machine)
/// is stored, with the id of the key that wrapped it, so keys can rotate.
/// </summary>
public interface IPersonalDataProtector
{
    /// <summary>A fresh data key for a new record; store its <see cref="RecordKey.Wrapped"/> form with the record.</summary>
    Task<RecordKey> NewRecordKeyAsync(CancellationToken cancellationToken);

    /// <summary>The data key of a stored record, from its wrapped form; throws
    /// <see cref="System.Security.Cryptography.CryptographicException"/> when it cannot be unwrapped.</summary>
    Task<RecordKey> OpenRecordKeyAsync(string wrapped, CancellationToken cancellationToken);

    /// <summary>A keyed hash (HMAC-SHA256, lowercase hex) of a value we must match but never read back
    /// (national ID, contact for the duplicate check); <paramref name="purpose"/> keeps hashes of different fields apart.</summary>
    Task<string> KeyedHashAsync(string value, string purpose, CancellationToken cancellationToken);
}

/// <summary>
/// One record's data key. <see cref="Seal"/> binds a context (e.g. "complaint:{no}:email") as
/// associated data, so a sealed value copied to another field or record does not open.
/// </summary>
public abstract class RecordKey : IDisposable
{
    /// <summary>The data key wrapped by the key-encryption key, with that key's id: what is stored.</summary>
    public abstract string Wrapped { get; }

    public abstract string Seal(string plaintext, string context);

    /// <summary>Throws <see cref="System.Security.Cryptography.CryptographicException"/> for a tampered value or a wrong context.</summary>
    public abstract string Open(string sealedValue, string context);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>A staff member, as proven by a validated Entra ID token.</summary>
/// <param name="ObjectId">The token's <c>oid</c>: who, for the audit trail.</param>
/// <param name="Name">The token's <c>name</c> or <c>preferred_username</c>, for people reading the audit trail.</param>
/// <param name="Roles">The app roles in the token's <c>roles</c> claim.</param>
public sealed record StaffMember(string ObjectId, string? Name, IReadOnlyList<string> Roles);

/// <summary>App roles of the staff APIs.</summary>
public static class StaffRoles
{
    public const string ComplaintsManage = "Complaints.Manage";
    public const string LibraryManage = "Library.Manage";
}
