using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using static WeChat.OfficialAccount.Analyzers.Tests.CSharpMenuHarness;

namespace WeChat.OfficialAccount.Analyzers.Tests
{
    /// <summary>Applies a code fix through an AdhocWorkspace and checks the result compiles without the diagnostic.</summary>
    internal static class CodeFixHarness
    {
        /// <summary>Runs the analyzer, offers <paramref name="fix"/> for the one <paramref name="id"/> diagnostic and applies it; null when no fix is offered.</summary>
        public static async Task<string?> ApplyAsync(string source, string id, CodeFixProvider fix, Func<Compilation, Task<ImmutableArray<Diagnostic>>> analyzeAsync)
        {
            using var workspace = new AdhocWorkspace();
            ProjectId projectId = ProjectId.CreateNewId();
            DocumentId documentId = DocumentId.CreateNewId(projectId);
            Solution solution = workspace.CurrentSolution
                .AddProject(projectId, "MenuTests", "MenuTests", LanguageNames.CSharp)
                .WithProjectCompilationOptions(projectId, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
                .WithProjectParseOptions(projectId, new CSharpParseOptions(LanguageVersion.Latest))
                .AddMetadataReferences(projectId, References)
                .AddDocument(documentId, "Menus.cs", SourceText.From(source));
            Assert.True(workspace.TryApplyChanges(solution));
            Document document = workspace.CurrentSolution.GetDocument(documentId)!;

            Diagnostic diagnostic = Assert.Single((await analyzeAsync((await document.Project.GetCompilationAsync())!)).Where(d => d.Id == id));
            var actions = new List<CodeAction>();
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            if (actions.Count == 0)
            {
                return null;
            }

            ImmutableArray<CodeActionOperation> operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);
            Assert.Single(operations.OfType<ApplyChangesOperation>()).Apply(workspace, CancellationToken.None);

            Document fixedDocument = workspace.CurrentSolution.GetDocument(documentId)!;
            Compilation fixedCompilation = (await fixedDocument.Project.GetCompilationAsync())!;
            Assert.DoesNotContain(await analyzeAsync(fixedCompilation), d => d.Id == id); // also asserts it compiles without errors
            return (await fixedDocument.GetTextAsync()).ToString();
        }

    }
}
