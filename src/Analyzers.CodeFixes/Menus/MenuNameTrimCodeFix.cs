using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WeChat.OfficialAccount.Analyzers.Menus;

namespace WeChat.OfficialAccount.Analyzers.CodeFixes.Menus
{
    /// <summary>
    /// WXM003: replaces a too-long button name literal with its longest prefix within the byte limit, cut on a character
    /// boundary. The analyzer computes the cut with the shared MenuRules.TrimToBytes and passes it along.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MenuNameTrimCodeFix))]
    [Shared]
    public sealed class MenuNameTrimCodeFix : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("WXM003");

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (root is null
                    || !diagnostic.Properties.TryGetValue(MenuCodeAnalyzer.TrimmedNameProperty, out string? trimmed)
                    || trimmed is null
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                    || !literal.IsKind(SyntaxKind.StringLiteralExpression))
                {
                    continue; // a constant from elsewhere: where to cut is the author's call
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Trim the name to \"{trimmed}\"",
                        cancellationToken => ReplaceAsync(context.Document, root, literal, trimmed, cancellationToken),
                        equivalenceKey: nameof(MenuNameTrimCodeFix)),
                    diagnostic);
            }
        }

        private static Task<Document> ReplaceAsync(Document document, SyntaxNode root, LiteralExpressionSyntax literal, string trimmed, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LiteralExpressionSyntax replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(trimmed)).WithTriviaFrom(literal);
            return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(literal, replacement)));
        }
    }
}
