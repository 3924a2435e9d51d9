using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;

namespace WeChat.OfficialAccount.Generator.Tests
{
    /// <summary>Code generated from a consumer's own spec works with the SDK's parser, writer and JSON view.</summary>
    public sealed class GeneratedCodeBehaviourTests
    {
        private static readonly Lazy<Assembly> Consumer = new(() =>
        {
            var (_, output, diagnostics) = GeneratorHarness.Run(new AdditionalText[]
            {
                new InMemoryAdditionalText("specs/small.wechat.json", GeneratorHarness.Read("small.wechat.json")),
                new InMemoryAdditionalText("specs/small-replies.wechat.json", GeneratorHarness.Read("small-replies.wechat.json")),
            });
            Assert.Empty(diagnostics);
            using var stream = new MemoryStream();
            var result = output.Emit(stream);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            return new AssemblyLoadContext("consumer", isCollectible: false).LoadFromStream(new MemoryStream(stream.ToArray()));
        });

        private static IWeChatPayloadFactory Factory =>
            (IWeChatPayloadFactory)Consumer.Value.GetType("Consumer.WeChatSpecTypes")!.GetProperty("Instance")!.GetValue(null)!;

        private const string Parcel =
            "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o_1]]></FromUserName><CreateTime>1700000000</CreateTime>"
            + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[Parcel_Arrived]]></Event><EventKey><![CDATA[L1]]></EventKey>"
            + "<Weight>1.25</Weight><Pieces>3</Pieces><Fragile>1</Fragile><Status><![CDATA[collected]]></Status>"
            + "<Box><Number>B7</Number><Size>9</Size></Box><Labels><item>a</item><item>b</item></Labels><scan_idx>4</scan_idx><scan_idx>5</scan_idx><NewField>n</NewField></xml>";

        [Fact]
        public void Consumer_event_parses_with_every_field_typed()
        {
            WeChatMessage message = WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(Parcel), Factory);

            Assert.Equal("Consumer.Events.ParcelEvent", message.GetType().FullName);
            dynamic parcel = message;
            Assert.Equal(1.25, (double?)parcel.Weight);
            Assert.Equal(3, (int)parcel.Pieces);
            Assert.Null((long?)parcel.TrackingNo);
            Assert.True((bool?)parcel.Fragile);
            Assert.Equal("Collected", parcel.Status.ToString());
            Assert.Equal("B7", (string)parcel.Box.Number);
            Assert.Equal("Unknown", parcel.Box.Size.ToString());
            Assert.Equal("9", (string)parcel.Box.SizeRaw);
            Assert.Equal(new[] { "a", "b" }, ((System.Collections.Generic.List<string>)parcel.Labels).ToArray());
            Assert.Equal(new[] { 4, 5 }, ((System.Collections.Generic.List<int>)parcel.ScanIdx).ToArray());
            Assert.Equal("NewField", Assert.Single(message.UnknownElements).Name);
        }

        [Fact]
        public void Consumer_event_json_and_xml_round_trip()
        {
            WeChatMessage message = WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(Parcel), Factory);

            string json = message.ToJson();
            WeChatMessage again = WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(message.ToXml()), Factory);

            Assert.Equal("{\"$type\":\"ParcelEvent\",\"ToUserName\":\"gh_1\",\"FromUserName\":\"o_1\",\"CreateTime\":1700000000,\"MsgType\":\"event\",\"Event\":\"Parcel_Arrived\","
                + "\"EventKey\":\"L1\",\"Weight\":1.25,\"Pieces\":3,\"Fragile\":true,\"Status\":\"collected\",\"Box\":{\"Number\":\"B7\",\"Size\":9},"
                + "\"Labels\":[\"a\",\"b\"],\"scan_idx\":[4,5],\"$unknown\":{\"NewField\":\"n\"}}", json);
            Assert.Equal(json, again.ToJson());
        }

        [Fact]
        public void Consumer_reply_counts_and_checks_its_list()
        {
            const string reply = "<xml><ToUserName>o</ToUserName><FromUserName>gh</FromUserName><CreateTime>1</CreateTime><MsgType>cards</MsgType><CardCount>2</CardCount><Cards><item><Title>t</Title></item></Cards></xml>";

            var error = Assert.Throws<WeChat.OfficialAccount.Xml.WeChatXmlException>(() => WeChatMessageParser.ParseReply(Encoding.UTF8.GetBytes(reply), Factory));

            Assert.Contains("CardCount is 2 but 1 entries follow", error.Reason);
        }
    }
}
