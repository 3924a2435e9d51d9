using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace WeChat.OfficialAccount.Packaging.Tests
{
    /// <summary>The tests that share one <c>dotnet pack</c>; they run one after another.</summary>
    [CollectionDefinition(Name)]
    public sealed class PackagingCollection : ICollectionFixture<PackedPackages>
    {
        /// <summary>The collection's name.</summary>
        public const string Name = "Packed packages";
    }

    /// <summary>
    /// The SDK, hosting and CLI packages packed once by <c>dotnet pack -c Release</c> from the working tree into a
    /// temporary folder feed, under a version no earlier run used, with a NuGet packages folder of their own: a stale
    /// package in a cache can never stand in for the one just packed. Everything is deleted afterwards.
    /// </summary>
    public sealed class PackedPackages : IDisposable
    {
        /// <summary>The package IDs, as users type them.</summary>
        public const string Sdk = "WeChat.OfficialAccount", Hosting = "WeChat.OfficialAccount.AspNetCore", Cli = "WeChat.OfficialAccount.Cli";

        private static readonly string[] Projects =
        {
            "src/Runtime/WeChat.OfficialAccount.csproj",
            "src/AspNetCore/WeChat.OfficialAccount.AspNetCore.csproj",
            "src/Cli/WeChat.OfficialAccount.Cli.csproj",
        };

        private readonly Lazy<BuiltConsumer> _consumer;

        /// <summary>Packs the three packages; throws with the full build output when that fails.</summary>
        public PackedPackages()
        {
            string id = Guid.NewGuid().ToString("N")[..12];
            Root = Path.Combine(Path.GetTempPath(), "wechat-packaging-" + id);
            Feed = Path.Combine(Root, "feed");
            PackagesFolder = Path.Combine(Root, "nuget-packages");
            Directory.CreateDirectory(Feed);
            Directory.CreateDirectory(PackagesFolder);

            // The repository's version with a unique pre-release suffix (0.1.0 → 0.1.0-packaging-<id>; one identifier, so
            // an all-digit id with a leading zero cannot make it invalid SemVer).
            string version = Regex.Match(File.ReadAllText(Path.Combine(RepoRoot, "Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;
            Version = $"{version}-packaging-{id}";

            // Third-party packages the repository build already restored are read from the machine's packages folder
            // (a read-only fallback); the WeChat packages exist only in the feed, under the unique version.
            string machinePackages = DotnetCli.Run(Root, packagesFolder: null, "nuget", "locals", "global-packages", "--list").EnsureSuccess()
                .Output.Split(':', 2)[1].Trim();

            // Sources are not cleared: the machine's own NuGet sources stay available for anything the fallback lacks.
            File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="wechat-packed" value="{Feed}" />
                  </packageSources>
                  <fallbackPackageFolders>
                    <add key="machine" value="{machinePackages}" />
                  </fallbackPackageFolders>
                </configuration>
                """);

            // One solution with the three projects: one restore and one build graph, in an artifacts folder of its own so
            // nothing under the working tree's bin/ and obj/ is touched by (or shared with) a concurrent build.
            string solution = Path.Combine(Root, "packages.slnx");
            File.WriteAllText(solution, "<Solution>\n" + string.Concat(Projects.Select(p => $"  <Project Path=\"{Path.Combine(RepoRoot, p)}\" />\n")) + "</Solution>\n");
            PackOutput = DotnetCli.Run(Root, PackagesFolder, "pack", solution, "-c", "Release", "-nologo", "-clp:NoSummary",
                "--artifacts-path", Path.Combine(Root, "artifacts"), $"-p:PackageOutputPath={Feed}", $"-p:Version={Version}").EnsureSuccess().Output;
            _consumer = new Lazy<BuiltConsumer>(() => BuiltConsumer.Create(this));
        }

        /// <summary>The repository's root folder.</summary>
        public static string RepoRoot { get; } = Path.GetFullPath(typeof(PackedPackages).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!);

        /// <summary>The temporary folder holding everything (feed, nuget.config, copies of the consumer).</summary>
        public string Root { get; }

        /// <summary>The local folder feed with the .nupkg and .snupkg files.</summary>
        public string Feed { get; }

        /// <summary>NUGET_PACKAGES for every child process.</summary>
        public string PackagesFolder { get; }

        /// <summary>The version every package was packed with.</summary>
        public string Version { get; }

        /// <summary>What <c>dotnet pack</c> printed.</summary>
        public string PackOutput { get; }

        /// <summary>tests/Consumer built from the feed and run, once for every test that reads it.</summary>
        public BuiltConsumer Consumer => _consumer.Value;

        /// <summary>The .nupkg of a package ID.</summary>
        public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

        /// <summary>The .snupkg (symbols) of a package ID.</summary>
        public string Symbols(string id) => Path.Combine(Feed, $"{id}.{Version}.snupkg");

        /// <summary>Runs <c>dotnet</c> in <paramref name="workingDirectory"/> (under <see cref="Root"/>, so the feed's nuget.config applies).</summary>
        internal ProcessResult Dotnet(string workingDirectory, params string[] args) => DotnetCli.Run(workingDirectory, PackagesFolder, args);

        /// <summary>Copies tests/Consumer to a new folder under <see cref="Root"/> and returns it.</summary>
        public string CopyConsumer(string name)
        {
            string source = Path.Combine(RepoRoot, "tests", "Consumer");
            string target = Path.Combine(Root, name);
            foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(source, file);
                if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
                File.Copy(file, Path.Combine(target, relative));
            }

            return target;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A child process may still hold a file for a moment; the folder is in the temp directory.
            }
        }
    }
}
