using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WeChat.OfficialAccount.Menus.Rules;

namespace WeChat.OfficialAccount.Analyzers.Menus
{
    /// <summary>
    /// Checks <c>*.menu.json</c> AdditionalFiles (the platform's own menu JSON) against the menu rules and reports each
    /// violation at the JSON token that breaks it. This is the only reporter of WXM IDs for menu files: the generator
    /// emits key constants from the same files but reports nothing.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MenuJsonAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>The file-name suffix that marks a menu file.</summary>
        public const string MenuSuffix = ".menu.json";

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = WeChatDiagnosticCatalog.MenuRuleDescriptors.Add(WeChatDiagnosticCatalog.MenuFileInvalid);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterAdditionalFileAction(AnalyzeFile);
        }

        private static void AnalyzeFile(AdditionalFileAnalysisContext context)
        {
            string path = context.AdditionalFile.Path;
            if (!path.EndsWith(MenuSuffix, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            SourceText? text = context.AdditionalFile.GetText(context.CancellationToken);
            if (text is null)
            {
                return;
            }

            MenuModel? menu = MenuJson.Read(text.ToString(), out string? error, out JsonSpan? errorSpan);
            if (menu is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    WeChatDiagnosticCatalog.MenuFileInvalid,
                    At(path, errorSpan),
                    error ?? "the file is not a menu"));
                return;
            }

            foreach (MenuViolation violation in MenuRules.Check(menu))
            {
                if (WeChatDiagnosticCatalog.Find(violation.Id) is { } descriptor)
                {
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, At(path, violation.Location as JsonSpan), violation.Message));
                }
            }
        }

        private static Location At(string path, JsonSpan? span) => span is null
            ? Location.Create(path, default, default)
            : Location.Create(
                path,
                new TextSpan(span.Start, span.Length),
                new LinePositionSpan(new LinePosition(span.Line, span.Column), new LinePosition(span.EndLine, span.EndColumn)));
    }
}
