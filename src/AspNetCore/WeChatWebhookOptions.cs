using System;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// Settings of the webhook, bound from the <c>WeChat</c> configuration section (<c>WeChat:Token</c>,
    /// <c>WeChat:AppId</c>, <c>WeChat:EncodingAESKey</c>; environment variables such as <c>WeChat__Token</c> work too).
    /// The AppSecret is the API client's: <c>AddWeChatClient(configuration)</c> reads <c>WeChat:AppSecret</c> from the
    /// same section for the late replies.
    /// </summary>
    public sealed class WeChatWebhookOptions
    {
        /// <summary>The Token configured on the platform; every request's signature is checked with it.</summary>
        public string Token { get; set; } = string.Empty;

        /// <summary>The account's AppID (required for safe and compatible mode).</summary>
        public string AppId { get; set; } = string.Empty;

        /// <summary>The 43-character EncodingAESKey (required for safe and compatible mode).</summary>
        public string EncodingAESKey { get; set; } = string.Empty;

        /// <summary>Requests whose timestamp is further from now than this are rejected (401). Null disables the check. Default 5 minutes.</summary>
        public TimeSpan? TimestampWindow { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>Largest accepted body; larger ones get 413. Default 1 MiB.</summary>
        public int MaxBodyBytes { get; set; } = 1024 * 1024;

        /// <summary>
        /// How long a handler may run before WeChat gets an empty answer (it gives up at 5 s and retries). A handler
        /// that finishes later has its reply sent through the customer-service API. Default 4.5 s. A deadline of 5 s or
        /// more is allowed (WeChat's next try of the push then waits for the running handler's answer) and warned about
        /// when the endpoint is mapped: the first try is lost, and after the last one WeChat tells the user the account
        /// cannot serve them.
        /// </summary>
        public TimeSpan Deadline { get; set; } = TimeSpan.FromMilliseconds(4500);

        /// <summary>How long a user's conversation context lives after its last change. Default 7200 s.</summary>
        public TimeSpan ConversationTimeToLive { get; set; } = TimeSpan.FromSeconds(7200);

        /// <summary>
        /// Handle one push per sender (FromUserName) at a time, in arrival order, so each handler reads the conversation
        /// context the sender's previous push saved; two pushes handled at once would read the same context and the later
        /// save would drop the other's change. A push that waits for its turn counts the wait against its
        /// <see cref="Deadline"/>. Pushes of different senders never wait for each other. Default true.
        /// </summary>
        /// <remarks>
        /// Turns are kept per process. Instances behind a load balancer share the conversation store, not the turns.
        /// </remarks>
        public bool TakeTurnsPerSender { get; set; } = true;

        /// <summary>
        /// How long a push whose handler ran past the deadline may keep its sender's turn. A handler that hangs (a call
        /// without a timeout, say) would otherwise hold up every later push of that sender; past this the next push goes
        /// ahead (logged) and the late handler still saves and sends its reply when it finishes. Also how long a push that
        /// was answered past the deadline while it waited for its turn keeps trying a state store that fails (once a
        /// second) before it is dropped. Default 60 s.
        /// </summary>
        public TimeSpan SenderTurnLimit { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// How many more times a late reply (one sent as a customer-service message after the deadline) is tried when it
        /// surely did not reach WeChat for a reason that may pass: WeChat answered "system busy" (errcode -1), the
        /// connection could not be opened, or the access_token could not be had. One that may have reached it (a
        /// timeout, a connection dropped mid-call, an HTTP error) is not tried again, as the user would get it twice. The
        /// sender's next push waits for its turn meanwhile. 0 turns it off. Default 3.
        /// </summary>
        public int LateReplyRetries { get; set; } = 3;

        /// <summary>The wait before the first further try of a late reply, doubled before each next one. Default 1 s (so 1, 2 and 4 s).</summary>
        public TimeSpan LateReplyRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>How long a finished delivery's reply is kept to answer WeChat's retries. Default 60 s.</summary>
        public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// What identifies a delivery across WeChat's retries, in place of <see cref="WeChatMessage.DeduplicationKey"/>
        /// (MsgId, or FromUserName + CreateTime + Event + EventKey and the event's <c>deduplicateBy</c> fields); null
        /// (the default), or a function that returns null for a push, keeps that key. Set in code only. A retry repeats
        /// the push's XML exactly, so a key made of its fields gives a retry the same key; two pushes that get one key
        /// within <see cref="DeduplicationWindow"/> run the handler once. A function that throws is logged and the
        /// push keeps its own key.
        /// </summary>
        public Func<WeChatMessage, string?>? DeduplicationKey { get; set; }

        /// <summary>
        /// The types pushes are parsed into; null (the default) means the SDK's own (<see cref="WeChatSpecTypes"/>).
        /// A project with its own <c>*.wechat.json</c> events sets
        /// <c>WeChatPayloadFactory.Combine(MyBot.WeChatSpecTypes.Instance, WeChatSpecTypes.Instance)</c>, and
        /// <c>On&lt;MyEvent&gt;</c> handlers then receive its events typed.
        /// </summary>
        public IWeChatPayloadFactory? PayloadFactory { get; set; }
    }
}
