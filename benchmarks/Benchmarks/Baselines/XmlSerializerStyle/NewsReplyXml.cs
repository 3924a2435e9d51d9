using System.Collections.Generic;
using System.Xml.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XmlSerializerStyle
{
    /// <summary>SKIT-style news reply; the caller fills the header and ArticleCount.</summary>
    [XmlRoot("xml")]
    public sealed class NewsReplyXml
    {
        [XmlElement("ToUserName")]
        public string ToUserName { get; set; } = string.Empty;

        [XmlElement("FromUserName")]
        public string FromUserName { get; set; } = string.Empty;

        [XmlElement("CreateTime")]
        public long CreateTimestamp { get; set; }

        [XmlElement("MsgType")]
        public string MessageType { get; set; } = "news";

        [XmlElement("ArticleCount")]
        public int ArticleCount { get; set; }

        [XmlArray("Articles")]
        [XmlArrayItem("item")]
        public List<NewsReplyArticleXml> Articles { get; set; } = new();
    }

    /// <summary>One article of a news reply.</summary>
    public sealed class NewsReplyArticleXml
    {
        [XmlElement("Title")]
        public string Title { get; set; } = string.Empty;

        [XmlElement("Description")]
        public string Description { get; set; } = string.Empty;

        [XmlElement("PicUrl")]
        public string PicUrl { get; set; } = string.Empty;

        [XmlElement("Url")]
        public string Url { get; set; } = string.Empty;
    }
}
