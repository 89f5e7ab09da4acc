using System.Text.Json.Nodes;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Chantra.Functions.OpenApi;

/// <summary>Serves the OpenAPI 3 document of every route (kept in step with the functions by a test).</summary>
public sealed class OpenApiApi
{
    private static readonly Lazy<JsonNode> Document = new(Load);

    [Function(nameof(GetOpenApi))]
    public IActionResult GetOpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/openapi.json")] HttpRequest req) =>
        new JsonApiResult(Document.Value, cacheControl: "public, max-age=3600");

    /// <summary>The embedded document.</summary>
    public static JsonNode Load()
    {
        using var stream = typeof(OpenApiApi).Assembly.GetManifestResourceStream("Chantra.Functions.openapi.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded.");
        return JsonNode.Parse(stream) ?? throw new InvalidOperationException("The OpenAPI document is empty.");
    }
}
