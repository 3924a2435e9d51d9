using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using static WeChat.OfficialAccount.Analyzers.Tests.CSharpMenuHarness;

namespace WeChat.OfficialAccount.Analyzers.Tests
{
    /// <summary>
    /// The menu rules on menus written in C#: one broken menu per ID, reported at the marked token, and one correct
    /// menu per ID that reports nothing. Factory calls and object initializers are both covered.
    /// </summary>
    public sealed class MenuCodeAnalyzerTests
    {
        private static string Menu(string buttons) => InMethod($"return new MenuCreateRequest {{ Button = {{ {buttons} }} }};");

        private static string Conditional(string rule) =>
            InMethod($"return new MenuAddConditionalRequest {{ Button = {{ MenuButton.Click(\"a\", \"K\") }}, {rule} }};");

        private static readonly string Long129 = new('k', 129);

        public static TheoryData<string, string> BrokenMenus => new()
        {
            { "WXM001", Menu("""MenuButton.Click("a", "1"), MenuButton.Click("b", "2"), MenuButton.Click("c", "3"), /*!*/MenuButton.Click("d", "4")""") },
            { "WXM002", Menu("""new MenuButton { Name = "p", SubButton = new List<MenuButton> { MenuButton.Click("a", "1"), MenuButton.Click("b", "2"), MenuButton.Click("c", "3"), MenuButton.Click("d", "4"), MenuButton.Click("e", "5"), /*!*/new MenuButton { Type = "click", Name = "f", Key = "6" } } }""") },
            { "WXM003", Menu("""MenuButton.Click(/*!*/"一二三四五六", "1")""") },
            { "WXM003", Menu("""MenuButton.Parent("p", new MenuButton { Type = "view", Name = /*!*/"一二三四五六七八九十一二三四五六七八九十一", Url = "https://a.example/" })""") },
            { "WXM004", Menu("""new MenuButton { Type = /*!*/"click", Name = "a" }""") },
            { "WXM004", Menu($"""MenuButton.ScanCodePush("a", /*!*/"{Long129}")""") },
            { "WXM005", Menu("""MenuButton.View("a", /*!*/"ftp://files.example/")""") },
            { "WXM005", Menu("""new MenuButton { Type = /*!*/"view", Name = "a" }""") },
            { "WXM006", Menu("""new MenuButton { Type = /*!*/"miniprogram", Name = "a", AppId = "wx286b93c14bbf93aa", Url = "https://a.example/" }""") },
            { "WXM006", Menu("""MenuButton.MiniProgram("a", "wx286b93c14bbf93aa", /*!*/"", "https://a.example/")""") },
            { "WXM007", Menu("""new MenuButton { Type = /*!*/"click", Name = "p", SubButton = new List<MenuButton> { MenuButton.Click("a", "1") } }""") },
            { "WXM007", Menu("""MenuButton.Parent("p", /*!*/MenuButton.Parent("q", MenuButton.Click("a", "1")))""") },
            { "WXM008", Menu("""MenuButton.Click("a", "K"), MenuButton.Parent("p", MenuButton.PicWeixin("b", /*!*/"K"))""") },
            { "WXM009", Menu("""new MenuButton { Type = /*!*/"media_id", Name = "a" }""") },
            { "WXM009", Menu("""MenuButton.Article("a", /*!*/"")""") },
            { "WXM010", Conditional("MatchRule = /*!*/new MenuMatchRule()") },
            { "WXM010", Conditional("""MatchRule = new MenuMatchRule { ClientPlatformType = /*!*/"4" }""") },
            { "WXM010", InMethod("""return /*!*/new MenuAddConditionalRequest { Button = { MenuButton.Click("a", "K") } };""") },
            { "WXM011", Menu("""new MenuButton { Type = /*!*/"tap", Name = "a", Key = "1" }""") },
            { "WXM011", Menu("""/*!*/new MenuButton { Name = "a", Key = "1" }""") },
            { "WXM012", InMethod("return new MenuCreateRequest { Button = /*!*/{ } };") },
            { "WXM012", Menu("""/*!*/MenuButton.Parent("p")""") },
            { "WXM013", Conditional("""MatchRule = { TagId = 2, Sex = /*!*/"1" }""") },
            { "WXM014", Menu("""/*!*/new MenuButton { Type = "click", Key = "1" }""") },
            { "WXM014", Menu("""MenuButton.LocationSelect(/*!*/"", "1")""") },
        };

        public static TheoryData<string, string> CorrectMenus => new()
        {
            { "WXM001", Menu("""MenuButton.Click("a", "1"), MenuButton.Click("b", "2"), MenuButton.Click("c", "3")""") },
            { "WXM002", Menu("""MenuButton.Parent("p", MenuButton.Click("a", "1"), MenuButton.Click("b", "2"), MenuButton.Click("c", "3"), MenuButton.Click("d", "4"), MenuButton.Click("e", "5"))""") },
            { "WXM003", Menu("""MenuButton.Click("一二三四五", "1"), MenuButton.Parent("菜单", MenuButton.Click("一二三四五六七八九十一二三四五六七八九十", "2"))""") },
            { "WXM004", Menu("MenuButton.ScanCodeWaitMsg(\"a\", \"" + new string('k', 128) + "\"), " + """new MenuButton { Type = "pic_sysphoto", Name = "b", Key = "2" }""") },
            { "WXM005", Menu("""MenuButton.View("a", "https://a.example/"), new MenuButton { Type = "view", Name = "b", Url = "http://b.example/" }""") },
            { "WXM006", Menu("""MenuButton.MiniProgram("a", "wx286b93c14bbf93aa", "pages/lunar/index", "http://mp.weixin.qq.com")""") },
            { "WXM007", Menu("""new MenuButton { Name = "p", SubButton = new List<MenuButton> { MenuButton.Click("a", "1") } }""") },
            { "WXM008", Menu("""MenuButton.Click("a", "K1"), MenuButton.Parent("p", MenuButton.PicPhotoOrAlbum("b", "K2"))""") },
            { "WXM009", Menu("""MenuButton.Media("a", "MEDIA_ID"), MenuButton.Article("b", "ARTICLE_ID"), new MenuButton { Type = "article_view_limited", Name = "c", ArticleId = "ARTICLE_ID" }""") },
            { "WXM010", Conditional("""MatchRule = new MenuMatchRule { TagId = 2, ClientPlatformType = "1" }""") },
            { "WXM011", Menu("""new MenuButton { Type = "location_select", Name = "a", Key = "1" }""") },
            { "WXM012", Menu("""MenuButton.Parent("p", MenuButton.Click("a", "1"))""") },
            { "WXM013", Conditional("""MatchRule = { ClientPlatformType = "2" }""") },
            { "WXM014", Menu("""new MenuButton { Type = "click", Name = "a", Key = "1" }""") },
        };

        [Theory]
        [MemberData(nameof(BrokenMenus))]
        public async Task A_broken_menu_reports_its_id_at_the_marked_token(string id, string source)
        {
            ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(source);

            Diagnostic diagnostic = Assert.Single(diagnostics);
            Assert.Equal(id, diagnostic.Id);
            Assert.Equal(source.IndexOf(Marker, System.StringComparison.Ordinal) + Marker.Length, diagnostic.Location.SourceSpan.Start);
        }

        [Theory]
        [MemberData(nameof(CorrectMenus))]
        public async Task A_correct_menu_reports_nothing(string id, string source)
        {
            Assert.NotNull(WeChatDiagnosticCatalog.Find(id));
            Assert.Empty(await AnalyzeAsync(source));
        }

        [Fact]
        public async Task Duplicate_keys_are_a_warning_and_the_rest_errors()
        {
            ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(Menu("""MenuButton.Click("a", "K"), MenuButton.Click("b", "K")"""));
            Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(diagnostics).Severity);
        }

        [Fact]
        public async Task Values_computed_at_run_time_are_not_checked()
        {
            Assert.Empty(await AnalyzeAsync(Menu("""MenuButton.Click(dynamicText, dynamicText), MenuButton.View("a", dynamicText), new MenuButton { Type = dynamicText, Name = dynamicText }""")));
        }

        [Fact]
        public async Task Buttons_held_in_variables_still_count()
        {
            ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(Menu("""someButton, someButton, MenuButton.Click("c", "3"), /*!*/someButton"""));
            Assert.Equal("WXM001", Assert.Single(diagnostics).Id);
        }

        [Fact]
        public async Task Lists_built_elsewhere_or_later_are_not_counted()
        {
            Assert.Empty(await AnalyzeAsync(InMethod("return new MenuCreateRequest { Button = existing };")));
            Assert.Empty(await AnalyzeAsync(InMethod("return new MenuCreateRequest { Button = new List<MenuButton>(existing) };")));
            Assert.Empty(await AnalyzeAsync(InMethod("""return new MenuCreateRequest { Button = { MenuButton.Parent("p", existing.ToArray()) } };""")));
            Assert.Empty(await AnalyzeAsync(InMethod("""return new MenuCreateRequest { Button = [MenuButton.Click("a", "1"), .. existing] };""")));
            Assert.Empty(await AnalyzeAsync(InMethod("""
                var request = new MenuCreateRequest();
                request.Button.Add(MenuButton.Click("a", "1"));
                return request;
                """)));
            Assert.Empty(await AnalyzeAsync(InMethod("""
                var request = new MenuAddConditionalRequest { Button = { MenuButton.Click("a", "1") } };
                request.MatchRule.TagId = 2;
                return request;
                """)));
        }

        [Fact]
        public async Task A_menu_in_a_field_initializer_is_checked()
        {
            string source = """
                using WeChat.OfficialAccount.Api;

                public static class Menus
                {
                    public static readonly MenuCreateRequest Main = new()
                    {
                        Button =
                        {
                            MenuButton.Click("今日歌曲", "V1001_TODAY_MUSIC"),
                            MenuButton.Parent("菜单", MenuButton.View("搜索", /*!*/"www.soso.com")),
                        },
                    };
                }
                """;

            Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(source));
            Assert.Equal("WXM005", diagnostic.Id);
            Assert.Equal(source.IndexOf(Marker, System.StringComparison.Ordinal) + Marker.Length, diagnostic.Location.SourceSpan.Start);
        }

        [Fact]
        public async Task Code_without_the_runtime_is_left_alone()
        {
            var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
                "Plain",
                new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("public class MenuCreateRequest { }") },
                References.Where(r => !r.Display!.Contains("WeChat.OfficialAccount", System.StringComparison.Ordinal)),
                new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(await AnalyzeAsync(compilation));
        }
    }
}
