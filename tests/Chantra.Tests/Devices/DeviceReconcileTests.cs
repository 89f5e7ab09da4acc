using Chantra.Domain.Devices;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using static Chantra.Tests.Devices.DeviceRig;

namespace Chantra.Tests.Devices;

/// <summary>The fixes found by review: races between two requests of one device, the pruner's grace, a null in a follow list.</summary>
public sealed class DeviceReconcileTests
{
    private readonly DeviceRig _rig = new();

    [Fact]
    public async Task A_follow_that_loses_a_race_puts_the_winning_follows_back_on_the_hub()
    {
        var secret = await _rig.RegisterAsync(Follows(bills: ["1"]));
        // While this request (follow 2) talks to the hub, another request of the device stores follows [1, 3].
        _rig.Hub.Setup(h => h.SetTemplateAsync(InstallationId, "bills", It.IsAny<PushTemplate?>(), It.IsAny<CancellationToken>()))
            .Callback((string id, string name, PushTemplate? t, CancellationToken _) =>
            {
                _rig.TemplateSets.Add((id, name, t));
                if (_rig.TemplateSets.Count == 1)
                {
                    _rig.Store.Seed(_rig.Store[InstallationId]! with { Follows = Follows(bills: ["1", "3"]) });
                }
            })
            .Returns(Task.CompletedTask);

        var result = await _rig.Service().SetBillFollowAsync(InstallationId, "2", true, secret, default);

        Assert.Equal(DeviceOutcome.Conflict, result.Outcome);
        Assert.Equal(["1", "3"], _rig.Store[InstallationId]!.Follows.Bills);
        var last = _rig.TemplateSets.Last(t => t.Name == "bills");
        Assert.Equal(["bill:1", "bill:3"], last.Template!.Tags); // the hub ends where the store is
    }

    [Fact]
    public async Task A_null_in_the_ministries_is_a_400_not_a_crash()
    {
        var result = await _rig.Service().RegisterAsync(Registration(new DeviceFollows([], [], [null!], [], false, false)), null, default);

        Assert.Equal(DeviceOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors!, e => e.Field == "follows.ministries");
        Assert.Equal(0, _rig.Store.Writes);
    }

    [Fact]
    public async Task The_pruner_leaves_a_device_that_is_still_registering()
    {
        await _rig.RegisterAsync(Follows(bills: ["1"]));
        _rig.Hub.Setup(h => h.GetChannelStateAsync(InstallationId, It.IsAny<CancellationToken>())).ReturnsAsync((PushChannelState?)null);
        var pruner = new DevicePruner(_rig.Store, _rig.Hub.Object, _rig.Time, NullLogger<DevicePruner>.Instance);

        var young = await pruner.PruneAsync(default);
        _rig.Time.Advance(DevicePruner.RegistrationGrace + TimeSpan.FromMinutes(1));
        var old = await pruner.PruneAsync(default);

        Assert.Equal((0, 1), (young, old));
        Assert.Null(_rig.Store[InstallationId]);
    }
}
