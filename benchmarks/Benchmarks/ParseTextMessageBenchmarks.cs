using System;
using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WeChat.OfficialAccount.Benchmarks.Baselines.XDocumentStyle;
using WeChat.OfficialAccount.Benchmarks.Baselines.XmlSerializerStyle;
using WeChat.OfficialAccount.Benchmarks.Verification;
using WeChat.OfficialAccount.Messages;

namespace WeChat.OfficialAccount.Benchmarks
{
    /// <summary>Parsing one inbound text message (fixtures/msg_text.xml) from its UTF-8 body.</summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class ParseTextMessageBenchmarks
    {
        private const string Category = "Parse text message";

        private byte[] _body = Array.Empty<byte>();

        [GlobalSetup]
        public void Setup()
        {
            _body = ReferenceData.Fixture("msg_text.xml");

            WeChatMessage ours = Ours();
            if (ours is not TextMessage)
            {
                throw new InvalidOperationException($"msg_text.xml parsed as {ours.GetType().Name}, not TextMessage.");
            }

            FieldSnapshot.AssertSame("XmlSerializer", FieldSnapshot.Of(ours, includeUnknown: true), FieldSnapshot.Of(XmlSerializerSkitStyle()));
            FieldSnapshot.AssertSame("XDocument", FieldSnapshot.Of(ours, includeUnknown: false), FieldSnapshot.Of(XDocumentSenparcStyle()));
        }

        [Benchmark(Description = "Ours: WeChatMessageParser.Parse")]
        [BenchmarkCategory(Category)]
        public WeChatMessage Ours() => WeChatMessageParser.Parse(_body);

        [Benchmark(Baseline = true, Description = "SKIT-style: XmlSerializer")]
        [BenchmarkCategory(Category)]
        public TextMessageXml XmlSerializerSkitStyle() =>
            SkitXmlSerializer<TextMessageXml>.Deserialize(new MemoryStream(_body, writable: false));

        [Benchmark(Description = "Senparc-style: XDocument + reflection")]
        [BenchmarkCategory(Category)]
        public RequestMessageBase XDocumentSenparcStyle() =>
            RequestMessageFactory.GetRequestEntity(Encoding.UTF8.GetString(_body));
    }
}
