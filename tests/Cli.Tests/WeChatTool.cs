using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.Cli.Tests
{
    /// <summary>
    /// Runs the built tool (<c>dotnet wechat.dll …</c>) as a child process, exactly as a user or a script would.
    /// The project reference copies wechat.dll, its runtimeconfig and deps next to the test assembly.
    /// </summary>
    internal static class WeChatTool
    {
        // A guard against a hung child (e.g. one waiting on stdin), not a timing assertion.
        private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

        private static readonly string ToolPath = Path.Combine(AppContext.BaseDirectory, "wechat.dll");

        private static readonly string DotnetHost = FindDotnetHost();

        /// <summary>Runs the tool with an empty, closed stdin.</summary>
        public static ToolResult Run(params string[] args) => Run([], args);

        /// <summary>Runs the tool with <paramref name="stdin"/> piped in.</summary>
        public static ToolResult Run(byte[] stdin, params string[] args)
        {
            Assert.True(File.Exists(ToolPath), $"{ToolPath} is missing; the Cli project reference should copy it to the test output.");

            var start = new ProcessStartInfo(DotnetHost)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = new UTF8Encoding(false),
                StandardErrorEncoding = new UTF8Encoding(false),
                UseShellExecute = false,
            };
            start.ArgumentList.Add(ToolPath);
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["DOTNET_NOLOGO"] = "1";

            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            try
            {
                process.StandardInput.BaseStream.Write(stdin);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The tool may exit (e.g. on a bad option) before reading stdin.
            }

            if (!process.WaitForExit(Hang))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"wechat {string.Join(' ', args)} did not exit");
            }

            process.WaitForExit();
            return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
        }

        private static string FindDotnetHost()
        {
            // The host that runs these tests can run the tool: same runtime, no PATH assumptions.
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
            {
                return hostPath;
            }

            string executable = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
            string fromRuntime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", executable));
            return File.Exists(fromRuntime) ? fromRuntime : executable;
        }
    }
}
