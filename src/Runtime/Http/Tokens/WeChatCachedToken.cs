using System;

namespace WeChat.OfficialAccount.Http.Tokens
{
    /// <summary>A cached credential (access_token or jsapi_ticket) and when it stops being usable.</summary>
    /// <param name="Value">The token.</param>
    /// <param name="ExpiresAt">Its expiry as the platform stated it.</param>
    /// <param name="RefreshAt">When to renew it: the refresh margin before expiry, or half its life if that is shorter.</param>
    public sealed record WeChatCachedToken(string Value, DateTimeOffset ExpiresAt, DateTimeOffset RefreshAt);
}
