using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WeChat.OfficialAccount.Analyzers.Menus;

namespace WeChat.OfficialAccount.Analyzers.Tests
{
    /// <summary>
    /// <see cref="MenuJsonAnalyzer"/> on <c>*.menu.json</c> AdditionalFiles, through CompilationWithAnalyzers as the
    /// compiler runs it. In the JSON of a negative case, ⟦ and ⟧ mark the exact token the diagnostic must cover; they
    /// are removed before the file is analysed.
    /// </summary>
    public sealed class MenuJsonAnalyzerTests
    {
        private const string Path = "/project/Menus/main.menu.json";

        public static TheoryData<string, string> Broken => new()
        {
            {
                "WXM001", """
                {"button":[
                  {"type":"click","name":"a","key":"1"},
                  {"type":"click","name":"b","key":"2"},
                  {"type":"click","name":"c","key":"3"},
                  ⟦{"type":"click","name":"d","key":"4"}⟧
                ]}
                """
            },
            {
                "WXM002", """
                {"button":[
                  {"name":"more","sub_button":[
                    {"type":"click","name":"a","key":"1"},
                    {"type":"click","name":"b","key":"2"},
                    {"type":"click","name":"c","key":"3"},
                    {"type":"click","name":"d","key":"4"},
                    {"type":"click","name":"e","key":"5"},
                    ⟦{"type":"click","name":"f","key":"6"}⟧]}
                ]}
                """
            },
            {
                "WXM003", """
                {"button":[
                  {"type":"click","name":⟦"今日歌曲推荐"⟧,"key":"V1001_TODAY_MUSIC"}
                ]}
                """
            },
            {
                "WXM004", """
                {"button":[
                  {"type":⟦"scancode_push"⟧,"name":"扫码"}
                ]}
                """
            },
            {
                "WXM005", """
                {"button":[
                  {"type":"view","name":"search",
                   "url":⟦"ftp://www.soso.com/"⟧}
                ]}
                """
            },
            {
                "WXM006", """
                {"button":[
                  {"type":⟦"miniprogram"⟧,"name":"wxa","url":"http://mp.weixin.qq.com","appid":"wx286b93c14bbf93aa"}
                ]}
                """
            },
            {
                "WXM007", """
                {"button":[
                  {"name":"菜单","key":⟦"MENU"⟧,"sub_button":[
                    {"type":"click","name":"a","key":"1"}]}
                ]}
                """
            },
            {
                "WXM008", """
                {"button":[
                  {"type":"click","name":"a","key":"V1001_GOOD"},
                  {"type":"click","name":"b","key":⟦"V1001_GOOD"⟧}
                ]}
                """
            },
            {
                "WXM009", """
                {"button":[
                  {"type":⟦"article_id"⟧,"name":"article"}
                ]}
                """
            },
            {
                "WXM010", """
                {"button":[{"type":"click","name":"a","key":"1"}],
                 "matchrule":⟦{"client_platform_type":""}⟧}
                """
            },
            {
                "WXM011", """
                {"button":[
                  {"type":⟦"tap"⟧,"name":"a","key":"1"}
                ]}
                """
            },
            {
                "WXM012", """
                {⟦"button"⟧:[]}
                """
            },
            {
                "WXM013", """
                {"button":[{"type":"click","name":"a","key":"1"}],
                 "matchrule":{"tag_id":"2","language":⟦"zh_CN"⟧}}
                """
            },
            {
                "WXM014", """
                {"button":[
                  ⟦{"type":"click","key":"1"}⟧
                ]}
                """
            },
            {
                "WXM015", """
                {"button":[
                  {"type":"click","name":"a","key":"1"}⟦⟧
                """
            },
        };

        public static TheoryData<string, string> Valid => new()
        {
            // Each menu sits on the boundary the rule guards, and reports nothing at all.
            {
                "WXM001", """
                {"button":[
                  {"type":"click","name":"a","key":"1"},
                  {"type":"click","name":"b","key":"2"},
                  {"type":"click","name":"c","key":"3"}]}
                """
            },
            {
                "WXM002", """
                {"button":[{"name":"more","sub_button":[
                  {"type":"click","name":"a","key":"1"},
                  {"type":"click","name":"b","key":"2"},
                  {"type":"click","name":"c","key":"3"},
                  {"type":"click","name":"d","key":"4"},
                  {"type":"click","name":"e","key":"5"}]}]}
                """
            },
            {
                // 16 bytes on top (5 CJK characters + 1 ASCII), 60 bytes below (20 CJK characters).
                "WXM003", """
                {"button":[{"name":"今日歌曲推a","sub_button":[
                  {"type":"click","name":"一二三四五六七八九十一二三四五六七八九十","key":"1"}]}]}
                """
            },
            {
                "WXM004", "{\"button\":[{\"type\":\"click\",\"name\":\"a\",\"key\":\"" + new string('K', 128) + "\"}]}"
            },
            {
                "WXM005", "{\"button\":[{\"type\":\"view\",\"name\":\"a\",\"url\":\"https://example.com/" + new string('p', 1024 - 20) + "\"}]}"
            },
            {
                "WXM006", """
                {"button":[
                  {"type":"miniprogram","name":"wxa","url":"http://mp.weixin.qq.com","appid":"wx286b93c14bbf93aa","pagepath":"pages/lunar/index"}]}
                """
            },
            {
                // A parent holds only name and sub_button; a leaf echoed by menu/get may carry an empty sub_button.
                "WXM007", """
                {"button":[
                  {"name":"菜单","sub_button":[{"type":"click","name":"a","key":"1","sub_button":[]}]},
                  {"type":"click","name":"b","key":"2","sub_button":[]}]}
                """
            },
            {
                "WXM008", """
                {"button":[
                  {"type":"click","name":"a","key":"V1001_TODAY_MUSIC"},
                  {"type":"click","name":"b","key":"V1001_GOOD"}]}
                """
            },
            {
                "WXM009", """
                {"button":[
                  {"type":"media_id","name":"a","media_id":"MEDIA_ID1"},
                  {"type":"view_limited","name":"b","media_id":"MEDIA_ID2"},
                  {"type":"article_id","name":"c","article_id":"ARTICLE_ID1"}]}
                """
            },
            {
                "WXM010", """
                {"button":[{"type":"click","name":"a","key":"1"}],
                 "matchrule":{"tag_id":"2","client_platform_type":"2"}}
                """
            },
            {
                // Every button type the platform accepts, in one menu.
                "WXM011", """
                {"button":[
                  {"name":"events","sub_button":[
                    {"type":"click","name":"click","key":"K1"},
                    {"type":"scancode_push","name":"scan","key":"K2"},
                    {"type":"scancode_waitmsg","name":"scan wait","key":"K3"},
                    {"type":"pic_sysphoto","name":"photo","key":"K4"},
                    {"type":"pic_photo_or_album","name":"album","key":"K5"}]},
                  {"name":"more","sub_button":[
                    {"type":"pic_weixin","name":"weixin","key":"K6"},
                    {"type":"location_select","name":"location","key":"K7"},
                    {"type":"view","name":"view","url":"https://example.com/"},
                    {"type":"miniprogram","name":"wxa","url":"https://example.com/","appid":"wx1","pagepath":"pages/index"},
                    {"type":"media_id","name":"media","media_id":"M1"}]},
                  {"name":"content","sub_button":[
                    {"type":"view_limited","name":"limited","media_id":"M2"},
                    {"type":"article_id","name":"article","article_id":"A1"},
                    {"type":"article_view_limited","name":"article view","article_id":"A2"}]}]}
                """
            },
            {
                "WXM012", """{"button":[{"type":"click","name":"a","key":"1"}]}"""
            },
            {
                "WXM013", """
                {"button":[{"type":"click","name":"a","key":"1"}],
                 "matchrule":{"tag_id":"2","sex":"","country":"","province":"","city":"","language":""}}
                """
            },
            {
                "WXM014", """{"button":[{"type":"click","name":"今日歌曲","key":"1"}]}"""
            },
            {
                // The shape menu/get answers, after a byte-order mark.
                "WXM015", "\uFEFF" + """
                {"menu":{"button":[{"type":"click","name":"a","key":"1"}]}}
                """
            },
        };

        [Theory]
        [MemberData(nameof(Broken))]
        public async Task Each_rule_is_reported_at_the_exact_json_token(string id, string marked)
        {
            (string json, TextSpan expected) = Unmark(marked);

            ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(new InMemoryAdditionalText(Path, json));

            Diagnostic diagnostic = Assert.Single(diagnostics);
            Assert.Equal(id, diagnostic.Id);
            Assert.Equal(id == "WXM008" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Equal(expected, diagnostic.Location.SourceSpan);
            FileLinePositionSpan lines = diagnostic.Location.GetLineSpan();
            Assert.Equal(Path, lines.Path);
            Assert.Equal(SourceText.From(json).Lines.GetLinePositionSpan(expected), lines.Span);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.GetMessage()));
        }

        [Theory]
        [MemberData(nameof(Valid))]
        public async Task A_menu_on_the_boundary_of_each_rule_reports_nothing(string id, string json)
        {
            Assert.StartsWith("WXM", id);
            Assert.Empty(await AnalyzeAsync(new InMemoryAdditionalText(Path, json)));
        }

        [Fact]
        public async Task A_long_name_is_located_by_its_zero_based_line_and_column()
        {
            const string json = "{\"button\":[\n  {\"type\":\"click\",\"name\":\"今日歌曲推荐\",\"key\":\"1\"}]}";

            Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(new InMemoryAdditionalText(Path, json)));

            Assert.Equal("WXM003", diagnostic.Id);
            Assert.Equal(new LinePositionSpan(new LinePosition(1, 25), new LinePosition(1, 33)), diagnostic.Location.GetLineSpan().Span);
            Assert.Equal("Button name '今日歌曲推荐' is 18 UTF-8 bytes; a top-level name allows 16", diagnostic.GetMessage());
        }

        [Fact]
        public async Task A_file_that_is_not_a_menu_object_is_reported_on_its_root_value()
        {
            Diagnostic diagnostic = Assert.Single(await AnalyzeAsync(new InMemoryAdditionalText(Path, "[1, 2]")));

            Assert.Equal("WXM015", diagnostic.Id);
            Assert.Equal(new TextSpan(0, 6), diagnostic.Location.SourceSpan);
        }

        [Fact]
        public async Task Every_violation_of_a_file_is_reported()
        {
            const string json = """
                {"button":[
                  {"type":"click","name":"a"},
                  {"type":"view","name":"b"},
                  {"type":"media_id","name":"c"},
                  {"type":"click","name":"d","key":"1"}]}
                """;

            ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(new InMemoryAdditionalText(Path, json));

            Assert.Equal(new[] { "WXM001", "WXM004", "WXM005", "WXM009" }, diagnostics.Select(d => d.Id).Order().ToArray());
        }

        [Fact]
        public async Task Files_not_named_menu_json_are_not_analysed()
        {
            Assert.Empty(await AnalyzeAsync(
                new InMemoryAdditionalText("/project/menu.json", "{\"button\":[]}"),
                new InMemoryAdditionalText("/project/small.wechat.json", "not json")));
        }

        [Fact]
        public void The_analyzer_supports_every_menu_id_of_the_catalog()
        {
            string[] ids = new MenuJsonAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToArray();

            Assert.Equal(Enumerable.Range(1, 15).Select(i => $"WXM{i:000}"), ids.Order());
            Assert.All(ids, id => Assert.Same(WeChatDiagnosticCatalog.Find(id), new MenuJsonAnalyzer().SupportedDiagnostics.Single(d => d.Id == id)));
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(params AdditionalText[] files)
        {
            CSharpCompilation compilation = CSharpCompilation.Create(
                "Consumer",
                new[] { CSharpSyntaxTree.ParseText("namespace Consumer { public static class Marker { } }") },
                new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            CompilationWithAnalyzers analyzed = compilation.WithAnalyzers(
                ImmutableArray.Create<DiagnosticAnalyzer>(new MenuJsonAnalyzer()),
                new AnalyzerOptions(ImmutableArray.Create(files)));
            return await analyzed.GetAnalyzerDiagnosticsAsync();
        }

        private static (string Text, TextSpan Span) Unmark(string marked)
        {
            int start = marked.IndexOf('⟦');
            int end = marked.IndexOf('⟧');
            Assert.True(start >= 0 && end > start, "a broken case marks its token with ⟦ ⟧");
            string text = marked.Remove(end, 1).Remove(start, 1);
            return (text, new TextSpan(start, end - start - 1));
        }
    }
}
