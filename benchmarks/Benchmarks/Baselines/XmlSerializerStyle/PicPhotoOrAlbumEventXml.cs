using System.Collections.Generic;
using System.Xml.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XmlSerializerStyle
{
    /// <summary>SKIT-style model of the pic_photo_or_album event.</summary>
    [XmlRoot("xml")]
    public sealed class PicPhotoOrAlbumEventXml
    {
        [XmlElement("ToUserName")]
        public string ToUserName { get; set; } = string.Empty;

        [XmlElement("FromUserName")]
        public string FromUserName { get; set; } = string.Empty;

        [XmlElement("CreateTime")]
        public long CreateTimestamp { get; set; }

        [XmlElement("MsgType")]
        public string MessageType { get; set; } = string.Empty;

        [XmlElement("Event")]
        public string EventType { get; set; } = string.Empty;

        [XmlElement("EventKey")]
        public string EventKey { get; set; } = string.Empty;

        [XmlElement("SendPicsInfo")]
        public SendPicsInfoXml SendPicsInfo { get; set; } = new();
    }

    /// <summary>The pictures of a photo menu event.</summary>
    public sealed class SendPicsInfoXml
    {
        [XmlElement("Count")]
        public int Count { get; set; }

        [XmlArray("PicList")]
        [XmlArrayItem("item")]
        public List<SendPicsItemXml> PicList { get; set; } = new();
    }

    /// <summary>One picture of a photo menu event.</summary>
    public sealed class SendPicsItemXml
    {
        [XmlElement("PicMd5Sum")]
        public string PicMd5Sum { get; set; } = string.Empty;
    }
}
