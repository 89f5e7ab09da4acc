using System.Globalization;
using Chantra.Domain.Bills;
using Chantra.Domain.Push;
using Chantra.Domain.Sources;
using CsvHelper;
using CsvHelper.Configuration;
using YamlDotNet.RepresentationModel;

namespace Chantra.Sources.Replay;

/// <summary>A bill of the recorded data with every dated step it will ever reach.</summary>
internal sealed record ReplayBill(string Id, string Title, string? TitleEn, string? Proposer, string? Ministry, DateOnly AppearsOn, IReadOnlyList<SourceStep> Steps);

/// <summary>
/// Reads the WeVis Law Watch layouts (bills CSV, vote log YAML) into dated bill histories.
/// All assumptions about those layouts live here; a missing column is a layout change and stops
/// the source instead of guessing.
/// </summary>
internal static class LawWatchReader
{
    private static readonly string[] RequiredColumns =
        ["Law_ID", "Proposer_Name", "Law_Name", "Start_Date", "End_Date", "Status_Description", "VoteLog_ID", "VoteLog_Term", "Law_Link"];

    // Texts the replay writes for the dated votes in between. They follow the Parliament's own
    // phrasing (the failing ones are the very texts of the bills CSV), so the classifier reads
    // them like any source's text.
    /// <summary>What each replayed step names as its source: the Law Watch data it was recorded from.</summary>
    internal const string StepSource = "lawwatch";

    internal const string ProposedText = "เสนอร่างกฎหมาย";

    public static IReadOnlyList<ReplayBill> Read(string sourceName, TextReader csv, TextReader? votesYaml, Action<string> warn)
    {
        var votes = votesYaml is null ? new Dictionary<string, VoteRecord>() : ReadVotes(sourceName, votesYaml);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = false, BadDataFound = null };
        using var reader = new CsvReader(csv, config);
        if (!reader.Read() || !reader.ReadHeader() || reader.HeaderRecord is null)
        {
            throw new SourceLayoutException(sourceName, "the bills CSV has no header row");
        }

        var missing = RequiredColumns.Except(reader.HeaderRecord, StringComparer.Ordinal).ToArray();
        if (missing.Length > 0)
        {
            throw new SourceLayoutException(sourceName, $"the bills CSV lacks the column(s) {string.Join(", ", missing)}");
        }

        var hasMinistry = reader.HeaderRecord.Contains("Ministry_Code");
        var hasTitleEn = reader.HeaderRecord.Contains("Law_Name_En");
        var bills = new List<ReplayBill>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var row = reader.Parser.Row;
            var id = Field(reader, "Law_ID");
            var title = Field(reader, "Law_Name");
            if (id is null || title is null || !PushTags.IsValidId(id) || !seen.Add(id))
            {
                warn($"row {row}: no usable or unique Law_ID/Law_Name; row skipped");
                continue;
            }

            var start = Date(Field(reader, "Start_Date"));
            var end = Date(Field(reader, "End_Date"));
            var statusText = Field(reader, "Status_Description");
            if (start is null && end is null)
            {
                warn($"row {row} (bill {id}): neither Start_Date nor End_Date is a yyyy-MM-dd date; row skipped");
                continue;
            }

            var appears = start ?? end!.Value;
            var steps = new List<SourceStep> { new(ProposedText, appears, Source: StepSource) };
            if (Field(reader, "VoteLog_ID") is { } voteId && votes.TryGetValue(voteId, out var vote)
                && VoteStep(vote, Field(reader, "VoteLog_Term")) is { } voteStep && voteStep.OccurredOn >= appears)
            {
                steps.Add(voteStep);
            }

            if (statusText is not null && statusText != steps[^1].StatusText)
            {
                // A final date before the last step is a slip in the data: the status came no earlier than that step.
                var on = end is { } e && e >= steps[^1].OccurredOn!.Value ? e : steps[^1].OccurredOn!.Value;
                steps.Add(new SourceStep(statusText, on, Field(reader, "Law_Link"), Source: StepSource));
            }

            bills.Add(new ReplayBill(
                id, title,
                hasTitleEn ? Field(reader, "Law_Name_En") : null,
                Field(reader, "Proposer_Name"),
                hasMinistry && Field(reader, "Ministry_Code") is { } m && PushTags.IsValidId(m) ? m : null,
                appears, steps));
        }

        return bills;
    }

    private static string? Field(CsvReader reader, string name) =>
        reader.TryGetField<string>(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static DateOnly? Date(string? s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private sealed record VoteRecord(string Title, string Meeting, DateOnly Date, bool Passed, VoteTally Tally, string? Link);

    private static SourceStep? VoteStep(VoteRecord vote, string? readingColumn)
    {
        var reading = readingColumn switch
        {
            "1" => 1,
            "3" => 3,
            _ => vote.Title.Contains("วาระ 3", StringComparison.Ordinal) ? 3 : vote.Title.Contains("วาระ 1", StringComparison.Ordinal) ? 1 : 0,
        };
        var joint = vote.Meeting.Contains("รัฐสภา", StringComparison.Ordinal) && !vote.Meeting.Contains("สภาผู้แทนราษฎร", StringComparison.Ordinal);
        var text = (reading, joint, vote.Passed) switch
        {
            (1, false, true) => "สภาผู้แทนราษฎรลงมติรับหลักการ (วาระที่ 1)",
            (1, false, false) => "ตกไปในสภาผู้แทนราษฎร (วาระที่ 1)",
            (3, false, true) => "สภาผู้แทนราษฎรลงมติเห็นชอบ (วาระที่ 3)",
            (3, false, false) => "ตกไปในสภาผู้แทนราษฎร (วาระที่ 3)",
            (1, true, true) => "รัฐสภาลงมติรับหลักการ (วาระที่ 1)",
            (1, true, false) => "ตกไปในการพิจารณาของรัฐสภา (วาระที่ 1)",
            (3, true, true) => "รัฐสภาลงมติเห็นชอบ (วาระที่ 3)",
            (3, true, false) => "ตกไปในการพิจารณาของรัฐสภา (วาระที่ 3)",
            _ => null,
        };
        return text is null ? null : new SourceStep(text, vote.Date, vote.Link, vote.Tally, StepSource);
    }

    private static Dictionary<string, VoteRecord> ReadVotes(string sourceName, TextReader yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(yaml);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new SourceLayoutException(sourceName, "the vote log is not valid YAML", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlSequenceNode list)
        {
            throw new SourceLayoutException(sourceName, "the vote log is not a YAML list");
        }

        var votes = new Dictionary<string, VoteRecord>(StringComparer.Ordinal);
        foreach (var node in list.OfType<YamlMappingNode>())
        {
            string? S(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode { Value: { Length: > 0 } s } ? s : null;
            int N(string key) => int.TryParse(S(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            if (S("id") is not { } id || Date(S("vote_date")) is not { } date)
            {
                continue;
            }

            var passed = string.Equals(S("passed"), "true", StringComparison.OrdinalIgnoreCase);
            string? link = null;
            if (node.Children.TryGetValue(new YamlScalarNode("document"), out var docs) && docs is YamlSequenceNode docList)
            {
                link = docList.OfType<YamlMappingNode>()
                    .Select(d => d.Children.TryGetValue(new YamlScalarNode("link"), out var l) && l is YamlScalarNode { Value: { Length: > 0 } u } ? u : null)
                    .FirstOrDefault(u => u is not null);
            }

            var meeting = S("meeting") ?? string.Empty;
            votes[id] = new VoteRecord(S("title") ?? string.Empty, meeting, date, passed,
                new VoteTally(N("approve"), N("disprove"), N("abstained"), N("absent"), passed, meeting), link ?? S("reference"));
        }

        return votes;
    }
}
