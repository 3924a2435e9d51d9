using System;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.Cli.Tests
{
    /// <summary>
    /// <c>wechat verify</c> against a bot on loopback that answers URL verification rightly at /wechat and, at the other
    /// paths, the ways bots get it wrong.
    /// </summary>
    public sealed class VerifyCommandTests : IAsyncLifetime
    {
        private const string Consequence = "WeChat compares the body with the echostr exactly and would report that the Token verification failed (token验证失败)";

        private SimulatorBot _bot = null!;

        public async Task InitializeAsync() => _bot = await SimulatorBot.StartAsync();

        public async Task DisposeAsync() => await _bot.DisposeAsync();

        private string At(string path) => _bot.Url[..^"/wechat".Length] + path;

        private static ToolResult Verify(string url, string token = SimulatorBot.Token, params string[] more) =>
            WeChatTool.Run(["verify", "--url", url, "--token", token, .. more]);

        [Fact]
        public void A_bot_that_echoes_exactly_and_refuses_a_wrong_signature_is_verified_with_a_note_on_the_port()
        {
            string stdout = Verify(_bot.Url).AssertSuccess().Stdout;

            string[] lines = stdout.TrimEnd('\n').Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.Matches($@"^verified: {_bot.Url} answered the echostr exactly, in [0-9]+ ms, and refused a wrong signature \(HTTP 401\)$", lines[0]);
            Assert.StartsWith("note: WeChat itself calls only port 80 (http) or 443 (https)", lines[1], StringComparison.Ordinal);
        }

        [Fact]
        public void Another_token_is_refused_with_the_bot_s_reason_and_what_to_check()
        {
            string error = Verify(_bot.Url, "not_the_token").AssertOneLineFailure();

            Assert.Equal("error: HTTP 401 Unauthorized: \"invalid signature\"; to a request signed with the bot's Token it must answer 200 with the echostr (check that --token is the bot's Token)", error);
        }

        [Theory]
        [InlineData("/verify/newline", "the bot answered the echostr with a trailing line break around it; ")]
        [InlineData("/verify/bom", "the bot answered the echostr with a byte-order mark around it; ")]
        [InlineData("/verify/quoted", "the bot answered the echostr in quotes (as a JSON string); answer it as plain text; ")]
        [InlineData("/verify/success", "the bot answered \"success\" instead of the echostr ")]
        public void An_answer_that_is_not_exactly_the_echostr_fails_and_says_how_it_differs(string path, string expected)
        {
            string error = Verify(At(path)).AssertOneLineFailure();

            Assert.StartsWith("error: " + expected, error, StringComparison.Ordinal);
            Assert.EndsWith(Consequence, error, StringComparison.Ordinal);
        }

        [Fact]
        public void A_bot_that_echoes_without_checking_the_signature_passes_with_a_warning()
        {
            ToolResult result = Verify(At("/verify/unchecked"));

            Assert.Equal(0, result.ExitCode);
            Assert.Matches(@"^verified: \S+/verify/unchecked answered the echostr exactly, in [0-9]+ ms\n", result.Stdout);
            Assert.Equal(
                "warning: the bot also answered the echostr to a request with a wrong signature: it does not check the signature, so it would pass verification for any Token; check signature, timestamp and nonce against the Token (the SDK's MapWeChat does), on GET and on every push\n",
                result.Stderr);
        }

        [Fact]
        public void An_answer_after_WeChat_s_5_seconds_passes_only_with_a_longer_timeout_and_then_with_a_warning()
        {
            string error = Verify(At("/verify/late"), SimulatorBot.Token, "--timeout", "0.5").AssertOneLineFailure();
            ToolResult late = Verify(At("/verify/late"), SimulatorBot.Token, "--timeout", "20");

            Assert.Equal($"error: no reply from {At("/verify/late")} within 0.5 s (WeChat waits 5 s, then reports that the request timed out)", error);
            Assert.Equal(0, late.ExitCode);
            Assert.Matches(@"^warning: the answer came after [0-9]+\.[0-9] s, past the 5 s WeChat waits: WeChat would report that the request timed out\n$", late.Stderr);
        }

        [Fact]
        public void A_path_without_a_GET_endpoint_gets_the_webhook_path_hint()
        {
            string error = Verify(At("/nothing-here")).AssertOneLineFailure();

            Assert.Equal("error: HTTP 404 Not Found: nothing answers at this URL; check that --url ends with the bot's webhook path (the QuickStart's is /wechat); to a request signed with the bot's Token it must answer 200 with the echostr (check that --token is the bot's Token)", error);
        }

        [Theory]
        [InlineData(new[] { "verify", "--token", "t" }, "error: --url is required: the server URL to verify")]
        [InlineData(new[] { "verify", "--url", "ftp://example.com/wechat", "--token", "t" }, "error: --url must be an absolute http or https URL; got 'ftp://example.com/wechat'")]
        [InlineData(new[] { "verify", "--url", "http://127.0.0.1:1/wechat" }, "error: --token is required: the Token of the account's message push settings")]
        [InlineData(new[] { "verify", "--url", "http://127.0.0.1:1/wechat", "--token", "t", "--timeout", "0" }, "error: --timeout must be more than 0 and at most 600 seconds; got 0")]
        public void Bad_arguments_fail_with_one_line(string[] args, string expected)
        {
            Assert.Equal(expected, WeChatTool.Run(args).AssertOneLineFailure());
        }

        [Fact]
        public void An_unreachable_bot_fails_with_one_line()
        {
            Assert.StartsWith("error: cannot reach http://127.0.0.1:1/wechat: ", Verify("http://127.0.0.1:1/wechat").AssertOneLineFailure(), StringComparison.Ordinal);
        }
    }
}
