using System;
using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WeChat.OfficialAccount.Benchmarks.Baselines.XDocumentStyle;
using WeChat.OfficialAccount.Benchmarks.Baselines.XmlSerializerStyle;
using WeChat.OfficialAccount.Benchmarks.Verification;
using WeChat.OfficialAccount.Replies;

namespace WeChat.OfficialAccount.Benchmarks
{
    /// <summary>Writing a passive text reply, each side from its own prebuilt model.</summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class WriteTextReplyBenchmarks
    {
        private const string Category = "Write text reply";
        private const string ToUser = "oMgHVjngRipVsoxg6TuX3vz6glDg";
        private const string FromUser = "gh_e136c6e50636";
        private const long CreateTime = 1408090816;
        private const string Content = "收到您发来的文字信息：this is a test";

        private readonly ArrayBufferWriter<byte> _buffer = new(1024);
        private readonly TextReply _reply = new() { ToUserName = ToUser, FromUserName = FromUser, CreateTime = CreateTime, Content = Content };
        private readonly TextReplyXml _skitReply = new() { ToUserName = ToUser, FromUserName = FromUser, CreateTimestamp = CreateTime, Content = Content };
        private readonly ResponseMessageText _senparcReply = new()
        {
            ToUserName = ToUser,
            FromUserName = FromUser,
            CreateTime = DateTimeOffset.FromUnixTimeSeconds(CreateTime),
            Content = Content,
        };

        [GlobalSetup]
        public void Setup()
        {
            OursWriteTo();
            ReplyParity.AssertSame("WriteTo", _reply, System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan));
            ReplyParity.AssertSame("XmlSerializer", _reply, XmlSerializerSkitStyle());
            ReplyParity.AssertSame("XDocument", _reply, XDocumentSenparcStyle());
        }

        [Benchmark(Description = "Ours: WriteTo(ArrayBufferWriter)")]
        [BenchmarkCategory(Category)]
        public int OursWriteTo()
        {
            _buffer.Clear();
            _reply.WriteTo(_buffer);
            return _buffer.WrittenCount;
        }

        [Benchmark(Description = "Ours: ToXml() string")]
        [BenchmarkCategory(Category)]
        public string OursToXml() => _reply.ToXml();

        [Benchmark(Baseline = true, Description = "SKIT-style: XmlSerializer + regex")]
        [BenchmarkCategory(Category)]
        public string XmlSerializerSkitStyle() => SkitXmlSerializer<TextReplyXml>.Serialize(_skitReply);

        [Benchmark(Description = "Senparc-style: reflection -> XDocument -> string")]
        [BenchmarkCategory(Category)]
        public string XDocumentSenparcStyle() => EntityWriter.ConvertEntityToXmlString(_senparcReply);
    }
}
