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
    }
}
