namespace WeChat.OfficialAccount.Http
{
    /// <summary>A value the client fills from its options.</summary>
    public enum WeChatCredential
    {
        /// <summary>The account's AppID.</summary>
        AppId,

        /// <summary>The account's AppSecret.</summary>
        AppSecret,
    }
}
