namespace Chantra.Sources.Constitution;

/// <summary>One instrument of the data folder: its file, the id the app knows it by, its year.</summary>
/// <param name="Id">Stable id: the B.E. year, with a suffix where a year has two instruments.</param>
/// <param name="FileName">The file in the data folder (names kept as in the shared data set).</param>
/// <param name="YearBe">Year of promulgation, Buddhist era.</param>
internal sealed record CatalogInstrument(string Id, string FileName, int YearBe);

/// <summary>An amendment, and the instrument whose sections it replaces.</summary>
/// <param name="Id">Stable id of the amendment (the <see cref="Chantra.Domain.Constitution.SectionVersion.ChangedBy"/> of what it changed).</param>
/// <param name="FileName">The amendment's file in the data folder.</param>
/// <param name="BaseId">The instrument it amends.</param>
internal sealed record CatalogAmendment(string Id, string FileName, string BaseId);

/// <summary>A text in force built from an instrument and all its amendments, in their order here.</summary>
internal sealed record CatalogConsolidation(string BaseId, string ResultId);

/// <summary>
/// The data set, as data: which file is which instrument, which amendment applies to which
/// instrument, which consolidated text is built. Adding an amendment (say No. 2 of 2560) is one row
/// in <see cref="Amendments"/> and its file in Data/.
/// </summary>
internal static class ConstitutionCatalog
{
    /// <summary>The 20 constitutions and charters, oldest first.</summary>
    public static readonly IReadOnlyList<CatalogInstrument> Instruments =
    [
        new("2475-provisional", "พระราชบัญญัติธรรมนูญการปกครองแผ่นดินสยามชั่วคราว2475.txt", 2475),
        new("2475", "รัฐธรรมนูญ2475.txt", 2475),
        new("2489", "รัฐธรรมนูญ2489.txt", 2489),
        new("2490", "รัฐธรรมนูญฉะบับชั่วคราว2490.txt", 2490),
        new("2492", "รัฐธรรมนูญ2492.txt", 2492),
        new("2475-amended-2495", "รัฐธรรมนูญแห่งราชอาณาจักรไทย พุทธศักราช 2475 แก้ไขเพิ่มเติม พุทธศักราช 2495.txt", 2495),
        new("2502", "ธรรมนูญการปกครองราชอาณาจักร พุทธศักราช 2502.txt", 2502),
        new("2511", "รัฐธรรมนูญ2511.txt", 2511),
        new("2515", "ธรรมนูญการปกครองราชอาณาจักร พุทธศักราช 2515.txt", 2515),
        new("2517", "รัฐธรรมนูญ2517.txt", 2517),
        new("2519", "รัฐธรรมนูญ2519.txt", 2519),
        new("2520", "ธรรมนูญการปกครองราชอาณาจักร พุทธศักราช 2520.txt", 2520),
        new("2521", "รัฐธรรมนูญ2521.txt", 2521),
        new("2534-charter", "ธรรมนูญการปกครองราชอาณาจักร พุทธศักราช 2534.txt", 2534),
        new("2534", "รัฐธรรมนูญ2534.txt", 2534),
        new("2540", "รัฐธรรมนูญ2540.txt", 2540),
        new("2549", "รัฐธรรมนูญแห่งราชอาณาจักรไทย (ฉบับชั่วคราว) พุทธศักราช 2549.txt", 2549),
        new("2550", "รัฐธรรมนูญ2550.txt", 2550),
        new("2557", "รัฐธรรมนูญแห่งราชอาณาจักรไทย (ฉบับชั่วคราว) พุทธศักราช 2557.txt", 2557),
        new("2560", "รัฐธรรมนูญ2560.txt", 2560),
    ];

    /// <summary>Which amendment file applies to which instrument, in the order they were made.</summary>
    public static readonly IReadOnlyList<CatalogAmendment> Amendments =
    [
        new("2560-amendment-1-2564", "รัฐธรรมนูญแห่งราชอาณาจักรไทย แก้ไขเพิ่มเติม (ฉบับที่ ๑) พุทธศักราช ๒๕๖๔.txt", "2560"),
    ];

    /// <summary>The consolidated texts: the only one is the text in force today.</summary>
    public static readonly IReadOnlyList<CatalogConsolidation> Consolidations =
    [
        new("2560", "2560-current"),
    ];

    /// <summary>
    /// Paragraphs the source breaks in two mid-sentence (a hard line wrap, not a new วรรค): the line
    /// that begins with <see cref="KnownLineBreak.ContinuationStart"/> in that section is joined to
    /// the line before it. Found by reading the texts; the importer warns if one is no longer there.
    /// </summary>
    public static readonly IReadOnlyList<KnownLineBreak> LineBreaks =
    [
        new("2540", "102", "หนึ่งคน"),                      // "…ได้เขตละ" / "หนึ่งคน"
        new("2550", "187", "พระราชกฤษฎีกาโดยไม่ขัดต่อกฎหมาย"), // "…ในการตรา" / "พระราชกฤษฎีกา…"
    ];
}

/// <summary>A paragraph of the source broken mid-sentence; see <see cref="ConstitutionCatalog.LineBreaks"/>.</summary>
internal sealed record KnownLineBreak(string InstrumentId, string Section, string ContinuationStart);
