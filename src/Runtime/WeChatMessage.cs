namespace WeChat.OfficialAccount
{
    /// <summary>A message or event WeChat POSTed to the account's URL. Parse one with <see cref="WeChatMessageParser"/>.</summary>
    public abstract class WeChatMessage : WeChatPayload
    {
        /// <summary>Creates a message of the given MsgType.</summary>
        /// <param name="msgType">The MsgType value.</param>
        protected WeChatMessage(string msgType)
            : base(msgType)
        {
        }
    }
}
