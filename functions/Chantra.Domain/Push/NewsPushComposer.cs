using System.Text.Json.Nodes;
using Chantra.Domain.Events;

namespace Chantra.Domain.Push;

/// <summary>
/// Turns a new headline news item into its one template notification to everyone following the
/// news (<c>news</c>). Other categories, updates and the first load of the back catalogue are not pushed.
/// The Senate's news is in Thai only, so the English text says what it is and shows the Thai title.
/// </summary>
public sealed class NewsPushComposer : IPushComposer
{
    private const int MaxTextLength = 140;

    public PushNotification? Compose(CloudEvent e)
    {
        if (e.Type != EventTypes.NewsPublished || !Flag(e.Data, "headline") || Flag(e.Data, "backfill"))
        {
            return null;
        }

        var newsId = Text(e.Data, "newsId") ?? throw new FormatException($"Event {e.Id} has no newsId.");
        if (!PushTags.IsValidId(newsId))
        {
            throw new FormatException($"Event {e.Id} names a news id that cannot be a link.");
        }

        var title = Shorten(Text(e.Data, "title") ?? string.Empty);
        var properties = new Dictionary<string, string>
        {
            ["titleTh"] = "ข่าววุฒิสภา",
            ["bodyTh"] = title,
            ["titleEn"] = "Senate news",
            ["bodyEn"] = title,
            ["newsId"] = newsId,
            ["eventId"] = e.Id,
            ["deepLink"] = $"chantra://news/{Uri.EscapeDataString(newsId)}",
        };
        return new PushNotification(PushTags.News, properties, e.Id);
    }

    private static bool Flag(JsonObject data, string name) =>
        data[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static string? Text(JsonObject data, string name) =>
        data[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    private static string Shorten(string s) => s.Length <= MaxTextLength ? s : string.Concat(s.AsSpan(0, MaxTextLength - 1), "…");
}
