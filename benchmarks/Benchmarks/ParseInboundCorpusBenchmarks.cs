using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WeChat.OfficialAccount.Benchmarks.Baselines.XDocumentStyle;
using WeChat.OfficialAccount.Benchmarks.Baselines.XmlSerializerStyle;
using WeChat.OfficialAccount.Benchmarks.Verification;

namespace WeChat.OfficialAccount.Benchmarks
{
    /// <summary>
    /// Parsing every msg_*, event_* and device_* fixture once per operation (bodies preloaded), so the mix of
    /// messages, events, nested objects and lists counts rather than one payload.
    /// </summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class ParseInboundCorpusBenchmarks
    {
        private const string Category = "Parse mixed corpus";

        private byte[][] _bodies = Array.Empty<byte[]>();

        [GlobalSetup]
        public void Setup()
        {
            IReadOnlyList<(string Name, byte[] Body)> corpus = ReferenceData.InboundCorpus();
            _bodies = corpus.Select(entry => entry.Body).ToArray();
            if (_bodies.Length == 0)
            {
                throw new InvalidOperationException("No msg_*/event_*/device_* fixtures were found.");
            }

            foreach ((string name, byte[] body) in corpus)
            {
                WeChatMessage ours = WeChatMessageParser.Parse(body);
                if (ours is UnknownMessage or UnknownEvent)
                {
                    throw new InvalidOperationException($"{name}: the SDK did not recognise the message.");
                }

                FieldSnapshot.AssertSame(
                    name + " / XmlSerializer",
                    FieldSnapshot.Of(ours, includeUnknown: true),
                    FieldSnapshot.Of(SkitXmlSerializer<CorpusMessageXml>.Deserialize(new MemoryStream(body, writable: false))));

                RequestMessageBase senparc = RequestMessageFactory.GetRequestEntity(Encoding.UTF8.GetString(body));
                if (senparc is RequestMessageUnknownType)
                {
                    throw new InvalidOperationException($"{name}: the Senparc-style factory has no class for it.");
                }

                FieldSnapshot.AssertSame(name + " / XDocument", FieldSnapshot.Of(ours, includeUnknown: false), FieldSnapshot.Of(senparc));
            }
        }

        [Benchmark(Description = "Ours: WeChatMessageParser.Parse")]
        [BenchmarkCategory(Category)]
        public object? Ours()
        {
            object? last = null;
            foreach (byte[] body in _bodies)
            {
                last = WeChatMessageParser.Parse(body);
            }

            return last;
        }

        [Benchmark(Baseline = true, Description = "SKIT-style: XmlSerializer (superset class)")]
        [BenchmarkCategory(Category)]
        public object? XmlSerializerSkitStyle()
        {
            object? last = null;
            foreach (byte[] body in _bodies)
            {
                last = SkitXmlSerializer<CorpusMessageXml>.Deserialize(new MemoryStream(body, writable: false));
            }

            return last;
        }

        [Benchmark(Description = "Senparc-style: XDocument + reflection (class per type)")]
        [BenchmarkCategory(Category)]
        public object? XDocumentSenparcStyle()
        {
            object? last = null;
            foreach (byte[] body in _bodies)
            {
                last = RequestMessageFactory.GetRequestEntity(Encoding.UTF8.GetString(body));
            }

            return last;
        }
    }
}
