using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WeChat.OfficialAccount.Analyzers.Menus;

namespace WeChat.OfficialAccount.Analyzers.Tests
{
    /// <summary>Compiles C# against the real runtime assembly and runs the menu analyzer on it.</summary>
    internal static class CSharpMenuHarness
    {
        /// <summary>Written in a test source right before the token a diagnostic must start at.</summary>
        public const string Marker = "/*!*/";

        public static readonly ImmutableArray<MetadataReference> References = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => !path.Contains("WeChat.OfficialAccount", StringComparison.Ordinal))
            .Append(typeof(WeChat.OfficialAccount.Api.MenuButton).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

        /// <summary>A class whose method body is <paramref name="body"/>; <c>dynamicText</c> is a non-constant string in scope.</summary>
        public static string InMethod(string body) => $$"""
            using System.Collections.Generic;
            using WeChat.OfficialAccount.Api;

            public static class Menus
            {
                public static object Build(string dynamicText, List<MenuButton> existing, MenuButton someButton)
                {
                    {{body}}
                }
            }
            """;

        public static CSharpCompilation Compile(string source) => CSharpCompilation.Create(
            "MenuTests",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Menus.cs") },
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation)
        {
            ImmutableArray<Diagnostic> errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
            Assert.True(errors.IsEmpty, "The test source does not compile: " + string.Join(Environment.NewLine, errors));
            return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new MenuCodeAnalyzer())).GetAnalyzerDiagnosticsAsync();
        }

        public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source) => AnalyzeAsync(Compile(source));
    }
}
