using System.Text.Json.Nodes;
using Chantra.Domain.Events;
using Chantra.Domain.Push;

namespace Chantra.Tests.News;

/// <summary>What the news composer pushes: new headline items to <c>news</c>, in Thai and English; nothing else.</summary>
public sealed class NewsPushComposerTests
{
    private const string Title = "วุฒิสภาเปิดรับฟังความคิดเห็นร่างกฎหมายใหม่";

    private static CloudEvent Event(string type = EventTypes.NewsPublished, bool headline = true, bool backfill = false, string newsId = "0123456789abcdef", string? title = Title) =>
        new("e-" + type.Length, EventTypes.Source, type, "news/" + newsId, DateTimeOffset.UnixEpoch, new JsonObject
        {
            ["newsId"] = newsId,
            ["category"] = "ข่าวประชาสัมพันธ์",
            ["title"] = title,
            ["headline"] = headline,
            ["backfill"] = backfill,
        });

    [Fact]
    public void A_new_headline_item_is_one_send_to_the_news_tag_in_Thai_and_English()
    {
        var push = new NewsPushComposer().Compose(Event());

        Assert.NotNull(push);
        Assert.Equal(PushTags.News, push.TagExpression);
        Assert.Equal("ข่าววุฒิสภา", push.Properties["titleTh"]);
        Assert.Equal(Title, push.Properties["bodyTh"]);
        Assert.Equal("Senate news", push.Properties["titleEn"]);
        Assert.Equal(Title, push.Properties["bodyEn"]); // the items are Thai only: the English push shows the Thai title
        Assert.Equal("0123456789abcdef", push.Properties["newsId"]);
        Assert.Equal("chantra://news/0123456789abcdef", push.Properties["deepLink"]);
        Assert.Equal(push.EventId, push.Properties["eventId"]);
    }

    [Fact]
    public void Other_categories_the_back_catalogue_updates_and_other_events_are_not_pushed()
    {
        var composer = new NewsPushComposer();

        Assert.Null(composer.Compose(Event(headline: false)));
        Assert.Null(composer.Compose(Event(backfill: true)));
        Assert.Null(composer.Compose(Event(EventTypes.NewsUpdated)));
        Assert.Null(composer.Compose(Event(EventTypes.BillCreated)));
    }

    [Fact]
    public void A_long_title_is_cut_and_an_unusable_id_is_refused()
    {
        var composer = new NewsPushComposer();

        var push = composer.Compose(Event(title: new string('ก', 300)));

        Assert.Equal(140, push!.Properties["bodyTh"].Length);
        Assert.EndsWith("…", push.Properties["bodyTh"], StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => composer.Compose(Event(newsId: "a b")));
    }
}
