using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.Packaging.Tests
{
    /// <summary>The output of one child process: exit code and stdout followed by stderr.</summary>
    internal sealed record ProcessResult(string Command, int ExitCode, string Output)
    {
        /// <summary>Throws with the whole output unless the process exited 0.</summary>
        public ProcessResult EnsureSuccess() =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"`{Command}` exited {ExitCode}:\n{Output}");
    }

    /// <summary>
    /// Runs <c>dotnet</c> (or a program it installed) as a child process, the way a user's shell would: the test host's
    /// MSBuild variables are removed, NuGet's global packages folder is the caller's, build nodes are not reused.
    /// </summary>
    internal static class DotnetCli
    {
        // A guard against a hung child, not a timing assertion.
        private static readonly TimeSpan Hang = TimeSpan.FromMinutes(8);

        /// <summary>The dotnet host that runs these tests.</summary>
        public static string Host { get; } = FindHost();

        /// <summary>Runs <c>dotnet</c> with <paramref name="args"/> in <paramref name="workingDirectory"/>; NUGET_PACKAGES is <paramref name="packagesFolder"/> unless null.</summary>
        public static ProcessResult Run(string workingDirectory, string? packagesFolder, params string[] args) =>
            RunProgram(Host, workingDirectory, packagesFolder, args);

        /// <summary>Runs <paramref name="program"/> (e.g. an installed tool's shim) with <paramref name="args"/>.</summary>
        public static ProcessResult RunProgram(string program, string workingDirectory, string? packagesFolder, params string[] args)
        {
            var start = new ProcessStartInfo(program)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            var inherited = new List<string>();
            foreach (string name in start.Environment.Keys)
            {
                // `dotnet test` runs the test host with MSBuild's own variables set; a nested build must find its SDK itself.
                if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("MSBUILD", StringComparison.Ordinal))
                {
                    inherited.Add(name);
                }
            }

            foreach (string name in inherited)
            {
                start.Environment.Remove(name);
            }

            if (packagesFolder is not null)
            {
                start.Environment["NUGET_PACKAGES"] = packagesFolder;
            }

            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(Host);

            string command = Path.GetFileName(program) + " " + string.Join(' ', args);
            using Process process = Process.Start(start)!;
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Hang))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"`{command}` did not finish in {Hang.TotalMinutes} minutes:\n{stdout.Result}{stderr.Result}");
            }

            process.WaitForExit();
            return new ProcessResult(command, process.ExitCode, stdout.Result + stderr.Result);
        }

        private static string FindHost()
        {
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
