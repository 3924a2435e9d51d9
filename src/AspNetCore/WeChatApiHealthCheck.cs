using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WeChat.OfficialAccount.Http;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// Whether the account's API client can get an access_token — from its token store, or from WeChat when the stored
    /// one is missing or expiring (so a probe every few seconds costs WeChat one call per token's life). Without one, every
    /// API call fails and so does every late reply; the passive replies still work, hence Degraded by default. What it
    /// catches is what breaks a deployment: an AppSecret not set or reset on the platform, this server's IP missing from
    /// the account's IP whitelist (40164), WeChat out of reach.
    /// </summary>
    internal sealed class WeChatApiHealthCheck(IServiceProvider services, string? account) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            string registration = account is null ? "AddWeChatClient(builder.Configuration)" : $"AddWeChatClient(\"{account}\", builder.Configuration)";
            string client = account is null ? "The WeChat API client" : $"The WeChat API client of the account \"{account}\"";
            if (services.GetKeyedService<WeChatApiClient>(account) is not { } api)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, $"No WeChatApiClient is registered{(account is null ? string.Empty : $" for the account \"{account}\"")}: call {registration}.");
            }

            try
            {
                await api.AccessTokens.GetAsync(cancellationToken).ConfigureAwait(false);
                return HealthCheckResult.Healthy($"{client} has an access_token");
            }
            catch (Exception ex)
            {
                string reason = ex is OperationCanceledException && cancellationToken.IsCancellationRequested
                    ? string.Create(CultureInfo.InvariantCulture, $"{client} got no access_token within the check's timeout ({context.Registration.Timeout.TotalSeconds:0.#} s), so API calls and late replies wait and fail")
                    : $"{client} cannot get an access_token, so API calls and late replies fail: {ex.Message}";
                return new HealthCheckResult(context.Registration.FailureStatus, reason, ex);
            }
        }
    }
}
