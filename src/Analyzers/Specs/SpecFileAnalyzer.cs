using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WeChat.OfficialAccount.Generator;
using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Analyzers.Specs
{
    /// <summary>
    /// The one reporter of the spec rules (WXS001–WXS014): per file as the editor shows the file
    /// (RegisterAdditionalFileAction), and across files (duplicate names, references, dispatch keys) once per
    /// compilation. It runs the generator's own parser and linker, so the rules are defined once; the generator,
    /// seeing the same errors, just emits nothing.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SpecFileAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Enumerable.Range(1, 14)
            .Select(i => DiagnosticDescriptors.Find("WXS" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture))!)
            .ToImmutableArray();

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterAdditionalFileAction(static file =>
            {
                if (!IsSpec(file.AdditionalFile))
                {
                    return;
                }

                SpecFile spec = SpecParser.Parse(file.AdditionalFile.Path, file.AdditionalFile.GetText(file.CancellationToken)?.ToString(), file.CancellationToken);
                foreach (DiagnosticInfo info in spec.Diagnostics)
                {
                    Report(info, file.ReportDiagnostic);
                }
            });
            context.RegisterCompilationAction(static compilation =>
            {
                var files = compilation.Options.AdditionalFiles
                    .Where(IsSpec)
                    .Select(f => SpecParser.Parse(f.Path, f.GetText(compilation.CancellationToken)?.ToString(), compilation.CancellationToken))
                    .ToImmutableArray();
                if (files.IsEmpty || files.Any(f => f.Diagnostics.Any(d => DiagnosticDescriptors.Find(d.Id)?.DefaultSeverity == DiagnosticSeverity.Error)))
                {
                    return; // per-file errors come first; cross-file rules are judged on files that parse
                }

                foreach (DiagnosticInfo info in SpecLinker.Link(files, compilation.CancellationToken).Diagnostics)
                {
                    Report(info, compilation.ReportDiagnostic);
                }
            });
        }

        private static bool IsSpec(AdditionalText text) => text.Path.EndsWith(".wechat.json", StringComparison.OrdinalIgnoreCase);

        private static void Report(DiagnosticInfo info, Action<Diagnostic> report)
        {
            if (DiagnosticDescriptors.Find(info.Id) is not { } descriptor)
            {
                return;
            }

            Location location = info.Location is { } l
                ? Location.Create(l.Path, new TextSpan(l.Start, l.Length), new LinePositionSpan(new LinePosition(l.Line, l.Column), new LinePosition(l.EndLine, l.EndColumn)))
                : Location.None;
            report(Diagnostic.Create(descriptor, location, info.Arguments.Cast<object>().ToArray()));
        }
    }
}
