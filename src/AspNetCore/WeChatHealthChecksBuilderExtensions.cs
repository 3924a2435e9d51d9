using System;
using System.Collections.Generic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>Health checks for a WeChat bot.</summary>
    public static class WeChatHealthChecksBuilderExtensions
    {
        /// <summary>
        /// Checks that the bot's state store answers (the SQLite file opens and commits; the PostgreSQL server is reached,
        /// is a primary and takes writes). Map it with <c>app.MapHealthChecks("/healthz")</c>: 200 "Healthy", or 503 with
        /// the reason in the health report.
        /// </summary>
        /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
        /// <param name="name">The check's name in the report.</param>
        /// <param name="failureStatus">What a failing store reports; <see cref="HealthStatus.Unhealthy"/> by default.</param>
        /// <param name="tags">Tags to filter the check by (e.g. "ready").</param>
        /// <param name="timeout">How long the store may take to answer; 5 s by default, after which the check fails.</param>
        public static IHealthChecksBuilder AddWeChatState(
            this IHealthChecksBuilder builder,
            string name = "wechat-state",
            HealthStatus? failureStatus = null,
            IEnumerable<string>? tags = null,
            TimeSpan? timeout = null)
        {
            ArgumentNullException.ThrowIfNull(builder);
            ArgumentException.ThrowIfNullOrEmpty(name);
            return builder.Add(new HealthCheckRegistration(
                name,
                provider => new WeChatStateHealthCheck(provider),
                failureStatus,
                tags,
                timeout ?? TimeSpan.FromSeconds(5)));
        }

        /// <summary>
        /// Checks that the account's API client can get an access_token (from the token store, or from WeChat when the
        /// stored one is missing or expiring): without one every API call fails, and so does every late reply. Reports
        /// <see cref="HealthStatus.Degraded"/> by default — passive replies still work, and WeChat out of reach would
        /// otherwise take every instance out of a load balancer at once — with the reason: the AppSecret not set or
        /// wrong (40001/40125), this server's IP not in the account's IP whitelist (40164), WeChat out of reach.
        /// </summary>
        /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
        /// <param name="name">The check's name in the report.</param>
        /// <param name="account">One of several accounts (its keyed client, <c>AddWeChatClient(account, …)</c>), or null for the one account.</param>
        /// <param name="failureStatus">What a client without an access_token reports; <see cref="HealthStatus.Degraded"/> by default.</param>
        /// <param name="tags">Tags to filter the check by.</param>
        /// <param name="timeout">How long getting the access_token may take; 10 s by default, after which the check fails.</param>
        public static IHealthChecksBuilder AddWeChatApi(
            this IHealthChecksBuilder builder,
            string name = "wechat-api",
            string? account = null,
            HealthStatus? failureStatus = null,
            IEnumerable<string>? tags = null,
            TimeSpan? timeout = null)
        {
            ArgumentNullException.ThrowIfNull(builder);
            ArgumentException.ThrowIfNullOrEmpty(name);
            if (account is not null)
            {
                WeChatConfigurationValues.CheckAccountName(account);
            }

            return builder.Add(new HealthCheckRegistration(
                name,
                provider => new WeChatApiHealthCheck(provider, account),
                failureStatus ?? HealthStatus.Degraded,
                tags,
                timeout ?? TimeSpan.FromSeconds(10)));
        }
    }
}
