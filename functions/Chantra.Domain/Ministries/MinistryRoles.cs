namespace Chantra.Domain.Ministry;

/// <summary>
/// The app role of the ministry staff APIs (setting a bill's responsible ministry, and a
/// ministry's webhooks). Its own role rather than <c>Complaints.Manage</c>: the people who
/// liaise with ministries are not the people who triage citizens' complaints.
/// </summary>
public static class MinistryRoles
{
    public const string Manage = "Ministries.Manage";
}
