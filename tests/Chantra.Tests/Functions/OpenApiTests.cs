using System.Text.Json.Nodes;
using Chantra.DevHost;
using Chantra.Domain.Bills;
using Chantra.Functions.OpenApi;
using Microsoft.AspNetCore.Http;

namespace Chantra.Tests.Functions;

/// <summary>The embedded OpenAPI document is kept in step with the HTTP functions.</summary>
public sealed class OpenApiTests
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private static readonly FunctionCatalog Catalog = new(typeof(Chantra.Functions.ChantraServices).Assembly);

    private static IEnumerable<(string Path, string Method, string? OperationId)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path =>
            path.Value!.AsObject()
                .Where(op => HttpMethods.Contains(op.Key, StringComparer.OrdinalIgnoreCase))
                .Select(op => (path.Key, op.Key.ToUpperInvariant(), op.Value?["operationId"]?.GetValue<string>())));

    [Fact]
    public void Document_has_exactly_the_paths_and_methods_of_the_http_functions()
    {
        var document = OpenApiApi.Load();
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(Catalog.Http);

        var documented = Operations(document).Select(o => $"{o.Method} {o.Path}").Order(StringComparer.Ordinal).ToList();
        var functions = Catalog.Http
            .SelectMany(f => f.Methods.Select(m => $"{m.ToUpperInvariant()} /{f.Route}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(functions, documented);
        Assert.Contains("GET /v1/bills/{id}", documented);
    }

    [Fact]
    public void Operation_ids_are_the_function_names()
    {
        var document = OpenApiApi.Load();
        var byRoute = Catalog.Http.SelectMany(f => f.Methods.Select(m => (Key: $"{m.ToUpperInvariant()} /{f.Route}", f.Name))).ToDictionary(x => x.Key, x => x.Name);

        var operations = Operations(document).ToList();
        Assert.Equal(byRoute.Count, operations.Count);
        foreach (var (path, method, operationId) in operations)
        {
            Assert.Equal(byRoute[$"{method} {path}"], operationId);
        }

        Assert.Equal(operations.Count, operations.Select(o => o.OperationId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Stage_and_status_enums_are_the_wire_names_the_api_accepts()
    {
        var schemas = OpenApiApi.Load()["components"]!["schemas"]!;

        Assert.Equal(BillStageNames.StageWireNames, schemas["Stage"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(BillStageNames.StatusWireNames, schemas["Status"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task GetOpenApi_answers_200_json_with_an_etag_and_honours_if_none_match()
    {
        var ctx = HttpCall.Request("/api/v1/openapi.json");
        var answer = await HttpCall.ExecuteAsync(new OpenApiApi().GetOpenApi(ctx.Request), ctx);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
        Assert.NotNull(answer.ETag);
        Assert.Equal("public, max-age=3600", answer.Headers.CacheControl.ToString());
        var served = JsonNode.Parse(answer.Text)!;
        Assert.True(JsonNode.DeepEquals(OpenApiApi.Load(), served), "the served document differs from the embedded one");
        Assert.Contains("จันทรา", answer.Text, StringComparison.Ordinal);

        var again = HttpCall.Request("/api/v1/openapi.json", ifNoneMatch: answer.ETag);
        var notModified = await HttpCall.ExecuteAsync(new OpenApiApi().GetOpenApi(again.Request), again);
        Assert.Equal(StatusCodes.Status304NotModified, notModified.Status);
        Assert.Empty(notModified.Body);
    }
}
