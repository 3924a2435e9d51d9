using System.Collections.Generic;
using System.Xml.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XmlSerializerStyle
{
    // Nested objects and list entries of CorpusMessageXml (SendPicsInfoXml lives with PicPhotoOrAlbumEventXml).

    /// <summary>Originality check results of a mass send.</summary>
    public sealed class CopyrightCheckResultXml
    {
        [XmlElement("Count")]
        public int? Count { get; set; }

        [XmlArray("ResultList")]
        [XmlArrayItem("item")]
        public List<CopyrightCheckItemXml>? ResultList { get; set; }

        [XmlElement("CheckState")]
        public int? CheckState { get; set; }
    }

    /// <summary>One article's originality check.</summary>
    public sealed class CopyrightCheckItemXml
    {
        [XmlElement("ArticleIdx")]
        public int? ArticleIdx { get; set; }

        [XmlElement("UserDeclareState")]
        public int? UserDeclareState { get; set; }

        [XmlElement("AuditState")]
        public int? AuditState { get; set; }

        [XmlElement("OriginalArticleUrl")]
        public string? OriginalArticleUrl { get; set; }

        [XmlElement("OriginalArticleType")]
        public int? OriginalArticleType { get; set; }

        [XmlElement("CanReprint")]
        public bool? CanReprint { get; set; }

        [XmlElement("NeedReplaceContent")]
        public bool? NeedReplaceContent { get; set; }

        [XmlElement("NeedShowReprintSource")]
        public bool? NeedShowReprintSource { get; set; }
    }

    /// <summary>Article URLs of a mass send.</summary>
    public sealed class ArticleUrlResultXml
    {
        [XmlElement("Count")]
        public int? Count { get; set; }

        [XmlArray("ResultList")]
        [XmlArrayItem("item")]
        public List<ArticleUrlItemXml>? ResultList { get; set; }
    }

    /// <summary>One article URL.</summary>
    public sealed class ArticleUrlItemXml
    {
        [XmlElement("ArticleIdx")]
        public int? ArticleIdx { get; set; }

        [XmlElement("ArticleUrl")]
        public string? ArticleUrl { get; set; }
    }

    /// <summary>Result of a free-publish job.</summary>
    public sealed class PublishEventInfoXml
    {
        [XmlElement("publish_id")]
        public long? PublishId { get; set; }

        [XmlElement("publish_status")]
        public int? PublishStatus { get; set; }

        [XmlElement("article_id")]
        public string? ArticleId { get; set; }

        [XmlElement("article_detail")]
        public PublishArticleDetailXml? ArticleDetail { get; set; }

        [XmlElement("fail_idx")]
        public List<int>? FailIdx { get; set; }
    }

    /// <summary>The articles of a published job.</summary>
    public sealed class PublishArticleDetailXml
    {
        [XmlElement("count")]
        public int? Count { get; set; }

        [XmlElement("item")]
        public List<PublishArticleItemXml>? Items { get; set; }
    }

    /// <summary>One published article.</summary>
    public sealed class PublishArticleItemXml
    {
        [XmlElement("idx")]
        public int? Idx { get; set; }

        [XmlElement("article_url")]
        public string? ArticleUrl { get; set; }
    }

    /// <summary>A beacon of a shake event.</summary>
    public sealed class ShakeBeaconXml
    {
        [XmlElement("Uuid")]
        public string? Uuid { get; set; }

        [XmlElement("Major")]
        public string? Major { get; set; }

        [XmlElement("Minor")]
        public string? Minor { get; set; }

        [XmlElement("Distance")]
        public double? Distance { get; set; }
    }

    /// <summary>The location chosen in a location_select event.</summary>
    public sealed class SendLocationInfoXml
    {
        [XmlElement("Location_X")]
        public double? LocationX { get; set; }

        [XmlElement("Location_Y")]
        public double? LocationY { get; set; }

        [XmlElement("Scale")]
        public int? Scale { get; set; }

        [XmlElement("Label")]
        public string? Label { get; set; }

        [XmlElement("Poiname")]
        public string? Poiname { get; set; }
    }

    /// <summary>The scan result of a scancode event.</summary>
    public sealed class ScanCodeInfoXml
    {
        [XmlElement("ScanType")]
        public string? ScanType { get; set; }

        [XmlElement("ScanResult")]
        public string? ScanResult { get; set; }
    }

    /// <summary>One template of a subscribe-message change or popup event.</summary>
    public sealed class SubscribeMsgItemXml
    {
        [XmlElement("TemplateId")]
        public string? TemplateId { get; set; }

        [XmlElement("SubscribeStatusString")]
        public string? SubscribeStatusString { get; set; }

        [XmlElement("PopupScene")]
        public int? PopupScene { get; set; }
    }
}
