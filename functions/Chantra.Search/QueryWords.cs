namespace Chantra.Search;

/// <summary>
/// Words a citizen puts around a question that the constitutions never answer with: question words
/// and polite particles ("ศาลรัฐธรรมนูญมีกี่คน", "นายกต้องมีอายุเท่าไหร่ครับ"). They are dropped from
/// queries only (never from the texts) when <see cref="ConstitutionSearchOptions.DropQuestionWords"/>
/// is on: a rare word like กี่ would otherwise carry a high IDF and pull in the odd section that
/// happens to contain it. Dropped words keep their position gap, so phrase clauses still line up.
/// Tokens are as the Thai tokenizer cuts them (อย่างไร → อย่าง + ไร: only ไร is listed).
/// </summary>
public static class QueryWords
{
    public static IReadOnlySet<string> QuestionWords { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "กี่", "ไหม", "มั้ย", "หรือไม่", "อะไร", "ไร", "ไหน", "ใด", "ใคร", "เมื่อไร", "เมื่อไหร่", "เท่าไร", "เท่าไหร่",
        "ยังไง", "ไง", "ทำไม", "บ้าง", "หรือเปล่า", "เปล่า", "ครับ", "ค่ะ", "คะ", "นะ", "จ๊ะ", "จ้ะ",
        "ได้ไหม", "รึเปล่า", "อยากรู้", "อยาก", "รู้",
    };

    public static bool IsQuestionWord(string token) => QuestionWords.Contains(token);
}
