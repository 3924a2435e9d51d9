using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.SystemTextJsonStyle
{
    /// <summary>SKIT-style body of /cgi-bin/menu/create: a list of buttons, each with an optional list of sub-buttons.</summary>
    public sealed class MenuCreateRequestJson : SkitApiRequest
    {
        [JsonPropertyName("button")]
        public IList<Types.Button> ButtonList { get; set; } = new List<Types.Button>();

        public static class Types
        {
            /// <summary>
            /// One menu button. SKIT declares <c>type</c> as a non-null string defaulting to empty, which writes
            /// <c>"type":""</c> on parent buttons; here it is nullable so both sides send the same body.
            /// </summary>
            public sealed class Button
            {
                [JsonPropertyName("type")]
                public string? Type { get; set; }

                [JsonPropertyName("name")]
                public string Name { get; set; } = string.Empty;

                [JsonPropertyName("key")]
                public string? Key { get; set; }

                [JsonPropertyName("url")]
                public string? Url { get; set; }

                [JsonPropertyName("media_id")]
                public string? MediaId { get; set; }

                [JsonPropertyName("article_id")]
                public string? ArticleId { get; set; }

                [JsonPropertyName("appid")]
                public string? MiniProgramAppId { get; set; }

                [JsonPropertyName("pagepath")]
                public string? MiniProgramPagePath { get; set; }

                [JsonPropertyName("sub_button")]
                public IList<Button>? SubButtonList { get; set; }
            }
        }
    }
}
