using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using WeChat.OfficialAccount.Analyzers.Menus;

namespace WeChat.OfficialAccount.Analyzers.Tests
{
    /// <summary>WXM016: a ClickEvent.EventKey compared with a key no menu of the compilation defines.</summary>
    public sealed class MenuKeyUsageAnalyzerTests
    {
        private const string Menu = """{"button":[{"type":"click","name":"Music","key":"V1001_TODAY_MUSIC"},{"name":"More","sub_button":[{"type":"click","name":"Good","key":"V1001_GOOD"}]}]}""";

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string handlers, string? menuJson = Menu, string csharpMenu = "")
        {
            string source = "using WeChat.OfficialAccount.Api; using WeChat.OfficialAccount.Events;\npublic static class Handlers {\n" + csharpMenu + "\n" + handlers.Replace(CSharpMenuHarness.Marker, string.Empty) + "\n}";
            var files = menuJson is null ? ImmutableArray<AdditionalText>.Empty : ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText("main.menu.json", menuJson));
            Compilation compilation = CSharpMenuHarness.Compile(source);
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new MenuKeyUsageAnalyzer()), new AnalyzerOptions(files)).GetAnalyzerDiagnosticsAsync();
        }

        private static int MarkerOffset(string handlers, string csharpMenu = "") =>
            ("using WeChat.OfficialAccount.Api; using WeChat.OfficialAccount.Events;\npublic static class Handlers {\n" + csharpMenu + "\n" + handlers).IndexOf(CSharpMenuHarness.Marker);

        [Fact]
        public async Task Equality_with_an_undefined_key_is_reported_at_the_literal()
        {
            const string handlers = "public static bool Is(ClickEvent e) => e.EventKey == /*!*/\"V1001_TODAY_MUSC\";";

            Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(handlers));

            Assert.Equal("WXM016", diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
            Assert.Equal(MarkerOffset(handlers), diagnostic.Location.SourceSpan.Start);
        }

        [Fact]
        public async Task Switch_cases_are_checked_against_json_and_csharp_menus()
        {
            const string csharpMenu = "public static MenuCreateRequest Extra = new MenuCreateRequest { Button = { MenuButton.Click(\"Extra\", \"FROM_CSHARP\") } };";
            const string handlers = """
                public static string On(ClickEvent e) => e.EventKey switch
                {
                    "V1001_TODAY_MUSIC" => "music",
                    "V1001_GOOD" => "good",
                    "FROM_CSHARP" => "c#",
                    /*!*/"NOWHERE" => "?",
                    _ => "",
                };
                """;

            Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(handlers, Menu, csharpMenu));

            Assert.Equal(MarkerOffset(handlers, csharpMenu), diagnostic.Location.SourceSpan.Start);
        }

        [Fact]
        public async Task Defined_keys_are_fine()
        {
            Assert.Empty(await AnalyzeAsync("public static bool Is(ClickEvent e) => \"V1001_GOOD\" == e.EventKey;"));
        }

        [Fact]
        public async Task Without_any_menu_in_the_compilation_nothing_is_reported()
        {
            Assert.Empty(await AnalyzeAsync("public static bool Is(ClickEvent e) => e.EventKey == \"ANYTHING\";", menuJson: null));
        }
    }
}
