using System;
using System.Text;
using WeChat.OfficialAccount.Events;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;

namespace WeChat.OfficialAccount.Tests
{
    /// <summary>A project's own factory put in front of the SDK's: its types win, the SDK's fill in the rest.</summary>
    public sealed class WeChatPayloadFactoryTests
    {
        private static readonly IWeChatPayloadFactory Combined = WeChatPayloadFactory.Combine(new ProjectTypes(), WeChatSpecTypes.Instance);

        [Fact]
        public void Combined_factory_takes_the_first_factorys_type_for_a_value_it_knows()
        {
            WeChatMessage message = WeChatMessageParser.Parse(Event("parcel_arrived"), Combined);

            Assert.IsType<LocationEvent>(message);
        }

        [Fact]
        public void Combined_factory_lets_the_first_factory_replace_an_sdk_type()
        {
            Assert.IsType<ViewEvent>(WeChatMessageParser.Parse(Event("CLICK"), Combined));
            Assert.IsType<ClickEvent>(WeChatMessageParser.Parse(Event("CLICK")));
        }

        [Fact]
        public void Combined_factory_falls_back_to_the_sdk_for_messages_events_and_replies()
        {
            byte[] text = Encoding.UTF8.GetBytes("<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId></xml>");
            byte[] reply = Encoding.UTF8.GetBytes(new TextReply { ToUserName = "o", FromUserName = "gh", Content = "ok" }.ToXml());

            Assert.Equal("hi", Assert.IsType<TextMessage>(WeChatMessageParser.Parse(text, Combined)).Content);
            Assert.IsType<SubscribeEvent>(WeChatMessageParser.Parse(Event("subscribe"), Combined));
            Assert.Equal("ok", Assert.IsType<TextReply>(WeChatMessageParser.ParseReply(reply, Combined)).Content);
        }

        [Fact]
        public void Combined_factory_gives_unknown_event_when_no_factory_knows_the_value()
        {
            Assert.IsType<UnknownEvent>(WeChatMessageParser.Parse(Event("never_heard_of"), Combined));
        }

        [Fact]
        public void Combine_rejects_no_factories_and_null_entries()
        {
            Assert.Throws<ArgumentException>(() => WeChatPayloadFactory.Combine());
            Assert.Throws<ArgumentException>(() => WeChatPayloadFactory.Combine(WeChatSpecTypes.Instance, null!));
        }

        private static byte[] Event(string name) => Encoding.UTF8.GetBytes(
            $"<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>{name}</Event></xml>");

        /// <summary>Stands in for a project's generated factory: one Event of its own, one the SDK also has.</summary>
        private sealed class ProjectTypes : IWeChatPayloadFactory
        {
            public WeChatMessage? CreateMessage(string msgType) => null;

            public WeChatEvent? CreateEvent(string eventName) => eventName switch
            {
                "parcel_arrived" => new LocationEvent(),
                "CLICK" => new ViewEvent(),
                _ => null,
            };

            public WeChatReply? CreateReply(string msgType) => null;
        }
    }
}
