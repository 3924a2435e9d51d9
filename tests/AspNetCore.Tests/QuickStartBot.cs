using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>
    /// The QuickStart sample as a real process on 127.0.0.1 with its own SQLite file, driven by the built <c>wechat simulate</c>:
    /// the README's two commands, run by a test.
    /// </summary>
    internal sealed class QuickStartBot : IAsyncDisposable
    {
        public const string Token = "quickstart-dev-token";
        public const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        public const string AppId = "wxquickstart0000000";

        public static readonly string RepoRoot = typeof(QuickStartBot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        private static readonly string Configuration = typeof(QuickStartBot).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

        // A guard against a child that hangs, not a timing assertion.
        private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);
        private const string Listening = "listening on ";

        private readonly Process _process;
        private readonly string _directory;
        private readonly ConcurrentQueue<string> _output;

        private QuickStartBot(Process process, string directory, ConcurrentQueue<string> output, string url)
        {
            _process = process;
            _directory = directory;
            _output = output;
            Url = url;
        }

        /// <summary>The bot's SQLite file (in its own temp folder).</summary>
        public string Database => Path.Combine(_directory, "bot.db");

        /// <summary>The webhook URL the bot printed once Kestrel was listening.</summary>
        public string Url { get; }

        /// <summary>What the bot printed so far, for failure messages.</summary>
        public string Output => string.Join('\n', _output);

        /// <summary>The sample as built by this test run.</summary>
        public static string BuiltDll => Path.Combine(RepoRoot, "samples", "QuickStart", "bin", Configuration, "net10.0", "QuickStart.dll");

        /// <summary>Starts the sample as built by this test run: <c>dotnet QuickStart.dll</c>.</summary>
        public static Task<QuickStartBot> StartBuiltAsync(params string[] arguments) => StartAsync("dotnet", BuiltDll, arguments);

        /// <summary>
        /// Starts <paramref name="fileName"/> (with <paramref name="leadingArgument"/> first, e.g. the dll for <c>dotnet</c>) in a fresh
        /// temp folder holding its database, on a port the OS picks, and returns once the bot says it is listening.
        /// </summary>
        public static async Task<QuickStartBot> StartAsync(string fileName, string? leadingArgument = null, params string[] arguments)
        {
            string directory = Path.Combine(Path.GetTempPath(), "quickstart-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            var start = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory,
            };
            if (leadingArgument is not null)
            {
                start.ArgumentList.Add(leadingArgument);
            }

            // Port 0: Kestrel binds a free loopback port and the sample prints the real address, so no port can be taken in between.
            foreach (string argument in new[] { "--urls", "http://127.0.0.1:0", "--QuickStart:Database", Path.Combine(directory, "bot.db") }.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }

            // Output is drained for the bot's whole life (a full pipe would block its logging) and kept for failure messages.
            var output = new ConcurrentQueue<string>();
            var url = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    url.TrySetResult(null);
                    return;
                }

                output.Enqueue(e.Data);
                int at = e.Data.IndexOf(Listening, StringComparison.Ordinal);
                if (at >= 0)
                {
                    url.TrySetResult(e.Data[(at + Listening.Length)..].Trim());
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    output.Enqueue(e.Data);
                }
            };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            string? listening = await Task.WhenAny(url.Task, Task.Delay(Hang)) == url.Task ? url.Task.Result : null;
            var bot = new QuickStartBot(process, directory, output, listening ?? string.Empty);
            if (listening is null)
            {
                await bot.DisposeAsync();
                Assert.Fail($"{fileName} {leadingArgument} never said it was listening:\n{string.Join('\n', output)}");
            }

            return bot;
        }

        /// <summary>The <c>wechat</c> tool as built by this test run.</summary>
        public static string Cli => Path.Combine(RepoRoot, "src", "Cli", "bin", Configuration, "net10.0", "wechat.dll");

        /// <summary>Runs <c>wechat simulate {arguments}</c> against this bot with its token.</summary>
        public (int ExitCode, string Output) Simulate(string arguments) =>
            ChildProcess.Run("dotnet", $"\"{Cli}\" simulate {arguments} --url {Url} --token {Token}", Hang);

        /// <summary>Waits until the bot has printed a line containing <paramref name="text"/>.</summary>
        public async Task WaitForOutputAsync(string text)
        {
            var waited = Stopwatch.StartNew();
            while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                if (waited.Elapsed > Hang)
                {
                    Assert.Fail($"the bot never printed \"{text}\":\n{Output}");
                }

                await Task.Delay(20);
            }
        }

        public ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(10_000);
            _process.Dispose();
            Directory.Delete(_directory, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
