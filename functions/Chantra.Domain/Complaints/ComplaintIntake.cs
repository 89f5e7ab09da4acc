using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Chantra.Domain.Bills;
using Chantra.Domain.Devices;
using Chantra.Domain.Events;
using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Complaints;

/// <summary>One invalid part of a complaint request, in English and Thai.</summary>
public sealed record ComplaintError(string Field, string Message, string MessageTh);

/// <summary>How a submission ended.</summary>
public enum SubmissionOutcome
{
    Created,
    /// <summary>A retry of an earlier request (same Idempotency-Key, same body): the first answer again, nothing new stored.</summary>
    Replayed,
    Invalid,
    /// <summary>The Idempotency-Key was used before with another body.</summary>
    IdempotencyKeyReused,
    /// <summary>The first request with this Idempotency-Key is still being processed.</summary>
    InProgress,
    RateLimited,
    /// <summary>An installation id came without its device's secret (or with a wrong one).</summary>
    DeviceUnauthorized,
}

/// <summary>What the request carries besides the body.</summary>
/// <param name="RequestHash">SHA-256 (hex) of the body's bytes: a retry sends the same bytes.</param>
/// <param name="ClientAddress">The client's IP address as the front door saw it; only its keyed hash is ever stored.</param>
public sealed record SubmissionContext(string? IdempotencyKey, string RequestHash, string ClientAddress, string? DeviceSecret);

/// <summary>The answer of <see cref="ComplaintIntake.SubmitAsync"/>.</summary>
/// <param name="TrackingToken">Shown once; on a replay within the key's 24 hours it is shown again (null only when it can no longer be recovered).</param>
/// <param name="DuplicateOf">The tracking number (Thai form) of the earlier complaint this one nearly repeats.</param>
/// <param name="PushLinked">Whether the submitting device now gets this complaint's status pushes.</param>
public sealed record SubmissionResult(
    SubmissionOutcome Outcome,
    string? TrackingNumber = null,
    string? TrackingToken = null,
    ComplaintStatus Status = ComplaintStatus.Received,
    string? DuplicateOf = null,
    bool PushLinked = false,
    IReadOnlyList<ComplaintError>? Errors = null,
    TimeSpan RetryAfter = default);

/// <summary>The contexts personal fields are sealed under (associated data) and the purposes of keyed hashes.</summary>
public static class ComplaintSeals
{
    public static string Name(string trackingId) => $"complaint:{trackingId}:name";
    public static string Email(string trackingId) => $"complaint:{trackingId}:email";
    public static string Phone(string trackingId) => $"complaint:{trackingId}:phone";
    public static string Details(string trackingId) => $"complaint:{trackingId}:details";
    public static string Note(string trackingId, int sequence) => $"complaint:{trackingId}:note:{sequence}";
    public static string IdempotencyToken(string trackingId, string key) => $"complaint:{trackingId}:idempotency:{key}";

    public const string NationalIdPurpose = "complaint-national-id";
    public const string EmailPurpose = "complaint-contact-email";
    public const string PhonePurpose = "complaint-contact-phone";
    public const string ClientPurpose = "rate-limit-client";
    public const string DevicePurpose = "rate-limit-device";
}

/// <summary>
/// Citizens' side of complaints: filing one and following it. Personal data is sealed before it
/// leaves this class and is never logged; the only things logged are tracking ids, kinds, topics
/// and outcomes.
/// </summary>
public sealed partial class ComplaintIntake
{
    public const int MaxSubjectLength = 200;
    public const int MaxDetailsLength = 5000;
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;

    /// <summary>How long an Idempotency-Key is remembered (and the token kept sealed for a retry).</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    /// <summary>A claim of a key whose complaint never appeared after this long was abandoned (the request died); the key may be taken over.</summary>
    public static readonly TimeSpan AbandonedClaimAge = TimeSpan.FromMinutes(5);

    /// <summary>A near-copy from the same contact within this window is linked as a duplicate.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromHours(24);

    /// <summary>Character-shingle Jaccard similarity from which a text counts as a near-copy.</summary>
    public const double DuplicateThreshold = 0.8;

    private const int MaxDuplicateCandidates = 5;

    // A tracking id no complaint can have ('X' is no kind's prefix): unknown numbers read it, so they cost what known ones cost.
    private const string UnknownTrackingId = "X-0000-0000000";

    // Compared against when there is no complaint, so a wrong token and an unknown number take the same time.
    private static readonly string DummyTokenHash = TrackingToken.Hash(TrackingToken.New());

    private readonly IComplaintStore _store;
    private readonly IPersonalDataProtector _protector;
    private readonly ComplaintRateLimiter _limiter;
    private readonly DeviceService _devices;
    private readonly IBillCatalog _bills;
    private readonly OutboxRelay _relay;
    private readonly TimeProvider _time;
    private readonly ILogger<ComplaintIntake> _logger;

    public ComplaintIntake(
        IComplaintStore store,
        IPersonalDataProtector protector,
        ComplaintRateLimiter limiter,
        DeviceService devices,
        IBillCatalog bills,
        IEventPublisher publisher,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        _store = store;
        _protector = protector;
        _limiter = limiter;
        _devices = devices;
        _bills = bills;
        _relay = new OutboxRelay(publisher, store, loggers.CreateLogger<OutboxRelay>());
        _time = time;
        _logger = loggers.CreateLogger<ComplaintIntake>();
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex BillIdForm();

    // Local part and domain as people type them (Thai domains included); no spaces, one '@', a dot in the domain.
    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailForm();

    [GeneratedRegex(@"^0[689][0-9]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex ThaiMobileForm();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex NoticeVersionForm();

    [GeneratedRegex(@"^[A-Za-z0-9_\-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdempotencyKeyForm();

    public static bool IsValidIdempotencyKey(string? key) => key is not null && IdempotencyKeyForm().IsMatch(key);

    /// <summary>A Thai mobile number as 10 digits <c>0[689]xxxxxxxx</c>, from what people type (spaces, dashes, +66, Thai digits); null when it is not one.</summary>
    public static string? NormalizeThaiMobile(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return null;
        }

        var digits = new StringBuilder(12);
        foreach (var c in Chantra.Domain.Text.ThaiText.ToArabicDigits(text.Trim()))
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '(' or ')' or '.') && !(c == '+' && digits.Length == 0))
            {
                return null;
            }
        }

        var number = digits.ToString();
        if (number.StartsWith("66", StringComparison.Ordinal) && number.Length == 11)
        {
            number = "0" + number[2..];
        }

        return ThaiMobileForm().IsMatch(number) ? number : null;
    }

    public async Task<SubmissionResult> SubmitAsync(ComplaintSubmission submission, SubmissionContext context, CancellationToken cancellationToken)
    {
        var (valid, errors) = Validate(submission);
        if (valid is null)
        {
            return new SubmissionResult(SubmissionOutcome.Invalid, Errors: errors);
        }

        var now = _time.GetUtcNow();

        // A retry first: it must get the first answer, even when the client is over its limit by now.
        IdempotencyRecord? takeOver = null;
        if (context.IdempotencyKey is { } idempotencyKey)
        {
            var claim = await _store.GetIdempotencyAsync(idempotencyKey, cancellationToken);
            if (claim is not null)
            {
                if (claim.ExpiresAt > now && await AnswerForClaimAsync(claim, context.RequestHash, now, cancellationToken) is { } earlier)
                {
                    return earlier;
                }

                takeOver = claim; // expired, or its request died before storing anything
            }
        }

        if (valid.InstallationId is { } installationId && !await _devices.VerifySecretAsync(installationId, context.DeviceSecret, cancellationToken))
        {
            return new SubmissionResult(SubmissionOutcome.DeviceUnauthorized);
        }

        var clientKey = await _protector.KeyedHashAsync(context.ClientAddress, ComplaintSeals.ClientPurpose, cancellationToken);
        var deviceKey = valid.InstallationId is null ? null : await _protector.KeyedHashAsync(valid.InstallationId, ComplaintSeals.DevicePurpose, cancellationToken);
        var decision = await _limiter.CheckAsync(clientKey, deviceKey, cancellationToken);
        if (!decision.Allowed)
        {
            _logger.LogWarning("Complaint intake refused: rate limit reached; retry after {Seconds} s", (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
            return new SubmissionResult(SubmissionOutcome.RateLimited, RetryAfter: decision.RetryAfter);
        }

        if (valid.BillId is { } billId && !(await _bills.FindExistingAsync([billId], cancellationToken)).Contains(billId))
        {
            return new SubmissionResult(SubmissionOutcome.Invalid, Errors: [new("billId", $"There is no bill '{billId}'.", $"ไม่พบร่างกฎหมาย '{billId}'")]);
        }

        var contactHashes = new List<string>(2);
        if (valid.Email is not null)
        {
            contactHashes.Add(await _protector.KeyedHashAsync(valid.Email.ToLowerInvariant(), ComplaintSeals.EmailPurpose, cancellationToken));
        }

        if (valid.Phone is not null)
        {
            contactHashes.Add(await _protector.KeyedHashAsync(valid.Phone, ComplaintSeals.PhonePurpose, cancellationToken));
        }

        var original = await FindNearDuplicateAsync(contactHashes, valid.Subject, valid.Details, now, cancellationToken);

        // A number that is taken (30 random bits per kind and year) is drawn again.
        var number = TrackingNumber.New(valid.Kind, now);
        for (var draw = 0; draw < 3 && await _store.GetPublicAsync(number.TagId, cancellationToken) is not null; draw++)
        {
            number = TrackingNumber.New(valid.Kind, now);
        }

        var id = number.TagId;
        var token = TrackingToken.New();
        using var key = await _protector.NewRecordKeyAsync(cancellationToken);

        if (context.IdempotencyKey is { } claimKey)
        {
            var claim = new IdempotencyRecord(claimKey, context.RequestHash, id, key.Seal(token, ComplaintSeals.IdempotencyToken(id, claimKey)),
                now, now + IdempotencyWindow, takeOver?.Version);
            var claimed = takeOver is null ? await _store.TryAddIdempotencyAsync(claim, cancellationToken) : await _store.TryReplaceIdempotencyAsync(claim, cancellationToken);
            if (!claimed)
            {
                // Another request with this key got there first: answer as its retry would be answered.
                var winner = await _store.GetIdempotencyAsync(claimKey, cancellationToken);
                return winner is not null && await AnswerForClaimAsync(winner, context.RequestHash, now, cancellationToken) is { } earlier
                    ? earlier
                    : new SubmissionResult(SubmissionOutcome.InProgress, RetryAfter: TimeSpan.FromSeconds(5));
            }
        }

        var nationalIdHash = valid.NationalId is null ? null : await _protector.KeyedHashAsync(valid.NationalId, ComplaintSeals.NationalIdPurpose, cancellationToken);
        var personal = new ComplaintPersonalData(
            key.Wrapped,
            key.Seal(valid.Details, ComplaintSeals.Details(id)),
            valid.Name is null ? null : key.Seal(valid.Name, ComplaintSeals.Name(id)),
            valid.Email is null ? null : key.Seal(valid.Email, ComplaintSeals.Email(id)),
            valid.Phone is null ? null : key.Seal(valid.Phone, ComplaintSeals.Phone(id)),
            nationalIdHash,
            valid.NationalId?[^4..],
            contactHashes,
            valid.InstallationId);
        var record = new ComplaintRecord(
            id, number.Value, valid.Kind, valid.Subject, valid.Topic, valid.BillId, valid.Anonymous, ComplaintStatus.Received, now, now,
            TrackingToken.Hash(token), valid.NoticeVersion, now, personal, DuplicateOf: original?.TrackingId, HistoryCount: 1);
        var received = ComplaintEvents.Received(record);
        var change = new ComplaintChange(
            record,
            [new ComplaintHistoryEntry(1, now, ComplaintHistoryType.Status, ComplaintStatus.Received)],
            [],
            [new ComplaintAuditEntry(now, ComplaintAuditEntry.Citizen, null, "submitted", Detail: original is null ? null : "near-duplicate of " + original.TrackingId)],
            [received]);
        if (await _store.CommitAsync(change, cancellationToken) != CommitOutcome.Committed)
        {
            // Only a number drawn by two requests in the same instant; the claim (if any) is taken over on retry.
            throw new InvalidOperationException($"Complaint {id} could not be stored: the tracking number was taken at the same moment.");
        }

        _logger.LogInformation("Complaint {TrackingId} received ({Kind}, {Topic}){Duplicate}", id, valid.Kind.ToWire(), valid.Topic,
            original is null ? string.Empty : " as a near-duplicate of " + original.TrackingId);

        // Stored: from here on nothing may fail the request, or the citizen would never see the token.
        var linked = await AfterCommitAsync(record, contactHashes, valid.InstallationId, context.DeviceSecret, received);
        return new SubmissionResult(SubmissionOutcome.Created, number.Value, token, ComplaintStatus.Received, original?.TrackingNumber, linked);
    }

    /// <summary>
    /// The public view of a complaint for whoever holds its token; null when the number is unknown,
    /// malformed, or the token is missing or wrong — indistinguishable, in the answer and in the work done.
    /// </summary>
    public async Task<StoredComplaint?> TrackAsync(string? trackingNumber, string? token, CancellationToken cancellationToken)
    {
        var id = TrackingNumber.TryParse(trackingNumber, out var number) ? number.TagId : UnknownTrackingId;
        var stored = await _store.GetPublicAsync(id, cancellationToken);
        var matches = TrackingToken.Matches(token, stored?.State.TokenHash ?? DummyTokenHash);
        return stored is not null && matches ? stored : null;
    }

    private async Task<bool> AfterCommitAsync(ComplaintRecord record, IReadOnlyList<string> contactHashes, string? installationId, string? deviceSecret, CloudEvent received)
    {
        var id = record.TrackingId;
        if (contactHashes.Count > 0)
        {
            try
            {
                await _store.AddContactMarksAsync(id, contactHashes, record.ReceivedAt, record.ReceivedAt + DuplicateWindow, CancellationToken.None);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Near-duplicate marks of complaint {TrackingId} were not written", id);
            }
        }

        var linked = false;
        if (installationId is not null)
        {
            try
            {
                var result = await _devices.LinkComplaintAsync(installationId, deviceSecret, id, CancellationToken.None);
                linked = result.Outcome == DeviceOutcome.Updated;
                if (!linked)
                {
                    _logger.LogWarning("Complaint {TrackingId} was not linked to its device: {Outcome}", id, result.Outcome);
                }
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Complaint {TrackingId} was not linked to its device", id);
            }
        }

        try
        {
            // The relay brings the staff list up to date when it completes the outbox; if the topic is down, do it here.
            if (await _relay.RelayAsync([new PendingEvent(id, received)], CancellationToken.None) == 0)
            {
                await _store.RefreshReadModelAsync(id, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "The staff list entry of complaint {TrackingId} waits for the outbox sweeper", id);
        }

        return linked;
    }

    /// <summary>The answer to a request whose key is already claimed; null when the claim was abandoned and may be taken over.</summary>
    private async Task<SubmissionResult?> AnswerForClaimAsync(IdempotencyRecord claim, string requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(claim.RequestHash), Encoding.ASCII.GetBytes(requestHash)))
        {
            return new SubmissionResult(SubmissionOutcome.IdempotencyKeyReused);
        }

        var stored = await _store.GetPublicAsync(claim.TrackingId, cancellationToken);
        if (stored is null)
        {
            return now - claim.CreatedAt < AbandonedClaimAge ? new SubmissionResult(SubmissionOutcome.InProgress, RetryAfter: TimeSpan.FromSeconds(5)) : null;
        }

        var state = stored.State;
        string? token = null;
        if (state.Personal is { } personal)
        {
            try
            {
                using var key = await _protector.OpenRecordKeyAsync(personal.WrappedKey, cancellationToken);
                token = key.Open(claim.SealedToken, ComplaintSeals.IdempotencyToken(state.TrackingId, claim.Key));
            }
            catch (CryptographicException ex)
            {
                _logger.LogWarning(ex, "The sealed token of the idempotency key for complaint {TrackingId} does not open", state.TrackingId);
            }
        }

        string? duplicateOf = null;
        if (state.DuplicateOf is { } originalId && TrackingNumber.TryParse(originalId, out var original))
        {
            duplicateOf = original.Value;
        }

        _logger.LogInformation("Complaint {TrackingId}: a retry with the same Idempotency-Key got the first answer", state.TrackingId);
        return new SubmissionResult(SubmissionOutcome.Replayed, state.TrackingNumber, token, state.Status, duplicateOf, state.Personal?.InstallationId is not null);
    }

    private async Task<ComplaintRecord?> FindNearDuplicateAsync(IReadOnlyList<string> contactHashes, string subject, string details, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (contactHashes.Count == 0)
        {
            return null;
        }

        var text = subject + "\n" + details;
        foreach (var id in await _store.FindRecentByContactAsync(contactHashes, now - DuplicateWindow, MaxDuplicateCandidates, cancellationToken))
        {
            var earlier = await _store.GetPublicAsync(id, cancellationToken);
            if (earlier?.State.Personal is not { } personal || now - earlier.State.ReceivedAt > DuplicateWindow)
            {
                continue;
            }

            string earlierDetails;
            try
            {
                using var key = await _protector.OpenRecordKeyAsync(personal.WrappedKey, cancellationToken);
                earlierDetails = key.Open(personal.SealedDetails, ComplaintSeals.Details(id));
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                _logger.LogWarning(ex, "Complaint {TrackingId} could not be opened for the near-duplicate check", id);
                continue;
            }

            if (ComplaintText.Similarity(text, earlier.State.Subject + "\n" + earlierDetails) >= DuplicateThreshold)
            {
                // Link to the first of a chain, so staff see one original with all its copies.
                if (earlier.State.DuplicateOf is { } first && await _store.GetPublicAsync(first, cancellationToken) is { } firstStored)
                {
                    return firstStored.State;
                }

                return earlier.State;
            }
        }

        return null;
    }

    private sealed record ValidSubmission(
        ComplaintKind Kind,
        string Subject,
        string Details,
        string Topic,
        string? BillId,
        bool Anonymous,
        string? Name,
        string? Email,
        string? Phone,
        string? NationalId,
        string NoticeVersion,
        string? InstallationId);

    private static (ValidSubmission? Valid, List<ComplaintError> Errors) Validate(ComplaintSubmission s)
    {
        var errors = new List<ComplaintError>();

        if (!ComplaintVocabulary.TryParseKind(s.Kind, out var kind))
        {
            errors.Add(new("kind", "Kind is 'complaint', 'suggestion' or 'petition'.", "ประเภทต้องเป็น 'complaint' (ร้องเรียน), 'suggestion' (ข้อเสนอแนะ) หรือ 'petition' (คำร้อง)"));
        }

        var subject = Text(s.Subject, "subject", "Subject", "หัวเรื่อง", MaxSubjectLength, errors);
        var details = Text(s.Details, "details", "Details", "รายละเอียด", MaxDetailsLength, errors);

        if (ComplaintVocabulary.FindTopic(s.Topic) is null)
        {
            errors.Add(new("topic", "Topic is one of the codes listed at /api/v1/complaints/topics.", "หัวข้อต้องเป็นรหัสหนึ่งในรายการที่ /api/v1/complaints/topics"));
        }

        string? billId = null;
        if (s.BillId is not null)
        {
            if (BillIdForm().IsMatch(s.BillId))
            {
                billId = s.BillId;
            }
            else
            {
                errors.Add(new("billId", "A bill id is letters, digits, '.', '_' or '-' (as the bills API shows it).", "รหัสร่างกฎหมายต้องเป็นตัวอักษรอังกฤษ ตัวเลข . _ หรือ - ตามที่ระบบแสดง"));
            }
        }

        string? name = null, email = null, phone = null;
        if (s.Anonymous)
        {
            if (s.Name is not null || s.Email is not null || s.Phone is not null)
            {
                errors.Add(new("contact", "An anonymous complaint has no name, email or phone; leave them out or set anonymous to false.",
                    "เรื่องที่ไม่ประสงค์ออกนามต้องไม่มีชื่อ อีเมล หรือหมายเลขโทรศัพท์"));
            }

            if (s.NationalId is not null)
            {
                errors.Add(new("nationalId", "An anonymous complaint has no national ID.", "เรื่องที่ไม่ประสงค์ออกนามต้องไม่มีเลขประจำตัวประชาชน"));
            }
        }
        else
        {
            // A name may be in any script (not every complainant's name is Thai or English); it needs a letter.
            name = Text(s.Name, "contact.name", "Name", "ชื่อ", MaxNameLength, errors, thaiOrEnglish: false);
            if (s.Email is not null)
            {
                var trimmed = s.Email.Trim();
                if (trimmed.Length <= MaxEmailLength && EmailForm().IsMatch(trimmed))
                {
                    email = trimmed;
                }
                else
                {
                    errors.Add(new("contact.email", "This is not an email address.", "อีเมลไม่ถูกต้อง"));
                }
            }

            if (s.Phone is not null)
            {
                phone = NormalizeThaiMobile(s.Phone);
                if (phone is null)
                {
                    errors.Add(new("contact.phone", "A Thai mobile number is 10 digits starting 06, 08 or 09 (or +66 6/8/9…).",
                        "หมายเลขโทรศัพท์มือถือต้องมี 10 หลัก ขึ้นต้นด้วย 06 08 หรือ 09"));
                }
            }

            if (s.Email is null && s.Phone is null)
            {
                errors.Add(new("contact", "Give an email or a Thai mobile number so the Senate can answer you, or set anonymous to true.",
                    "กรุณาระบุอีเมลหรือหมายเลขโทรศัพท์มือถือเพื่อให้วุฒิสภาติดต่อกลับ หรือเลือกไม่ประสงค์ออกนาม"));
            }
        }

        string? nationalId = null;
        if (s.NationalId is not null && !s.Anonymous)
        {
            nationalId = ThaiNationalId.Normalize(s.NationalId);
            if (nationalId is null)
            {
                errors.Add(new("nationalId", "This is not a valid Thai national ID (13 digits with a check digit).", "เลขประจำตัวประชาชนไม่ถูกต้อง (13 หลักพร้อมเลขตรวจสอบ)"));
            }
        }

        if (!s.ConsentAccepted)
        {
            errors.Add(new("consent.accepted", "Consent to the privacy notice is required (accepted: true).", "ต้องยินยอมตามประกาศความเป็นส่วนตัวก่อนส่งเรื่อง"));
        }

        if (s.ConsentNoticeVersion is null || !NoticeVersionForm().IsMatch(s.ConsentNoticeVersion))
        {
            errors.Add(new("consent.noticeVersion", "The version of the privacy notice shown (1–32 letters, digits, '.', '_' or '-').",
                "ต้องระบุฉบับของประกาศความเป็นส่วนตัวที่แสดงต่อผู้ใช้"));
        }

        if (s.InstallationId is not null && !DeviceService.IsValidInstallationId(s.InstallationId))
        {
            errors.Add(new("installationId", "An installation id is 8–64 letters, digits, '_' or '-' (the one the device registered with).",
                "รหัสการติดตั้งต้องเป็นรหัสที่อุปกรณ์ใช้ลงทะเบียน"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new ValidSubmission(kind, subject!, details!, s.Topic!, billId, s.Anonymous, name, email, phone, nationalId, s.ConsentNoticeVersion!, s.InstallationId), errors);
    }

    private static string? Text(string? value, string field, string what, string whatTh, int max, List<ComplaintError> errors, bool thaiOrEnglish = true)
    {
        var text = value is null ? string.Empty : ComplaintText.Clean(value);
        if (text.Length == 0)
        {
            errors.Add(new(field, $"{what} is required.", $"ต้องระบุ{whatTh}"));
            return null;
        }

        if (text.Length > max)
        {
            errors.Add(new(field, $"{what} is at most {max} characters.", $"{whatTh}ต้องยาวไม่เกิน {max} ตัวอักษร"));
            return null;
        }

        if (thaiOrEnglish ? !ComplaintText.HasThaiOrLatinContent(text) : !text.Any(char.IsLetter))
        {
            errors.Add(thaiOrEnglish
                ? new(field, $"{what} is written in Thai or English.", $"{whatTh}ต้องเป็นภาษาไทยหรือภาษาอังกฤษ")
                : new(field, $"{what} has letters.", $"{whatTh}ต้องมีตัวอักษร"));
            return null;
        }

        return text;
    }
}
