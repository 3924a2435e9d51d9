using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace WeChat.OfficialAccount.Generator.Tests
{
    /// <summary>Drives <see cref="WeChatGenerator"/> through CSharpGeneratorDriver, the way the compiler does.</summary>
    internal static class GeneratorHarness
    {
        public static string RepoRoot { get; } = typeof(GeneratorHarness).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

        private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        {
            string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            return platform
                .Where(p => Path.GetFileName(p) is var n && (n.StartsWith("System.") || n == "netstandard.dll" || n == "mscorlib.dll"))
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .Append(MetadataReference.CreateFromFile(typeof(WeChatMessage).Assembly.Location))
                .ToImmutableArray();
        });

        public static CSharpCompilation CreateCompilation(string source = "namespace Consumer { public static class Marker { } }") =>
            CSharpCompilation.Create(
                "Consumer",
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Consumer.cs") },
                References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> specs, string rootNamespace = "Consumer") =>
            CSharpGeneratorDriver.Create(
                new[] { new WeChatGenerator().AsSourceGenerator() },
                specs,
                new CSharpParseOptions(LanguageVersion.Latest),
                new TestOptionsProvider(new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace }),
                new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        public static (GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(IEnumerable<AdditionalText> specs, CSharpCompilation? compilation = null)
        {
            compilation ??= CreateCompilation();
            GeneratorDriver driver = CreateDriver(specs).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            return (driver, output, diagnostics);
        }

        /// <summary>Every spec file of the repository, moved to a test namespace so it does not clash with the SDK's own types.</summary>
        public static IEnumerable<AdditionalText> RepositorySpecs(string namespacePrefix = "Spec.Copy") =>
            Directory.GetFiles(Path.Combine(RepoRoot, "spec"), "*.wechat.json", SearchOption.AllDirectories)
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => (AdditionalText)new InMemoryAdditionalText(p, File.ReadAllText(p).Replace("\"WeChat.OfficialAccount.", "\"" + namespacePrefix + ".")));

        public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", name));
    }

    internal sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text, Encoding.UTF8);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    internal sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly TestOptions _global;

        public TestOptionsProvider(Dictionary<string, string> global)
        {
            _global = new TestOptions(global);
        }

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => TestOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => TestOptions.Empty;

        private sealed class TestOptions : AnalyzerConfigOptions
        {
            public static readonly TestOptions Empty = new(new Dictionary<string, string>());
            private readonly Dictionary<string, string> _values;

            public TestOptions(Dictionary<string, string> values)
            {
                _values = values;
            }

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }
}
