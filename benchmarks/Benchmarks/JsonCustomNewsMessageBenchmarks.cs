using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WeChat.OfficialAccount.Api;
using WeChat.OfficialAccount.Benchmarks.Baselines.SystemTextJsonStyle;
using WeChat.OfficialAccount.Benchmarks.Verification;

namespace WeChat.OfficialAccount.Benchmarks
{
    /// <summary>Serializing a customer-service news message (/cgi-bin/message/custom/send, one article in Chinese).</summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class JsonCustomNewsMessageBenchmarks
    {
        private const string Category = "JSON: serialize custom news message (1 article)";
        private const string ToUser = "oMgHVjngRipVsoxg6TuX3vz6glDg";
        private const string Title = "双十一会员专享：全场图书满100减50";
        private const string Description = "活动时间 11月1日—11月11日，点击查看参与门店与使用规则。";
        private const string Url = "https://mp.weixin.qq.com/s/Xq3b7d1Fv0KpLr2T9m8YwA";
        private const string PicUrl = "https://mmbiz.qpic.cn/mmbiz_jpg/example/0?wx_fmt=jpeg";

        private readonly ReusedJsonWriter _writer = new(1024);
        private CustomMessageSendRequest _request = new();
        private CustomMessageSendRequestJson _skitRequest = new();

        [GlobalSetup]
        public void Setup()
        {
            _request = new CustomMessageSendRequest
            {
                ToUser = ToUser,
                MsgType = "news",
                News = new CustomMessageNews
                {
                    Articles = { new CustomMessageNewsArticle { Title = Title, Description = Description, Url = Url, PicUrl = PicUrl } },
                },
            };
            _skitRequest = new CustomMessageSendRequestJson
            {
                AccessToken = "ACCESS_TOKEN",
                ToUserOpenId = ToUser,
                MessageType = "news",
                MessageContentForNews = new CustomMessageSendRequestJson.Types.NewsMessage
                {
                    ArticleList = { new CustomMessageSendRequestJson.Types.NewsArticle { Title = Title, Description = Description, Url = Url, PictureUrl = PicUrl } },
                },
            };

            OursWriteJson();
            JsonParity.AssertSameBodies(Title, _writer.WrittenSpan, OursToJson(), SystemTextJsonSkitStyle());
        }

        [GlobalCleanup]
        public void Cleanup() => _writer.Dispose();

        [Benchmark(Description = "Ours: WriteJson(reused Utf8JsonWriter)")]
        [BenchmarkCategory(Category)]
        public int OursWriteJson() => _writer.Write(_request);

        [Benchmark(Description = "Ours: ToJson() string")]
        [BenchmarkCategory(Category)]
        public string OursToJson() => _request.ToJson();

        [Benchmark(Baseline = true, Description = "SKIT-style: JsonSerializer.SerializeToUtf8Bytes (reflection)")]
        [BenchmarkCategory(Category)]
        public byte[] SystemTextJsonSkitStyle() => JsonSerializer.SerializeToUtf8Bytes(_skitRequest, SkitJsonOptions.Default);
    }
}
