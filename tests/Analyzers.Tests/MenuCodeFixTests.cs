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

        private static Task<string?> ApplyAsync(string source, string id, CodeFixProvider fix) =>
            CodeFixHarness.ApplyAsync(source, id, fix, AnalyzeAsync);

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
