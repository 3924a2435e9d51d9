using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WeChat.OfficialAccount.Analyzers.CodeFixes.Menus
{
    /// <summary>
    /// WXM007: removes a type/key/url/… assignment from the initializer of a button that has sub-buttons. The platform
    /// ignores none of them (it rejects the menu), and a parent button never acts, so the assignment carries nothing.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MenuParentActionCodeFix))]
    [Shared]
    public sealed class MenuParentActionCodeFix : CodeFixProvider
    {
        private static readonly ImmutableHashSet<string> ActionProperties = ImmutableHashSet.Create("Type", "Key", "Url", "MediaId", "ArticleId", "AppId", "PagePath");

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("WXM007");

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                // Only the "parent with an action" form: the value of `Type = …` inside `new MenuButton { … }`.
                if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value
                    || value.Parent is not AssignmentExpressionSyntax { Left: IdentifierNameSyntax property } assignment
                    || assignment.Right != value
                    || !ActionProperties.Contains(property.Identifier.ValueText)
                    || !assignment.Parent.IsKind(SyntaxKind.ObjectInitializerExpression))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Remove '{property.Identifier.ValueText}' from the parent button",
                        cancellationToken => RemoveAsync(context.Document, root, assignment, cancellationToken),
                        equivalenceKey: nameof(MenuParentActionCodeFix) + property.Identifier.ValueText),
                    diagnostic);
            }
        }

        private static Task<Document> RemoveAsync(Document document, SyntaxNode root, AssignmentExpressionSyntax assignment, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The last element keeps the space before the closing brace; any other goes with its comma and that comma's space.
            bool last = assignment.Parent is InitializerExpressionSyntax initializer && initializer.Expressions.Last() == assignment;
            SyntaxNode? fixedRoot = root.RemoveNode(assignment, last ? SyntaxRemoveOptions.KeepTrailingTrivia : SyntaxRemoveOptions.KeepNoTrivia);
            return Task.FromResult(fixedRoot is null ? document : document.WithSyntaxRoot(fixedRoot));
        }
    }
}
