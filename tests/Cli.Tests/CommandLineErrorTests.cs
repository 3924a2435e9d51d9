namespace WeChat.OfficialAccount.Cli.Tests
{
    public class CommandLineErrorTests
    {
        [Fact]
        public void An_unknown_command_fails_in_one_line_pointing_at_root_help()
        {
            string error = WeChatTool.Run("validate").AssertOneLineFailure();

            Assert.Contains("'validate'", error);
            Assert.EndsWith("See 'wechat --help'.", error);
        }

        [Fact]
        public void An_unknown_option_fails_in_one_line()
        {
            string error = WeChatTool.Run("sign", "--token", "t", "--timestamp", "1", "--nonce", "n", "--sha256").AssertOneLineFailure();

            Assert.Contains("--sha256", error);
        }

        [Fact]
        public void No_command_fails_in_one_line()
        {
            WeChatTool.Run().AssertOneLineFailure();
        }

        [Fact]
        public void Decrypt_without_its_required_options_fails_before_reading_input()
        {
            string error = WeChatTool.Run("decrypt").AssertOneLineFailure();

            foreach (string option in new[] { "--token", "--aes-key", "--app-id", "--timestamp", "--nonce", "--msg-signature" })
            {
                Assert.Contains($"'{option}'", error);
            }
        }
    }
}
