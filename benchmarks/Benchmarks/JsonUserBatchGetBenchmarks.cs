using System;
using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WeChat.OfficialAccount.Api;
using WeChat.OfficialAccount.Benchmarks.Baselines.SystemTextJsonStyle;
using WeChat.OfficialAccount.Benchmarks.Verification;
using WeChat.OfficialAccount.Http;

namespace WeChat.OfficialAccount.Benchmarks
{
    /// <summary>Deserializing a /cgi-bin/user/info/batchget response of 100 users from its UTF-8 body.</summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class JsonUserBatchGetBenchmarks
    {
        private const string Category = "JSON: deserialize user/info/batchget (100 users)";
        private const int UserCount = 100;
        private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        private static readonly string[] Languages = ["zh_CN", "zh_CN", "zh_CN", "zh_CN", "zh_TW", "en"];
        private static readonly string[] Scenes =
            ["ADD_SCENE_SEARCH", "ADD_SCENE_QR_CODE", "ADD_SCENE_PROFILE_CARD", "ADD_SCENE_ARTICLE", "ADD_SCENE_ACCOUNT_MIGRATION", "ADD_SCENE_OTHERS"];
        private static readonly string[] Remarks = ["", "", "", "老客户", "北京朝阳门店会员", "VIP 张女士", "批发渠道"];

        private byte[] _body = Array.Empty<byte>();

        [GlobalSetup]
        public void Setup()
        {
            _body = BuildBody();
            UserBatchGetResponse ours = Ours();
            JsonParity.AssertSameUsers("SKIT-style", ours, SystemTextJsonSkitStyle());
            JsonParity.AssertEquivalent("Ours read back", _body, System.Text.Encoding.UTF8.GetBytes(ours.ToJson()));
        }

        [Benchmark(Description = "Ours: WeChatJsonObject.FromJson")]
        [BenchmarkCategory(Category)]
        public UserBatchGetResponse Ours() => WeChatJsonObject.FromJson<UserBatchGetResponse>(_body);

        [Benchmark(Baseline = true, Description = "SKIT-style: JsonSerializer.Deserialize (reflection)")]
        [BenchmarkCategory(Category)]
        public UserBatchGetResponseJson SystemTextJsonSkitStyle() =>
            JsonSerializer.Deserialize<UserBatchGetResponseJson>(_body, SkitJsonOptions.Default)!;

        /// <summary>
        /// A body as the platform sends it: numbers as numbers, subscribe as 0/1, Chinese as raw UTF-8. One user in
        /// twenty has unfollowed, for which the platform returns only subscribe, openid and unionid.
        /// </summary>
        private static byte[] BuildBody()
        {
            var random = new Random(20251121);
            var buffer = new ArrayBufferWriter<byte>(32 * 1024);
            using (var writer = new Utf8JsonWriter(buffer, WeChatJsonObject.WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteStartArray("user_info_list");
                for (int i = 0; i < UserCount; i++)
                {
                    bool subscribed = i % 20 != 19;
                    writer.WriteStartObject();
                    writer.WriteNumber("subscribe", subscribed ? 1 : 0);
                    writer.WriteString("openid", "o" + RandomId(random, 27));
                    if (subscribed)
                    {
                        string scene = Scenes[random.Next(Scenes.Length)];
                        bool byQrCode = scene == "ADD_SCENE_QR_CODE";
                        writer.WriteString("language", Languages[random.Next(Languages.Length)]);
                        writer.WriteNumber("subscribe_time", 1_434_093_047L + random.Next(0, 330_000_000));
                        writer.WriteString("unionid", "o6_bm" + RandomId(random, 24));
                        writer.WriteString("remark", Remarks[random.Next(Remarks.Length)]);
                        writer.WriteNumber("groupid", 0);
                        writer.WriteStartArray("tagid_list");
                        for (int tag = random.Next(0, 4); tag > 0; tag--)
                        {
                            writer.WriteNumberValue(random.Next(2, 200));
                        }

                        writer.WriteEndArray();
                        writer.WriteString("subscribe_scene", scene);
                        writer.WriteNumber("qr_scene", byQrCode ? random.Next(1, 100_000) : 0);
                        writer.WriteString("qr_scene_str", byQrCode && random.Next(2) == 0 ? "store_" + random.Next(100, 999) : string.Empty);
                    }
                    else
                    {
                        writer.WriteString("unionid", "o6_bm" + RandomId(random, 24));
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return buffer.WrittenSpan.ToArray();
        }

        private static string RandomId(Random random, int length) =>
            string.Create(length, random, static (span, r) =>
            {
                for (int i = 0; i < span.Length; i++)
                {
                    span[i] = IdAlphabet[r.Next(IdAlphabet.Length)];
                }
            });
    }
}
