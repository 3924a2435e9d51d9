using System;
using System.Collections.Generic;
using System.IO;

namespace WeChat.OfficialAccount.Packaging.Tests
{
    /// <summary>
    /// tests/Consumer copied out of the repository, restored from the feed, built with <c>dotnet build</c> and run once;
    /// its "name: value" lines are what the consumer tests read.
    /// </summary>
    public sealed class BuiltConsumer
    {
        private readonly Dictionary<string, string> _facts = new(StringComparer.Ordinal);

        private BuiltConsumer(string directory, ProcessResult build, ProcessResult run)
        {
            Directory = directory;
            Build = build;
            Run = run;
            foreach (string line in run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int colon = line.IndexOf(": ", StringComparison.Ordinal);
                if (colon > 0)
                {
                    _facts[line[..colon]] = line[(colon + 2)..];
                }
            }
        }

        /// <summary>The consumer's folder.</summary>
        public string Directory { get; }

        /// <summary>What <c>dotnet build</c> printed.</summary>
        internal ProcessResult Build { get; }

        /// <summary>What the program printed.</summary>
        internal ProcessResult Run { get; }

        /// <summary>The value the program printed after <c>name: </c>.</summary>
        public string Fact(string name) =>
            _facts.TryGetValue(name, out string? value) ? value : throw new Xunit.Sdk.XunitException($"the consumer printed no '{name}:' line:\n{Run.Output}");

        internal static BuiltConsumer Create(PackedPackages packages)
        {
            string directory = packages.CopyConsumer("consumer");
            ProcessResult build = packages.Dotnet(directory, "build", "Consumer.csproj", "-nologo", "-clp:NoSummary", $"-p:WeChatPackageVersion={packages.Version}").EnsureSuccess();
            ProcessResult run = packages.Dotnet(directory, Path.Combine(directory, "bin", "Debug", "net10.0", "Consumer.dll")).EnsureSuccess();
            return new BuiltConsumer(directory, build, run);
        }
    }
}
