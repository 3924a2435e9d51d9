using System.Collections.Immutable;
using System.Composition;
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
    /// WXR003: the platform discards any reply to this event, so the handler answers "no reply" (null, which the
    /// webhook turns into <c>success</c>) instead. Offered where the reply is what the handler returns: an
    /// expression-bodied lambda or member, or a <c>return</c> statement; elsewhere the rewrite depends on the code
    /// around it and is left to the author.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DiscardedReplyCodeFix))]
    [Shared]
    public sealed class DiscardedReplyCodeFix : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("WXR003");

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ObjectCreationExpressionSyntax creation
                    || !IsReturned(creation))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Answer success (no reply)",
                        cancellationToken => AnswerNothingAsync(context.Document, root, creation, cancellationToken),
                        equivalenceKey: nameof(DiscardedReplyCodeFix)),
                    diagnostic);
            }
        }

        private static bool IsReturned(ExpressionSyntax creation) => creation.Parent switch
        {
            ArrowExpressionClauseSyntax => true,
            ReturnStatementSyntax => true,
            LambdaExpressionSyntax lambda => lambda.Body == creation,
            _ => false,
        };

        private static Task<Document> AnswerNothingAsync(Document document, SyntaxNode root, ObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LiteralExpressionSyntax nothing = SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression).WithTriviaFrom(creation);
            return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(creation, nothing)));
        }
    }
}
