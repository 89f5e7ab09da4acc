using Chantra.Azure.Ministry;
using Chantra.Azure.Storage;
using Chantra.Azure.Webhooks;
using Chantra.Domain.Events;
using Chantra.Domain.Ministry;
using Chantra.Domain.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Webhooks;

/// <summary>The services of ministries (staff-set bill ministries) and their webhooks; called from <c>AddChantra</c>.</summary>
public static class MinistryWebhookServices
{
    public static IServiceCollection AddMinistriesAndWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions();

        // App Service (and so Azure Functions) sets WEBSITE_SITE_NAME; loopback targets there would be our own instance.
        if (options.AllowLoopbackForDevelopment && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_SITE_NAME")))
        {
            throw new InvalidOperationException("Webhooks:AllowLoopbackForDevelopment is for the dev host and tests; it must not be set in Azure.");
        }

        services.AddSingleton(options);
        services.AddSingleton<IBillMinistryStore>(sp => new TableBillMinistryStore(sp.GetRequiredService<ChantraTables>(), sp.GetRequiredService<TableBillStore>()));
        services.AddSingleton(sp => new BillMinistryService(
            sp.GetRequiredService<IBillMinistryStore>(),
            new OutboxRelay(sp.GetRequiredService<IEventPublisher>(), sp.GetRequiredService<TableBillStore>(), sp.GetRequiredService<ILogger<OutboxRelay>>())));
        services.AddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<WebhookAddressPolicy>();
        services.AddSingleton(sp => new WebhookTables(sp.GetRequiredService<ChantraTables>().Service));
        services.AddSingleton<IWebhookStore, TableWebhookStore>(); // seals signing secrets with the IPersonalDataProtector AddChantra registers
        services.AddSingleton<IWebhookSender, WebhookHttpSender>();
        services.AddSingleton<WebhookRegistry>();
        services.AddSingleton<WebhookDeliveryService>();
        return services;
    }
}
