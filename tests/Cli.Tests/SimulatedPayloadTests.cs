using WeChat.OfficialAccount.Cli.Simulation;

namespace WeChat.OfficialAccount.Cli.Tests
{
    public class SimulatedPayloadTests
    {
        public static TheoryData<string, bool> Types()
        {
            var data = new TheoryData<string, bool>();
            foreach (SimulatedPayload.SimulatedType type in SimulatedPayload.All)
            {
                data.Add(type.Name, type.IsEvent);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Types))]
        public void Every_spec_type_builds_a_payload_the_parser_reads_back_as_that_type(string name, bool isEvent)
        {
            var type = new SimulatedPayload.SimulatedType(name, isEvent);
            var header = new PayloadHeader("gh_account", "o_user", 1714112445);

            WeChatMessage built = SimulatedPayload.Build(type, header, new System.Collections.Generic.Dictionary<string, SimulatedField>
            {
                ["MsgId"] = new("1234567890123456", null),
            });

            WeChatMessage parsed = WeChatMessageParser.Parse(System.Text.Encoding.UTF8.GetBytes(built.ToXml()));
            Assert.IsType(type.Create().GetType(), parsed);
            Assert.False(parsed.HasUnknownElements, parsed.ToXml());
            Assert.Equal(("gh_account", "o_user", 1714112445L), (parsed.ToUserName, parsed.FromUserName, parsed.CreateTime));
            Assert.Equal(built.ToXml(), parsed.ToXml());
        }
    }
}
