using Moq;
using Chantra.Domain.Devices;
namespace Chantra.Tests.Devices;
public sealed class ScratchProbe
{
    [Fact]
    public async Task Null_ministry()
    {
        var rig = new DeviceRig();
        var r = await rig.Service().RegisterAsync(DeviceRig.Registration(new DeviceFollows([], [], [null!], [], false, false)), null, CancellationToken.None);
        Assert.Equal(DeviceOutcome.Invalid, r.Outcome);
    }

    [Fact]
    public async Task Concurrent_follows_diverge()
    {
        var rig = new DeviceRig();
        var secret = await rig.RegisterAsync(DeviceRig.Follows(bills: ["1"]));
        var svc = rig.Service();
        // A reads, sets template; B runs entirely in between A's hub call and A's replace.
        var gate = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var first = true;
        rig.Hub.Setup(h => h.SetTemplateAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<PushTemplate?>(), It.IsAny<CancellationToken>()))
            .Returns((string id, string n, PushTemplate? t, CancellationToken _) => { rig.TemplateSets.Add((id, n, t)); if (first) { first = false; gate.SetResult(); return release.Task; } return Task.CompletedTask; });
        var a = svc.SetBillFollowAsync(DeviceRig.InstallationId, "2", true, secret, CancellationToken.None);
        await gate.Task;
        var b = await svc.SetBillFollowAsync(DeviceRig.InstallationId, "3", true, secret, CancellationToken.None);
        release.SetResult();
        var ra = await a;
        Console.WriteLine($"A={ra.Outcome} B={b.Outcome} store=[{string.Join(",", rig.Store[DeviceRig.InstallationId]!.Follows.Bills)}] hub-last=[{string.Join(",", rig.TemplateSets[^1].Template!.Tags)}] sets={rig.TemplateSets.Count}");
    }

    [Fact]
    public void Bom()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes("{\"platform\":\"fcmv1\"}")).ToArray();
        var o = System.Text.Json.JsonSerializer.Deserialize<Chantra.Functions.Devices.DeviceRequestDto>(bytes, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        Console.WriteLine("BOM ok: " + o!.Platform);
    }
}
