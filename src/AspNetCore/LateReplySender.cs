using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WeChat.OfficialAccount.Api;
using WeChat.OfficialAccount.Http;
using WeChat.OfficialAccount.Replies;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>Delivers a reply that missed the 5-second deadline as a customer-service message.</summary>
    internal static class LateReplySender
    {
        /// <summary>How many articles a customer-service news message carries; a late news reply keeps its first ones.</summary>
        public const int NewsArticleLimit = 1;

        /// <summary>The customer-service form of a passive reply, or null for replies that have none (transfer to an agent).</summary>
        public static CustomMessageSendRequest? ToCustomerServiceMessage(WeChatReply reply, string openId) => reply switch
        {
            TextReply text => new CustomMessageSendRequest { ToUser = openId, MsgType = "text", Text = new CustomMessageText { Content = text.Content } },
            ImageReply image => new CustomMessageSendRequest { ToUser = openId, MsgType = "image", Image = new CustomMessageMedia { MediaId = image.Image.MediaId } },
            VoiceReply voice => new CustomMessageSendRequest { ToUser = openId, MsgType = "voice", Voice = new CustomMessageMedia { MediaId = voice.Voice.MediaId } },
            // A passive video reply carries no thumbnail, so the customer-service video goes without thumb_media_id.
            VideoReply video => new CustomMessageSendRequest
            {
                ToUser = openId,
                MsgType = "video",
                Video = new CustomMessageVideo { MediaId = video.Video.MediaId, Title = video.Video.Title, Description = video.Video.Description },
            },
            MusicReply music => new CustomMessageSendRequest
            {
                ToUser = openId,
                MsgType = "music",
                Music = new CustomMessageMusic
                {
                    Title = music.Music.Title, Description = music.Music.Description, MusicUrl = music.Music.MusicUrl ?? string.Empty,
                    HqMusicUrl = music.Music.HQMusicUrl ?? music.Music.MusicUrl ?? string.Empty, ThumbMediaId = music.Music.ThumbMediaId,
                },
            },
            NewsReply news => new CustomMessageSendRequest
            {
                ToUser = openId,
                MsgType = "news",
                News = new CustomMessageNews
                {
                    Articles = news.Articles.Take(NewsArticleLimit).Select(a => new CustomMessageNewsArticle { Title = a.Title, Description = a.Description, Url = a.Url, PicUrl = a.PicUrl }).ToList(),
                },
            },
            _ => null,
        };

        public static Task SendAsync(WeChatApiClient client, CustomMessageSendRequest message, CancellationToken cancellationToken) =>
            client.CustomMessages.SendAsync(message, cancellationToken);
    }
}
