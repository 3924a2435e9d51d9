using System;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>Settings of <see cref="WeChatApiClient"/>; bind them from configuration section <c>WeChat</c>.</summary>
    public sealed class WeChatApiClientOptions
    {
        /// <summary>The account's AppID.</summary>
        public string AppId { get; set; } = string.Empty;

        /// <summary>The account's AppSecret. Never logged.</summary>
        public string AppSecret { get; set; } = string.Empty;

        /// <summary>
        /// Where each host is reached; by default <c>https://{host}</c>. Point api.weixin.qq.com at
        /// https://api2.weixin.qq.com for disaster recovery, or every host at a test server.
        /// </summary>
        public Func<string, Uri> ResolveHost { get; set; } = static host => new Uri("https://" + host);

        /// <summary>Use /cgi-bin/stable_token (default) rather than /cgi-bin/token, which invalidates other holders' tokens.</summary>
        public bool UseStableToken { get; set; } = true;

        /// <summary>How long before its expiry a cached token is renewed. Default 5 minutes.</summary>
        public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>Retries of an idempotent GET after a transient network failure. Default 2.</summary>
        public int MaxGetRetries { get; set; } = 2;

        /// <summary>Delay before the first retry; doubled for each next one. Default 200 ms.</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    }
}
