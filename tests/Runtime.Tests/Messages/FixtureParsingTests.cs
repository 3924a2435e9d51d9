using System.Text.Json;
using WeChat.OfficialAccount.Tests.Xml;

namespace WeChat.OfficialAccount.Tests.Messages
{
    public sealed class FixtureParsingTests
    {
        // A union of many payloads' fields used by WxJava's own tests: a text message with foreign elements.
        private const string SupersetFixture = "msg_all_fields_superset_wxjava.xml";

        [Theory]
        [MemberData(nameof(Fixtures.Inbound), MemberType = typeof(Fixtures))]
        public void Every_inbound_fixture_parses_to_its_specific_type(string fixture)
        {
            WeChatMessage message = WeChatMessageParser.Parse(Fixtures.Bytes(fixture));

            Assert.IsNotType<UnknownMessage>(message);
            Assert.IsNotType<UnknownEvent>(message);
            if (fixture != SupersetFixture)
            {
                Assert.False(message.HasUnknownElements, $"{fixture}: the spec does not know {string.Join(", ", message.UnknownElements.ConvertAll(e => e.Name))}");
            }
        }

        [Theory]
        [MemberData(nameof(Fixtures.Inbound), MemberType = typeof(Fixtures))]
        public void Every_element_of_an_inbound_fixture_is_read_with_its_value(string fixture)
        {
            byte[] bytes = Fixtures.Bytes(fixture);
            CanonicalXml xml = CanonicalXml.TryRead(bytes, out var error) ?? throw error!;
            using JsonDocument json = JsonDocument.Parse(WeChatMessageParser.Parse(bytes).ToJson());

            Assert.Null(JsonAgreement.Difference(xml, json.RootElement));
        }

        [Theory]
        [MemberData(nameof(Fixtures.Inbound), MemberType = typeof(Fixtures))]
        public void Parse_write_parse_keeps_every_field(string fixture)
        {
            byte[] bytes = Fixtures.Bytes(fixture);
            WeChatMessage first = WeChatMessageParser.Parse(bytes);
            string written = first.ToXml();
            WeChatMessage second = WeChatMessageParser.Parse(System.Text.Encoding.UTF8.GetBytes(written));

            Assert.Equal(first.GetType(), second.GetType());
            Assert.Equal(first.ToJson(), second.ToJson());
            CanonicalXml original = CanonicalXml.TryRead(bytes, out _)!;
            CanonicalXml rewritten = CanonicalXml.TryRead(System.Text.Encoding.UTF8.GetBytes(written), out var error) ?? throw error!;
            Assert.Null(original.DifferenceFrom(rewritten));
        }
    }
}
