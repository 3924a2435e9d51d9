using System;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>The QuickStart sample as a real process on 127.0.0.1, driven by the built `wechat simulate`.</summary>
    public sealed class QuickStartTests : IAsyncLifetime
    {
        private QuickStartBot _bot = null!;

        public async Task InitializeAsync() => _bot = await QuickStartBot.StartBuiltAsync();

        public Task DisposeAsync() => _bot.DisposeAsync().AsTask();

        private (int ExitCode, string Output) Simulate(string arguments) => _bot.Simulate(arguments);

        [Fact]
        public void Text_is_echoed_with_the_message_counter_in_plain_and_safe_mode()
        {
            (int first, string one) = Simulate("text --content hello --from o_counter");
            (_, string two) = Simulate($"text --content again --from o_counter --aes-key {QuickStartBot.AesKey} --app-id {QuickStartBot.AppId}");

            Assert.Equal(0, first);
            Assert.Contains("hello", one);
            Assert.Contains("this is your first message", one);
            Assert.Contains("this is message 2, last time you said \\\"hello\\\"", two);
        }

        [Fact]
        public void Documented_behaviours_for_each_message_family()
        {
            Assert.Contains("MEDIA_123", Simulate("image --media-id MEDIA_123").Output);
            Assert.Contains("You are at", Simulate("location").Output);
            Assert.Contains("QR scene 42", Simulate("subscribe --event-key qrscene_42").Output);
            Assert.Contains("Welcome!", Simulate("subscribe").Output);
            Assert.Contains("V1001_GOOD", Simulate("CLICK --event-key V1001_GOOD").Output);
            Assert.Contains("(no reply: success)", Simulate("VIEW").Output);
            Assert.Contains("\"Content\":\"你好\"", Simulate("voice --field Recognition=你好").Output);
            Assert.Contains("(no reply: success)", Simulate("voice").Output);
        }

        [Fact]
        public async Task The_console_has_no_framework_lines_for_each_push()
        {
            Assert.Equal(0, Simulate("text --content hello --from o_quiet").ExitCode);
            // The bot logs a rejected push as a warning; the console logger writes in order, so once that line is out, any
            // line ASP.NET Core logged for the first push is out too.
            Simulate($"text --content hi --aes-key {QuickStartBot.AesKey} --app-id wxsomeoneelse");
            await _bot.WaitForOutputAsync("WeChat push rejected with 400");

            Assert.DoesNotContain("Executing endpoint", _bot.Output, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Executed endpoint", _bot.Output, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Request starting", _bot.Output, System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task The_banner_s_commands_run_as_printed()
        {
            // The two "Try" commands and the URL check, run as printed (with the built tool for `wechat`).
            await _bot.WaitForOutputAsync("Check the URL as WeChat does");
            string[] lines = _bot.Output.Split('\n');
            string plain = Array.Find(lines, line => line.StartsWith("Try: wechat simulate ", StringComparison.Ordinal))!;
            string safe = Array.Find(lines, line => line.StartsWith("  or in safe mode, as WeChat sends it encrypted: wechat simulate ", StringComparison.Ordinal))!;

            foreach (string command in new[] { plain, safe })
            {
                string arguments = command[(command.IndexOf("wechat simulate ", StringComparison.Ordinal) + "wechat simulate ".Length)..];
                Assert.Contains($"--url {_bot.Url} --token {QuickStartBot.Token}", arguments, StringComparison.Ordinal);
                (int exitCode, string output) = ChildProcess.Run("dotnet", $"\"{QuickStartBot.Cli}\" simulate {arguments}", TimeSpan.FromSeconds(60));
                Assert.True(exitCode == 0, output);
                Assert.Contains("\"Content\":\"hello\\n(this is", output, StringComparison.Ordinal);
            }

            string verify = Array.Find(lines, line => line.StartsWith("Check the URL as WeChat does when the server settings are saved: wechat verify ", StringComparison.Ordinal))!;
            string verifyArguments = verify[(verify.IndexOf("wechat verify ", StringComparison.Ordinal) + "wechat verify ".Length)..];
            Assert.Equal($"--url {_bot.Url} --token {QuickStartBot.Token}", verifyArguments.TrimEnd('\r'));
            (int verifyExit, string verified) = ChildProcess.Run("dotnet", $"\"{QuickStartBot.Cli}\" verify {verifyArguments}", TimeSpan.FromSeconds(60));
            Assert.True(verifyExit == 0, verified);
            Assert.Contains($"verified: {_bot.Url} answered the echostr exactly, in ", verified, StringComparison.Ordinal);
            Assert.Contains(", and refused a wrong signature (HTTP 401)", verified, StringComparison.Ordinal);
            Assert.DoesNotContain("warning:", verified, StringComparison.Ordinal);
        }

        [Fact]
        public async Task The_banner_says_late_replies_cannot_be_sent_without_an_AppSecret()
        {
            await _bot.WaitForOutputAsync("  AppSecret:      (none: a reply past the 4.5 s deadline cannot be sent as a customer-service message; set WeChat:AppSecret)");
        }

        [Fact]
        public async Task The_health_endpoint_the_banner_prints_reports_the_SQLite_store_healthy()
        {
            string health = _bot.Url[..^"/wechat".Length] + "/healthz";
            await _bot.WaitForOutputAsync("  Health:         " + health);
            using var client = new System.Net.Http.HttpClient();

            using System.Net.Http.HttpResponseMessage response = await client.GetAsync(new Uri(health));

            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public void A_rejected_push_shows_the_bot_s_reason_in_simulate()
        {
            (int exitCode, string output) = Simulate($"text --content hi --aes-key {QuickStartBot.AesKey} --app-id wxsomeoneelse");

            Assert.NotEqual(0, exitCode);
            Assert.Contains(
                "HTTP 400 Bad Request: ValidateAppIdError (-40005): the message was encrypted for AppID 'wxsomeoneelse' but this instance is configured for 'wxquickstart0000000'",
                output,
                System.StringComparison.Ordinal);
        }
    }
}
