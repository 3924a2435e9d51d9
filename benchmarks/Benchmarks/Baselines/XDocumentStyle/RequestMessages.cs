using System.Collections.Generic;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.XDocumentStyle
{
    // Senparc-style request models: one plain class per MsgType (RequestMessage*), properties named exactly as the
    // XML elements because EntityFiller matches element to property by name. Each class declares the same
    // elements as the SDK's generated type for that MsgType, so both sides map the same fields.

    /// <summary>The header every inbound message carries.</summary>
    public abstract class RequestMessageBase
    {
        public string ToUserName { get; set; } = string.Empty;
        public string FromUserName { get; set; } = string.Empty;
        public long CreateTime { get; set; }
        public string MsgType { get; set; } = string.Empty;
    }

    /// <summary>A message the factory has no class for (Senparc: RequestMessageUnknownType).</summary>
    public sealed class RequestMessageUnknownType : RequestMessageBase
    {
    }

    /// <summary>MsgType <c>device_event</c>.</summary>
    public sealed class RequestMessageDeviceEvent : RequestMessageBase
    {
        public string Event { get; set; } = string.Empty;
        public string DeviceType { get; set; } = string.Empty;
        public string DeviceID { get; set; } = string.Empty;
        public string? SessionID { get; set; }
        public string? Content { get; set; }
        public string OpenID { get; set; } = string.Empty;
        public long? MsgId { get; set; }
        public int? OpType { get; set; }
    }

    /// <summary>MsgType <c>device_text</c>.</summary>
    public sealed class RequestMessageDeviceText : RequestMessageBase
    {
        public string DeviceType { get; set; } = string.Empty;
        public string DeviceID { get; set; } = string.Empty;
        public string SessionID { get; set; } = string.Empty;
        public string Content { get; set; } = string.Empty;
        public string OpenID { get; set; } = string.Empty;
        public long MsgId { get; set; }
    }

    /// <summary>MsgType <c>image</c>.</summary>
    public sealed class RequestMessageImage : RequestMessageBase
    {
        public string PicUrl { get; set; } = string.Empty;
        public string MediaId { get; set; } = string.Empty;
        public long MsgId { get; set; }
        public string? MsgDataId { get; set; }
        public int? Idx { get; set; }
    }

    /// <summary>MsgType <c>link</c>.</summary>
    public sealed class RequestMessageLink : RequestMessageBase
    {
        public string Title { get; set; } = string.Empty;
        public string Description { get; set; } = string.Empty;
        public string Url { get; set; } = string.Empty;
        public long MsgId { get; set; }
        public string? MsgDataId { get; set; }
        public int? Idx { get; set; }
    }

    /// <summary>MsgType <c>location</c>.</summary>
    public sealed class RequestMessageLocation : RequestMessageBase
    {
        public double Location_X { get; set; }
        public double Location_Y { get; set; }
        public int Scale { get; set; }
        public string Label { get; set; } = string.Empty;
        public long MsgId { get; set; }
        public string? MsgDataId { get; set; }
        public int? Idx { get; set; }
    }

    /// <summary>MsgType <c>miniprogrampage</c>.</summary>
    public sealed class RequestMessageMiniProgramPage : RequestMessageBase
    {
        public long MsgId { get; set; }
        public string Title { get; set; } = string.Empty;
        public string AppId { get; set; } = string.Empty;
        public string PagePath { get; set; } = string.Empty;
        public string? ThumbUrl { get; set; }
        public string? ThumbMediaId { get; set; }
    }

    /// <summary>MsgType <c>text</c>.</summary>
    public sealed class RequestMessageText : RequestMessageBase
    {
        public string Content { get; set; } = string.Empty;
        public long MsgId { get; set; }
        public string? MsgDataId { get; set; }
        public int? Idx { get; set; }
        public long? bizmsgmenuid { get; set; }
    }

    /// <summary>MsgType <c>video</c>.</summary>
    public sealed class RequestMessageVideo : RequestMessageBase
    {
        public string MediaId { get; set; } = string.Empty;
        public string ThumbMediaId { get; set; } = string.Empty;
        public long MsgId { get; set; }
        public string? MsgDataId { get; set; }
        public int? Idx { get; set; }
    }

    /// <summary>MsgType <c>voice</c>.</summary>
    public sealed class RequestMessageVoice : RequestMessageBase
    {
        public string MediaId { get; set; } = string.Empty;
        public string Format { get; set; } = string.Empty;
        public string? Recognition { get; set; }
        public long MsgId { get; set; }
        public string? MsgDataId { get; set; }
        public int? Idx { get; set; }
        public string? MediaId16K { get; set; }
    }
}
