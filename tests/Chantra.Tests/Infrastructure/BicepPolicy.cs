using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Chantra.Azure.Azurite;

namespace Chantra.Tests.Infrastructure;

// The deployment policy of bicep/ (bicep/README.md, "Policy"), checked on the ARM JSON the
// pinned Bicep CLI compiles. BicepPolicyTests runs it on the real templates and on broken
// copies; BicepPolicyAgreementTests compares the template with the code.

/// <summary>One broken rule: which rule, on which resource, and what is wrong.</summary>
internal sealed record PolicyViolation(string Rule, string Resource, string Message)
{
    public override string ToString() => $"[{Rule}] {Resource}: {Message}";
}

/// <summary>What the check found, so a test can tell "compliant" from "checked nothing".</summary>
internal sealed record PolicyReport(
    IReadOnlyList<PolicyViolation> Violations,
    IReadOnlyList<string> AppSettingNames,
    IReadOnlyList<string> RoleNames,
    int StorageAccounts,
    int ServiceBusNamespaces,
    int Sites);

/// <summary>
/// The policy. Rules (ids in brackets):
/// [no-key-in-app-setting] no app setting holds AccountKey= / SharedAccessKey= /
/// SharedAccessSignature=, calls a list*() function (listKeys…) or comes from a secure parameter;
/// [connection-string-setting-is-key-vault-reference] a *ConnectionString / AzureWebJobsStorage
/// setting is a Key Vault reference; [storage-shared-key-disabled] allowSharedKeyAccess false;
/// [storage-public-blob-off]; [storage-tls-1.2]; [storage-https-only];
/// [service-bus-local-auth-disabled] disableLocalAuth true; [service-bus-tls-1.2];
/// [site-https-only]; [site-tls-1.2] minTlsVersion 1.2 (or 1.3); [site-ftp-off];
/// [role-allowed] every role assignment's role id is in <see cref="AllowedRoles"/>;
/// [events-topic] the legislative-events topic exists with duplicate detection;
/// [subscription-present] push and webhooks exist on it; [subscription-dead-lettering] both
/// dead-letter expired messages and have a max delivery count; [key-vault-rbac-purge-protection];
/// [app-insights-local-auth-disabled]; [no-secret-in-output] no output calls list*() or
/// returns a secure parameter; [tagged] every resource with a location has the application
/// and environment tags.
/// </summary>
internal static class BicepPolicy
{
    public const string EventsTopic = "legislative-events";
    public static readonly string[] Subscriptions = ["push", "webhooks"];

    /// <summary>Built-in roles the app's identity may hold (modules/function-app-role-assignments.bicep says why each).</summary>
    public static readonly IReadOnlyDictionary<string, string> AllowedRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"] = "Azure Service Bus Data Sender",
        ["4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"] = "Azure Service Bus Data Receiver",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["12338af0-0e69-4776-bea7-57ae8d297424"] = "Key Vault Crypto User",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
    };

    private static readonly Regex KeyInValue = new("(AccountKey|SharedAccessKey|SharedAccessSignature)\\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex ListCall = new("\\blist[A-Za-z]*\\s*\\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex ConnectionStringSetting = new("^(AzureWebJobsStorage|.*ConnectionString)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static PolicyReport Check(JsonObject template)
    {
        var resources = ArmResource.Collect(template);
        var violations = new List<PolicyViolation>();
        void Fail(string rule, ArmResource r, string message) => violations.Add(new(rule, r.Describe(), message));

        var settings = new List<string>();
        var roles = new List<string>();
        foreach (var r in resources.Where(r => !r.Existing))
        {
            switch (r.Type.ToLowerInvariant())
            {
                case "microsoft.storage/storageaccounts":
                    Expect(r, "storage-shared-key-disabled", false, "properties", "allowSharedKeyAccess");
                    Expect(r, "storage-public-blob-off", false, "properties", "allowBlobPublicAccess");
                    Expect(r, "storage-tls-1.2", "TLS1_2", "properties", "minimumTlsVersion");
                    Expect(r, "storage-https-only", true, "properties", "supportsHttpsTrafficOnly");
                    break;
                case "microsoft.servicebus/namespaces":
                    Expect(r, "service-bus-local-auth-disabled", true, "properties", "disableLocalAuth");
                    Expect(r, "service-bus-tls-1.2", "1.2", "properties", "minimumTlsVersion");
                    break;
                case "microsoft.web/sites" or "microsoft.web/sites/slots":
                    Expect(r, "site-https-only", true, "properties", "httpsOnly");
                    if (r.Get("properties", "siteConfig", "minTlsVersion") is not ("1.2" or "1.3"))
                    {
                        Fail("site-tls-1.2", r, $"siteConfig.minTlsVersion is {Show(r.Get("properties", "siteConfig", "minTlsVersion"))}, expected 1.2");
                    }

                    Expect(r, "site-ftp-off", "Disabled", "properties", "siteConfig", "ftpsState");
                    foreach (var list in new[] { "appSettings", "connectionStrings" })
                    {
                        foreach (var item in ArmEvaluator.Items(r.Get("properties", "siteConfig", list)))
                        {
                            CheckSetting(r, new ArmEvaluator().Member(item, "name") as string ?? "?", ArmEvaluator.RawMember(item, list == "appSettings" ? "value" : "connectionString"));
                        }
                    }

                    break;
                case "microsoft.web/sites/config" or "microsoft.web/sites/slots/config":
                    var configName = r.Name.Split('/')[^1];
                    if (configName.Equals("appsettings", StringComparison.OrdinalIgnoreCase) || configName.Equals("connectionstrings", StringComparison.OrdinalIgnoreCase))
                    {
                        var properties = r.Get("properties");
                        if (!ArmEvaluator.IsObject(properties))
                        {
                            Fail("no-key-in-app-setting", r, "the settings are not a literal object, so they cannot be checked");
                            break;
                        }

                        foreach (var (name, value) in ArmEvaluator.Members(properties))
                        {
                            // connectionstrings: { name: { value, type } }
                            CheckSetting(r, name, ArmEvaluator.IsObject(value) ? ArmEvaluator.RawMember(value, "value") : ArmEvaluator.RawMember(properties, name));
                        }
                    }

                    break;
                case "microsoft.authorization/roleassignments":
                    var roleDefinitionId = r.Get("properties", "roleDefinitionId") as string ?? "";
                    var roleId = roleDefinitionId.Split('/')[^1];
                    if (AllowedRoles.TryGetValue(roleId, out var roleName))
                    {
                        roles.Add(roleName);
                    }
                    else
                    {
                        Fail("role-allowed", r, $"role {(roleId.Length > 0 ? roleId : "(unknown)")} (from {Show(r.Node["properties"]?["roleDefinitionId"])}) is not in the allowed list");
                    }

                    break;
                case "microsoft.keyvault/vaults":
                    Expect(r, "key-vault-rbac-purge-protection", true, "properties", "enableRbacAuthorization");
                    Expect(r, "key-vault-rbac-purge-protection", true, "properties", "enablePurgeProtection");
                    break;
                case "microsoft.insights/components":
                    Expect(r, "app-insights-local-auth-disabled", true, "properties", "DisableLocalAuth");
                    break;
            }

            if (r.Node.ContainsKey("location") && (!ArmEvaluator.IsObject(r.Get("tags"))
                || !ArmEvaluator.Members(r.Get("tags")).Select(m => m.Key).ToHashSet(StringComparer.OrdinalIgnoreCase).IsSupersetOf(["application", "environment"])))
            {
                Fail("tagged", r, $"tags {Show(r.Node["tags"])} lack application and environment");
            }
        }

        CheckEventsTopic();
        CheckOutputs(template, new ArmScope(template, null, null, "main"));

        return new PolicyReport(
            violations,
            settings,
            roles,
            resources.Count(r => !r.Existing && r.Is("Microsoft.Storage/storageAccounts")),
            resources.Count(r => !r.Existing && r.Is("Microsoft.ServiceBus/namespaces")),
            resources.Count(r => !r.Existing && r.Is("Microsoft.Web/sites")));

        void Expect(ArmResource r, string rule, object expected, params string[] path)
        {
            var actual = r.Get(path);
            if (!Equals(actual, expected))
            {
                Fail(rule, r, $"{string.Join('.', path.Skip(1))} is {Show(actual)}, expected {Show(expected)}");
            }
        }

        void CheckSetting(ArmResource r, string name, (JsonNode? Node, ArmScope Scope)? raw)
        {
            settings.Add(name);
            var evaluator = new ArmEvaluator();
            var value = raw is { } v ? evaluator.Eval(v.Node, v.Scope) : null;
            var text = (value as string ?? "") + " " + raw?.Node?.ToJsonString();
            if (KeyInValue.Match(text) is { Success: true } key)
            {
                Fail("no-key-in-app-setting", r, $"{name} contains {key.Value}");
            }

            if (evaluator.Calls.FirstOrDefault(c => ListCall.IsMatch(c + "(")) is { } call)
            {
                Fail("no-key-in-app-setting", r, $"{name} is computed with {call}()");
            }

            if (evaluator.SecureParameters.Count > 0)
            {
                Fail("no-key-in-app-setting", r, $"{name} comes from the secure parameter(s) {string.Join(", ", evaluator.SecureParameters)}");
            }

            // A development switch (the webhook sender's loopback allowance) must never reach Azure.
            if (name.Equals("Webhooks__AllowLoopbackForDevelopment", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(value as string ?? Show(raw?.Node), "false", StringComparison.OrdinalIgnoreCase))
            {
                Fail("no-dev-switch", r, $"{name} is {Show(raw?.Node)}; development switches stay off in Azure");
            }

            if (ConnectionStringSetting.IsMatch(name.Replace("__", "", StringComparison.Ordinal))
                && !(value is string s && s.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase)))
            {
                Fail("connection-string-setting-is-key-vault-reference", r, $"{name} is {Show(raw?.Node)}, not a @Microsoft.KeyVault(...) reference");
            }
        }

        void CheckEventsTopic()
        {
            var topics = resources.Where(r => !r.Existing && r.Is("Microsoft.ServiceBus/namespaces/topics") && r.Name.Split('/')[^1] == EventsTopic).ToList();
            if (topics.Count == 0)
            {
                violations.Add(new("events-topic", "Microsoft.ServiceBus/namespaces/topics", $"no topic named {EventsTopic}"));
            }

            foreach (var topic in topics)
            {
                Expect(topic, "events-topic", true, "properties", "requiresDuplicateDetection");
                if (topic.Get("properties", "duplicateDetectionHistoryTimeWindow") is null)
                {
                    Fail("events-topic", topic, "no duplicateDetectionHistoryTimeWindow");
                }
            }

            foreach (var name in Subscriptions)
            {
                var found = resources.Where(r => !r.Existing && r.Is("Microsoft.ServiceBus/namespaces/topics/subscriptions")
                    && r.Name.Split('/') is [.., var t, var s] && t == EventsTopic && s == name).ToList();
                if (found.Count == 0)
                {
                    violations.Add(new("subscription-present", "Microsoft.ServiceBus/namespaces/topics/subscriptions", $"no subscription {name} on {EventsTopic}"));
                }

                foreach (var subscription in found)
                {
                    Expect(subscription, "subscription-dead-lettering", true, "properties", "deadLetteringOnMessageExpiration");
                    if (subscription.Get("properties", "maxDeliveryCount") is not (long and > 0 or Unknown))
                    {
                        Fail("subscription-dead-lettering", subscription, $"maxDeliveryCount is {Show(subscription.Get("properties", "maxDeliveryCount"))}");
                    }
                }
            }
        }

        void CheckOutputs(JsonObject t, ArmScope scope)
        {
            foreach (var (name, output) in t["outputs"] as JsonObject ?? [])
            {
                var evaluator = new ArmEvaluator();
                evaluator.Eval(output?["value"], scope);
                if (ListCall.IsMatch(output?["value"]?.ToJsonString() ?? "") || evaluator.Calls.Any(c => ListCall.IsMatch(c + "(")) || evaluator.SecureParameters.Count > 0)
                {
                    violations.Add(new("no-secret-in-output", $"output {name} of {scope.Path}", $"returns {Show(output?["value"])}"));
                }
            }

            foreach (var r in ArmResource.Collect(t, scope, recurse: false).Where(r => r.Nested is not null))
            {
                CheckOutputs(r.Nested!.Template, r.Nested);
            }
        }
    }

    internal static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        JsonNode n => n.ToJsonString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };
}

/// <summary>A resource of the compiled template, in the (nested deployment) scope that declares it.</summary>
internal sealed record ArmResource(string Type, string Symbol, JsonObject Node, ArmScope Scope, ArmScope? Nested)
{
    public bool Existing => Node["existing"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>The name with what only the deployment knows (uniqueString, reference…) as ⁇.</summary>
    public string Name => ArmEvaluator.Text(new ArmEvaluator().Eval(Node["name"], Scope));

    public bool Is(string type) => Type.Equals(type, StringComparison.OrdinalIgnoreCase);

    public string Describe() => $"{Type} '{Name}' ({Scope.Path}/{Symbol})";

    /// <summary>The value at a property path, evaluated (parameters, variables, module outputs followed).</summary>
    public object? Get(params string[] path)
    {
        var evaluator = new ArmEvaluator();
        object? value = new ArmEvaluator.TemplateValue(Node, Scope);
        foreach (var segment in path)
        {
            value = evaluator.Member(value, segment);
        }

        return value;
    }

    public static List<ArmResource> Collect(JsonObject template) => Collect(template, new ArmScope(template, null, null, "main"), recurse: true);

    public static List<ArmResource> Collect(JsonObject template, ArmScope scope, bool recurse)
    {
        var found = new List<ArmResource>();
        IEnumerable<(string Symbol, JsonNode? Node)> entries = template["resources"] switch
        {
            JsonObject o => o.Select(p => (p.Key, p.Value)),
            JsonArray a => a.Select((n, i) => (i.ToString(CultureInfo.InvariantCulture), n)),
            _ => [],
        };
        foreach (var (symbol, node) in entries)
        {
            if (node is not JsonObject resource || resource["type"]?.GetValue<string>() is not { } type)
            {
                continue;
            }

            if (resource["condition"] is { } condition && new ArmEvaluator().Eval(condition, scope) is false)
            {
                continue; // deployed only when a condition holds that is false here
            }

            ArmScope? nested = null;
            if (type.Equals("Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase) && resource["properties"]?["template"] is JsonObject inner)
            {
                nested = new ArmScope(inner, resource, scope, $"{scope.Path}/{symbol}");
            }

            found.Add(new ArmResource(type, symbol, resource, scope, nested));
            if (recurse && nested is not null)
            {
                found.AddRange(Collect(nested.Template, nested, recurse: true));
            }
        }

        return found;
    }
}

/// <summary>A template (root or nested deployment) and where its parameter values come from.</summary>
internal sealed record ArmScope(JsonObject Template, JsonObject? Deployment, ArmScope? Parent, string Path);

/// <summary>What only the deployment knows: uniqueString(), reference() of a resource, copyIndex()…</summary>
internal sealed class Unknown
{
    public static readonly Unknown Value = new();

    public override string ToString() => "⁇";
}

/// <summary>
/// A static evaluator for the part of the ARM expression language Bicep emits for names,
/// settings and properties: literals, parameters() (through nested deployments' parameter
/// values), variables(), reference('module').outputs, format, concat, union, createObject,
/// subscriptionResourceId and a few string functions. Anything else is <see cref="Unknown"/>.
/// It records every function it calls and every secure parameter it reads.
/// </summary>
internal sealed class ArmEvaluator
{
    /// <summary>An object or array of the template, evaluated member by member in its own scope.</summary>
    internal sealed record TemplateValue(JsonNode Node, ArmScope Scope);

    private sealed record DeploymentOutputs(ArmScope Inner);

    public HashSet<string> Calls { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> SecureParameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    public object? Eval(JsonNode? node, ArmScope scope) => node switch
    {
        null => null,
        JsonObject or JsonArray => new TemplateValue(node, scope),
        JsonValue v when v.TryGetValue<string>(out var s) => s.StartsWith("[[", StringComparison.Ordinal) ? s[1..]
            : s.StartsWith('[') && s.EndsWith(']') ? Eval(ExpressionParser.Parse(s[1..^1]), scope) : s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => Unknown.Value,
    };

    public object? Member(object? target, string name) => target switch
    {
        TemplateValue { Node: JsonObject o } t => Find(o, name) is { } found ? Eval(found.Node, t.Scope) : null,
        Dictionary<string, object?> d => d.GetValueOrDefault(name),
        DeploymentOutputs outputs when name.Equals("outputs", StringComparison.OrdinalIgnoreCase) => outputs,
        DeploymentOutputs outputs => Find(outputs.Inner.Template["outputs"] as JsonObject ?? [], name) is { } output
            ? new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["value"] = Eval(output.Node?["value"], outputs.Inner) }
            : Unknown.Value,
        _ => Unknown.Value,
    };

    /// <summary>A member as written in the template, with the scope to evaluate it in.</summary>
    public static (JsonNode? Node, ArmScope Scope)? RawMember(object? target, string name) =>
        target is TemplateValue { Node: JsonObject o } t && Find(o, name) is { } found ? (found.Node, t.Scope) : null;

    public static bool IsObject(object? value) => value is TemplateValue { Node: JsonObject } or Dictionary<string, object?>;

    public static IEnumerable<(string Key, object? Value)> Members(object? value) => value switch
    {
        TemplateValue { Node: JsonObject o } t => o.Select(p => (p.Key, new ArmEvaluator().Eval(p.Value, t.Scope))),
        Dictionary<string, object?> d => d.Select(p => (p.Key, p.Value)),
        _ => [],
    };

    public static IEnumerable<object?> Items(object? value) => value switch
    {
        TemplateValue { Node: JsonArray a } t => a.Select(n => new ArmEvaluator().Eval(n, t.Scope)),
        List<object?> l => l,
        _ => [],
    };

    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "True" : "False",
        long or double => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => "⁇",
    };

    private static (string Key, JsonNode? Node)? Find(JsonObject o, string name)
    {
        foreach (var p in o)
        {
            if (p.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return (p.Key, p.Value);
            }
        }

        return null;
    }

    private object? Eval(Expr expr, ArmScope scope) => expr switch
    {
        Literal l => l.Value,
        MemberAccess m => Member(Eval(m.Target, scope), m.Name),
        IndexAccess i => Index(Eval(i.Target, scope), Eval(i.Index, scope)),
        Call c => Invoke(c, scope),
        _ => Unknown.Value,
    };

    private object? Index(object? target, object? index) => (target, index) switch
    {
        (TemplateValue { Node: JsonArray a } t, long i) => i >= 0 && i < a.Count ? Eval(a[(int)i], t.Scope) : null,
        (List<object?> l, long i) => i >= 0 && i < l.Count ? l[(int)i] : null,
        (_, string s) => Member(target, s),
        _ => Unknown.Value,
    };

    private object? Invoke(Call c, ArmScope scope)
    {
        Calls.Add(c.Name);
        object? Arg(int i) => i < c.Args.Count ? Eval(c.Args[i], scope) : null;
        List<object?> Args() => c.Args.Select(a => Eval(a, scope)).ToList();
        switch (c.Name.ToLowerInvariant())
        {
            case "parameters":
                return Arg(0) is string p ? Parameter(scope, p) : Unknown.Value;
            case "variables":
                return Arg(0) is string v && Find(scope.Template["variables"] as JsonObject ?? [], v) is { } variable ? Eval(variable.Node, scope) : Unknown.Value;
            case "reference" when c.Args.Count == 1 && Arg(0) is string symbol && Module(scope, symbol) is { } module:
                // languageVersion 2.0: reference('<module symbol>') is the module deployment; follow its outputs.
                return new DeploymentOutputs(module);
            case "format":
                var args = Args();
                return args.Count > 0 && args[0] is string format
                    ? Regex.Replace(format, "\\{(\\d+)(:[^}]*)?\\}", m => Text(args.ElementAtOrDefault(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1)))
                    : Unknown.Value;
            case "concat":
                var parts = Args();
                return parts.All(p => p is List<object?> or TemplateValue { Node: JsonArray })
                    ? parts.SelectMany(Items).ToList()
                    : string.Concat(parts.Select(Text));
            case "subscriptionresourceid" when c.Args.Count >= 2:
                var ids = Args();
                return $"/subscriptions/⁇/providers/{Text(ids[^2])}/{Text(ids[^1])}";
            case "tolower":
                return Arg(0) is string lower ? lower.ToLowerInvariant() : Unknown.Value;
            case "toupper":
                return Arg(0) is string upper ? upper.ToUpperInvariant() : Unknown.Value;
            case "take":
                return (Arg(0), Arg(1)) is (string t, long n) ? t[..(int)Math.Min(n, t.Length)] : Unknown.Value;
            case "replace":
                return (Arg(0), Arg(1), Arg(2)) is (string r, string a, string b) && a.Length > 0 ? r.Replace(a, b, StringComparison.Ordinal) : Unknown.Value;
            case "if":
                return Arg(0) switch { true => Arg(1), false => Arg(2), _ => Unknown.Value };
            case "equals":
                return (Arg(0), Arg(1)) is var (x, y) && x is not Unknown && y is not Unknown ? Equals(x, y) : Unknown.Value;
            case "not":
                return Arg(0) is bool nb ? !nb : Unknown.Value;
            case "true":
                return true;
            case "false":
                return false;
            case "null":
                return null;
            case "createobject":
                var pairs = Args();
                var created = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i + 1 < pairs.Count; i += 2)
                {
                    created[Text(pairs[i])] = pairs[i + 1];
                }

                return created;
            case "createarray":
                return Args();
            case "union":
                var objects = Args();
                if (!objects.All(IsObject))
                {
                    return Unknown.Value;
                }

                var merged = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var (key, value) in objects.SelectMany(Members))
                {
                    merged[key] = value;
                }

                return merged;
            default:
                foreach (var arg in c.Args)
                {
                    Eval(arg, scope); // for the record of calls and secure parameters
                }

                return Unknown.Value;
        }
    }

    private static ArmScope? Module(ArmScope scope, string symbol) =>
        scope.Template["resources"] is JsonObject resources && Find(resources, symbol)?.Node is JsonObject resource && resource["properties"]?["template"] is JsonObject inner
            ? new ArmScope(inner, resource, scope, $"{scope.Path}/{symbol}")
            : null;

    private object? Parameter(ArmScope scope, string name)
    {
        var declaration = Find(scope.Template["parameters"] as JsonObject ?? [], name)?.Node;
        var type = declaration?["type"]?.GetValue<string>()
            ?? (declaration?["$ref"]?.GetValue<string>() is { } typeRef
                ? scope.Template["definitions"]?[typeRef.Split('/')[^1]]?["type"]?.GetValue<string>()
                : null);
        if (type is not null && type.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
        {
            SecureParameters.Add($"{scope.Path}:{name}");
        }

        if (scope.Deployment?["properties"]?["parameters"] is JsonObject given && Find(given, name) is { } passed)
        {
            // A module parameter: the value the parent passed, evaluated in the parent (a Key Vault reference is Unknown).
            return passed.Node is JsonObject p && p.ContainsKey("value") ? Eval(p["value"], scope.Parent!) : Unknown.Value;
        }

        return declaration is JsonObject d && d.ContainsKey("defaultValue") ? Eval(d["defaultValue"], scope) : Unknown.Value;
    }

    private abstract record Expr;

    private sealed record Literal(object? Value) : Expr;

    private sealed record MemberAccess(Expr Target, string Name) : Expr;

    private sealed record IndexAccess(Expr Target, Expr Index) : Expr;

    private sealed record Call(string Name, IReadOnlyList<Expr> Args) : Expr;

    /// <summary>Parses one ARM expression (the text between the outer brackets).</summary>
    private sealed class ExpressionParser(string text)
    {
        private int _at;

        public static Expr Parse(string text)
        {
            var parser = new ExpressionParser(text);
            var expr = parser.ParseExpression();
            parser.SkipSpace();
            return parser._at == text.Length ? expr : throw new FormatException($"Unexpected '{text[parser._at..]}' in ARM expression [{text}]");
        }

        private Expr ParseExpression()
        {
            var expr = ParsePrimary();
            while (true)
            {
                SkipSpace();
                if (Peek('.'))
                {
                    _at++;
                    expr = new MemberAccess(expr, Identifier());
                }
                else if (Peek('['))
                {
                    _at++;
                    var index = ParseExpression();
                    Expect(']');
                    expr = new IndexAccess(expr, index);
                }
                else
                {
                    return expr;
                }
            }
        }

        private Expr ParsePrimary()
        {
            SkipSpace();
            if (Peek('\''))
            {
                var value = new StringBuilder();
                for (_at++; ; _at++)
                {
                    if (_at >= text.Length)
                    {
                        throw new FormatException($"Unterminated string in ARM expression [{text}]");
                    }

                    if (text[_at] == '\'')
                    {
                        if (_at + 1 < text.Length && text[_at + 1] == '\'')
                        {
                            value.Append('\'');
                            _at++;
                            continue;
                        }

                        _at++;
                        return new Literal(value.ToString());
                    }

                    value.Append(text[_at]);
                }
            }

            if (_at < text.Length && (char.IsDigit(text[_at]) || text[_at] == '-'))
            {
                var start = _at++;
                while (_at < text.Length && (char.IsDigit(text[_at]) || text[_at] == '.'))
                {
                    _at++;
                }

                var number = text[start.._at];
                return new Literal(long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : double.Parse(number, CultureInfo.InvariantCulture));
            }

            // A function name, possibly namespaced (__bicep.f): ARM has no bare identifiers.
            var name = Identifier();
            while (Peek('.'))
            {
                _at++;
                name += "." + Identifier();
            }

            Expect('(');
            var args = new List<Expr>();
            SkipSpace();
            while (!Peek(')'))
            {
                if (args.Count > 0)
                {
                    Expect(',');
                }

                args.Add(ParseExpression());
                SkipSpace();
            }

            Expect(')');
            return new Call(name, args);
        }

        private string Identifier()
        {
            SkipSpace();
            var start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '_' or '$'))
            {
                _at++;
            }

            return _at > start ? text[start.._at] : throw new FormatException($"Expected a name at {_at} in ARM expression [{text}]");
        }

        private bool Peek(char c) => _at < text.Length && text[_at] == c;

        private void Expect(char c)
        {
            SkipSpace();
            if (!Peek(c))
            {
                throw new FormatException($"Expected '{c}' at {_at} in ARM expression [{text}]");
            }

            _at++;
        }

        private void SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }
    }
}

/// <summary>The pinned Bicep CLI (located and restored by bicep/bicep-cli.sh, as build.sh does) and the compiled templates, each built once per test run.</summary>
internal static class BicepPolicyBuild
{
    public static string RepositoryRoot { get; } = AzuriteProcess.FindRepositoryRoot() ?? throw new InvalidOperationException("Repository root not found.");

    private static readonly Lazy<Task<string>> Cli = new(async () => (await RunAsync(RepositoryRoot, "bash", Path.Combine(RepositoryRoot, "bicep", "bicep-cli.sh"))).Trim());
    private static readonly Lazy<Task<JsonObject>> Main = new(() => BuildAsync(Path.Combine(RepositoryRoot, "bicep", "main.bicep")));

    public static string BicepDirectory => Path.Combine(RepositoryRoot, "bicep");

    /// <summary>bicep/main.bicep compiled to ARM JSON.</summary>
    public static Task<JsonObject> MainAsync() => Main.Value;

    public static async Task<JsonObject> BuildAsync(string bicepFile)
    {
        var json = await RunAsync(Path.GetDirectoryName(bicepFile)!, await Cli.Value, "build", bicepFile, "--stdout");
        return JsonNode.Parse(json)!.AsObject();
    }

    /// <summary>Compiles every &lt;dir&gt;/main.bicep under <paramref name="root"/> in one CLI process (main.json next to each).</summary>
    public static async Task BuildAllAsync(string root) => await RunAsync(root, await Cli.Value, "build", "--pattern", "*/main.bicep");

    private static async Task<string> RunAsync(string workingDirectory, string fileName, params string[] args)
    {
        var psi = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
