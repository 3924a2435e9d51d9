using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WeChat.OfficialAccount
{
    /// <summary>
    /// The SDK's traces and metrics, on System.Diagnostics only, so OpenTelemetry (or dotnet-counters) picks them up
    /// by name: <c>AddSource(WeChatTelemetry.Name)</c> and <c>AddMeter(WeChatTelemetry.Name)</c>.
    /// </summary>
    public static class WeChatTelemetry
    {
        /// <summary>The ActivitySource and Meter name.</summary>
        public const string Name = "WeChat.OfficialAccount";

        /// <summary>Traces: one activity per webhook push and per API call.</summary>
        public static readonly ActivitySource ActivitySource = new(Name);

        /// <summary>Metrics.</summary>
        public static readonly Meter Meter = new(Name);

        /// <summary>Webhook pushes handled, tagged with msg_type and event.</summary>
        public static readonly Counter<long> Requests = Meter.CreateCounter<long>("wechat.webhook.requests", description: "WeChat pushes handled, by message type");

        /// <summary>Handler run time in milliseconds, tagged with msg_type.</summary>
        public static readonly Histogram<double> HandlerDuration = Meter.CreateHistogram<double>("wechat.webhook.handler.duration", unit: "ms", description: "Time spent in handlers");

        /// <summary>Retries answered from the first delivery.</summary>
        public static readonly Counter<long> DeduplicationHits = Meter.CreateCounter<long>("wechat.webhook.deduplication_hits", description: "WeChat retries answered from the first delivery");

        /// <summary>Handlers that missed the deadline (answered success, reply sent later).</summary>
        public static readonly Counter<long> DeadlineFallbacks = Meter.CreateCounter<long>("wechat.webhook.deadline_fallbacks", description: "Handlers past the deadline whose reply went out as a customer-service message");

        /// <summary>
        /// Replies of handlers past the deadline, tagged with outcome: <c>sent</c> as a customer-service message,
        /// <c>failed</c> (WeChat refused it, or it could not reach WeChat, after its tries) or <c>dropped</c> (no
        /// customer-service form, no API client, the application stopped first, or the state store failed for good before
        /// the handler could run).
        /// </summary>
        public static readonly Counter<long> LateReplies = Meter.CreateCounter<long>("wechat.webhook.late_replies", description: "Replies of handlers past the deadline, by outcome: sent, failed, dropped");

        /// <summary>access_token and ticket fetches from WeChat.</summary>
        public static readonly Counter<long> TokenRefreshes = Meter.CreateCounter<long>("wechat.token.refreshes", description: "Credentials fetched from WeChat");

        /// <summary>API calls answered with a non-zero errcode, tagged with errcode and path.</summary>
        public static readonly Counter<long> ApiErrors = Meter.CreateCounter<long>("wechat.api.errors", description: "API calls answered with an error code");
    }
}
