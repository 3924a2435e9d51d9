using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>
    /// <c>dotnet publish samples/QuickStart -r linux-x64 --self-contained -p:PublishTrimmed=true</c>, run once into a temp folder,
    /// and the trimmed executable it produces answering <c>wechat simulate</c> like the README's bot.
    /// </summary>
    public sealed class TrimmedPublishTests : IClassFixture<TrimmedPublishTests.TrimmedQuickStart>
    {
        private readonly TrimmedQuickStart _publish;

        public TrimmedPublishTests(TrimmedQuickStart publish) => _publish = publish;

        [Fact]
        public void Trimmed_self_contained_publish_reports_no_trim_or_AOT_warnings()
        {
            string[] warnings = _publish.Output.Split('\n').Where(line => Regex.IsMatch(line, @"\bIL[23]\d{3}\b")).Distinct().ToArray();

            Assert.True(_publish.ExitCode == 0, _publish.Output);
            Assert.True(warnings.Length == 0, string.Join('\n', warnings));
            // Proof the trimmer ran rather than a plain self-contained copy: the minimal-API bot never loads MVC.
            Assert.True(File.Exists(_publish.Executable), _publish.Output);
            Assert.False(File.Exists(Path.Combine(_publish.Folder, "Microsoft.AspNetCore.Mvc.Core.dll")));
        }

        [Fact]
        public async Task Trimmed_executable_echoes_safe_mode_text_and_keeps_the_counter_in_SQLite()
        {
            Assert.True(_publish.ExitCode == 0, _publish.Output);
            await using QuickStartBot bot = await QuickStartBot.StartAsync(_publish.Executable);
            string safeMode = $"--aes-key {QuickStartBot.AesKey} --app-id {QuickStartBot.AppId}";

            (int first, string one) = bot.Simulate($"text --content hello --from o_trimmed {safeMode}");
            (int second, string two) = bot.Simulate($"text --content again --from o_trimmed {safeMode}");

            Assert.True(first == 0, one + bot.Output);
            Assert.Contains("hello\n(this is your first message)", one);
            Assert.True(second == 0, two + bot.Output);
            Assert.Contains("this is message 2, last time you said \\\"hello\\\"", two);
        }

        /// <summary>
        /// The publish, shared by the tests above. It builds with its own artifacts path so the repository's bin/ and obj/ (and
        /// their restore for no runtime identifier) are never touched by a runtime-specific restore while other builds run.
        /// </summary>
        public sealed class TrimmedQuickStart : IDisposable
        {
            // A guard against a hung build, not a timing assertion.
            private static readonly TimeSpan Hang = TimeSpan.FromMinutes(5);

            private readonly string _root = Path.Combine(Path.GetTempPath(), "quickstart-trimmed-" + Guid.NewGuid().ToString("N"));

            public TrimmedQuickStart()
            {
                // linux-x64 on the CI machine; the same command for whatever machine runs the tests, so the binary can start here.
                string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
                string rid = os + "-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
                Folder = Path.Combine(_root, "publish");
                Executable = Path.Combine(Folder, OperatingSystem.IsWindows() ? "QuickStart.exe" : "QuickStart");
                string project = Path.Combine(QuickStartBot.RepoRoot, "samples", "QuickStart");
                (ExitCode, Output) = ChildProcess.Run(
                    "dotnet",
                    $"publish \"{project}\" -r {rid} --self-contained -p:PublishTrimmed=true --artifacts-path \"{Path.Combine(_root, "artifacts")}\" -o \"{Folder}\" -nologo",
                    Hang);
            }

            public int ExitCode { get; }

            public string Output { get; }

            /// <summary>The publish folder.</summary>
            public string Folder { get; }

            public string Executable { get; }

            public void Dispose() => Directory.Delete(_root, recursive: true);
        }
    }
}
