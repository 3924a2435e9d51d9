using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace WeChat.OfficialAccount.Benchmarks.Baselines.SystemTextJsonStyle
{
    /// <summary>
    /// SKIT-style body of /cgi-bin/message/custom/send: touser, msgtype and one nullable property per content kind,
    /// all left out when null, content shapes nested in <c>Types</c> as SKIT nests them. The content kinds are the
    /// ones the SDK's generated type declares (SKIT also has <c>link</c>), so both serializers visit the same properties.
    /// </summary>
    public sealed class CustomMessageSendRequestJson : SkitApiRequest
    {
        [JsonPropertyName("touser")]
        public string ToUserOpenId { get; set; } = string.Empty;

        [JsonPropertyName("msgtype")]
        public string MessageType { get; set; } = string.Empty;

        [JsonPropertyName("text")]
        public Types.TextMessage? MessageContentForText { get; set; }

        [JsonPropertyName("mpnews")]
        public Types.MediaMessage? MessageContentForMpNews { get; set; }

        [JsonPropertyName("news")]
        public Types.NewsMessage? MessageContentForNews { get; set; }

        [JsonPropertyName("mpnewsarticle")]
        public Types.MpNewsArticleMessage? MessageContentForMpNewsArticle { get; set; }

        [JsonPropertyName("image")]
        public Types.MediaMessage? MessageContentForImage { get; set; }

        [JsonPropertyName("voice")]
        public Types.MediaMessage? MessageContentForVoice { get; set; }

        [JsonPropertyName("video")]
        public Types.VideoMessage? MessageContentForVideo { get; set; }

        [JsonPropertyName("music")]
        public Types.MusicMessage? MessageContentForMusic { get; set; }

        [JsonPropertyName("wxcard")]
        public Types.CardMessage? MessageContentForCard { get; set; }

        [JsonPropertyName("msgmenu")]
        public Types.MenuMessage? MessageContentForMenu { get; set; }

        [JsonPropertyName("miniprogrampage")]
        public Types.MiniProgramMessage? MessageContentForMiniProgram { get; set; }

        [JsonPropertyName("customservice")]
        public Types.CustomService? CustomService { get; set; }

        public static class Types
        {
            public sealed class TextMessage
            {
                [JsonPropertyName("content")]
                public string Content { get; set; } = string.Empty;
            }

            public sealed class MediaMessage
            {
                [JsonPropertyName("media_id")]
                public string MediaId { get; set; } = string.Empty;
            }

            public sealed class NewsMessage
            {
                [JsonPropertyName("articles")]
                public IList<NewsArticle> ArticleList { get; set; } = new List<NewsArticle>();
            }

            public sealed class NewsArticle
            {
                [JsonPropertyName("title")]
                public string Title { get; set; } = string.Empty;

                [JsonPropertyName("description")]
                public string Description { get; set; } = string.Empty;

                [JsonPropertyName("url")]
                public string Url { get; set; } = string.Empty;

                [JsonPropertyName("picurl")]
                public string PictureUrl { get; set; } = string.Empty;
            }

            public sealed class MpNewsArticleMessage
            {
                [JsonPropertyName("article_id")]
                public string ArticleId { get; set; } = string.Empty;
            }

            public sealed class VideoMessage
            {
                [JsonPropertyName("media_id")]
                public string MediaId { get; set; } = string.Empty;

                [JsonPropertyName("thumb_media_id")]
                public string ThumbnailMediaId { get; set; } = string.Empty;

                [JsonPropertyName("title")]
                public string? Title { get; set; }

                [JsonPropertyName("description")]
                public string? Description { get; set; }
            }

            public sealed class MusicMessage
            {
                [JsonPropertyName("thumb_media_id")]
                public string ThumbnailMediaId { get; set; } = string.Empty;

                [JsonPropertyName("musicurl")]
                public string MusicUrl { get; set; } = string.Empty;

                [JsonPropertyName("hqmusicurl")]
                public string? HqMusicUrl { get; set; }

                [JsonPropertyName("title")]
                public string? Title { get; set; }

                [JsonPropertyName("description")]
                public string? Description { get; set; }
            }

            public sealed class CardMessage
            {
                [JsonPropertyName("card_id")]
                public string CardId { get; set; } = string.Empty;
            }

            public sealed class MenuMessage
            {
                [JsonPropertyName("head_content")]
                public string? HeadContent { get; set; }

                [JsonPropertyName("list")]
                public IList<MenuItem> List { get; set; } = new List<MenuItem>();

                [JsonPropertyName("tail_content")]
                public string? TailContent { get; set; }
            }

            public sealed class MenuItem
            {
                [JsonPropertyName("id")]
                public string Id { get; set; } = string.Empty;

                [JsonPropertyName("content")]
                public string Content { get; set; } = string.Empty;
            }

            public sealed class MiniProgramMessage
            {
                [JsonPropertyName("thumb_media_id")]
                public string? ThumbnailMediaId { get; set; }

                [JsonPropertyName("title")]
                public string? Title { get; set; }

                [JsonPropertyName("appid")]
                public string AppId { get; set; } = string.Empty;

                [JsonPropertyName("pagepath")]
                public string PagePath { get; set; } = string.Empty;
            }

            public sealed class CustomService
            {
                [JsonPropertyName("kf_account")]
                public string? KfAccount { get; set; }
            }
        }
    }
}
