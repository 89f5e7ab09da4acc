using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace Chantra.DevHost;

/// <summary>
/// Calls a function method the way the worker does: a new instance of its class per invocation
/// from the container (constructor injection, <c>ILogger&lt;T&gt;</c>), trigger data bound to the
/// parameters by type and by name.
/// </summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes)
{
    public async Task<object?> InvokeAsync(MethodInfo method, Func<ParameterInfo, object?> bind)
    {
        await using var scope = scopes.CreateAsyncScope();
        var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
        var args = method.GetParameters().Select(bind).ToArray();
        object? result;
        try
        {
            result = method.Invoke(instance, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        switch (result)
        {
            case Task task:
                await task;
                return task.GetType().IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
            default:
                return result;
        }
    }

    /// <summary>Runs an HTTP function for a request and writes its result.</summary>
    public async Task InvokeHttpAsync(HttpFunction function, HttpContext context)
    {
        var result = await InvokeAsync(function.Method, p => p switch
        {
            _ when p.ParameterType == typeof(HttpRequest) => context.Request,
            _ when p.ParameterType == typeof(CancellationToken) => context.RequestAborted,
            _ when p.ParameterType == typeof(string) => context.GetRouteValue(p.Name!)?.ToString(),
            _ => throw new NotSupportedException($"The dev host cannot bind parameter '{p.Name}' of {function.Name}."),
        });

        if (result is IActionResult action)
        {
            await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        }
    }

    /// <summary>Runs a timer function once.</summary>
    public Task InvokeTimerAsync(TimerFunction function, bool pastDue, CancellationToken cancellationToken) =>
        InvokeAsync(function.Method, p => p switch
        {
            _ when p.ParameterType == typeof(TimerInfo) => new TimerInfo { IsPastDue = pastDue },
            _ when p.ParameterType == typeof(CancellationToken) => cancellationToken,
            _ => throw new NotSupportedException($"The dev host cannot bind parameter '{p.Name}' of {function.Name}."),
        });

    /// <summary>Runs a Service Bus function for one message body.</summary>
    public Task InvokeServiceBusAsync(ServiceBusFunction function, string body, CancellationToken cancellationToken) =>
        InvokeAsync(function.Method, p => p switch
        {
            _ when p.GetCustomAttribute<ServiceBusTriggerAttribute>() is not null && p.ParameterType == typeof(string) => body,
            _ when p.ParameterType == typeof(CancellationToken) => cancellationToken,
            _ => throw new NotSupportedException($"The dev host cannot bind parameter '{p.Name}' of {function.Name}."),
        });
}
