using System.Globalization;
using System.Text.Json.Nodes;
using Chantra.Domain.Events;

namespace Chantra.Domain.Complaints;

/// <summary>
/// The events of a complaint. Never personal data — not even the subject, which is the
/// citizen's free text: tracking id and number, kind, topic, bill, status.
/// </summary>
public static class ComplaintEvents
{
    public static string Subject(string trackingId) => "complaints/" + trackingId;

    public static CloudEvent Received(ComplaintRecord c)
    {
        var data = new JsonObject
        {
            ["trackingId"] = c.TrackingId,
            ["trackingNumber"] = c.TrackingNumber,
            ["kind"] = c.Kind.ToWire(),
            ["topic"] = c.Topic,
        };
        if (c.BillId is not null)
        {
            data["billId"] = c.BillId;
        }

        if (c.DuplicateOf is not null)
        {
            data["duplicateOf"] = c.DuplicateOf;
        }

        var subject = Subject(c.TrackingId);
        return new CloudEvent(CloudEvent.DeterministicId(subject, "received"), EventTypes.ComplaintsSource, EventTypes.ComplaintReceived, subject, c.ReceivedAt, data);
    }

    /// <param name="sequence">The history entry of the change: with the subject, it makes the id, so a retried commit never publishes twice.</param>
    public static CloudEvent StatusChanged(ComplaintRecord c, int sequence)
    {
        var data = new JsonObject
        {
            ["trackingId"] = c.TrackingId,
            ["trackingNumber"] = c.TrackingNumber,
            ["kind"] = c.Kind.ToWire(),
            ["status"] = c.Status.ToWire(),
            ["hasPublicAnswer"] = c.HasPublicAnswer,
        };
        if (c.Status == ComplaintStatus.Forwarded && c.Committee is not null)
        {
            data["committee"] = c.Committee;
        }

        var subject = Subject(c.TrackingId);
        return new CloudEvent(
            CloudEvent.DeterministicId(subject, "status", sequence.ToString(CultureInfo.InvariantCulture)),
            EventTypes.ComplaintsSource, EventTypes.ComplaintStatusChanged, subject, c.UpdatedAt, data);
    }
}
