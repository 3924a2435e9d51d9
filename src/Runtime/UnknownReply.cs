namespace WeChat.OfficialAccount
{
    /// <summary>A reply whose MsgType the spec does not know; its elements are kept in <see cref="WeChatXmlObject.UnknownElements"/>.</summary>
    public sealed class UnknownReply : WeChatReply
    {
        /// <summary>Creates an empty unknown reply.</summary>
        public UnknownReply()
            : base(string.Empty)
        {
        }

        /// <inheritdoc />
        protected override string TypeName => nameof(UnknownReply);
    }
}
