namespace WeChat.OfficialAccount.Http
{
    /// <summary>How an endpoint authenticates.</summary>
    public enum WeChatAuth
    {
        /// <summary>The global access_token in the query; the client adds it and refreshes it when it expires.</summary>
        AccessToken,

        /// <summary>The account's AppID and AppSecret (query for GET, JSON body for POST); the client adds them.</summary>
        AppIdSecret,

        /// <summary>A user's web-authorization access_token, passed by the caller.</summary>
        OAuthAccessToken,

        /// <summary>Nothing is added.</summary>
        None,
    }

    /// <summary>A REST endpoint as the generated client describes it.</summary>
    /// <param name="Method">GET or POST.</param>
    /// <param name="Host">Host name, e.g. api.weixin.qq.com.</param>
    /// <param name="Path">Path, possibly with a fixed query (e.g. <c>?action=…</c>).</param>
    /// <param name="Auth">How the call authenticates.</param>
    public sealed record WeChatEndpoint(string Method, string Host, string Path, WeChatAuth Auth)
    {
        /// <summary>Whether the call may be retried after a transient network failure (GETs only).</summary>
        public bool IsIdempotent => Method == "GET";
    }
}
