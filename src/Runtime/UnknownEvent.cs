using WeChat.OfficialAccount.Xml;

namespace WeChat.OfficialAccount
{
    /// <summary>
    /// An event whose Event value the spec does not know. Every element besides the header and Event is in
    /// <see cref="WeChatXmlObject.UnknownElements"/>, and writing it back reproduces them.
    /// </summary>
    public sealed class UnknownEvent : WeChatEvent
    {
        /// <summary>Creates an empty unknown event.</summary>
        public UnknownEvent()
            : base(string.Empty)
        {
        }

        /// <inheritdoc />
        protected override string TypeName => nameof(UnknownEvent);

        /// <summary>The EventKey element's text, when the event carries one.</summary>
        public string? EventKey
        {
            get
            {
                if (!HasUnknownElements)
                {
                    return null;
                }

                foreach (WeChatXmlElement element in UnknownElements)
                {
                    if (element.Name == "EventKey")
                    {
                        return element.Value;
                    }
                }

                return null;
            }
        }
    }
}
