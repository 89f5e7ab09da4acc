using System.Text.Json;
using Chantra.Domain.Library;

namespace Chantra.Sources.Library;

/// <summary>The sample library entries for the dev host (Data/sample-library.json; see Data/README.md: written for the dev host, not a catalogue export).</summary>
public static class LibrarySampleData
{
    public static string DefaultPath { get; } = Path.Combine(AppContext.BaseDirectory, "Library", "Data", "sample-library.json");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<LibraryDocument> Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<LibraryDocument>>(stream, Json) ?? [];
    }
}
