using System.Linq;
using System.Text.RegularExpressions;

namespace WeChat.OfficialAccount.Cli.Tests
{
    public class HelpTests
    {
        public static TheoryData<string, string[]> Commands => new()
        {
            { "parse", ["FILE"] },
            { "sign", ["--token", "--timestamp", "--nonce", "--encrypt"] },
            { "decrypt", ["--token", "--aes-key", "--app-id", "--timestamp", "--nonce", "--msg-signature", "FILE"] },
            { "encrypt", ["--token", "--aes-key", "--app-id", "--timestamp", "--nonce", "--random", "FILE"] },
            {
                "simulate",
                ["--url", "--token", "--aes-key", "--app-id", "--compatible", "--from", "--to", "--content", "--event-key", "--media-id", "--field", "--file", "--repeat", "--timeout", "--list", "TYPE"]
            },
            { "verify", ["--url", "--token", "--timeout"] },
        };

        [Fact]
        public void Root_help_exits_zero_and_lists_every_command_with_a_description()
        {
            ToolResult result = WeChatTool.Run("--help").AssertSuccess();

            foreach (string command in new[] { "parse", "sign", "decrypt", "encrypt", "menu", "simulate", "verify" })
            {
                // Spaces only: \s would let the two-space gap run over a line break into the next row.
                Assert.Matches(new Regex($@"(?m)^ +{command}\b[^\n]*? {{2,}}\S"), result.Stdout);
            }
        }

        [Theory]
        [MemberData(nameof(Commands))]
        public void Command_help_exits_zero_and_describes_every_option(string command, string[] symbols)
        {
            ToolResult result = WeChatTool.Run(command, "--help").AssertSuccess();

            Assert.Contains($"wechat {command}", result.Stdout);
            foreach (string symbol in symbols)
            {
                // Help prints "  --name <value> (REQUIRED)  Description": a second column after two spaces.
                string row = symbol.StartsWith('-') ? Regex.Escape(symbol) + " " : "<" + symbol + ">";
                Assert.Matches(new Regex($@"(?m)^ +{row}[^\n]*? {{2,}}\S"), result.Stdout);
            }

            Assert.Equal(
                symbols.Where(s => s.StartsWith('-')).Order(),
                Regex.Matches(result.Stdout, @"(?m)^ +(--[a-z-]+)(?: <| {2,})").Select(m => m.Groups[1].Value).Order());
        }
    }
}
