using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Http.Tokens;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// Whether the bot's state can be reached: every distinct registered store (conversations, delivery records, tokens,
    /// the lock) that implements <see cref="IWeChatStateHealth"/> is asked in turn. A push needs its store, so an
    /// instance whose store fails answers every push 503; a load balancer or orchestrator reading this check can tell.
    /// </summary>
    internal sealed class WeChatStateHealthCheck(IServiceProvider services) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            // What each store said, by store: one database store usually serves every role and is asked once.
            var found = new List<(object Store, string Said)>();
            var reached = new List<string>();
            var notChecked = new List<string>();
            var data = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (Type service in new[] { typeof(IWeChatConversationStore), typeof(IWeChatDeliveryStore), typeof(IWeChatTokenStore), typeof(IWeChatLock) })
            {
                if (services.GetService(service) is not { } store)
                {
                    continue;
                }

                int seen = found.FindIndex(entry => ReferenceEquals(entry.Store, store));
                if (seen >= 0)
                {
                    data[service.Name] = found[seen].Said;
                    continue;
                }

                string said;
                if (store is not IWeChatStateHealth health)
                {
                    // In-memory stores cannot fail apart from the process; a custom store without the interface is not asked.
                    if (store is InMemoryWeChatConversationStore or InMemoryWeChatDeliveryStore or InMemoryWeChatTokenStore or InMemoryWeChatLock)
                    {
                        said = "in memory";
                    }
                    else
                    {
                        said = store.GetType().Name + ", not checked (it does not implement IWeChatStateHealth)";
                        notChecked.Add(said);
                    }
                }
                else
                {
                    try
                    {
                        said = await health.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
                        reached.Add(said);
                    }
                    catch (Exception ex)
                    {
                        string reason = ex is OperationCanceledException && cancellationToken.IsCancellationRequested
                            ? string.Create(CultureInfo.InvariantCulture, $"The WeChat state store ({store.GetType().Name}) did not answer within the check's timeout ({context.Registration.Timeout.TotalSeconds:0.#} s); pushes wait for it until their deadline and are then answered 503")
                            : $"The WeChat state store ({store.GetType().Name}) does not work, so pushes are answered 503: {ex.Message}";
                        return new HealthCheckResult(context.Registration.FailureStatus, reason, ex, data);
                    }
                }

                found.Add((store, said));
                data[service.Name] = said;
            }

            string description = (reached.Count, notChecked.Count) switch
            {
                (0, 0) => "The WeChat state is kept in memory",
                (0, _) => "The WeChat state store: " + string.Join("; ", notChecked),
                _ => "The WeChat state store answers: " + string.Join("; ", [.. reached, .. notChecked]),
            };
            return HealthCheckResult.Healthy(description, data);
        }
    }
}
