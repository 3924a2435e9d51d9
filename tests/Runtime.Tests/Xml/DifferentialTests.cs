using System;
using System.Linq;
using System.Text;
using WeChat.OfficialAccount.Xml;
using Xunit.Abstractions;

namespace WeChat.OfficialAccount.Tests.Xml
{
    /// <summary>
    /// Our parser against System.Xml.XmlReader on every fixture and on seeded mutations of them: either both accept
    /// and the typed result carries the same data as XmlReader's reading, or ours rejects with its one exception type.
    /// </summary>
    public sealed class DifferentialTests
    {
        private const int Mutations = 10_000;
        private readonly ITestOutputHelper _output;

        public DifferentialTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Every_fixture_and_ten_thousand_mutations_agree_with_xml_reader()
        {
            // A fixed seed keeps failures reproducible; WECHAT_FUZZ_SEED explores further.
            int seed = int.TryParse(Environment.GetEnvironmentVariable("WECHAT_FUZZ_SEED"), out int s) ? s : 20261121;
            var mutator = new XmlMutator(seed);
            byte[][] corpus = Fixtures.AllNames.Select(Fixtures.Bytes).ToArray();
            int bothAccepted = 0, oursRejected = 0;

            foreach (byte[] fixture in corpus)
            {
                Assert.Equal(Outcome.BothAccepted, Check(fixture, "fixture"));
            }

            for (int i = 0; i < Mutations; i++)
            {
                byte[] input = mutator.Mutate(corpus[i % corpus.Length]);
                Outcome outcome = Check(input, $"mutation {i} (seed {seed})");
                bothAccepted += outcome == Outcome.BothAccepted ? 1 : 0;
                oursRejected += outcome == Outcome.OursRejected ? 1 : 0;
            }

            _output.WriteLine($"seed {seed}: {bothAccepted} accepted by both, {oursRejected} rejected by us, of {Mutations}");

            // A mutator that only produced garbage would prove nothing: a good share must stay well-formed.
            Assert.True(bothAccepted > Mutations / 10, $"only {bothAccepted} mutations were accepted by both parsers");
            Assert.True(oursRejected > Mutations / 10, $"only {oursRejected} mutations were rejected");
        }

        private enum Outcome
        {
            BothAccepted,
            OursRejected,
        }

        private static Outcome Check(byte[] input, string label)
        {
            WeChatPayload payload;
            try
            {
                payload = IsReply(input) ? WeChatMessageParser.ParseReply(input) : WeChatMessageParser.Parse(input);
            }
            catch (WeChatXmlException ex)
            {
                Assert.True(ex.InnerException is null, $"{label}: internal error {ex.InnerException}\n{Show(input)}");
                return Outcome.OursRejected;
            }

            CanonicalXml? oracle = CanonicalXml.TryRead(input, out Exception? oracleError);
            Assert.True(oracle is not null, $"{label}: we accepted what XmlReader rejects ({oracleError?.Message})\n{Show(input)}");
            string written = payload.ToXml();
            CanonicalXml? rewritten = CanonicalXml.TryRead(Encoding.UTF8.GetBytes(written), out Exception? writeError);
            Assert.True(rewritten is not null, $"{label}: our output is not well-formed ({writeError?.Message})\n{written}");
            string? difference = oracle!.DifferenceFrom(rewritten!);
            Assert.True(difference is null, $"{label}: {difference}\ninput:\n{Show(input)}\nwritten:\n{written}");
            return Outcome.BothAccepted;
        }

        private static bool IsReply(byte[] input) =>
            input.AsSpan().IndexOf("<ArticleCount>"u8) >= 0 || input.AsSpan().IndexOf("transfer_customer_service"u8) >= 0
            || (input.AsSpan().IndexOf("<MsgId>"u8) < 0 && input.AsSpan().IndexOf("<MsgID>"u8) < 0 && input.AsSpan().IndexOf("<Event>"u8) < 0
                && (input.AsSpan().IndexOf("<Image>"u8) >= 0 || input.AsSpan().IndexOf("<Voice>"u8) >= 0 || input.AsSpan().IndexOf("<Video>"u8) >= 0 || input.AsSpan().IndexOf("<Music>"u8) >= 0));

        private static string Show(byte[] input) => Encoding.UTF8.GetString(input) + "\nhex: " + Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 400)));
    }
}
