using System.Linq;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WeChat.OfficialAccount.Api;
using WeChat.OfficialAccount.Benchmarks.Baselines.SystemTextJsonStyle;
using WeChat.OfficialAccount.Benchmarks.Verification;

namespace WeChat.OfficialAccount.Benchmarks
{
    /// <summary>Serializing a full custom menu (/cgi-bin/menu/create): 3 top-level buttons with 5 sub-buttons each, Chinese names.</summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class JsonMenuCreateBenchmarks
    {
        private const string Category = "JSON: serialize full menu (3 x 5 buttons)";

        /// <summary>One sub-button: type, name and the fields that type needs (key, url, media_id, article_id, appid, pagepath).</summary>
        private sealed record SubButton(string Type, string Name, string? Key = null, string? Url = null, string? MediaId = null,
            string? ArticleId = null, string? AppId = null, string? PagePath = null);

        private static readonly (string Name, SubButton[] SubButtons)[] Menu =
        [
            ("最新活动",
            [
                new("click", "本周特价", Key: "V1001_WEEKLY_DEALS"),
                new("view", "会员中心", Url: "https://shop.example.com/member?from=menu"),
                new("miniprogram", "小程序商城", Url: "https://shop.example.com/", AppId: "wx286b93c14bbf93aa", PagePath: "pages/index/index"),
                new("article_id", "品牌故事", ArticleId: "ARTICLE_ID_BRAND_STORY_2025"),
                new("scancode_push", "扫码签到", Key: "V1001_SCAN_CHECKIN"),
            ]),
            ("门店服务",
            [
                new("location_select", "附近门店", Key: "V2001_NEARBY_STORES"),
                new("pic_photo_or_album", "上传购物小票", Key: "V2001_UPLOAD_RECEIPT"),
                new("view", "预约到店服务", Url: "https://shop.example.com/booking"),
                new("click", "营业时间", Key: "V2001_OPENING_HOURS"),
                new("scancode_waitmsg", "扫码查询订单", Key: "V2001_SCAN_ORDER"),
            ]),
            ("联系我们",
            [
                new("click", "在线客服", Key: "V3001_CUSTOMER_SERVICE"),
                new("view", "常见问题", Url: "https://shop.example.com/help/faq"),
                new("media_id", "加入会员社群", MediaId: "MEDIA_ID_COMMUNITY_QR_CODE"),
                new("pic_sysphoto", "拍照反馈问题", Key: "V3001_PHOTO_FEEDBACK"),
                new("view", "意见与建议", Url: "https://shop.example.com/feedback"),
            ]),
        ];

        private readonly ReusedJsonWriter _writer = new(4096);
        private MenuCreateRequest _request = new();
        private MenuCreateRequestJson _skitRequest = new();

        [GlobalSetup]
        public void Setup()
        {
            _request = new MenuCreateRequest();
            _skitRequest = new MenuCreateRequestJson { AccessToken = "ACCESS_TOKEN" };
            foreach ((string name, SubButton[] subButtons) in Menu)
            {
                _request.Button.Add(new MenuButton
                {
                    Name = name,
                    SubButton = subButtons.Select(s => new MenuButton
                    {
                        Type = s.Type, Name = s.Name, Key = s.Key, Url = s.Url, MediaId = s.MediaId,
                        ArticleId = s.ArticleId, AppId = s.AppId, PagePath = s.PagePath,
                    }).ToList(),
                });
                _skitRequest.ButtonList.Add(new MenuCreateRequestJson.Types.Button
                {
                    Name = name,
                    SubButtonList = subButtons.Select(s => new MenuCreateRequestJson.Types.Button
                    {
                        Type = s.Type, Name = s.Name, Key = s.Key, Url = s.Url, MediaId = s.MediaId,
                        ArticleId = s.ArticleId, MiniProgramAppId = s.AppId, MiniProgramPagePath = s.PagePath,
                    }).ToList<MenuCreateRequestJson.Types.Button>(),
                });
            }

            OursWriteJson();
            JsonParity.AssertSameBodies("扫码查询订单", _writer.WrittenSpan, OursToJson(), SystemTextJsonSkitStyle());
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
