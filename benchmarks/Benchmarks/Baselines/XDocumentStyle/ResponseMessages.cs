using System;
using System.Collections.Generic;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XDocumentStyle
{
    // Senparc-style passive reply models: CreateTime as DateTimeOffset and MsgType as an enum, both converted by
    // EntityWriter; property names are the XML element names.

    /// <summary>The reply MsgType, written lower-cased.</summary>
    public enum ResponseMsgType
    {
        Text,
        News,
    }

    /// <summary>The header of every passive reply.</summary>
    public abstract class ResponseMessageBase
    {
        public string ToUserName { get; set; } = string.Empty;
        public string FromUserName { get; set; } = string.Empty;
        public DateTimeOffset CreateTime { get; set; }
        public abstract ResponseMsgType MsgType { get; }
    }

    /// <summary>A text reply.</summary>
    public sealed class ResponseMessageText : ResponseMessageBase
    {
        public override ResponseMsgType MsgType => ResponseMsgType.Text;
        public string Content { get; set; } = string.Empty;
    }

    /// <summary>A news (article list) reply.</summary>
    public sealed class ResponseMessageNews : ResponseMessageBase
    {
        public override ResponseMsgType MsgType => ResponseMsgType.News;
        public int ArticleCount => Articles.Count;
        public List<Article> Articles { get; set; } = new();
    }

    /// <summary>One article of a news reply.</summary>
    public sealed class Article
    {
        public string Title { get; set; } = string.Empty;
        public string Description { get; set; } = string.Empty;
        public string PicUrl { get; set; } = string.Empty;
        public string Url { get; set; } = string.Empty;
    }
}
