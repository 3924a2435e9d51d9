using System;
using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WeChat.OfficialAccount.Benchmarks.Baselines.XDocumentStyle;
using WeChat.OfficialAccount.Benchmarks.Baselines.XmlSerializerStyle;
using WeChat.OfficialAccount.Benchmarks.Verification;
using WeChat.OfficialAccount.Events;

namespace WeChat.OfficialAccount.Benchmarks
{
    /// <summary>Parsing one pic_photo_or_album event with its nested SendPicsInfo/PicList (fixtures/event_pic_photo_or_album.xml) from its UTF-8 body.</summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class ParsePicPhotoOrAlbumEventBenchmarks
    {
        private const string Category = "Parse pic_photo_or_album event";

        private byte[] _body = Array.Empty<byte>();

        [GlobalSetup]
        public void Setup()
        {
            _body = ReferenceData.Fixture("event_pic_photo_or_album.xml");

            WeChatMessage ours = Ours();
            if (ours is not PicPhotoOrAlbumEvent)
            {
                throw new InvalidOperationException($"event_pic_photo_or_album.xml parsed as {ours.GetType().Name}, not PicPhotoOrAlbumEvent.");
            }

            FieldSnapshot.AssertSame("XmlSerializer", FieldSnapshot.Of(ours, includeUnknown: true), FieldSnapshot.Of(XmlSerializerSkitStyle()));
            FieldSnapshot.AssertSame("XDocument", FieldSnapshot.Of(ours, includeUnknown: false), FieldSnapshot.Of(XDocumentSenparcStyle()));
        }

        [Benchmark(Description = "Ours: WeChatMessageParser.Parse")]
        [BenchmarkCategory(Category)]
        public WeChatMessage Ours() => WeChatMessageParser.Parse(_body);

        [Benchmark(Baseline = true, Description = "SKIT-style: XmlSerializer")]
        [BenchmarkCategory(Category)]
        public PicPhotoOrAlbumEventXml XmlSerializerSkitStyle() =>
            SkitXmlSerializer<PicPhotoOrAlbumEventXml>.Deserialize(new MemoryStream(_body, writable: false));

        [Benchmark(Description = "Senparc-style: XDocument + reflection")]
        [BenchmarkCategory(Category)]
        public RequestMessageBase XDocumentSenparcStyle() =>
            RequestMessageFactory.GetRequestEntity(Encoding.UTF8.GetString(_body));
    }
}
