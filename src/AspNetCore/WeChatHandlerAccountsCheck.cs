using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// At start, fails when an <c>AddWeChatHandler(account)</c> names an account that no <c>MapWeChat</c> mapped (a
    /// misspelt name, or an endpoint forgotten) — in an application that maps WeChat endpoints at all (one that maps none,
    /// such as a worker sharing the registrations, is left alone).
    /// </summary>
    /// <remarks>
    /// Runs once every hosted service has started (<see cref="IHostedLifecycleService.StartedAsync"/>), so after the
    /// endpoints were mapped however the application maps them: <c>MapWeChat</c> on a built <c>WebApplication</c> before
    /// <c>Run</c>, or a Startup's <c>UseEndpoints</c> while the web host starts (which may come after this service's own
    /// start); the host's start then fails with the error.
    /// </remarks>
    internal sealed class WeChatHandlerAccountsCheck(WeChatWebhookMap map, IEnumerable<WeChatHandlerRegistration> registrations) : IHostedLifecycleService
    {
        public Task StartedAsync(CancellationToken cancellationToken)
        {
            (string? Account, string Pattern)[] mapped = map.Mapped();
            if (mapped.Length == 0)
            {
                return Task.CompletedTask;
            }

            string[] unserved = registrations
                .Where(registration => registration.Account is { } account && !mapped.Any(endpoint => endpoint.Account == account))
                .Select(registration => registration.Description)
                .ToArray();
            if (unserved.Length > 0)
            {
                string endpoints = string.Join(", ", mapped.Select(endpoint => endpoint.Account is null ? $"MapWeChat(\"{endpoint.Pattern}\")" : $"MapWeChat(\"{endpoint.Pattern}\", \"{endpoint.Account}\")"));
                throw new InvalidOperationException(
                    $"{string.Join(", ", unserved)} registers a handler for an account that no WeChat endpoint serves (mapped: {endpoints}). "
                    + "Map that account's endpoint with app.MapWeChat(pattern, account, …), or correct the name.");
            }

            return Task.CompletedTask;
        }

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
