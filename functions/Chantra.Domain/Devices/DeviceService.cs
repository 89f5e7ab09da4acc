using System.Text.RegularExpressions;
using Chantra.Domain.Bills;
using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Devices;

/// <summary>One invalid part of a device request, in English and Thai.</summary>
public sealed record DeviceError(string Field, string Message, string MessageTh);

/// <summary>How a device request ended.</summary>
public enum DeviceOutcome
{
    Created,
    Updated,
    Found,
    Deleted,
    Invalid,
    /// <summary>The installation exists and the secret is missing or wrong: nothing changed.</summary>
    Unauthorized,
    NotFound,
    /// <summary>The device changed under this request (another request of the same device): retry.</summary>
    Conflict,
    /// <summary>Notification Hubs did not take the installation: nothing changed, retry later.</summary>
    PushServiceUnavailable,
}

/// <summary>The answer of <see cref="DeviceService"/>; <see cref="NewSecret"/> only on creation.</summary>
public sealed record DeviceResult(DeviceOutcome Outcome, DeviceRecord? Device = null, string? NewSecret = null, IReadOnlyList<DeviceError>? Errors = null);

/// <summary>
/// Device registration and follows: the apps' only door to push. The server validates every id,
/// decides every tag and template, and guards each installation with its device secret.
/// </summary>
public sealed partial class DeviceService(IDeviceStore store, IPushInstallations installations, IBillCatalog bills, TimeProvider time, ILogger<DeviceService> logger)
{
    // GUID-like installation ids (the apps make them); also a table key, so no '/', '\', '#', '?'.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_\-]{7,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex InstallationIdForm();

    // A followed id: letters, digits, '.', '_' and '-' only, so no follow can spell another kind of tag.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex FollowIdForm();

    // APNs device tokens are hex (32 bytes today; Apple says not to rely on the length).
    [GeneratedRegex(@"^[0-9A-Fa-f]{64,200}$", RegexOptions.CultureInvariant)]
    private static partial Regex ApnsTokenForm();

    // FCM registration tokens: URL-safe characters and ':'.
    [GeneratedRegex(@"^[A-Za-z0-9_:\-.]{32,4096}$", RegexOptions.CultureInvariant)]
    private static partial Regex FcmTokenForm();

    public static bool IsValidInstallationId(string? id) => id is not null && InstallationIdForm().IsMatch(id);

    public async Task<DeviceResult> RegisterAsync(DeviceRegistration registration, string? presentedSecret, CancellationToken cancellationToken)
    {
        var errors = Validate(registration);
        errors.AddRange(await UnknownBillsAsync(registration.Follows.Bills, cancellationToken));
        if (errors.Count > 0)
        {
            return new DeviceResult(DeviceOutcome.Invalid, Errors: errors);
        }

        var existing = await store.GetAsync(registration.InstallationId, cancellationToken);
        var now = time.GetUtcNow();
        if (existing is null)
        {
            // Claim the id first, so two first registrations of one id cannot both win.
            var secret = DeviceSecrets.New();
            var record = new DeviceRecord(registration.InstallationId, registration.Platform, registration.Language, registration.Follows, DeviceSecrets.Hash(secret), now, now);
            if (await store.AddAsync(record, cancellationToken) == DeviceWrite.Conflict)
            {
                return new DeviceResult(DeviceOutcome.Unauthorized);
            }

            if (!await TryUpsertAsync(registration, cancellationToken))
            {
                await store.DeleteAsync(registration.InstallationId, cancellationToken);
                return new DeviceResult(DeviceOutcome.PushServiceUnavailable);
            }

            logger.LogInformation("Device {InstallationId} registered ({Platform}, {Language}, {Follows} follows)",
                registration.InstallationId, registration.Platform, registration.Language, registration.Follows.Count);
            return new DeviceResult(DeviceOutcome.Created, record, secret);
        }

        if (!DeviceSecrets.Matches(presentedSecret, existing.SecretHash))
        {
            return new DeviceResult(DeviceOutcome.Unauthorized);
        }

        // The upsert replaces the whole installation: it must carry the complaints linked to the device.
        if (!await TryUpsertAsync(registration, cancellationToken, existing.Complaints))
        {
            return new DeviceResult(DeviceOutcome.PushServiceUnavailable);
        }

        var updated = existing with { Platform = registration.Platform, Language = registration.Language, Follows = registration.Follows, UpdatedAt = now };
        return await ReplaceOrReconcileAsync(updated, cancellationToken);
    }

    public async Task<DeviceResult> GetAsync(string installationId, string? presentedSecret, CancellationToken cancellationToken)
    {
        var (device, failure) = await AuthorizeAsync(installationId, presentedSecret, cancellationToken);
        return failure ?? new DeviceResult(DeviceOutcome.Found, device);
    }

    public async Task<DeviceResult> DeleteAsync(string installationId, string? presentedSecret, CancellationToken cancellationToken)
    {
        var (device, failure) = await AuthorizeAsync(installationId, presentedSecret, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        try
        {
            await installations.DeleteAsync(installationId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Notification Hubs did not delete installation {InstallationId}", installationId);
            return new DeviceResult(DeviceOutcome.PushServiceUnavailable);
        }

        await store.DeleteAsync(installationId, cancellationToken);
        logger.LogInformation("Device {InstallationId} removed", installationId);
        return new DeviceResult(DeviceOutcome.Deleted, device);
    }

    /// <summary>Follows (or unfollows) one bill: the app's follow button, one small call.</summary>
    public async Task<DeviceResult> SetBillFollowAsync(string installationId, string billId, bool follow, string? presentedSecret, CancellationToken cancellationToken)
    {
        var (device, failure) = await AuthorizeAsync(installationId, presentedSecret, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        var bills = device!.Follows.Bills.ToList();
        if (follow == bills.Contains(billId, StringComparer.Ordinal))
        {
            return new DeviceResult(DeviceOutcome.Updated, device); // already so: nothing to change
        }

        if (follow)
        {
            var errors = new List<DeviceError>();
            CheckFollowIds("billId", [billId], errors);
            if (errors.Count == 0)
            {
                errors.AddRange(await UnknownBillsAsync([billId], cancellationToken));
            }

            if (errors.Count == 0 && device.Follows.Count + 1 > DeviceTemplates.MaxFollows)
            {
                errors.Add(TooMany());
            }

            if (errors.Count > 0)
            {
                return new DeviceResult(DeviceOutcome.Invalid, Errors: errors);
            }

            bills.Add(billId);
        }
        else
        {
            bills.Remove(billId);
        }

        var follows = device.Follows with { Bills = bills };
        var templates = DeviceTemplates.For(device.Platform, device.Language, follows, device.Complaints);
        try
        {
            // A patch of one template: the server never needs (or keeps) the device's push channel.
            await installations.SetTemplateAsync(installationId, DeviceTemplates.BillsTemplate, templates.GetValueOrDefault(DeviceTemplates.BillsTemplate), cancellationToken);

            // A new follow may leave less room for complaint tags under the hub's limit.
            if (DeviceTemplates.LinkedComplaints(follows, device.Complaints).Count != DeviceTemplates.LinkedComplaints(device.Follows, device.Complaints).Count)
            {
                await installations.SetTemplateAsync(installationId, DeviceTemplates.ComplaintsTemplate, templates.GetValueOrDefault(DeviceTemplates.ComplaintsTemplate), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Notification Hubs did not take the follow of {InstallationId}", installationId);
            return new DeviceResult(DeviceOutcome.PushServiceUnavailable);
        }

        var updated = device with { Follows = follows, UpdatedAt = time.GetUtcNow() };
        return await ReplaceOrReconcileAsync(updated, cancellationToken);
    }

    /// <summary>
    /// Stores what was just sent to the hub. If another request of the same device got there first,
    /// the hub may now hold this request's templates while the store holds the other's: put the
    /// stored (winning) templates back on the hub, then answer 409 so the app retries.
    /// </summary>
    private async Task<DeviceResult> ReplaceOrReconcileAsync(DeviceRecord updated, CancellationToken cancellationToken)
    {
        if (await store.ReplaceAsync(updated, cancellationToken) == DeviceWrite.Written)
        {
            return new DeviceResult(DeviceOutcome.Updated, updated);
        }

        if (await store.GetAsync(updated.InstallationId, cancellationToken) is { } latest)
        {
            var templates = DeviceTemplates.For(latest.Platform, latest.Language, latest.Follows, latest.Complaints);
            foreach (var name in DeviceTemplates.TemplateNames)
            {
                try
                {
                    await installations.SetTemplateAsync(updated.InstallationId, name, templates.GetValueOrDefault(name), cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Removing a template the hub does not have fails harmlessly; anything else heals on the app's retry.
                    logger.LogWarning(ex, "Reconciling template {Template} of {InstallationId} failed", name, updated.InstallationId);
                }
            }
        }

        return new DeviceResult(DeviceOutcome.Conflict);
    }

    /// <summary>Whether the installation exists and the secret is its own (a complaint filed "from" a device must prove it).</summary>
    public async Task<bool> VerifySecretAsync(string installationId, string? presentedSecret, CancellationToken cancellationToken) =>
        (await AuthorizeAsync(installationId, presentedSecret, cancellationToken)).Failure is null;

    /// <summary>
    /// Puts a complaint's tag on the device that filed it (its <c>complaints</c> template), so the
    /// complaint's status pushes reach it. The device proves itself with its secret; the server alone
    /// decides the tag.
    /// </summary>
    public async Task<DeviceResult> LinkComplaintAsync(string installationId, string? presentedSecret, string trackingId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (device, failure) = await AuthorizeAsync(installationId, presentedSecret, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            if (device!.Complaints.Contains(trackingId, StringComparer.Ordinal))
            {
                return new DeviceResult(DeviceOutcome.Updated, device);
            }

            var complaints = device.Complaints.Append(trackingId).TakeLast(DeviceTemplates.MaxComplaintLinks).ToList();
            var result = await SetComplaintsAsync(device, complaints, cancellationToken);
            if (result.Outcome != DeviceOutcome.Conflict)
            {
                return result;
            }
        }

        return new DeviceResult(DeviceOutcome.Conflict);
    }

    /// <summary>Takes a complaint's tag off a device (the retention timer, when the complaint's personal data goes); no secret: the server's own cleanup.</summary>
    public async Task<DeviceResult> UnlinkComplaintAsync(string installationId, string trackingId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var device = IsValidInstallationId(installationId) ? await store.GetAsync(installationId, cancellationToken) : null;
            if (device is null)
            {
                return new DeviceResult(DeviceOutcome.NotFound);
            }

            if (!device.Complaints.Contains(trackingId, StringComparer.Ordinal))
            {
                return new DeviceResult(DeviceOutcome.Updated, device);
            }

            var result = await SetComplaintsAsync(device, device.Complaints.Where(c => c != trackingId).ToList(), cancellationToken);
            if (result.Outcome != DeviceOutcome.Conflict)
            {
                return result;
            }
        }

        return new DeviceResult(DeviceOutcome.Conflict);
    }

    private async Task<DeviceResult> SetComplaintsAsync(DeviceRecord device, IReadOnlyList<string> complaints, CancellationToken cancellationToken)
    {
        var template = DeviceTemplates.For(device.Platform, device.Language, device.Follows, complaints).GetValueOrDefault(DeviceTemplates.ComplaintsTemplate);
        try
        {
            await installations.SetTemplateAsync(device.InstallationId, DeviceTemplates.ComplaintsTemplate, template, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Notification Hubs did not take the complaints template of {InstallationId}", device.InstallationId);
            return new DeviceResult(DeviceOutcome.PushServiceUnavailable);
        }

        return await ReplaceOrReconcileAsync(device with { Complaints = complaints, UpdatedAt = time.GetUtcNow() }, cancellationToken);
    }

    private async Task<(DeviceRecord? Device, DeviceResult? Failure)> AuthorizeAsync(string installationId, string? presentedSecret, CancellationToken cancellationToken)
    {
        if (!IsValidInstallationId(installationId))
        {
            return (null, new DeviceResult(DeviceOutcome.NotFound));
        }

        var device = await store.GetAsync(installationId, cancellationToken);
        if (device is null)
        {
            return (null, new DeviceResult(DeviceOutcome.NotFound));
        }

        return DeviceSecrets.Matches(presentedSecret, device.SecretHash)
            ? (device, null)
            : (null, new DeviceResult(DeviceOutcome.Unauthorized));
    }

    private async Task<bool> TryUpsertAsync(DeviceRegistration registration, CancellationToken cancellationToken, IReadOnlyList<string>? complaints = null)
    {
        try
        {
            await installations.UpsertAsync(DeviceTemplates.Installation(registration, complaints), cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Notification Hubs did not take installation {InstallationId}", registration.InstallationId);
            return false;
        }
    }

    private static List<DeviceError> Validate(DeviceRegistration r)
    {
        var errors = new List<DeviceError>();
        if (!IsValidInstallationId(r.InstallationId))
        {
            errors.Add(new("installationId", "An installation id is 8–64 letters, digits, '_' or '-' (a GUID is fine).",
                "รหัสการติดตั้งต้องเป็นตัวอักษรอังกฤษ ตัวเลข _ หรือ - ยาว 8–64 ตัว"));
        }

        var channelOk = r.Platform switch
        {
            DevicePlatform.Apns => ApnsTokenForm().IsMatch(r.PushChannel),
            DevicePlatform.FcmV1 => FcmTokenForm().IsMatch(r.PushChannel),
            _ => false,
        };
        if (!channelOk)
        {
            errors.Add(new("pushChannel", r.Platform == DevicePlatform.Apns
                    ? "An APNs device token is 64–200 hexadecimal characters."
                    : "An FCM registration token is 32–4096 letters, digits, '_', '-', '.' or ':'.",
                "โทเคนสำหรับการแจ้งเตือนไม่ถูกต้องตามรูปแบบของแพลตฟอร์ม"));
        }

        if (r.Language is not ("th" or "en"))
        {
            errors.Add(new("language", "Language is 'th' or 'en'.", "ภาษาต้องเป็น 'th' หรือ 'en'"));
        }

        var f = r.Follows;
        CheckFollowIds("follows.bills", f.Bills, errors);
        CheckFollowIds("follows.committees", f.Committees, errors);
        CheckFollowIds("follows.meetings", f.Meetings, errors);
        CheckFollowIds("follows.ministries", f.Ministries, errors);
        foreach (var code in f.Ministries.Where(m => m is not null && FollowIdForm().IsMatch(m) && !Ministries.All.ContainsKey(m)))
        {
            errors.Add(new("follows.ministries", $"Unknown ministry code '{code}'; use one of {string.Join(", ", Ministries.All.Keys)}.",
                $"ไม่รู้จักรหัสกระทรวง '{code}'"));
        }

        if (f.Count > DeviceTemplates.MaxFollows)
        {
            errors.Add(TooMany());
        }

        return errors;
    }

    private static void CheckFollowIds(string field, IReadOnlyList<string> ids, List<DeviceError> errors)
    {
        foreach (var id in ids.Where(id => id is null || !FollowIdForm().IsMatch(id)))
        {
            var shown = id is null ? "null" : id.Length > 40 ? id[..40] + "…" : id;
            errors.Add(new(field, $"'{shown}' is not an id we issue: ids are letters, digits, '.', '_' or '-'; tags are decided by the server.",
                $"'{shown}' ไม่ใช่รหัสที่ระบบออกให้ (ใช้ได้เฉพาะตัวอักษรอังกฤษ ตัวเลข . _ -) แท็กกำหนดโดยเซิร์ฟเวอร์เท่านั้น"));
        }

        foreach (var dup in ids.Where(id => id is not null).GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new(field, $"'{dup.Key}' is listed twice.", $"'{dup.Key}' ซ้ำกัน"));
        }
    }

    private static DeviceError TooMany() => new("follows",
        $"At most {DeviceTemplates.MaxFollows} follows in all (Notification Hubs allows {DeviceTemplates.MaxTags} tags, one of them the language).",
        $"ติดตามได้รวมไม่เกิน {DeviceTemplates.MaxFollows} รายการ");

    private async Task<IEnumerable<DeviceError>> UnknownBillsAsync(IReadOnlyList<string> billIds, CancellationToken cancellationToken)
    {
        var wellFormed = billIds.Where(id => id is not null && FollowIdForm().IsMatch(id)).Distinct(StringComparer.Ordinal).ToArray();
        if (wellFormed.Length == 0)
        {
            return [];
        }

        var existing = await bills.FindExistingAsync(wellFormed, cancellationToken);
        return wellFormed.Where(id => !existing.Contains(id)).Select(id =>
            new DeviceError("follows.bills", $"There is no bill '{id}'.", $"ไม่พบร่างกฎหมาย '{id}'"));
    }
}
