using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Chantra.Functions.Widget;

/// <summary>Registration of the widget's pieces; safe to call twice (the dev host and AddChantra).</summary>
public static class WidgetServices
{
    public static IServiceCollection AddChantraWidget(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<WidgetOptions>().Bind(config.GetSection("Widget"))
            .PostConfigure(o => o.AllowedOrigins = [.. o.AllowedOrigins.Concat(
                (o.AllowedOriginList ?? string.Empty).Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.OrdinalIgnoreCase)]);
        services.TryAddSingleton(sp => new WidgetCors(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WidgetOptions>>()));
        services.TryAddSingleton<WidgetAssets>();
        return services;
    }
}
