namespace WeChat.OfficialAccount.Cli.Simulation
{
    /// <summary>The header of a simulated payload.</summary>
    /// <param name="ToUserName">The account's original id.</param>
    /// <param name="FromUserName">The user's OpenID; also the <c>openid</c> query parameter.</param>
    /// <param name="CreateTime">Unix seconds; also the push's <c>timestamp</c>.</param>
    internal sealed record PayloadHeader(string ToUserName, string FromUserName, long CreateTime);
}
