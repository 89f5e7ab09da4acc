using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Chantra.Functions.Widget;

/// <summary>
/// Functions worker middleware form of <see cref="WidgetCors"/>, for HTTP invocations under the
/// ASP.NET Core integration. Use it or the platform's CORS (site config), not both: two
/// Access-Control-Allow-Origin headers make browsers refuse the answer.
/// </summary>
public sealed class WidgetCorsWorkerMiddleware(WidgetCors cors) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http && cors.Begin(http))
        {
            return;
        }

        await next(context);
    }
}
