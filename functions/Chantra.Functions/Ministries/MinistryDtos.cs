using Chantra.Domain.Ministry;
using Chantra.Domain.Text;

namespace Chantra.Functions.Ministry;

/// <summary>A ministry or agency of the catalogue.</summary>
public sealed record MinistryDto(string Code, string NameTh, string NameEn, string Kind)
{
    public static MinistryDto From(MinistryInfo m) => new(m.Code, m.NameTh, m.NameEn, m.Kind.ToWire());
}

/// <summary>The body of <c>PUT /v1/staff/bills/{id}/ministry</c>: a catalogue code, or null to go back to the source's.</summary>
public sealed record BillMinistryRequestDto(string? Ministry);

/// <summary>A bill's responsible ministry after a staff change.</summary>
/// <param name="Ministry">What the API now shows: staff's, else the source's.</param>
/// <param name="SourceMinistry">What the source says (kept; shown again if staff clear theirs).</param>
/// <param name="SetBy">The staff member's Entra object id.</param>
public sealed record BillMinistryDto(string BillId, string? Ministry, string? SourceMinistry, string? StaffMinistry, DateTimeOffset? SetAt, string? SetAtThai, string? SetBy)
{
    public static BillMinistryDto From(BillMinistry m)
    {
        var at = m.SetAt is { } t ? ThaiText.ToBangkok(t) : (DateTimeOffset?)null;
        at = at?.AddTicks(-(at.Value.Ticks % TimeSpan.TicksPerSecond));
        return new BillMinistryDto(m.BillId, m.Effective, m.SourceMinistry, m.Override, at, at is { } a ? ThaiText.ToBuddhistEraDateTime(a) : null, m.SetBy);
    }
}
