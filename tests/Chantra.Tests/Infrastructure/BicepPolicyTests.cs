using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Chantra.Tests.Infrastructure;

/// <summary>
/// The deployment policy (<see cref="BicepPolicy"/>) on the ARM JSON that the pinned Bicep CLI
/// compiles from bicep/: the real templates pass it, and copies of bicep/ that each break one
/// rule, compiled the same way, fail it with that rule.
/// </summary>
public sealed class BicepPolicyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_templates_comply_with_the_policy()
    {
        var report = BicepPolicy.Check(await BicepPolicyBuild.MainAsync());

        Assert.True(report.Violations.Count == 0, "Policy violations:\n" + string.Join('\n', report.Violations));
    }

    [Fact]
    public async Task The_policy_sees_every_resource_it_judges()
    {
        // A check that finds nothing to check passes vacuously; this pins what it must see.
        var report = BicepPolicy.Check(await BicepPolicyBuild.MainAsync());

        Assert.Equal(1, report.StorageAccounts);
        Assert.Equal(1, report.ServiceBusNamespaces);
        Assert.Equal(1, report.Sites);
        Assert.Contains("NotificationHubs__ConnectionString", report.AppSettingNames);
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", report.AppSettingNames);
        // Exactly the roles the app needs, each once (function-app-role-assignments.bicep).
        Assert.Equal(BicepPolicy.AllowedRoles.Values.Order(), report.RoleNames.Order());
    }

    /// <summary>A copy of bicep/ with one edit that breaks one rule.</summary>
    public sealed record BrokenCopy(string Name, string File, string Find, string Replace, string Rule, string Mentions);

    public static readonly IReadOnlyList<BrokenCopy> BrokenCopies =
    [
        new("shared-key-access-on", "modules/storage.bicep",
            "allowSharedKeyAccess: false", "allowSharedKeyAccess: true",
            "storage-shared-key-disabled", "allowSharedKeyAccess"),
        new("account-key-in-app-setting", "modules/function-app-settings.bicep",
            "    Outbox__MinAge: outboxMinAge\n",
            "    Outbox__MinAge: outboxMinAge\n    LegacyStorage: 'DefaultEndpointsProtocol=https;AccountName=${functionAppName};AccountKey=${staffApiClientId}'\n",
            "no-key-in-app-setting", "LegacyStorage contains AccountKey="),
        new("shared-access-key-in-app-setting", "modules/function-app-settings.bicep",
            "    ServiceBus__credential: 'managedidentity'\n",
            "    ServiceBus__credential: 'managedidentity'\n    LegacyBus: 'Endpoint=sb://${serviceBusFullyQualifiedNamespace}/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${staffApiTenantId}'\n",
            "no-key-in-app-setting", "LegacyBus contains SharedAccessKey="),
        new("listkeys-in-app-setting", "modules/function-app-settings.bicep",
            "    Outbox__MinAge: outboxMinAge\n",
            "    Outbox__MinAge: outboxMinAge\n    LegacyKey: listKeys(resourceId('Microsoft.Storage/storageAccounts', 'stlegacy'), '2025-08-01').keys[0].value\n",
            "no-key-in-app-setting", "LegacyKey is computed with listKeys()"),
        new("webhook-loopback-switch-on", "modules/function-app-settings.bicep",
            "    Outbox__MinAge: outboxMinAge\n",
            "    Outbox__MinAge: outboxMinAge\n    Webhooks__AllowLoopbackForDevelopment: 'true'\n",
            "no-dev-switch", "Webhooks__AllowLoopbackForDevelopment"),
        new("plain-connection-string", "modules/function-app-settings.bicep",
            "'@Microsoft.KeyVault(SecretUri=${notificationHubsConnectionStringSecretUri})'",
            "notificationHubsConnectionStringSecretUri",
            "connection-string-setting-is-key-vault-reference", "NotificationHubs__ConnectionString"),
        new("service-bus-sas-on", "modules/service-bus.bicep",
            "disableLocalAuth: true", "disableLocalAuth: false",
            "service-bus-local-auth-disabled", "disableLocalAuth"),
        new("contributor-role", "modules/function-app-role-assignments.bicep",
            "storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'", "storageBlobDataOwner: 'b24988ac-6180-42a0-ab88-20f3128ee2ff'",
            "role-allowed", "b24988ac-6180-42a0-ab88-20f3128ee2ff"),
        new("no-dead-lettering-on-expiry", "modules/service-bus.bicep",
            "deadLetteringOnMessageExpiration: true", "deadLetteringOnMessageExpiration: false",
            "subscription-dead-lettering", "deadLetteringOnMessageExpiration"),
        new("webhooks-subscription-missing", "main.bicep",
            "var webhooksSubscriptionName = 'webhooks'", "var webhooksSubscriptionName = 'hooks'",
            "subscription-present", "no subscription webhooks"),
        new("http-allowed", "modules/function-app.bicep",
            "httpsOnly: true", "httpsOnly: false",
            "site-https-only", "httpsOnly"),
        new("tls-1.0", "modules/function-app.bicep",
            "      minTlsVersion: '1.2'", "      minTlsVersion: '1.0'",
            "site-tls-1.2", "minTlsVersion is '1.0'"),
        new("purge-protection-off", "modules/key-vault.bicep",
            "enablePurgeProtection: true", "enablePurgeProtection: false",
            "key-vault-rbac-purge-protection", "enablePurgeProtection"),
        new("untagged", "modules/identity.bicep",
            "  location: location\n  tags: tags\n", "  location: location\n",
            "tagged", "Microsoft.ManagedIdentity/userAssignedIdentities"),
        new("key-in-output", "modules/notification-hubs.bicep",
            "@description('Name of the namespace.')",
            "#disable-next-line outputs-should-not-contain-secrets\noutput leaked string = backendRule.listKeys().primaryConnectionString\n\n@description('Name of the namespace.')",
            "no-secret-in-output", "output leaked"),
    ];

    public static TheoryData<string> BrokenCopyNames => new(BrokenCopies.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(BrokenCopyNames))]
    public async Task The_policy_fails_a_copy_that_breaks_a_rule(string name)
    {
        var copy = BrokenCopies.Single(c => c.Name == name);

        var report = BicepPolicy.Check((await BrokenBuilds.Value)[name]);
        output.WriteLine(string.Join('\n', report.Violations));

        Assert.True(
            report.Violations.Any(v => v.Rule == copy.Rule && v.ToString().Contains(copy.Mentions, StringComparison.Ordinal)),
            $"Expected a [{copy.Rule}] violation mentioning \"{copy.Mentions}\"; got:\n" + string.Join('\n', report.Violations));
    }

    // Every broken copy in its own folder of one temp dir, compiled by one CLI process.
    private static readonly Lazy<Task<IReadOnlyDictionary<string, JsonObject>>> BrokenBuilds = new(async () =>
    {
        var root = Directory.CreateTempSubdirectory("chantra-bicep-broken-");
        try
        {
            foreach (var copy in BrokenCopies)
            {
                var dir = Path.Combine(root.FullName, copy.Name);
                CopyTemplates(BicepPolicyBuild.BicepDirectory, dir);
                var file = Path.Combine(dir, copy.File);
                var text = await File.ReadAllTextAsync(file);
                var at = text.IndexOf(copy.Find, StringComparison.Ordinal);
                if (at < 0 || text.IndexOf(copy.Find, at + 1, StringComparison.Ordinal) >= 0)
                {
                    throw new InvalidOperationException($"Broken copy {copy.Name}: \"{copy.Find}\" must occur exactly once in bicep/{copy.File}; update the case.");
                }

                await File.WriteAllTextAsync(file, string.Concat(text.AsSpan(0, at), copy.Replace, text.AsSpan(at + copy.Find.Length)));
            }

            await BicepPolicyBuild.BuildAllAsync(root.FullName);
            var built = new Dictionary<string, JsonObject>();
            foreach (var copy in BrokenCopies)
            {
                built[copy.Name] = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root.FullName, copy.Name, "main.json")))!.AsObject();
            }

            return built;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    });

    private static void CopyTemplates(string from, string to)
    {
        Directory.CreateDirectory(Path.Combine(to, "modules"));
        foreach (var file in Directory.GetFiles(from, "*.bicep").Append(Path.Combine(from, "bicepconfig.json")))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var file in Directory.GetFiles(Path.Combine(from, "modules"), "*.bicep"))
        {
            File.Copy(file, Path.Combine(to, "modules", Path.GetFileName(file)));
        }
    }
}
