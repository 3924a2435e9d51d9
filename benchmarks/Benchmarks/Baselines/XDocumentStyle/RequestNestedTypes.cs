using System.Collections.Generic;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XDocumentStyle
{
    // Nested objects and list entries of the Senparc-style request models. EntityFiller picks the XML layout of a
    // list by the name of its entry type, as Senparc's EntityHelper does.

    public sealed class SendPicsInfo
    {
        public int Count { get; set; }
        public List<SendPicsItem> PicList { get; set; } = new();
    }

    public sealed class SendPicsItem
    {
        public string PicMd5Sum { get; set; } = string.Empty;
    }

    public sealed class SendLocationInfo
    {
        public double Location_X { get; set; }
        public double Location_Y { get; set; }
        public int Scale { get; set; }
        public string Label { get; set; } = string.Empty;
        public string? Poiname { get; set; }
    }

    public sealed class ScanCodeInfo
    {
        public string ScanType { get; set; } = string.Empty;
        public string ScanResult { get; set; } = string.Empty;
    }

    public sealed class ShakeBeacon
    {
        public string Uuid { get; set; } = string.Empty;
        public string Major { get; set; } = string.Empty;
        public string Minor { get; set; } = string.Empty;
        public double Distance { get; set; }
    }

    public sealed class CopyrightCheckResult
    {
        public int Count { get; set; }
        public List<CopyrightCheckItem> ResultList { get; set; } = new();
        public int CheckState { get; set; }
    }

    public sealed class CopyrightCheckItem
    {
        public int ArticleIdx { get; set; }
        public int? UserDeclareState { get; set; }
        public int? AuditState { get; set; }
        public string? OriginalArticleUrl { get; set; }
        public int? OriginalArticleType { get; set; }
        public bool? CanReprint { get; set; }
        public bool? NeedReplaceContent { get; set; }
        public bool? NeedShowReprintSource { get; set; }
    }

    public sealed class ArticleUrlResult
    {
        public int Count { get; set; }
        public List<ArticleUrlItem> ResultList { get; set; } = new();
    }

    public sealed class ArticleUrlItem
    {
        public int ArticleIdx { get; set; }
        public string ArticleUrl { get; set; } = string.Empty;
    }

    public sealed class PublishEventInfo
    {
        public long publish_id { get; set; }
        public int publish_status { get; set; }
        public string? article_id { get; set; }
        public PublishArticleDetail? article_detail { get; set; }
        public List<int> fail_idx { get; set; } = new();
    }

    public sealed class PublishArticleDetail
    {
        public int count { get; set; }
        public List<PublishArticleItem> item { get; set; } = new();
    }

    public sealed class PublishArticleItem
    {
        public int idx { get; set; }
        public string article_url { get; set; } = string.Empty;
    }

    public sealed class SubscribeMsgChangeItem
    {
        public string TemplateId { get; set; } = string.Empty;
        public string SubscribeStatusString { get; set; } = string.Empty;
    }

    public sealed class SubscribeMsgPopupItem
    {
        public string TemplateId { get; set; } = string.Empty;
        public string SubscribeStatusString { get; set; } = string.Empty;
        public int? PopupScene { get; set; }
    }
}
