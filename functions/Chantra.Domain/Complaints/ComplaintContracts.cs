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
/// Encrypts personal fields one by one (AES-GCM) and hashes identifiers with a secret key.
/// A protected value names the key that sealed it, so keys can rotate: new writes use the
/// active key, old values stay readable while their key is in the key ring.
/// </summary>
public interface IPersonalDataProtector
{
    /// <summary>Seals <paramref name="plaintext"/>; <paramref name="context"/> (e.g. "complaint:{no}:email")
    /// is bound as associated data, so a sealed value copied to another field or record does not open.</summary>
    string Protect(string plaintext, string context);

    /// <summary>Opens a value sealed by <see cref="Protect"/> with the same context; throws
    /// <see cref="System.Security.Cryptography.CryptographicException"/> when it was tampered with or the key is gone.</summary>
    string Unprotect(string protectedValue, string context);

    /// <summary>A keyed hash (HMAC-SHA256, hex) for values we must match but never read back (national ID, contact for duplicates).</summary>
    string KeyedHash(string value, string purpose);
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
