using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

namespace Chantra.Functions;

/// <summary>The Functions worker: ASP.NET Core integration for HTTP, every service from <see cref="ChantraServices"/>.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();

        // CORS for Widget:AllowedOrigins only (echoes an allowed origin, Vary: Origin, answers its preflight).
        builder.UseMiddleware<Widget.WidgetCorsWorkerMiddleware>();
        builder.Services.AddChantra(builder.Configuration);
        builder.Build().Run();
    }
}
