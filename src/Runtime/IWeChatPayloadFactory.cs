namespace WeChat.OfficialAccount
{
    /// <summary>
    /// Creates the typed instance for a MsgType or Event value. The source generator implements it for every spec
    /// (the SDK's own is <see cref="WeChatSpecTypes"/>); a consumer's spec files get their own.
    /// </summary>
    public interface IWeChatPayloadFactory
    {
        /// <summary>A new, empty message for a non-event MsgType (matched case-insensitively), or null when unknown.</summary>
        /// <param name="msgType">The MsgType value.</param>
        WeChatMessage? CreateMessage(string msgType);

        /// <summary>A new, empty event for an Event value (matched case-insensitively), or null when unknown.</summary>
        /// <param name="eventName">The Event value.</param>
        WeChatEvent? CreateEvent(string eventName);

        /// <summary>A new, empty reply for a reply MsgType (matched case-insensitively), or null when unknown.</summary>
        /// <param name="msgType">The MsgType value.</param>
        WeChatReply? CreateReply(string msgType);
    }
}
