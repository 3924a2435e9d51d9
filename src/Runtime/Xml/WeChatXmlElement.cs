using System.Collections.Generic;

namespace WeChat.OfficialAccount.Xml
{
    /// <summary>
    /// An element the spec does not know, kept whole so it can be inspected and written back out unchanged.
    /// WeChat adds fields over time; they survive a parse/write round trip this way.
    /// </summary>
    public sealed class WeChatXmlElement
    {
        /// <summary>Creates an element holding text.</summary>
        /// <param name="name">Element name as on the wire.</param>
        /// <param name="value">Text content.</param>
        public WeChatXmlElement(string name, string value)
        {
            Name = name;
            Value = value;
        }

        /// <summary>Creates an element that holds child elements.</summary>
        /// <param name="name">Element name as on the wire.</param>
        public WeChatXmlElement(string name)
        {
            Name = name;
        }

        /// <summary>Element name as on the wire.</summary>
        public string Name { get; }

        /// <summary>Text content; null when the element holds child elements.</summary>
        public string? Value { get; }

        /// <summary>Whether the text arrived in CDATA (it is written back the same way).</summary>
        public bool IsCData { get; init; }

        /// <summary>Child elements, in document order.</summary>
        public List<WeChatXmlElement> Children { get; } = new();
    }
}
