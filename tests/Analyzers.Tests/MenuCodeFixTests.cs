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
using WeChat.OfficialAccount.Analyzers.CodeFixes.Menus;
using static WeChat.OfficialAccount.Analyzers.Tests.CSharpMenuHarness;

namespace WeChat.OfficialAccount.Analyzers.Tests
{
    /// <summary>The menu code fixes applied through a workspace: the new text, and that it compiles without the diagnostic.</summary>
    public sealed class MenuCodeFixTests
    {
        private static string Menu(string buttons) => InMethod($"return new MenuCreateRequest {{ Button = {{ {buttons} }} }};");

        /// <summary>Runs the analyzer, offers <paramref name="fix"/> for the one <paramref name="id"/> diagnostic and applies it; null when no fix is offered.</summary>
        private static async Task<string?> ApplyAsync(string source, string id, CodeFixProvider fix)
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

            Diagnostic diagnostic = Assert.Single((await AnalyzeAsync((await document.Project.GetCompilationAsync())!)).Where(d => d.Id == id));
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
            Assert.DoesNotContain(await AnalyzeAsync(fixedCompilation), d => d.Id == id); // also asserts it compiles without errors
            return (await fixedDocument.GetTextAsync()).ToString();
        }

        [Fact]
        public async Task A_long_top_level_name_is_trimmed_to_16_bytes()
        {
            string source = Menu("""MenuButton.Click("一二三四五六", "1")""");
            Assert.Equal(source.Replace("一二三四五六", "一二三四五"), await ApplyAsync(source, "WXM003", new MenuNameTrimCodeFix()));
        }

        [Fact]
        public async Task A_long_sub_menu_name_is_trimmed_to_60_bytes_on_a_character_boundary()
        {
            string name = string.Concat(Enumerable.Repeat("😀", 16)); // 64 bytes, surrogate pairs
            string source = Menu($$"""MenuButton.Parent("p", new MenuButton { Type = "view", Name = "{{name}}", Url = "https://a.example/" })""");
            Assert.Equal(source.Replace(name, string.Concat(Enumerable.Repeat("😀", 15))), await ApplyAsync(source, "WXM003", new MenuNameTrimCodeFix()));
        }

        [Fact]
        public async Task A_name_from_a_constant_elsewhere_gets_no_fix()
        {
            string source = InMethod("""
                const string Title = "一二三四五六";
                return new MenuCreateRequest { Button = { MenuButton.Click(Title, "1") } };
                """);
            Assert.Null(await ApplyAsync(source, "WXM003", new MenuNameTrimCodeFix()));
        }

        [Fact]
        public async Task The_type_of_a_parent_button_is_removed()
        {
            string source = Menu("""new MenuButton { Type = "click", Name = "p", SubButton = new List<MenuButton> { MenuButton.Click("a", "1") } }""");
            Assert.Equal(
                Menu("""new MenuButton { Name = "p", SubButton = new List<MenuButton> { MenuButton.Click("a", "1") } }"""),
                await ApplyAsync(source, "WXM007", new MenuParentActionCodeFix()));
        }

        [Fact]
        public async Task The_key_of_a_parent_button_is_removed()
        {
            string source = Menu("""new MenuButton { Name = "p", SubButton = new List<MenuButton> { MenuButton.Click("a", "1") }, Key = "K" }""");
            Assert.Equal(
                Menu("""new MenuButton { Name = "p", SubButton = new List<MenuButton> { MenuButton.Click("a", "1") } }"""),
                await ApplyAsync(source, "WXM007", new MenuParentActionCodeFix()));
        }

        [Fact]
        public async Task A_sub_menu_nested_in_a_sub_menu_gets_no_fix()
        {
            string source = Menu("""MenuButton.Parent("p", MenuButton.Parent("q", MenuButton.Click("a", "1")))""");
            Assert.Null(await ApplyAsync(source, "WXM007", new MenuParentActionCodeFix()));
        }
    }
}
