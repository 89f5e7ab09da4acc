using Azure.Data.Tables;
using Chantra.Azure.Storage;
using Chantra.Domain.Complaints;
using Chantra.Domain.Ministry;
using Chantra.Domain.Webhooks;
using Chantra.Functions.Webhooks;
using Chantra.Tests.Complaints;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.Webhooks;

/// <summary>The services' registration: settings bound, everything resolvable, the development switch refused in Azure.</summary>
public sealed class WebhookServicesTests
{
    private static ServiceProvider Provider(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(new ChantraTables(new TableServiceClient("UseDevelopmentStorage=true")));
        services.AddSingleton<TableBillStore>();
        // The app registers the protector once, with the complaints' key (ChantraServices); the webhook store seals secrets with it.
        services.AddSingleton<IPersonalDataProtector>(new PersonalDataProtector(new LocalKeyEncryptionKey(LocalKeyEncryptionKey.NewKey()), new InMemoryWrappedKeyStore()));
        services.AddMinistriesAndWebhooks(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    [Fact]
    public void Settings_are_bound_and_every_service_resolves()
    {
        using var provider = Provider(("Webhooks:PauseAfter", "2.00:00:00"), ("Webhooks:AllowedPorts:0", "8443"), ("Webhooks:MaxAttempts", "4"));

        var options = provider.GetRequiredService<WebhookOptions>();
        Assert.Equal(TimeSpan.FromDays(2), options.PauseAfter);
        Assert.Equal([8443], options.AllowedPorts);
        Assert.Equal(4, options.MaxAttempts);
        Assert.False(options.AllowLoopbackForDevelopment);
        Assert.NotNull(provider.GetRequiredService<WebhookDeliveryService>());
        Assert.NotNull(provider.GetRequiredService<WebhookRegistry>());
        Assert.NotNull(provider.GetRequiredService<IBillMinistryStore>());
    }

    [Fact]
    public void Defaults_are_safe()
    {
        using var provider = Provider();

        var options = provider.GetRequiredService<WebhookOptions>();
        Assert.False(options.AllowLoopbackForDevelopment);
        Assert.Empty(options.AllowedPorts);
        Assert.Equal(TimeSpan.FromDays(3), options.PauseAfter);
    }

    [Fact]
    public void The_development_switch_is_refused_in_Azure()
    {
        // WEBSITE_SITE_NAME is what App Service sets; only this test reads it.
        Environment.SetEnvironmentVariable("WEBSITE_SITE_NAME", "func-chantra-test");
        try
        {
            Assert.Throws<InvalidOperationException>(() => Provider(("Webhooks:AllowLoopbackForDevelopment", "true")));
            using var fine = Provider();
        }
        finally
        {
            Environment.SetEnvironmentVariable("WEBSITE_SITE_NAME", null);
        }
    }
}
