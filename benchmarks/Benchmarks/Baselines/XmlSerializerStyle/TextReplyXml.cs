using System.Xml.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XmlSerializerStyle
{
    /// <summary>SKIT-style text reply; the caller fills the header.</summary>
    [XmlRoot("xml")]
    public sealed class TextReplyXml
    {
        [XmlElement("ToUserName")]
        public string ToUserName { get; set; } = string.Empty;

        [XmlElement("FromUserName")]
        public string FromUserName { get; set; } = string.Empty;

        [XmlElement("CreateTime")]
        public long CreateTimestamp { get; set; }

        [XmlElement("MsgType")]
        public string MessageType { get; set; } = "text";

        [XmlElement("Content")]
        public string Content { get; set; } = string.Empty;
    }
}
