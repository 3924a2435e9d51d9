using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WeChat.OfficialAccount.Generator;

namespace WeChat.OfficialAccount.GeneratorTiming
{
    /// <summary>
    /// What csc is handed when src/Runtime builds for net10.0 in Release: the hand-written sources, the same reference
    /// assemblies and preprocessor symbols (build-inputs.txt, written by this project's build), the parse and compilation
    /// options of Directory.Build.props, every spec/**/*.wechat.json as an AdditionalFile and RootNamespace.
    /// </summary>
    internal sealed class RuntimeBuild
    {
        /// <summary>RootNamespace of src/Runtime, seen by the generator as build_property.RootNamespace.</summary>
        public const string RootNamespace = "WeChat.OfficialAccount";

        private readonly ImmutableArray<string> _otherGenerators;

        private RuntimeBuild(string repoRoot, CSharpParseOptions parseOptions, CSharpCompilation compilation, ImmutableArray<string> specPaths, ImmutableArray<string> otherGenerators)
        {
            RepoRoot = repoRoot;
            ParseOptions = parseOptions;
            Compilation = compilation;
            SpecPaths = specPaths;
            _otherGenerators = otherGenerators;
        }

        public string RepoRoot { get; }

        public CSharpParseOptions ParseOptions { get; }

        /// <summary>The runtime's hand-written sources, before generation; assembly name WeChat.OfficialAccount.</summary>
        public CSharpCompilation Compilation { get; }

        /// <summary>Every spec file, in ordinal path order.</summary>
        public ImmutableArray<string> SpecPaths { get; }

        public static RuntimeBuild Load()
        {
            string repoRoot = typeof(RuntimeBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "RepoRoot").Value
                ?? throw new InvalidOperationException("The RepoRoot assembly metadata is missing.");
            string[] inputs = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "build-inputs.txt"));
            string[] defines = Values(inputs, "define ");
            string[] references = Values(inputs, "reference ");

            // GenerateDocumentationFile is on under src/, so csc parses doc comments (/doc): DocumentationMode.Diagnose.
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose, SourceCodeKind.Regular, defines);
            string runtimeDir = Path.Combine(repoRoot, "src", "Runtime");
            SyntaxTree[] sources = Directory.GetFiles(runtimeDir, "*.cs", SearchOption.AllDirectories)
                .Where(path => !IsBuildOutput(runtimeDir, path))
                .Order(StringComparer.Ordinal)
                .Select(path => CSharpSyntaxTree.ParseText(ReadFile(path), parseOptions, path))
                .ToArray();
            CSharpCompilation compilation = CSharpCompilation.Create(
                WeChatGenerator.SdkAssemblyName,
                sources,
                references.Select(path => MetadataReference.CreateFromFile(path)),
                new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    optimizationLevel: OptimizationLevel.Release,
                    nullableContextOptions: NullableContextOptions.Enable,
                    deterministic: true));

            ImmutableArray<string> specs = Directory.GetFiles(Path.Combine(repoRoot, "spec"), "*" + WeChatGenerator.SpecSuffix, SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .ToImmutableArray();
            return new RuntimeBuild(repoRoot, parseOptions, compilation, specs, Values(inputs, "generator ").ToImmutableArray());
        }

        /// <summary>New file-backed AdditionalTexts for every spec file, each read on first use, as csc creates them per build.</summary>
        public ImmutableArray<AdditionalText> ReadSpecs() =>
            SpecPaths.Select(path => (AdditionalText)new SpecFileText(path)).ToImmutableArray();

        /// <summary>A driver in the state csc creates it in: the generator alone, no step tracking, every output kind on.</summary>
        public GeneratorDriver CreateDriver(ImmutableArray<AdditionalText> specs) =>
            CreateDriver(ImmutableArray.Create(new WeChatGenerator().AsSourceGenerator()), specs);

        /// <summary>
        /// A driver that also runs the framework's and packages' generators (LoggerMessage, Regex, ...), which the runtime's
        /// hand-written sources need in order to bind; used to check the output, not for timing.
        /// </summary>
        public GeneratorDriver CreateDriverWithAllGenerators(ImmutableArray<AdditionalText> specs) =>
            CreateDriver(
                _otherGenerators
                    .SelectMany(path => new AnalyzerFileReference(path, AnalyzerAssemblyLoader.Instance).GetGenerators(LanguageNames.CSharp))
                    .Prepend(new WeChatGenerator().AsSourceGenerator())
                    .ToImmutableArray(),
                specs);

        private GeneratorDriver CreateDriver(ImmutableArray<ISourceGenerator> generators, ImmutableArray<AdditionalText> specs) =>
            CSharpGeneratorDriver.Create(
                generators,
                specs,
                ParseOptions,
                new BuildPropertyOptions(("build_property.RootNamespace", RootNamespace)),
                new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

        /// <summary>Text read the way csc reads a file: encoding from the BOM (UTF-8 otherwise), SHA-256 checksum.</summary>
        public static SourceText ReadFile(string path)
        {
            using FileStream stream = File.OpenRead(path);
            return SourceText.From(stream, Encoding.UTF8, SourceHashAlgorithm.Sha256);
        }

        private static bool IsBuildOutput(string projectDir, string path)
        {
            string relative = Path.GetRelativePath(projectDir, path).Replace('\\', '/');
            return relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal);
        }

        private static string[] Values(string[] lines, string prefix) =>
            lines.Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).Select(line => line.Substring(prefix.Length)).ToArray();
    }
}
