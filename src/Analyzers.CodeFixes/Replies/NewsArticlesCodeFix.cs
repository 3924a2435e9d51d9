using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WeChat.OfficialAccount.Analyzers.CodeFixes.Replies
{
    /// <summary>
    /// WXR001 / WXR002: drops the articles of a news reply beyond what the platform delivers (1 when answering a user
    /// message, 8 anywhere). The platform would drop them silently; the fix makes that visible in the code.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NewsArticlesCodeFix))]
    [Shared]
    public sealed class NewsArticlesCodeFix : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("WXR001", "WXR002");

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                int keep = diagnostic.Id == "WXR001" ? 1 : 8;
                if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ObjectCreationExpressionSyntax creation
                    || Articles(creation) is not { } articles
                    || articles.Expressions.Count <= keep)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        keep == 1 ? "Keep only the first article" : "Keep only the first 8 articles",
                        cancellationToken => KeepAsync(context.Document, root, articles, keep, cancellationToken),
                        equivalenceKey: nameof(NewsArticlesCodeFix) + keep),
                    diagnostic);
            }
        }

        /// <summary>The collection initializer of <c>Articles = { … }</c> or <c>Articles = new List&lt;ReplyArticle&gt; { … }</c>.</summary>
        private static InitializerExpressionSyntax? Articles(ObjectCreationExpressionSyntax creation) =>
            creation.Initializer?.Expressions
                .OfType<AssignmentExpressionSyntax>()
                .Where(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: "Articles" })
                .Select(a => a.Right switch
                {
                    InitializerExpressionSyntax list => list,
                    ObjectCreationExpressionSyntax { Initializer: { } list } => list,
                    _ => null,
                })
                .FirstOrDefault(list => list is not null);

        private static Task<Document> KeepAsync(Document document, SyntaxNode root, InitializerExpressionSyntax articles, int keep, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Keep the original separators between the kept entries, and the trivia that followed the last entry.
            SeparatedSyntaxList<ExpressionSyntax> all = articles.Expressions;
            ExpressionSyntax last = all[keep - 1].WithTrailingTrivia(all[all.Count - 1].GetTrailingTrivia());
            SeparatedSyntaxList<ExpressionSyntax> kept = SyntaxFactory.SeparatedList(all.Take(keep - 1).Append(last), all.GetSeparators().Take(keep - 1));
            InitializerExpressionSyntax replacement = articles.WithExpressions(kept);
            return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(articles, replacement)));
        }
    }
}
