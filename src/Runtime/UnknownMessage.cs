namespace WeChat.OfficialAccount
{
    /// <summary>
    /// A message whose MsgType the spec does not know. Every element besides the header is in
    /// <see cref="WeChatXmlObject.UnknownElements"/>, and writing it back reproduces them.
    /// </summary>
    public sealed class UnknownMessage : WeChatMessage
    {
        /// <summary>Creates an empty unknown message.</summary>
        public UnknownMessage()
            : base(string.Empty)
        {
        }

        /// <inheritdoc />
        protected override string TypeName => nameof(UnknownMessage);
    }
}
