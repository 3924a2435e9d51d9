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
    /// <summary>Writing a passive news reply with two articles, each side from its own prebuilt model.</summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class WriteNewsReplyBenchmarks
    {
        private const string Category = "Write news reply (2 articles)";
        private const string ToUser = "oMgHVjngRipVsoxg6TuX3vz6glDg";
        private const string FromUser = "gh_e136c6e50636";
        private const long CreateTime = 1408090816;

        private static readonly (string Title, string Description, string PicUrl, string Url)[] Articles =
        [
            ("公众平台官网链接", "公众平台官网链接 — 第一篇", "https://mmbiz.qpic.cn/mmbiz_jpg/example/0?wx_fmt=jpeg", "https://mp.weixin.qq.com/s/first-article"),
            ("Second article", "A short summary of the second article & its <topic>.", "https://mmbiz.qpic.cn/mmbiz_png/example/0?wx_fmt=png", "https://mp.weixin.qq.com/s/second-article"),
        ];

        private readonly ArrayBufferWriter<byte> _buffer = new(2048);
        private NewsReply _reply = new();
        private NewsReplyXml _skitReply = new();
        private ResponseMessageNews _senparcReply = new();

        [GlobalSetup]
        public void Setup()
        {
            _reply = new NewsReply { ToUserName = ToUser, FromUserName = FromUser, CreateTime = CreateTime };
            _skitReply = new NewsReplyXml { ToUserName = ToUser, FromUserName = FromUser, CreateTimestamp = CreateTime, ArticleCount = Articles.Length };
            _senparcReply = new ResponseMessageNews { ToUserName = ToUser, FromUserName = FromUser, CreateTime = DateTimeOffset.FromUnixTimeSeconds(CreateTime) };
            foreach ((string title, string description, string picUrl, string url) in Articles)
            {
                _reply.Articles.Add(new ReplyArticle { Title = title, Description = description, PicUrl = picUrl, Url = url });
                _skitReply.Articles.Add(new NewsReplyArticleXml { Title = title, Description = description, PicUrl = picUrl, Url = url });
                _senparcReply.Articles.Add(new Article { Title = title, Description = description, PicUrl = picUrl, Url = url });
            }

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
        public string XmlSerializerSkitStyle() => SkitXmlSerializer<NewsReplyXml>.Serialize(_skitReply);

        [Benchmark(Description = "Senparc-style: reflection -> XDocument -> string")]
        [BenchmarkCategory(Category)]
        public string XDocumentSenparcStyle() => EntityWriter.ConvertEntityToXmlString(_senparcReply);
    }
}
