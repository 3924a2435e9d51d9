using System;
using System.Buffers;
using System.IO;
using System.Text;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Tests.Xml;

namespace WeChat.OfficialAccount.Tests.Replies
{
    public sealed class ReplyWritingTests
    {
        private static string Official(string name) =>
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "official-replies", name + ".xml")).Replace("\r\n", "\n");

        private static T Addressed<T>(T reply, string to = "toUser", string from = "fromUser", long time = 12345678)
            where T : WeChatReply
        {
            reply.ToUserName = to;
            reply.FromUserName = from;
            reply.CreateTime = time;
            return reply;
        }

        [Fact]
        public void Text_reply_matches_the_official_layout_byte_for_byte()
        {
            Assert.Equal(Official("text"), Addressed(new TextReply { Content = "你好" }).ToXml());
        }

        [Fact]
        public void Image_and_voice_replies_match_the_official_layout()
        {
            Assert.Equal(Official("image"), Addressed(new ImageReply { Image = { MediaId = "media_id" } }).ToXml());
            Assert.Equal(Official("voice"), Addressed(new VoiceReply { Voice = { MediaId = "media_id" } }).ToXml());
        }

        [Fact]
        public void Video_reply_matches_the_official_layout()
        {
            var reply = Addressed(new VideoReply { Video = { MediaId = "media_id", Title = "title", Description = "description" } });

            Assert.Equal(Official("video"), reply.ToXml());
        }

        [Fact]
        public void Music_reply_uses_the_official_element_order()
        {
            var reply = Addressed(new MusicReply
            {
                Music = { Title = "TITLE", Description = "DESCRIPTION", MusicUrl = "MUSIC_Url", HQMusicUrl = "HQ_MUSIC_Url", ThumbMediaId = "media_id" },
            });

            Assert.Equal(Official("music"), reply.ToXml());
        }

        [Fact]
        public void News_reply_counts_its_articles()
        {
            var reply = Addressed(new NewsReply());
            reply.Articles.Add(new ReplyArticle { Title = "title1", Description = "description1", PicUrl = "picurl", Url = "url" });
            reply.Articles.Add(new ReplyArticle { Title = "title", Description = "description", PicUrl = "picurl", Url = "url" });

            Assert.Equal(2, reply.ArticleCount);
            Assert.Equal(Official("news"), reply.ToXml());
        }

        [Fact]
        public void Transfer_reply_with_and_without_an_agent()
        {
            var toAgent = Addressed(new TransferCustomerServiceReply { TransInfo = new ReplyTransferTarget { KfAccount = "test1@test" } }, "touser", "fromuser", 1399197672);
            var toAnyone = Addressed(new TransferCustomerServiceReply(), "touser", "fromuser", 1399197672);

            Assert.Equal(Official("transfer_customer_service"), toAgent.ToXml());
            Assert.DoesNotContain("TransInfo", toAnyone.ToXml());
        }

        [Fact]
        public void Cdata_terminator_inside_content_is_split_and_survives_parsing()
        {
            var reply = Addressed(new TextReply { Content = "a]]>b]]]>c]]" });

            string xml = reply.ToXml();
            TextReply parsed = Assert.IsType<TextReply>(WeChatMessageParser.ParseReply(Encoding.UTF8.GetBytes(xml)));

            Assert.Contains("<![CDATA[a]]]]><![CDATA[>b]]]]]><![CDATA[>c]]]]>", xml);
            Assert.Equal("a]]>b]]]>c]]", parsed.Content);
            Assert.Equal("a]]>b]]]>c]]", CanonicalXml.TryRead(Encoding.UTF8.GetBytes(xml), out _)!.Children.Find(c => c.Name == "Content")!.Text);
        }

        [Fact]
        public void Carriage_returns_and_edge_spaces_in_content_survive_a_round_trip()
        {
            var reply = Addressed(new TextReply { Content = " line1\r\nline2\rline3 " });

            TextReply parsed = Assert.IsType<TextReply>(WeChatMessageParser.ParseReply(Encoding.UTF8.GetBytes(reply.ToXml())));

            Assert.Equal(" line1\r\nline2\rline3 ", parsed.Content);
        }

        [Fact]
        public void Characters_xml_cannot_carry_are_refused_when_writing()
        {
            var reply = Addressed(new TextReply { Content = "bell\u0007" });

            Assert.Throws<ArgumentException>(() => reply.ToXml());
        }

        [Fact]
        public void Reply_writes_to_a_buffer_writer_the_same_bytes_as_the_string()
        {
            var reply = Addressed(new TextReply { Content = "你好" });
            var buffer = new ArrayBufferWriter<byte>();

            reply.WriteTo(buffer);

            Assert.Equal(Encoding.UTF8.GetBytes(reply.ToXml()), buffer.WrittenSpan.ToArray());
        }

        [Fact]
        public void Address_to_swaps_sender_and_receiver()
        {
            var inbound = (TextMessage)WeChatMessageParser.Parse(Fixtures.Bytes("msg_text.xml"));
            var reply = new TextReply { Content = "hi" };

            reply.AddressTo(inbound);

            Assert.Equal("fromUser", reply.ToUserName);
            Assert.Equal("toUser", reply.FromUserName);
            Assert.True(reply.CreateTime > 1_700_000_000);
        }

        [Theory]
        [MemberData(nameof(Fixtures.Replies), MemberType = typeof(Fixtures))]
        public void Peer_reply_fixtures_parse_to_typed_replies_and_rewrite_with_the_same_data(string fixture)
        {
            byte[] bytes = Fixtures.Bytes(fixture);

            WeChatReply reply = WeChatMessageParser.ParseReply(bytes);

            Assert.IsNotType<UnknownReply>(reply);
            Assert.False(reply.HasUnknownElements);
            CanonicalXml original = CanonicalXml.TryRead(bytes, out _)!;
            CanonicalXml rewritten = CanonicalXml.TryRead(Encoding.UTF8.GetBytes(reply.ToXml()), out var error) ?? throw error!;
            Assert.Null(original.DifferenceFrom(rewritten));
        }
    }
}
