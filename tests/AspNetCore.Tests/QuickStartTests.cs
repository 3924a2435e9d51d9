using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>The QuickStart sample as a real process on 127.0.0.1, driven by the built `wechat simulate`.</summary>
    public sealed class QuickStartTests : IAsyncLifetime
    {
        private const string Token = "quickstart-dev-token";
        private const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        private const string AppId = "wxquickstart0000000";
        private static readonly string RepoRoot = typeof(QuickStartTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        private static readonly string Configuration = typeof(QuickStartTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "quickstart-" + Guid.NewGuid().ToString("N"));
        private Process _bot = null!;
        private string _url = null!;

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(_directory);
            int port = FreePort();
            _url = $"http://127.0.0.1:{port}/wechat";
            string dll = Path.Combine(RepoRoot, "samples", "QuickStart", "bin", Configuration, "net10.0", "QuickStart.dll");
            var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls http://127.0.0.1:{port} --QuickStart:Database \"{Path.Combine(_directory, "bot.db")}\"")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = _directory,
            };
            _bot = Process.Start(start)!;
            string? line;
            while ((line = await _bot.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null && !line.Contains("listening", StringComparison.Ordinal))
            {
            }

            Assert.NotNull(line);
        }

        public Task DisposeAsync()
        {
            _bot.Kill(entireProcessTree: true);
            _bot.WaitForExit(10_000);
            _bot.Dispose();
            Directory.Delete(_directory, recursive: true);
            return Task.CompletedTask;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private (int ExitCode, string Output) Simulate(string arguments)
        {
            string cli = Path.Combine(RepoRoot, "src", "Cli", "bin", Configuration, "net10.0", "wechat.dll");
            var start = new ProcessStartInfo("dotnet", $"\"{cli}\" simulate {arguments} --url {_url} --token {Token}") { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }

        [Fact]
        public void Text_is_echoed_with_the_message_counter_in_plain_and_safe_mode()
        {
            (int first, string one) = Simulate("text --content hello --from o_counter");
            (_, string two) = Simulate($"text --content again --from o_counter --aes-key {AesKey} --app-id {AppId}");

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
        }
    }
}
