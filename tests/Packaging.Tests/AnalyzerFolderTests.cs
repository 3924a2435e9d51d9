using System;
using System.Collections.Generic;
using System.Linq;

namespace WeChat.OfficialAccount.Packaging.Tests
{
    /// <summary>The SDK package's analyzers/dotnet/cs folder, listed from the packed .nupkg.</summary>
    [Collection(PackagingCollection.Name)]
    public sealed class AnalyzerFolderTests
    {
        private static readonly string[] Shipped =
        {
            "analyzers/dotnet/cs/WeChat.OfficialAccount.Analyzers.CodeFixes.dll",
            "analyzers/dotnet/cs/WeChat.OfficialAccount.Analyzers.dll",
            "analyzers/dotnet/cs/WeChat.OfficialAccount.Generator.dll",
        };

        private readonly PackedPackages _packages;

        public AnalyzerFolderTests(PackedPackages packages) => _packages = packages;

        [Fact]
        public void Sdk_package_ships_generator_analyzers_and_code_fixes_in_one_slot_with_every_dependency()
        {
            SortedDictionary<string, byte[]> folder = AnalyzerFolderCheck.Read(_packages.Package(PackedPackages.Sdk));

            Assert.Equal(Shipped, folder.Keys.Where(k => k.EndsWith(".dll", StringComparison.Ordinal)));
            Assert.Empty(AnalyzerFolderCheck.Problems(folder));
        }

        [Theory]
        [InlineData("WeChat.OfficialAccount.Generator.dll")]
        [InlineData("WeChat.OfficialAccount.Analyzers.dll")]
        public void Generator_and_analyzers_are_built_against_the_roslyn_4_8_floor(string assembly)
        {
            SortedDictionary<string, byte[]> folder = AnalyzerFolderCheck.Read(_packages.Package(PackedPackages.Sdk));

            // Newer than the compiler that loads it and the generator is skipped with CS8032/CS9057 (VS 2022 17.8 / .NET 8 SDK).
            (string _, Version roslyn) = Assert.Single(AnalyzerFolderCheck.References(folder[AnalyzerFolderCheck.Slot + assembly]), r => r.Name == "Microsoft.CodeAnalysis");
            Assert.Equal(new Version(4, 8, 0, 0), roslyn);
        }

        [Fact]
        public void Check_reports_a_generation_time_dependency_that_is_not_shipped()
        {
            var folder = new Dictionary<string, byte[]>
            {
                [AnalyzerFolderCheck.Slot + "Fake.Generator.dll"] = ReferencingAssembly.Create("Fake.Generator", "netstandard", "Microsoft.CodeAnalysis", "Fake.Json"),
            };

            string problem = Assert.Single(AnalyzerFolderCheck.Problems(folder));

            Assert.Contains("references Fake.Json", problem, StringComparison.Ordinal);
        }

        [Fact]
        public void Check_follows_dependencies_of_shipped_dependencies()
        {
            var folder = new Dictionary<string, byte[]>
            {
                [AnalyzerFolderCheck.Slot + "Fake.Generator.dll"] = ReferencingAssembly.Create("Fake.Generator", "netstandard", "Microsoft.CodeAnalysis", "Fake.Json"),
                [AnalyzerFolderCheck.Slot + "Fake.Json.dll"] = ReferencingAssembly.Create("Fake.Json", "netstandard", "System.Memory", "Fake.Pipelines"),
            };

            Assert.Contains("Fake.Json.dll: references Fake.Pipelines", Assert.Single(AnalyzerFolderCheck.Problems(folder)), StringComparison.Ordinal);

            folder[AnalyzerFolderCheck.Slot + "Fake.Pipelines.dll"] = ReferencingAssembly.Create("Fake.Pipelines", "netstandard");
            Assert.Empty(AnalyzerFolderCheck.Problems(folder));
        }

        [Fact]
        public void Check_reports_a_second_roslyn_slot()
        {
            SortedDictionary<string, byte[]> folder = AnalyzerFolderCheck.Read(_packages.Package(PackedPackages.Sdk));
            folder["analyzers/dotnet/roslyn4.8/cs/WeChat.OfficialAccount.Generator.dll"] = folder[Shipped[2]];

            Assert.Contains("analyzers/dotnet/roslyn4.8/cs/WeChat.OfficialAccount.Generator.dll: outside the single slot", Assert.Single(AnalyzerFolderCheck.Problems(folder)), StringComparison.Ordinal);
        }

        [Fact]
        public void Check_reports_roslyn_shipped_with_the_generator()
        {
            var folder = new Dictionary<string, byte[]>
            {
                [AnalyzerFolderCheck.Slot + "Microsoft.CodeAnalysis.dll"] = ReferencingAssembly.Create("Microsoft.CodeAnalysis", "netstandard"),
            };

            Assert.Contains("is the host's", Assert.Single(AnalyzerFolderCheck.Problems(folder)), StringComparison.Ordinal);
        }
    }
}
