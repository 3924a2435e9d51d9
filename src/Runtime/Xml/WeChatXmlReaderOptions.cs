namespace WeChat.OfficialAccount.Xml
{
    /// <summary>Limits the XML parser enforces before and while it reads a body.</summary>
    public sealed class WeChatXmlReaderOptions
    {
        /// <summary>The default limits: 1 MiB body, nesting depth 8.</summary>
        public static WeChatXmlReaderOptions Default { get; } = new();

        /// <summary>Largest accepted body in bytes. WeChat payloads are a few KiB; the default is 1 MiB.</summary>
        public int MaxBytes { get; init; } = 1024 * 1024;

        /// <summary>Deepest accepted element nesting, the root element counting as 1. Default 8.</summary>
        public int MaxDepth { get; init; } = 8;
    }
}
