using WeChat.OfficialAccount.Api;
using WeChat.OfficialAccount.Replies;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>What a reply that missed the deadline becomes on the customer-service message API, per reply type.</summary>
    public sealed class LateReplySenderTests
    {
        [Fact]
        public void Text_image_and_voice_keep_their_content()
        {
            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"你好\"}}", Json(new TextReply { Content = "你好" }));
            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"image\",\"image\":{\"media_id\":\"img1\"}}", Json(new ImageReply { Image = { MediaId = "img1" } }));
            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"voice\",\"voice\":{\"media_id\":\"voc1\"}}", Json(new VoiceReply { Voice = { MediaId = "voc1" } }));
        }

        [Fact]
        public void A_video_goes_without_a_thumbnail_rather_than_with_an_empty_one()
        {
            Assert.Equal(
                "{\"touser\":\"o1\",\"msgtype\":\"video\",\"video\":{\"media_id\":\"vid1\",\"title\":\"clip\",\"description\":\"about\"}}",
                Json(new VideoReply { Video = { MediaId = "vid1", Title = "clip", Description = "about" } }));
            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"video\",\"video\":{\"media_id\":\"vid2\"}}", Json(new VideoReply { Video = { MediaId = "vid2" } }));
        }

        [Fact]
        public void Music_without_a_high_quality_link_uses_the_ordinary_one()
        {
            Assert.Equal(
                "{\"touser\":\"o1\",\"msgtype\":\"music\",\"music\":{\"title\":\"song\",\"musicurl\":\"https://m/1.mp3\",\"hqmusicurl\":\"https://m/1.mp3\",\"thumb_media_id\":\"th1\"}}",
                Json(new MusicReply { Music = { Title = "song", MusicUrl = "https://m/1.mp3", ThumbMediaId = "th1" } }));
        }

        [Fact]
        public void News_sends_its_first_article_only()
        {
            var news = new NewsReply();
            news.Articles.Add(new ReplyArticle { Title = "one", Description = "first", Url = "https://a/1", PicUrl = "https://a/1.jpg" });
            news.Articles.Add(new ReplyArticle { Title = "two", Description = "second", Url = "https://a/2", PicUrl = "https://a/2.jpg" });

            Assert.Equal(
                "{\"touser\":\"o1\",\"msgtype\":\"news\",\"news\":{\"articles\":[{\"title\":\"one\",\"description\":\"first\",\"url\":\"https://a/1\",\"picurl\":\"https://a/1.jpg\"}]}}",
                Json(news));
        }

        [Fact]
        public void A_transfer_to_an_agent_has_no_customer_service_form()
        {
            Assert.Null(LateReplySender.ToCustomerServiceMessage(new TransferCustomerServiceReply(), "o1"));
        }

        private static string Json(WeChatReply reply)
        {
            CustomMessageSendRequest? message = LateReplySender.ToCustomerServiceMessage(reply, "o1");
            Assert.NotNull(message);
            return message.ToJson();
        }
    }
}
