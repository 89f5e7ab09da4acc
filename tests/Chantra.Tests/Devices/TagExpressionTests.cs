using Chantra.Domain.Push;

namespace Chantra.Tests.Devices;

/// <summary>The hub's tag expressions, as the dev host evaluates them to pick the devices a send reaches.</summary>
public sealed class TagExpressionTests
{
    private static IReadOnlySet<string> Tags(params string[] tags) => new HashSet<string>(tags, StringComparer.Ordinal);

    [Theory]
    [InlineData("a", new[] { "a" }, true)]
    [InlineData("a", new[] { "b" }, false)]
    [InlineData("a", new string[0], false)]
    [InlineData("a || b", new[] { "a" }, true)]
    [InlineData("a || b", new[] { "b" }, true)]
    [InlineData("a || b", new[] { "a", "b" }, true)]
    [InlineData("a || b", new[] { "c" }, false)]
    [InlineData("a||b", new[] { "b" }, true)]
    public void Or_matches_when_either_tag_is_present(string expression, string[] tags, bool expected) =>
        Assert.Equal(expected, TagExpression.Matches(expression, Tags(tags)));

    [Theory]
    [InlineData("a && !b", new[] { "a" }, true)]
    [InlineData("a && !b", new[] { "a", "b" }, false)]
    [InlineData("a && !b", new[] { "b" }, false)]
    [InlineData("a && !b", new string[0], false)]
    [InlineData("a && b", new[] { "a", "b" }, true)]
    [InlineData("a && b", new[] { "a" }, false)]
    [InlineData("!a", new string[0], true)]
    [InlineData("!!a", new[] { "a" }, true)]
    [InlineData("!a && b", new[] { "b" }, true)] // ! binds to the tag, not to the conjunction
    [InlineData("!a && b", new[] { "a", "b" }, false)]
    public void And_and_not_match_as_in_boolean_logic(string expression, string[] tags, bool expected) =>
        Assert.Equal(expected, TagExpression.Matches(expression, Tags(tags)));

    [Theory]
    [InlineData("a || b && c", new[] { "a" }, true)] // && binds tighter: a || (b && c)
    [InlineData("a || b && c", new[] { "b" }, false)]
    [InlineData("(a || b) && c", new[] { "a" }, false)]
    [InlineData("(a || b) && c", new[] { "b", "c" }, true)]
    [InlineData("!(a || b)", new[] { "c" }, true)]
    [InlineData("!(a || b)", new[] { "b" }, false)]
    [InlineData("((a))", new[] { "a" }, true)]
    [InlineData("(bill:1 || committee:c1 || ministry:moph) && lang:th", new[] { "committee:c1", "lang:th" }, true)]
    [InlineData("(bill:1 || committee:c1 || ministry:moph) && lang:th", new[] { "committee:c1", "lang:en" }, false)]
    [InlineData("(bill:1||committee:c1)&&!lang:en", new[] { "bill:1", "lang:th" }, true)]
    public void Parentheses_group_and_and_binds_tighter_than_or(string expression, string[] tags, bool expected) =>
        Assert.Equal(expected, TagExpression.Matches(expression, Tags(tags)));

    [Fact]
    public void Tags_are_compared_exactly()
    {
        Assert.False(TagExpression.Matches("bill:1", Tags("bill:10")));
        Assert.False(TagExpression.Matches("News", Tags("news")));
        Assert.True(TagExpression.Matches("$InstallationId:abc", Tags("$InstallationId:abc")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a ||")]
    [InlineData("|| a")]
    [InlineData("a && && b")]
    [InlineData("a | b")]
    [InlineData("a & b")]
    [InlineData("(a || b")]
    [InlineData("a || b)")]
    [InlineData("()")]
    [InlineData("a b")]
    [InlineData("!")]
    [InlineData("a !b")]
    public void A_malformed_expression_throws_a_format_exception(string expression) =>
        Assert.Throws<FormatException>(() => TagExpression.Matches(expression, Tags("a", "b")));
}
