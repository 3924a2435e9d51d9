using System.Xml.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XmlSerializerStyle
{
    /// <summary>SKIT-style model of an inbound text message: descriptive property names, wire names in attributes.</summary>
    [XmlRoot("xml")]
    public sealed class TextMessageXml
    {
        [XmlElement("ToUserName")]
        public string ToUserName { get; set; } = string.Empty;

        [XmlElement("FromUserName")]
        public string FromUserName { get; set; } = string.Empty;

        [XmlElement("CreateTime")]
        public long CreateTimestamp { get; set; }

        [XmlElement("MsgType")]
        public string MessageType { get; set; } = string.Empty;

        [XmlElement("Content")]
        public string Content { get; set; } = string.Empty;

        [XmlElement("MsgId")]
        public long MessageId { get; set; }

        [XmlElement("MsgDataId")]
        public string? MessageDataId { get; set; }

        [XmlElement("Idx")]
        public int? ArticleIndex { get; set; }

        [XmlElement("bizmsgmenuid")]
        public long? BizMenuId { get; set; }
    }
}
