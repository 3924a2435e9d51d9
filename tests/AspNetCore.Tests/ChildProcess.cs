using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>Runs a command to its end, as a user at a shell would, and hands back its exit code and everything it printed.</summary>
    internal static class ChildProcess
    {
        /// <param name="hang">A guard against a child that never exits (the test fails with what it printed), not a timing assertion.</param>
        /// <param name="environment">Variables set (or replaced) in the child's environment.</param>
        public static (int ExitCode, string Output) Run(string fileName, string arguments, TimeSpan hang, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory ?? string.Empty,
            };
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }

            using Process process = Process.Start(start)!;

            // Both pipes are drained concurrently: a child blocked on a full stderr pipe would never finish its stdout.
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(hang))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                Assert.Fail($"{fileName} {arguments} did not exit within {hang}:\n{stdout.Result}{stderr.Result}");
            }

            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
