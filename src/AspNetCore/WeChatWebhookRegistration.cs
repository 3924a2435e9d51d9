namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>One <c>AddWeChatWebhook</c> call: the account whose options it registered (null for the one account).</summary>
    internal sealed record WeChatWebhookRegistration(string? Account);
}
